import type { Kysely } from 'kysely';
import type { Dialect } from '../../../platform/db/database.js';
import { types } from '../../../platform/db/migrate.js';

/**
 * Work groups and projects («Группы»): a group gathers its members, tasks, files, feed and chat.
 * `kind` is a plain group, a project (with dates) or a Scrum project; `visibility` decides who
 * finds it (open: everyone may join, closed: everyone sees it and asks to join, secret: members only).
 * A member row is an invitation or a join request until it is accepted (`status`).
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const t = types(dialect);
  const id = (c: any) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey());
  const portal = (c: any) => c.notNull().references('portal.id').onDelete('cascade');

  await db.schema
    .createTable('work_group')
    .addColumn('id', t.id, id)
    .addColumn('portal_id', 'integer', portal)
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('avatar_file_id', 'integer', (c) => c.references('file.id').onDelete('set null'))
    .addColumn('kind', 'varchar(10)', (c) => c.notNull().defaultTo('group'))
    .addColumn('visibility', 'varchar(10)', (c) => c.notNull().defaultTo('open'))
    .addColumn('owner_id', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('date_start', 'varchar(10)')
    .addColumn('date_end', 'varchar(10)')
    .addColumn('archived', t.flag, (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('work_group_portal_name').on('work_group').columns(['portal_id', 'name']).execute();

  await db.schema
    .createTable('work_group_member')
    .addColumn('portal_id', 'integer', portal)
    .addColumn('group_id', 'integer', (c) => c.notNull().references('work_group.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('role', 'varchar(10)', (c) => c.notNull().defaultTo('member'))
    .addColumn('status', 'varchar(10)', (c) => c.notNull().defaultTo('member'))
    .addColumn('invited_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('message', 'varchar(1000)')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('work_group_member_pk', ['group_id', 'user_id'])
    .execute();
  await db.schema.createIndex('work_group_member_user').on('work_group_member').columns(['portal_id', 'user_id', 'status', 'group_id']).execute();
}
