import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Dialect } from '../database.js';
import { types } from '../migrate.js';

export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const t = types(dialect);
  const id = (c: any) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey());

  await db.schema
    .createTable('portal')
    .addColumn('id', t.id, id)
    .addColumn('name', 'varchar(63)', (c) => c.notNull().unique())
    .addColumn('title', 'varchar(255)', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('account')
    .addColumn('id', t.id, id)
    .addColumn('email', 'varchar(320)', (c) => c.unique())
    .addColumn('phone', 'varchar(32)', (c) => c.unique())
    .addColumn('password_hash', 'varchar(255)')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('department')
    .addColumn('id', t.id, id)
    .addColumn('portal_id', 'integer', (c) => c.notNull().references('portal.id').onDelete('cascade'))
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('parent_id', 'integer', (c) => c.references('department.id').onDelete('set null'))
    .addColumn('head_id', 'integer')
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('department_portal').on('department').columns(['portal_id']).execute();

  await db.schema
    .createTable('app_user')
    .addColumn('id', t.id, id)
    .addColumn('portal_id', 'integer', (c) => c.notNull().references('portal.id').onDelete('cascade'))
    .addColumn('account_id', 'integer', (c) => c.notNull().references('account.id'))
    .addColumn('first_name', 'varchar(100)', (c) => c.notNull())
    .addColumn('last_name', 'varchar(100)', (c) => c.notNull())
    .addColumn('middle_name', 'varchar(100)', (c) => c.notNull().defaultTo(''))
    .addColumn('position', 'varchar(255)', (c) => c.notNull().defaultTo(''))
    .addColumn('department_id', 'integer', (c) => c.references('department.id').onDelete('set null'))
    .addColumn('manager_id', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('photo_url', 'varchar(1024)')
    .addColumn('phones', t.json, (c) => c.notNull().defaultTo('[]'))
    .addColumn('emails', t.json, (c) => c.notNull().defaultTo('[]'))
    .addColumn('role', 'varchar(20)', (c) => c.notNull().defaultTo('employee'))
    .addColumn('status', 'varchar(20)', (c) => c.notNull().defaultTo('active'))
    .addColumn('language', 'varchar(5)', (c) => c.notNull().defaultTo('ru'))
    .addColumn('time_zone', 'varchar(64)', (c) => c.notNull().defaultTo('Europe/Moscow'))
    .addColumn('search_text', 'varchar(2000)', (c) => c.notNull().defaultTo(''))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addUniqueConstraint('app_user_portal_account', ['portal_id', 'account_id'])
    .execute();
  await db.schema.createIndex('app_user_department').on('app_user').columns(['portal_id', 'department_id']).execute();
  await db.schema.createIndex('app_user_account').on('app_user').columns(['account_id']).execute();

  await db.schema
    .createTable('session')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('account_id', 'integer', (c) => c.notNull().references('account.id').onDelete('cascade'))
    .addColumn('portal_id', 'integer', (c) => c.references('portal.id').onDelete('cascade'))
    .addColumn('csrf_token', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('last_seen_at', t.timestamp, (c) => c.notNull())
    .addColumn('expires_at', t.timestamp, (c) => c.notNull())
    .addColumn('ip', 'varchar(64)')
    .addColumn('user_agent', 'varchar(512)')
    .execute();
  await db.schema.createIndex('session_account').on('session').columns(['account_id']).execute();

  await db.schema
    .createTable('login_attempt')
    .addColumn('key', 'varchar(400)', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('locked_until', t.timestamp)
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('auth_token')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('account_id', 'integer', (c) => c.notNull().references('account.id').onDelete('cascade'))
    .addColumn('portal_id', 'integer', (c) => c.references('portal.id').onDelete('cascade'))
    .addColumn('expires_at', t.timestamp, (c) => c.notNull())
    .addColumn('used_at', t.timestamp)
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('oidc_provider')
    .addColumn('id', t.id, id)
    .addColumn('portal_id', 'integer', (c) => c.notNull().references('portal.id').onDelete('cascade'))
    .addColumn('label', 'varchar(100)', (c) => c.notNull())
    .addColumn('issuer', 'varchar(1024)', (c) => c.notNull())
    .addColumn('client_id', 'varchar(255)', (c) => c.notNull())
    .addColumn('client_secret', 'varchar(255)', (c) => c.notNull())
    .addColumn('enabled', t.flag, (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable('oidc_identity')
    .addColumn('id', t.id, id)
    .addColumn('provider_id', 'integer', (c) => c.notNull().references('oidc_provider.id').onDelete('cascade'))
    .addColumn('subject', 'varchar(255)', (c) => c.notNull())
    .addColumn('account_id', 'integer', (c) => c.notNull().references('account.id').onDelete('cascade'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addUniqueConstraint('oidc_identity_subject', ['provider_id', 'subject'])
    .execute();

  await db.schema
    .createTable('user_setting')
    .addColumn('portal_id', 'integer', (c) => c.notNull().references('portal.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('key', 'varchar(100)', (c) => c.notNull())
    .addColumn('value', t.json, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('user_setting_pk', ['user_id', 'key'])
    .execute();

  await db.schema
    .createTable('domain_event')
    .addColumn('id', t.bigId, id)
    .addColumn('portal_id', 'integer', (c) => c.notNull())
    .addColumn('type', 'varchar(100)', (c) => c.notNull())
    .addColumn('entity_type', 'varchar(100)', (c) => c.notNull())
    .addColumn('entity_id', 'varchar(100)', (c) => c.notNull())
    .addColumn('actor_id', 'integer')
    .addColumn('payload', t.json, (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('processor_cursor')
    .addColumn('name', 'varchar(100)', (c) => c.primaryKey())
    .addColumn('last_event_id', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('job')
    .addColumn('id', t.bigId, id)
    .addColumn('portal_id', 'integer')
    .addColumn('type', 'varchar(100)', (c) => c.notNull())
    .addColumn('payload', t.json, (c) => c.notNull())
    .addColumn('run_at', t.timestamp, (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', t.timestamp)
    .addColumn('last_error', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('job_due').on('job').columns(['status', 'run_at']).execute();

  await db.schema
    .createTable('history')
    .addColumn('id', t.bigId, id)
    .addColumn('portal_id', 'integer', (c) => c.notNull())
    .addColumn('entity_type', 'varchar(100)', (c) => c.notNull())
    .addColumn('entity_id', 'varchar(100)', (c) => c.notNull())
    .addColumn('event_id', 'bigint', (c) => c.notNull())
    .addColumn('actor_id', 'integer')
    .addColumn('action', 'varchar(100)', (c) => c.notNull())
    .addColumn('field', 'varchar(100)')
    .addColumn('old_value', 'text')
    .addColumn('new_value', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('history_entity').on('history').columns(['portal_id', 'entity_type', 'entity_id', 'id']).execute();

  await db.schema
    .createTable('notification')
    .addColumn('id', t.bigId, id)
    .addColumn('portal_id', 'integer', (c) => c.notNull().references('portal.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('kind', 'varchar(100)', (c) => c.notNull())
    .addColumn('title', 'varchar(500)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('url', 'varchar(1024)')
    .addColumn('read_at', t.timestamp)
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notification_user').on('notification').columns(['user_id', 'id']).execute();

  await db.schema
    .createTable('mail_outbox')
    .addColumn('id', t.bigId, id)
    .addColumn('portal_id', 'integer')
    .addColumn('to_address', 'varchar(320)', (c) => c.notNull())
    .addColumn('subject', 'varchar(500)', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  void sql;
}
