import type { DeleteQueryBuilder, DeleteResult, Insertable, InsertQueryBuilder, InsertResult, SelectQueryBuilder, UpdateQueryBuilder, UpdateResult } from 'kysely';
import type { Ctx } from '../context.js';
import type { Database } from './schema.js';

/** Tables whose rows belong to a portal. */
export type PortalTable = {
  [K in keyof Database]: Database[K] extends { portal_id: number } ? K : never;
}[keyof Database];

/**
 * The one way repositories reach portal data: every query is narrowed to the request's
 * portal, so a repository cannot forget the portal and no portal sees another's rows.
 */
export function scoped(ctx: Pick<Ctx, 'db' | 'portal'>) {
  const portalId = ctx.portal.id;
  const db = ctx.db as any;
  return {
    portalId,
    selectFrom<T extends PortalTable>(table: T): SelectQueryBuilder<Database, T, {}> {
      return db.selectFrom(table).where(`${table}.portal_id`, '=', portalId);
    },
    updateTable<T extends PortalTable>(table: T): UpdateQueryBuilder<Database, T, T, UpdateResult> {
      return db.updateTable(table).where(`${table}.portal_id`, '=', portalId);
    },
    deleteFrom<T extends PortalTable>(table: T): DeleteQueryBuilder<Database, T, DeleteResult> {
      return db.deleteFrom(table).where(`${table}.portal_id`, '=', portalId);
    },
    insertInto<T extends PortalTable>(
      table: T,
      values: Omit<Insertable<Database[T]>, 'portal_id'> | Omit<Insertable<Database[T]>, 'portal_id'>[],
    ): InsertQueryBuilder<Database, T, InsertResult> {
      const rows = (Array.isArray(values) ? values : [values]).map((v) => ({ ...v, portal_id: portalId }));
      return db.insertInto(table).values(rows);
    },
  };
}
