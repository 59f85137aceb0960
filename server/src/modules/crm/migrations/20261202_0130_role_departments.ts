import type { Kysely } from 'kysely';
import type { Dialect } from '../../../platform/db/database.js';

/**
 * CRM roles given to a department, as Bitrix24 gives them: to its members (`members`), to its
 * members and those of every department below it (`tree`), or to its head (`head`).
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('crm_role_department')
    .addColumn('portal_id', 'integer', (c) => c.notNull().references('portal.id').onDelete('cascade'))
    .addColumn('role_id', 'integer', (c) => c.notNull().references('crm_role.id').onDelete('cascade'))
    .addColumn('department_id', 'integer', (c) => c.notNull().references('department.id').onDelete('cascade'))
    .addColumn('who', 'varchar(10)', (c) => c.notNull()) // members | tree | head
    .addPrimaryKeyConstraint('crm_role_department_pk', ['role_id', 'department_id', 'who'])
    .execute();
  await db.schema.createIndex('crm_role_department_department').on('crm_role_department').columns(['portal_id', 'department_id']).execute();
}
