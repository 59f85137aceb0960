import type { DeleteQueryBuilder, DeleteResult, Insertable, InsertQueryBuilder, InsertResult, SelectQueryBuilder, UpdateQueryBuilder, UpdateResult } from 'kysely';
import type { Ctx } from '../context.js';
import { errors } from '../errors.js';
import type { Database } from './schema.js';

/** Portal tables whose rows carry a version for optimistic concurrency. */
export type VersionedTable = {
  [K in PortalTable]: Database[K] extends { version: number; id: unknown } ? K : never;
}[PortalTable];

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
    /**
     * Updates a row only if it still has the version the user saw, and bumps it; otherwise
     * 409: someone saved it meanwhile (or it is gone).
     */
    async updateVersioned<T extends VersionedTable>(table: T, id: number, expectedVersion: number, set: Record<string, unknown>): Promise<void> {
      const r = await db
        .updateTable(table)
        .set({ ...set, version: expectedVersion + 1 })
        .where(`${table}.portal_id`, '=', portalId)
        .where('id', '=', id)
        .where('version', '=', expectedVersion)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw errors.conflict();
    },
    insertInto<T extends PortalTable>(table: T, values: Omit<Insertable<Database[T]>, 'portal_id'> | Omit<Insertable<Database[T]>, 'portal_id'>[]): InsertQueryBuilder<Database, T, InsertResult> {
      const rows = (Array.isArray(values) ? values : [values]).map((v) => ({ ...v, portal_id: portalId }));
      return db.insertInto(table).values(rows);
    },
  };
}
