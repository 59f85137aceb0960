import type { EntityType, TrashEntry, TrashPage, TrashQuery, TrashRestore } from '@vavilon/contracts';
import { transaction, type Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import { errors } from '../../../platform/errors.js';
import { userRefs } from '../../users/api.js';
import { actorId } from '../clients/common.js';
import { allowed, ENTITY_TYPES, rightsOf } from '../rights.js';
import { restoreItems, type TrashSnapshot } from './api.js';
import { dropEntries, KEEP_DAYS } from './purge.js';

const DAY = 24 * 60 * 60 * 1000;
/** Restoring several kinds at once: the clients first, so a deal or lead finds them to bind to again. */
const RESTORE_ORDER: EntityType[] = ['company', 'contact', 'deal', 'lead'];

/** The entries the actor sees: a CRM administrator all of them, anyone else what they deleted. */
async function visible(ctx: Ctx) {
  const me = actorId(ctx);
  const { isAdmin } = await rightsOf(ctx);
  const q = scoped(ctx).selectFrom('crm_trash');
  return { isAdmin, q: isAdmin ? q : q.where('deleted_by', '=', me) };
}

/** «Корзина»: a page of deleted items, newest first, with who deleted them and when they go for good. */
export async function listTrash(ctx: Ctx, query: TrashQuery): Promise<TrashPage> {
  const { isAdmin, q } = await visible(ctx);
  const counted = await q
    .select(['entity_type', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('entity_type')
    .execute();
  const counts = Object.fromEntries(ENTITY_TYPES.map((t) => [t, 0])) as Record<EntityType, number>;
  for (const c of counted) counts[c.entity_type as EntityType] = Number(c.n);
  let page = q.select(['id', 'entity_type', 'entity_id', 'title', 'reason', 'merged_into', 'deleted_by', 'deleted_at', 'snapshot']);
  if (query.type) page = page.where('entity_type', '=', query.type);
  const rows = await page
    .orderBy('deleted_at', 'desc')
    .orderBy('id', 'desc')
    .limit(query.pageSize + 1)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  const shown = rows.slice(0, query.pageSize);
  const users = await userRefs(
    ctx,
    shown.map((r) => r.deleted_by),
  );
  const items: TrashEntry[] = [];
  for (const r of shown) {
    const type = r.entity_type as EntityType;
    const row = (JSON.parse(r.snapshot) as TrashSnapshot).row as { responsible_id: number | null; pipeline_id?: number };
    const who = r.deleted_by === null ? undefined : users.get(r.deleted_by);
    items.push({
      id: r.id,
      type,
      itemId: r.entity_id,
      title: r.title,
      reason: r.reason,
      mergedInto: r.merged_into,
      deletedBy: who ? { id: who.id, name: who.fullName } : null,
      deletedAt: r.deleted_at,
      purgeAt: new Date(new Date(r.deleted_at).getTime() + KEEP_DAYS * DAY).toISOString(),
      canRestore: isAdmin || (await allowed(ctx, type, 'add', row.responsible_id, type === 'deal' ? row.pipeline_id : undefined)),
    });
  }
  return { items, page: query.page, pageSize: query.pageSize, hasMore: rows.length > query.pageSize, counts, canEmpty: isAdmin };
}

/** «Восстановить» of the page (one or the selected rows) and «Отменить» after a delete: all of them or none. */
export async function restoreTrash(ctx: Ctx, input: TrashRestore): Promise<{ restored: number }> {
  let restored = 0;
  await transaction(ctx, async (tx) => {
    for (const type of RESTORE_ORDER) {
      const ids = [...new Set(input.items.filter((i) => i.type === type).map((i) => i.id))];
      if (!ids.length) continue;
      await restoreItems(tx, type, ids);
      restored += ids.length;
    }
  });
  return { restored };
}

async function requireCrmAdmin(ctx: Ctx): Promise<void> {
  actorId(ctx);
  if (!(await rightsOf(ctx)).isAdmin) throw errors.forbidden();
}

/** «Очистить корзину»: everything in it goes for good (CRM administrators). */
export async function emptyTrash(ctx: Ctx): Promise<{ removed: number }> {
  await requireCrmAdmin(ctx);
  return { removed: await transaction(ctx, (tx) => dropEntries(tx)) };
}

/** Removes one entry for good (CRM administrators); 404 for one not in this portal's trash. */
export async function removeTrashEntry(ctx: Ctx, entryId: number): Promise<void> {
  await requireCrmAdmin(ctx);
  if (!(await transaction(ctx, (tx) => dropEntries(tx, { entryId })))) throw errors.notFound();
}
