import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../../../platform/db/database.js';
import { types } from '../../../platform/db/migrate.js';

/**
 * Product rows of deals and of leads in one table: a row belongs to a deal (`deal_id`) or to a
 * lead (`lead_id`), each a foreign key that takes the row with its item. A row's discount is a
 * percent of the row or a sum off each unit (`discount_type`). The deal's and the lead's
 * `amount_manual`: the amount was set by hand and no longer follows the rows. The deals' rows
 * move over from `crm_deal_product`, in their order.
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const t = types(dialect);
  const key = (c: any) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey());
  await db.schema
    .createTable('crm_product_row')
    .addColumn('id', t.id, key)
    .addColumn('portal_id', 'integer', (c) => c.notNull().references('portal.id').onDelete('cascade'))
    .addColumn('deal_id', 'integer', (c) => c.references('crm_deal.id').onDelete('cascade'))
    .addColumn('lead_id', 'integer', (c) => c.references('crm_lead.id').onDelete('cascade'))
    .addColumn('product_id', 'integer')
    .addColumn('name', 'varchar(500)', (c) => c.notNull())
    .addColumn('price', 'bigint', (c) => c.notNull()) // per unit, minor units
    .addColumn('quantity', 'real', (c) => c.notNull().defaultTo(1))
    .addColumn('unit', 'varchar(20)', (c) => c.notNull().defaultTo('шт'))
    .addColumn('discount_type', 'varchar(10)', (c) => c.notNull().defaultTo('percent'))
    .addColumn('discount_percent', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('discount_sum', 'bigint', (c) => c.notNull().defaultTo(0)) // off one unit, minor units
    .addColumn('tax_percent', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('tax_included', t.flag, (c) => c.notNull().defaultTo(1))
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addCheckConstraint('crm_product_row_owner', sql`(deal_id is null) <> (lead_id is null)`)
    .execute();
  await db.schema.createIndex('crm_product_row_deal').on('crm_product_row').columns(['deal_id']).execute();
  await db.schema.createIndex('crm_product_row_lead').on('crm_product_row').columns(['lead_id']).execute();
  await sql`insert into crm_product_row (portal_id, deal_id, product_id, name, price, quantity, unit, discount_percent, tax_percent, tax_included, sort)
    select portal_id, deal_id, product_id, name, price, quantity, unit, discount_percent, tax_percent, tax_included, sort from crm_deal_product order by id`.execute(db);
  await db.schema.dropTable('crm_deal_product').execute();

  await db.schema
    .alterTable('crm_deal')
    .addColumn('amount_manual', t.flag, (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('crm_lead')
    .addColumn('amount_manual', t.flag, (c) => c.notNull().defaultTo(0))
    .execute();
}
