import type { Kysely } from 'kysely';
import type { Dialect } from '../../../platform/db/database.js';
import { types } from '../../../platform/db/migrate.js';

/**
 * CRM: pipelines and stages, companies, contacts, deals, leads, custom fields, card layouts,
 * timeline comments, CRM roles, per-stage totals for the Kanban, imports.
 * Money is kept in minor units (kopecks) as integers on both databases.
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const t = types(dialect);
  const id = (c: any) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey());
  const portal = (c: any) => c.notNull().references('portal.id').onDelete('cascade');
  const user = (c: any) => c.references('app_user.id').onDelete('set null');
  const money = 'bigint';

  await db.schema
    .createTable('crm_pipeline')
    .addColumn('id', t.id, id)
    .addColumn('portal_id', 'integer', portal)
    .addColumn('entity_type', 'varchar(20)', (c) => c.notNull()) // deal
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('code', 'varchar(50)') // stable name for robots and demo data, e.g. 'sales', 'calls'
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_default', t.flag, (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('crm_stage')
    .addColumn('id', t.id, id)
    .addColumn('portal_id', 'integer', portal)
    .addColumn('entity_type', 'varchar(20)', (c) => c.notNull()) // deal | lead
    .addColumn('pipeline_id', 'integer', (c) => c.references('crm_pipeline.id').onDelete('cascade'))
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('code', 'varchar(50)')
    .addColumn('color', 'varchar(20)', (c) => c.notNull().defaultTo('#39a8ef'))
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('kind', 'varchar(20)', (c) => c.notNull()) // progress | success | failure
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('crm_stage_pipeline').on('crm_stage').columns(['portal_id', 'entity_type', 'pipeline_id', 'sort']).execute();

  const clientColumns = (b: any) =>
    b
      .addColumn('phones', t.json, (c: any) => c.notNull().defaultTo('[]'))
      .addColumn('emails', t.json, (c: any) => c.notNull().defaultTo('[]'))
      .addColumn('websites', t.json, (c: any) => c.notNull().defaultTo('[]'))
      .addColumn('messengers', t.json, (c: any) => c.notNull().defaultTo('[]'))
      .addColumn('responsible_id', 'integer', user)
      .addColumn('source', 'varchar(100)')
      .addColumn('utm_source', 'varchar(255)')
      .addColumn('utm_medium', 'varchar(255)')
      .addColumn('utm_campaign', 'varchar(255)')
      .addColumn('utm_content', 'varchar(255)')
      .addColumn('utm_term', 'varchar(255)')
      .addColumn('first_touch_at', t.timestamp)
      .addColumn('comments', 'text', (c: any) => c.notNull().defaultTo(''))
      .addColumn('custom', t.json, (c: any) => c.notNull().defaultTo('{}'))
      .addColumn('search_text', 'varchar(4000)', (c: any) => c.notNull().defaultTo(''))
      .addColumn('created_by', 'integer', user)
      .addColumn('created_at', t.timestamp, (c: any) => c.notNull())
      .addColumn('updated_at', t.timestamp, (c: any) => c.notNull())
      .addColumn('version', 'integer', (c: any) => c.notNull().defaultTo(1));

  await clientColumns(
    db.schema
      .createTable('crm_company')
      .addColumn('id', t.id, id)
      .addColumn('portal_id', 'integer', portal)
      .addColumn('title', 'varchar(500)', (c) => c.notNull())
      .addColumn('industry', 'varchar(100)') // «Вид деятельности»
      .addColumn('revenue', money) // «Выручка», minor units
      .addColumn('revenue_currency', 'varchar(3)', (c) => c.notNull().defaultTo('RUB'))
      .addColumn('address', 'varchar(1000)', (c) => c.notNull().defaultTo(''))
      .addColumn('inn', 'varchar(12)')
      .addColumn('kpp', 'varchar(9)')
      .addColumn('ogrn', 'varchar(15)'),
  ).execute();
  await db.schema.createIndex('crm_company_list').on('crm_company').columns(['portal_id', 'id']).execute();
  await db.schema.createIndex('crm_company_responsible').on('crm_company').columns(['portal_id', 'responsible_id', 'id']).execute();
  await db.schema.createIndex('crm_company_inn').on('crm_company').columns(['portal_id', 'inn']).execute();

  await clientColumns(
    db.schema
      .createTable('crm_contact')
      .addColumn('id', t.id, id)
      .addColumn('portal_id', 'integer', portal)
      .addColumn('last_name', 'varchar(100)', (c) => c.notNull().defaultTo(''))
      .addColumn('first_name', 'varchar(100)', (c) => c.notNull().defaultTo(''))
      .addColumn('middle_name', 'varchar(100)', (c) => c.notNull().defaultTo(''))
      .addColumn('position', 'varchar(255)', (c) => c.notNull().defaultTo(''))
      .addColumn('photo_url', 'varchar(1024)')
      .addColumn('birthday', 'varchar(10)'),
  ).execute();
  await db.schema.createIndex('crm_contact_list').on('crm_contact').columns(['portal_id', 'id']).execute();
  await db.schema.createIndex('crm_contact_responsible').on('crm_contact').columns(['portal_id', 'responsible_id', 'id']).execute();

  await db.schema
    .createTable('crm_contact_company')
    .addColumn('portal_id', 'integer', portal)
    .addColumn('contact_id', 'integer', (c) => c.notNull().references('crm_contact.id').onDelete('cascade'))
    .addColumn('company_id', 'integer', (c) => c.notNull().references('crm_company.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('crm_contact_company_pk', ['contact_id', 'company_id'])
    .execute();
  await db.schema.createIndex('crm_contact_company_company').on('crm_contact_company').columns(['company_id']).execute();

  await clientColumns(
    db.schema
      .createTable('crm_deal')
      .addColumn('id', t.id, id)
      .addColumn('portal_id', 'integer', portal)
      .addColumn('title', 'varchar(500)', (c) => c.notNull())
      .addColumn('pipeline_id', 'integer', (c) => c.notNull().references('crm_pipeline.id'))
      .addColumn('stage_id', 'integer', (c) => c.notNull().references('crm_stage.id'))
      .addColumn('stage_kind', 'varchar(20)', (c) => c.notNull().defaultTo('progress'))
      .addColumn('amount', money, (c) => c.notNull().defaultTo(0))
      .addColumn('currency', 'varchar(3)', (c) => c.notNull().defaultTo('RUB'))
      .addColumn('company_id', 'integer', (c) => c.references('crm_company.id').onDelete('set null'))
      .addColumn('begin_date', 'varchar(10)')
      .addColumn('close_date', 'varchar(10)')
      .addColumn('lead_id', 'integer')
      .addColumn('stage_changed_at', t.timestamp),
  ).execute();
  await db.schema.createIndex('crm_deal_kanban').on('crm_deal').columns(['portal_id', 'pipeline_id', 'stage_id', 'id']).execute();
  await db.schema.createIndex('crm_deal_responsible').on('crm_deal').columns(['portal_id', 'responsible_id', 'stage_id', 'id']).execute();
  await db.schema.createIndex('crm_deal_company').on('crm_deal').columns(['portal_id', 'company_id']).execute();
  await db.schema.createIndex('crm_deal_close').on('crm_deal').columns(['portal_id', 'pipeline_id', 'close_date']).execute();

  await db.schema
    .createTable('crm_deal_contact')
    .addColumn('portal_id', 'integer', portal)
    .addColumn('deal_id', 'integer', (c) => c.notNull().references('crm_deal.id').onDelete('cascade'))
    .addColumn('contact_id', 'integer', (c) => c.notNull().references('crm_contact.id').onDelete('cascade'))
    .addColumn('is_primary', t.flag, (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('crm_deal_contact_pk', ['deal_id', 'contact_id'])
    .execute();
  await db.schema.createIndex('crm_deal_contact_contact').on('crm_deal_contact').columns(['contact_id']).execute();

  await db.schema
    .createTable('crm_deal_observer')
    .addColumn('portal_id', 'integer', portal)
    .addColumn('deal_id', 'integer', (c) => c.notNull().references('crm_deal.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('crm_deal_observer_pk', ['deal_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('crm_deal_product')
    .addColumn('id', t.id, id)
    .addColumn('portal_id', 'integer', portal)
    .addColumn('deal_id', 'integer', (c) => c.notNull().references('crm_deal.id').onDelete('cascade'))
    .addColumn('product_id', 'integer')
    .addColumn('name', 'varchar(500)', (c) => c.notNull())
    .addColumn('price', money, (c) => c.notNull()) // per unit, minor units
    .addColumn('quantity', 'real', (c) => c.notNull().defaultTo(1))
    .addColumn('unit', 'varchar(20)', (c) => c.notNull().defaultTo('шт'))
    .addColumn('discount_percent', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('tax_percent', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('tax_included', t.flag, (c) => c.notNull().defaultTo(1))
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('crm_deal_product_deal').on('crm_deal_product').columns(['deal_id']).execute();

  // Kanban column totals per stage and responsible, kept in the deal's write transaction,
  // so a column's count and sum never scan the deals.
  await db.schema
    .createTable('crm_deal_totals')
    .addColumn('portal_id', 'integer', portal)
    .addColumn('stage_id', 'integer', (c) => c.notNull().references('crm_stage.id').onDelete('cascade'))
    .addColumn('responsible_id', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('deal_count', 'bigint', (c) => c.notNull())
    .addColumn('amount_sum', 'bigint', (c) => c.notNull()) // in the portal's base currency, minor units
    .addPrimaryKeyConstraint('crm_deal_totals_pk', ['stage_id', 'responsible_id'])
    .execute();

  await clientColumns(
    db.schema
      .createTable('crm_lead')
      .addColumn('id', t.id, id)
      .addColumn('portal_id', 'integer', portal)
      .addColumn('title', 'varchar(500)', (c) => c.notNull())
      .addColumn('status_id', 'integer', (c) => c.notNull().references('crm_stage.id'))
      .addColumn('status_kind', 'varchar(20)', (c) => c.notNull().defaultTo('progress'))
      .addColumn('last_name', 'varchar(100)', (c) => c.notNull().defaultTo(''))
      .addColumn('first_name', 'varchar(100)', (c) => c.notNull().defaultTo(''))
      .addColumn('middle_name', 'varchar(100)', (c) => c.notNull().defaultTo(''))
      .addColumn('position', 'varchar(255)', (c) => c.notNull().defaultTo(''))
      .addColumn('company_title', 'varchar(500)', (c) => c.notNull().defaultTo(''))
      .addColumn('amount', money, (c) => c.notNull().defaultTo(0))
      .addColumn('currency', 'varchar(3)', (c) => c.notNull().defaultTo('RUB'))
      .addColumn('converted_at', t.timestamp)
      .addColumn('contact_id', 'integer', (c) => c.references('crm_contact.id').onDelete('set null'))
      .addColumn('company_id', 'integer', (c) => c.references('crm_company.id').onDelete('set null'))
      .addColumn('deal_id', 'integer', (c) => c.references('crm_deal.id').onDelete('set null')),
  ).execute();
  await db.schema.createIndex('crm_lead_list').on('crm_lead').columns(['portal_id', 'status_id', 'id']).execute();

  await db.schema
    .createTable('crm_field')
    .addColumn('id', t.id, id)
    .addColumn('portal_id', 'integer', portal)
    .addColumn('entity_type', 'varchar(20)', (c) => c.notNull())
    .addColumn('code', 'varchar(64)', (c) => c.notNull()) // key in the item's `custom`, e.g. uf_qualify
    .addColumn('label', 'varchar(255)', (c) => c.notNull())
    .addColumn('type', 'varchar(20)', (c) => c.notNull()) // string text number money date datetime list boolean employee crm file url
    .addColumn('multiple', t.flag, (c) => c.notNull().defaultTo(0))
    .addColumn('required', t.flag, (c) => c.notNull().defaultTo(0))
    .addColumn('options', t.json, (c) => c.notNull().defaultTo('[]')) // list items [{id,label}]
    .addColumn('settings', t.json, (c) => c.notNull().defaultTo('{}'))
    .addColumn('read_roles', t.json, (c) => c.notNull().defaultTo('[]')) // empty: everyone
    .addColumn('edit_roles', t.json, (c) => c.notNull().defaultTo('[]'))
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addUniqueConstraint('crm_field_code', ['portal_id', 'entity_type', 'code'])
    .execute();

  // The card: blocks of fields, per item type and, for deals, per pipeline (0: every pipeline).
  await db.schema
    .createTable('crm_layout')
    .addColumn('portal_id', 'integer', portal)
    .addColumn('entity_type', 'varchar(20)', (c) => c.notNull())
    .addColumn('pipeline_id', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('layout', t.json, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('crm_layout_pk', ['portal_id', 'entity_type', 'pipeline_id'])
    .execute();

  await db.schema
    .createTable('crm_comment')
    .addColumn('id', t.id, id)
    .addColumn('portal_id', 'integer', portal)
    .addColumn('entity_type', 'varchar(20)', (c) => c.notNull())
    .addColumn('entity_id', 'integer', (c) => c.notNull())
    .addColumn('author_id', 'integer', user)
    .addColumn('html', 'text', (c) => c.notNull())
    .addColumn('files', t.json, (c) => c.notNull().defaultTo('[]'))
    .addColumn('mentions', t.json, (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('crm_comment_entity').on('crm_comment').columns(['portal_id', 'entity_type', 'entity_id', 'id']).execute();

  await db.schema
    .createTable('crm_role')
    .addColumn('id', t.id, id)
    .addColumn('portal_id', 'integer', portal)
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('permissions', t.json, (c) => c.notNull()) // {deal:{read:'all',add:'all',...},...}
    .addColumn('is_default', t.flag, (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable('crm_role_user')
    .addColumn('portal_id', 'integer', portal)
    .addColumn('role_id', 'integer', (c) => c.notNull().references('crm_role.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('crm_role_user_pk', ['role_id', 'user_id'])
    .execute();
  await db.schema.createIndex('crm_role_user_user').on('crm_role_user').columns(['user_id']).execute();

  await db.schema
    .createTable('crm_import')
    .addColumn('id', t.id, id)
    .addColumn('portal_id', 'integer', portal)
    .addColumn('entity_type', 'varchar(20)', (c) => c.notNull())
    .addColumn('user_id', 'integer', user)
    .addColumn('file_path', 'varchar(1024)', (c) => c.notNull())
    .addColumn('file_name', 'varchar(500)', (c) => c.notNull())
    .addColumn('format', 'varchar(10)', (c) => c.notNull()) // csv | xlsx
    .addColumn('mapping', t.json, (c) => c.notNull())
    .addColumn('duplicate_policy', 'varchar(10)', (c) => c.notNull()) // skip | update | create
    .addColumn('status', 'varchar(20)', (c) => c.notNull()) // pending | running | done | failed
    .addColumn('total_rows', 'integer')
    .addColumn('processed_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('skipped_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('errors', t.json, (c) => c.notNull().defaultTo('[]')) // [{row, field, message}]
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
}
