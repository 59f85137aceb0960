import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import type { ActivityType, ActivityView, EntityType, ItemActivityCounts } from '@vavilon/contracts';
import type { Ctx } from '../../platform/context.js';
import { scoped } from '../../platform/db/scoped.js';
import { nowIso } from '../../platform/db/database.js';
import { errors } from '../../platform/errors.js';
import type { Database } from '../../platform/db/schema.js';
import { bounds } from './list.js';
import type { ActivityRow } from './service.js';

/** Activity rows as the API gives them (owner titles to who may read them, the actor's abilities). */
export { toActivities } from './service.js';

/**
 * What other modules may ask of the activities (the CRM's Kanban cards and lists, the automation).
 * The caller has checked that the actor may read the items.
 */

/** Creates an activity as `ctx`'s actor (a robot: the portal itself, with `authorId` null), with the same checks and events as a person's. */
export { createActivity } from './service.js';

/** Per item of `ids`: its planned activities, how many are overdue and the nearest deadline; items without any are absent. */
export async function activityCountsOf(ctx: Ctx, ownerType: EntityType, ids: number[]): Promise<Map<number, ItemActivityCounts>> {
  const out = new Map<number, ItemActivityCounts>();
  if (ids.length === 0) return out;
  const now = nowIso();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await scoped(ctx)
      .selectFrom('crm_activity')
      .where('owner_type', '=', ownerType)
      .where('owner_id', 'in', ids.slice(i, i + 500))
      .where('completed', '=', 0)
      .select((eb) => [
        'owner_id',
        eb.fn.countAll<number>().as('planned'),
        eb.fn.sum<number>(eb.case().when('deadline', '<', now).then(1).else(0).end()).as('overdue'),
        eb.fn.min<string>('deadline').as('nearest'),
      ])
      .groupBy('owner_id')
      .execute();
    for (const r of rows) out.set(r.owner_id, { planned: Number(r.planned), overdue: Number(r.overdue ?? 0), nearest: r.nearest ?? null });
  }
  return out;
}

/** The filters of an activity list over a set of items (the deals' «Дела» and «Календарь»). */
export interface OwnerActivityFilter {
  view: ActivityView;
  type?: ActivityType;
  responsibleId?: number;
  q?: string;
  /** A window of deadlines, ISO moments. */
  from?: string;
  to?: string;
  cursor?: string;
  limit: number;
}

/** The items whose activities are listed: a subquery of their ids (the actor's readable deals of a pipeline). */
export type OwnerIds = number[] | ((eb: ExpressionBuilder<Database, 'crm_activity'>) => SelectQueryBuilder<any, any, { id: number }>);

// Planned activities without a deadline come last: their sort key is past every real moment.
const NO_DEADLINE = '9999-12-31T23:59:59.999Z';
const sortKey = sql<string>`coalesce(crm_activity.deadline, ${NO_DEADLINE})`;

const encodeCursor = (key: string, id: number) => Buffer.from(`${key}|${id}`).toString('base64url');
function decodeCursor(cursor: string): { key: string; id: number } {
  const [key, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!key || Number.isNaN(Date.parse(key)) || !/^\d{1,10}$/.test(id ?? '')) throw errors.field('cursor', 'activities.cursor_invalid');
  return { key, id: Number(id) };
}

/**
 * A page of the activities of the items `owners` (of `ownerType`) by deadline, then id, with
 * the filters of «Мои дела»; keyset paging. The caller has limited `owners` to what the actor may read.
 */
export async function ownerActivityPage(ctx: Ctx, ownerType: EntityType, owners: OwnerIds, f: OwnerActivityFilter): Promise<{ rows: ActivityRow[]; next: string | null; total: number }> {
  let q = scoped(ctx).selectFrom('crm_activity').where('crm_activity.owner_type', '=', ownerType).where('crm_activity.owner_id', 'in', owners);
  if (f.view === 'done') q = q.where('crm_activity.completed', '=', 1);
  else if (f.view !== 'all') q = q.where('crm_activity.completed', '=', 0);
  const b = await bounds(ctx);
  const windows: Partial<Record<ActivityView, { from?: string; to?: string }>> = { today: { from: b.dayStart, to: b.dayEnd }, week: { from: b.weekStart, to: b.weekEnd }, overdue: { to: b.now } };
  const view = windows[f.view];
  const from = [view?.from, f.from && new Date(f.from).toISOString()].filter(Boolean).sort().pop();
  const to = [view?.to, f.to && new Date(f.to).toISOString()].filter(Boolean).sort()[0];
  if (from) q = q.where('crm_activity.deadline', '>=', from);
  if (to) q = q.where('crm_activity.deadline', '<', to);
  if (f.type) q = q.where('crm_activity.type', '=', f.type);
  if (f.responsibleId) q = q.where('crm_activity.responsible_id', '=', f.responsibleId);
  // SQLite's lower() and LIKE fold ASCII only: a word matches as typed in lower case or capitalised.
  const words = (f.q ?? '')
    .toLowerCase()
    .replace(/[%_\\]/g, '')
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 5);
  for (const w of words) {
    q = q.where((eb) => eb.or([eb('crm_activity.subject', 'like', `%${w}%`), eb('crm_activity.subject', 'like', `%${w[0]!.toUpperCase()}${w.slice(1)}%`)]));
  }
  const after = f.cursor ? decodeCursor(f.cursor) : null;
  const page = after ? q.where((eb) => eb.or([eb(sortKey, '>', after.key), eb.and([eb(sortKey, '=', after.key), eb('crm_activity.id', '>', after.id)])])) : q;
  const [rows, count] = await Promise.all([
    page
      .selectAll('crm_activity')
      .orderBy(sortKey)
      .orderBy('crm_activity.id')
      .limit(f.limit + 1)
      .execute(),
    q.select(sql<number>`count(*)`.as('n')).executeTakeFirst(),
  ]);
  const shown = rows.slice(0, f.limit) as ActivityRow[];
  const last = shown[shown.length - 1];
  return { rows: shown, next: rows.length > f.limit && last ? encodeCursor(last.deadline ?? NO_DEADLINE, last.id) : null, total: Number(count?.n ?? 0) };
}
