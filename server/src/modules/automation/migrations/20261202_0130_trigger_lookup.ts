import type { Kysely } from 'kysely';

/** Triggers are looked up by type for every event they hear (and a webhook's by its token among its portal's): an index on the type. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('automation_rule_type').on('automation_rule').columns(['portal_id', 'kind', 'type']).execute();
}
