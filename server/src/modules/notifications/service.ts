import { notificationsEvents } from '@vavilon/contracts';
import type { Notification } from '@vavilon/contracts';
import { transaction, type Ctx } from '../../platform/context.js';
import { scoped } from '../../platform/db/scoped.js';
import { nowIso } from '../../platform/db/database.js';
import type { NotificationTable } from '../../platform/db/schema.js';
import type { Selectable } from 'kysely';
import { errors } from '../../platform/errors.js';
import { recordEvent } from '../../platform/events/outbox.js';

export interface NewNotification {
  userId: number;
  kind: string;
  title: string;
  body: string;
  url?: string | null;
  /**
   * Its group (e.g. `reactions:comment:12`): while the user has an unread notification of the same
   * group, this one takes its place (a new id, at the top) instead of adding another.
   */
  groupKey?: string;
  /** With `groupKey`: only an unread one of the group written within this many milliseconds is replaced. */
  groupWithinMs?: number;
}

export function toNotification(r: Selectable<NotificationTable>): Notification {
  return { id: Number(r.id), kind: r.kind, title: r.title, body: r.body, url: r.url, read: !!r.read_at, createdAt: r.created_at };
}

/**
 * Adds a notification in the caller's transaction; the realtime processor pushes it to the bell.
 * With `groupKey`, the user's unread notifications of that group (within `groupWithinMs`) give
 * way to it: the push names the one replaced, and the unread count stays the same.
 */
export async function notify(ctx: Ctx, n: NewNotification): Promise<number> {
  const now = nowIso();
  let replaces: number | undefined;
  if (n.groupKey) {
    let q = scoped(ctx).selectFrom('notification').select('id').where('user_id', '=', n.userId).where('group_key', '=', n.groupKey).where('read_at', 'is', null);
    if (n.groupWithinMs !== undefined) q = q.where('created_at', '>=', new Date(Date.now() - n.groupWithinMs).toISOString());
    const old = (await q.orderBy('id', 'desc').execute()).map((r) => Number(r.id));
    if (old.length) {
      await scoped(ctx).deleteFrom('notification').where('id', 'in', old).execute();
      replaces = old[0];
    }
  }
  const row = await scoped(ctx)
    .insertInto('notification', { user_id: n.userId, kind: n.kind, title: n.title, body: n.body, url: n.url ?? null, read_at: null, created_at: now, group_key: n.groupKey ?? null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordEvent(ctx, notificationsEvents.notificationCreated, {
    entityType: 'notification',
    entityId: row.id,
    payload: replaces === undefined ? { userId: n.userId } : { userId: n.userId, replaces },
  });
  return Number(row.id);
}

export async function unreadCount(ctx: Ctx, userId: number): Promise<number> {
  const r = await scoped(ctx)
    .selectFrom('notification')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function list(ctx: Ctx, cursor: number | undefined, limit: number) {
  const userId = ctx.actor!.userId;
  let q = scoped(ctx)
    .selectFrom('notification')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (cursor) q = q.where('id', '<', cursor);
  const rows = await q.execute();
  const items = rows.slice(0, limit).map(toNotification);
  return { items, unread: await unreadCount(ctx, userId), nextCursor: rows.length > limit ? items[items.length - 1]!.id : null };
}

export async function markRead(ctx: Ctx, id: number | 'all'): Promise<number> {
  const userId = ctx.actor!.userId;
  return transaction(ctx, async (tx) => {
    let q = scoped(tx).updateTable('notification').set({ read_at: nowIso() }).where('user_id', '=', userId).where('read_at', 'is', null);
    if (id !== 'all') {
      const exists = await scoped(tx).selectFrom('notification').select('id').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
      if (!exists) throw errors.notFound();
      q = q.where('id', '=', id);
    }
    const r = await q.executeTakeFirst();
    if (Number(r.numUpdatedRows)) {
      await recordEvent(tx, notificationsEvents.notificationRead, { entityType: 'notification', entityId: id, payload: { userId } });
    }
    return unreadCount(tx, userId);
  });
}
