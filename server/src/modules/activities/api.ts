import { sql, type ExpressionBuilder, type Selectable, type SelectQueryBuilder } from 'kysely';
import type { Activity, ActivityType, ActivityView, EntityType, ItemActivityCounts } from '@vavilon/contracts';
import type { Ctx } from '../../platform/context.js';
import { scoped } from '../../platform/db/scoped.js';
import { nowIso } from '../../platform/db/database.js';
import type { Database } from '../../platform/db/schema.js';
import { addDays, atTime, dayOf, weekdayOf } from '../tasks/api.js';
import { userRefs } from '../users/api.js';
import type { CrmActivityTable } from './schema.js';

export type ActivityRow = Selectable<CrmActivityTable>;

/**
 * What other modules may ask of the activities (the CRM's Kanban cards and lists, the automation).
 * The caller has checked that the actor may read the items.
 */

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
  /** The actor's zone: where «Сегодня» and «На этой неделе» begin and end. */
  timeZone: string;
}

/** The items whose activities are listed: a subquery of their ids (the actor's readable deals of a pipeline). */
export type OwnerIds = number[] | ((eb: ExpressionBuilder<Database, 'crm_activity'>) => SelectQueryBuilder<any, any, { id: number }>);

// Planned activities without a deadline come last: their sort key is past every real moment.
const NO_DEADLINE = '9999-12-31T23:59:59.999Z';
const sortKey = sql<string>`coalesce(crm_activity.deadline, ${NO_DEADLINE})`;

const encodeCursor = (key: string, id: number) => Buffer.from(`${key}|${id}`).toString('base64url');
function decodeCursor(cursor: string): { key: string; id: number } | null {
  const [key, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  return key && /^\d+$/.test(id ?? '') ? { key, id: Number(id) } : null;
}

/** Where a view's deadlines begin and end for a zone at `now`: «Сегодня» and «На этой неделе» (Monday to Monday). */
export function viewBounds(view: ActivityView, timeZone: string, now = new Date()): { from?: string; to?: string } {
  const today = dayOf(now.getTime(), timeZone);
  if (view === 'today') return { from: atTime(today, 0, 0, timeZone).toISOString(), to: atTime(addDays(today, 1), 0, 0, timeZone).toISOString() };
  if (view === 'week') {
    const monday = addDays(today, -weekdayOf(today));
    return { from: atTime(monday, 0, 0, timeZone).toISOString(), to: atTime(addDays(monday, 7), 0, 0, timeZone).toISOString() };
  }
  if (view === 'overdue') return { to: now.toISOString() };
  return {};
}

/**
 * A page of the activities of the items `owners` (of `ownerType`) by deadline, then id, with
 * the filters of «Мои дела»; keyset paging. The caller has limited `owners` to what the actor may read.
 */
export async function ownerActivityPage(ctx: Ctx, ownerType: EntityType, owners: OwnerIds, f: OwnerActivityFilter): Promise<{ rows: ActivityRow[]; next: string | null; total: number }> {
  let q = scoped(ctx).selectFrom('crm_activity').where('crm_activity.owner_type', '=', ownerType).where('crm_activity.owner_id', 'in', owners);
  if (f.view === 'done') q = q.where('crm_activity.completed', '=', 1);
  else if (f.view !== 'all') q = q.where('crm_activity.completed', '=', 0);
  const bounds = viewBounds(f.view, f.timeZone);
  const from = [bounds.from, f.from && new Date(f.from).toISOString()].filter(Boolean).sort().pop();
  const to = [bounds.to, f.to && new Date(f.to).toISOString()].filter(Boolean).sort()[0];
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

/**
 * Activities as the API shows them. `owner` names each row's item (the caller has read them);
 * `editable` says whether the actor may change the row (its responsible, or an editor of the item).
 */
export async function toActivities(ctx: Ctx, rows: ActivityRow[], owner: (row: ActivityRow) => { title: string; url: string }, editable: (row: ActivityRow) => boolean): Promise<Activity[]> {
  const users = await userRefs(
    ctx,
    rows.flatMap((r) => [r.responsible_id, r.author_id]),
  );
  const now = nowIso();
  return rows.map((r) => {
    const edit = editable(r);
    return {
      id: r.id,
      type: r.type,
      direction: r.direction,
      subject: r.subject,
      description: r.description,
      owner: { type: r.owner_type, id: r.owner_id, ...owner(r) },
      responsible: r.responsible_id ? (users.get(r.responsible_id) ?? null) : null,
      author: r.author_id ? (users.get(r.author_id) ?? null) : null,
      startAt: r.start_at,
      endAt: r.end_at,
      deadline: r.deadline,
      priority: r.priority,
      remindBefore: r.remind_before,
      completed: Boolean(r.completed),
      completedAt: r.completed_at,
      result: r.result,
      taskId: r.task_id,
      overdue: !r.completed && r.deadline !== null && r.deadline < now,
      version: r.version,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      abilities: { edit, delete: edit },
    };
  });
}
