import type { ActivityCounters, ActivityList, ActivityListQuery } from '@vavilon/contracts';
import { type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import type { Database } from '../../platform/db/schema.js';
import { scoped } from '../../platform/db/scoped.js';
import { errors } from '../../platform/errors.js';
import { timeZoneOf } from '../users/api.js';
import { addDays, atTime, dayOf, weekdayOf } from '../tasks/api.js';
import { checkAccess } from '../../platform/access.js';
import { readableActivities, readableOwners } from './access.js';
import { toActivities } from './service.js';
import { matchingItems } from '../search/api.js';

/** Where the actor's today and this week (Monday to Sunday) start and end in their time zone, with now. */
export async function bounds(ctx: Ctx, now = new Date()): Promise<{ now: string; dayStart: string; dayEnd: string; weekStart: string; weekEnd: string }> {
  const tz = await timeZoneOf(ctx, ctx.actor?.userId ?? null);
  const today = dayOf(now.getTime(), tz);
  const monday = addDays(today, -weekdayOf(today));
  return {
    now: now.toISOString(),
    dayStart: atTime(today, 0, 0, tz).toISOString(),
    dayEnd: atTime(addDays(today, 1), 0, 0, tz).toISOString(),
    weekStart: atTime(monday, 0, 0, tz).toISOString(),
    weekEnd: atTime(addDays(monday, 7), 0, 0, tz).toISOString(),
  };
}

type Q = SelectQueryBuilder<Database, 'crm_activity', {}>;
type Eb = ExpressionBuilder<Database, 'crm_activity'>;

/**
 * The keyset of the list: `d|<deadline>|<id>` within the dated activities, then `n|<id>` among the
 * ones without a deadline, which come after them in either direction.
 */
type Cursor = { dated: true; deadline: string; id: number } | { dated: false; id: number };

function parseCursor(raw: string | undefined): Cursor | null {
  if (!raw) return null;
  const [kind, a, b] = raw.split('|');
  const id = Number(kind === 'd' ? b : a);
  if (!Number.isInteger(id) || id < 0) throw errors.field('cursor', 'activities.cursor_invalid');
  if (kind === 'n') return { dated: false, id };
  if (kind === 'd' && a && !Number.isNaN(Date.parse(a))) return { dated: true, deadline: a, id };
  throw errors.field('cursor', 'activities.cursor_invalid');
}

const cursorOf = (r: { deadline: string | null; id: number }) => (r.deadline !== null ? `d|${r.deadline}|${r.id}` : `n|${r.id}`);

/** «Мои дела» and an item's activities: the filters of `q`, what the actor may read, by deadline then id. */
export async function listActivities(ctx: Ctx, q: ActivityListQuery): Promise<ActivityList> {
  if (!ctx.actor) throw errors.unauthenticated();
  const me = ctx.actor.userId;
  const b = await bounds(ctx);
  let rights: ((eb: Eb) => any) | null = null;
  let responsible: number | null = null;
  if (q.ownerType && q.ownerId !== undefined) {
    // One item's activities: everyone's when the actor reads the item, else only their own.
    const readable = (await checkAccess(ctx, 'read', q.ownerType, [q.ownerId])).has(q.ownerId);
    if (q.responsible === undefined) responsible = readable ? null : me;
    else if (q.responsible !== 'any') responsible = q.responsible;
    if (!readable) rights = await readableActivities(ctx);
  } else if (q.responsible === undefined) responsible = me;
  else if (q.responsible === 'any') rights = await readableActivities(ctx);
  else {
    responsible = q.responsible;
    if (responsible !== me) {
      const owners = await readableOwners(ctx);
      if (owners) rights = owners;
    }
  }
  const filtered = (query: Q): Q => {
    let out = query;
    if (responsible !== null) out = out.where('crm_activity.responsible_id', '=', responsible);
    if (rights) out = out.where(rights);
    switch (q.view) {
      case 'planned':
        out = out.where('crm_activity.completed', '=', 0);
        break;
      case 'done':
        out = out.where('crm_activity.completed', '=', 1);
        break;
      case 'today':
        out = out.where('crm_activity.completed', '=', 0).where('crm_activity.deadline', '>=', b.dayStart).where('crm_activity.deadline', '<', b.dayEnd);
        break;
      case 'overdue':
        out = out.where('crm_activity.completed', '=', 0).where('crm_activity.deadline', '<', b.now);
        break;
      case 'week':
        out = out.where('crm_activity.completed', '=', 0).where('crm_activity.deadline', '>=', b.weekStart).where('crm_activity.deadline', '<', b.weekEnd);
        break;
      case 'all':
        break;
    }
    if (q.type) out = out.where('crm_activity.type', '=', q.type);
    if (q.ownerType) out = out.where('crm_activity.owner_type', '=', q.ownerType);
    if (q.ownerId !== undefined) out = out.where('crm_activity.owner_id', '=', q.ownerId);
    if (q.from) out = out.where('crm_activity.deadline', '>=', new Date(q.from).toISOString());
    if (q.to) out = out.where('crm_activity.deadline', '<', new Date(q.to).toISOString());
    // The search box asks the portal search index: word forms, in any case, also in the description and result.
    if (q.q?.trim()) out = out.where('crm_activity.id', 'in', matchingItems(ctx, 'activities', q.q));
    return out;
  };
  const desc = q.view === 'done' || q.view === 'all';
  const dir = desc ? 'desc' : 'asc';
  const after = desc ? '<' : '>';
  const cursor = parseCursor(q.cursor);
  const withUndated = !q.from && !q.to && (q.view === 'planned' || q.view === 'done' || q.view === 'all');
  const base = () => filtered(scoped(ctx).selectFrom('crm_activity'));
  const want = q.limit + 1;
  const datedPage = () => {
    // After a cursor, a row-value comparison (which no null deadline passes): both databases read it
    // as one range of the index, which a second range on the deadline (`is not null`) would spoil on SQLite.
    const query = cursor?.dated
      ? base()
          .selectAll('crm_activity')
          .where((eb) => eb(eb.refTuple('crm_activity.deadline', 'crm_activity.id'), after, eb.tuple(cursor.deadline, cursor.id)))
      : base().selectAll('crm_activity').where('crm_activity.deadline', 'is not', null);
    return query.orderBy('crm_activity.deadline', dir).orderBy('crm_activity.id', dir).limit(want).execute();
  };
  // The page and the total are independent: on PostgreSQL they go to the database side by side.
  const counted = base()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const fetched = (async () => {
    let rows = !cursor || cursor.dated ? await datedPage() : [];
    if (rows.length < want && withUndated) {
      let query = base().selectAll('crm_activity').where('crm_activity.deadline', 'is', null);
      if (cursor && !cursor.dated) query = query.where('crm_activity.id', after, cursor.id);
      rows = rows.concat(
        await query
          .orderBy('crm_activity.id', dir)
          .limit(want - rows.length)
          .execute(),
      );
    }
    return rows;
  })();
  const [rows, total] = await Promise.all([fetched, counted]);
  const page = rows.slice(0, q.limit);
  return { items: await toActivities(ctx, page), next: rows.length > q.limit ? cursorOf(page.at(-1)!) : null, total: Number(total.n) };
}

/** The actor's own planned activities: overdue, due today (in their zone) and all of them. */
export async function activityCounters(ctx: Ctx): Promise<ActivityCounters> {
  if (!ctx.actor) return { overdue: 0, today: 0, planned: 0 };
  const b = await bounds(ctx);
  const mine = () => scoped(ctx).selectFrom('crm_activity').where('responsible_id', '=', ctx.actor!.userId).where('completed', '=', 0);
  const count = (query: Q) =>
    query
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n));
  const [overdue, today, planned] = await Promise.all([count(mine().where('deadline', '<', b.now)), count(mine().where('deadline', '>=', b.dayStart).where('deadline', '<', b.dayEnd)), count(mine())]);
  return { overdue, today, planned };
}

/** The menu's «Мои дела» counter: the actor's planned activities due by the end of today (the overdue among them). */
export async function menuCounter(ctx: Ctx): Promise<number | null> {
  if (!ctx.actor) return null;
  const b = await bounds(ctx);
  const r = await scoped(ctx)
    .selectFrom('crm_activity')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('responsible_id', '=', ctx.actor.userId)
    .where('completed', '=', 0)
    .where('deadline', '<', b.dayEnd)
    .executeTakeFirstOrThrow();
  return Number(r.n) || null;
}
