import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import { OPEN_TASK_STATUSES, type TaskListFilter, type TaskListPage, type TaskListQuery, type TaskListRow } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import { nowIso } from '../../../platform/db/database.js';
import type { Database } from '../../../platform/db/schema.js';
import { scoped } from '../../../platform/db/scoped.js';
import { groupRefs } from '../../groups/api.js';
import { userNameSql, userRefs } from '../../users/api.js';
import { matchingItems } from '../../search/api.js';
import { readableTasks, viewerFor, type Viewer } from '../access.js';
import type { TaskRole, TaskStatus } from '../schema.js';

type Eb = ExpressionBuilder<Database, 'task'>;
type TaskQuery = SelectQueryBuilder<Database, 'task', {}>;

const OPEN = [...OPEN_TASK_STATUSES];

/** The tasks a person takes part in with one role, read from their rows of `task_member` (one index range however large the portal). */
function memberOf(ctx: Ctx, eb: Eb, userId: number, roles: TaskRole[], statuses?: readonly TaskStatus[]) {
  let q = eb.selectFrom('task_member').select('task_member.task_id').where('task_member.portal_id', '=', ctx.portal.id).where('task_member.user_id', '=', userId);
  q = roles.length === 1 ? q.where('task_member.role', '=', roles[0]!) : q.where('task_member.role', 'in', roles);
  if (statuses) q = q.where('task_member.status', 'in', [...statuses]);
  return q;
}

const dayStart = (d: string) => `${d}T00:00:00.000Z`;
const dayEnd = (d: string) => `${d}T23:59:59.999Z`;

/** Conditions on the member rows of a role tab : the statuses and deadlines copied there. */
function memberConditions(eb: ExpressionBuilder<any, any>, f: TaskListFilter, now: string) {
  const statuses = f.status ?? [];
  const plain = statuses.filter((s) => s !== 'overdue');
  const out = [];
  if (statuses.length) {
    const any = [];
    if (plain.length) any.push(eb('task_member.status', 'in', plain));
    if (statuses.includes('overdue')) any.push(eb.and([eb('task_member.status', 'in', OPEN), eb('task_member.deadline', '<', now)]));
    out.push(eb.or(any));
  }
  if (f.deadlineFrom) out.push(eb('task_member.deadline', '>=', dayStart(f.deadlineFrom)));
  if (f.deadlineTo) out.push(eb('task_member.deadline', '<=', dayEnd(f.deadlineTo)));
  return eb.and(out);
}

/** Filters that need the task itself (or other tables), beyond the member rows of a role tab. */
const taskLevel = (f: TaskListFilter) => !!(f.responsibleId || f.groupId || f.parentId || f.tag || f.search || f.counter);

/** The filters every path shares: the rights condition, the person, group, parent, tag, search and the counters. */
function commonConditions(ctx: Ctx, q: TaskQuery, viewer: Viewer | null, f: TaskListFilter, statuses?: readonly TaskStatus[]): TaskQuery {
  const me = ctx.actor!.userId;
  const now = nowIso();
  q = q.where(readableTasks(ctx, viewer));
  if (f.responsibleId) q = q.where('task.id', 'in', (eb) => memberOf(ctx, eb, f.responsibleId!, ['responsible'], statuses));
  if (f.groupId) q = q.where('task.group_id', '=', f.groupId);
  if (f.parentId) q = q.where('task.parent_id', '=', f.parentId);
  if (f.tag)
    q = q.where('task.id', 'in', (eb) => eb.selectFrom('task_tag').select('task_tag.task_id').where('task_tag.portal_id', '=', ctx.portal.id).where('task_tag.tag', '=', f.tag!.replace(/^#/, '')));
  if (f.search) q = searchWords(ctx, q, f.search);
  switch (f.counter) {
    case 'overdue':
      q = q.where('task.id', 'in', (eb) => memberOf(ctx, eb, me, ['responsible', 'accomplice'], OPEN).where('task_member.deadline', '<', now));
      break;
    case 'comments':
      q = q.where('task.id', 'in', (eb) => memberOf(ctx, eb, me, ['creator', 'responsible', 'accomplice', 'auditor'], OPEN)).where(newCommentsOver(ctx, me));
      break;
    case 'control':
      q = q.where('task.id', 'in', (eb) => memberOf(ctx, eb, me, ['creator'], ['review']));
      break;
  }
  return q;
}

/**
 * The tasks of the list's filter that the viewer may see: the rights condition of `access.ts`
 * (the one definition), the role tabs, status with «Просрочены», deadline, group, tag, person,
 * parent, the search box and the counters.
 */
export function filteredTasks(ctx: Ctx, viewer: Viewer | null, f: TaskListFilter): TaskQuery {
  const me = ctx.actor!.userId;
  const now = nowIso();
  let q = scoped(ctx).selectFrom('task') as TaskQuery;
  const statuses = f.status ?? [];
  const plain = statuses.filter((s) => s !== 'overdue');
  // A status of the filter narrows the member rows too (task_member carries the task's status).
  const memberStatuses = statuses.length && !statuses.includes('overdue') ? plain : statuses.length && !plain.length ? OPEN : undefined;
  if (f.role) q = q.where('task.id', 'in', (eb) => memberOf(ctx, eb, me, [f.role!], memberStatuses));
  if (statuses.length)
    q = q.where((eb) => {
      const any = [];
      if (plain.length) any.push(eb('task.status', 'in', plain));
      if (statuses.includes('overdue')) any.push(eb.and([eb('task.status', 'in', OPEN), eb('task.deadline', '<', now)]));
      return eb.or(any);
    });
  if (f.deadlineFrom) q = q.where('task.deadline', '>=', dayStart(f.deadlineFrom));
  if (f.deadlineTo) q = q.where('task.deadline', '<=', dayEnd(f.deadlineTo));
  return commonConditions(ctx, q, viewer, f, memberStatuses);
}

/**
 * A role tab of the viewer, read from their own rows of `task_member` joined to the
 * task: the page walks an index in its order and stops after one page. The rights condition still
 * applies (it holds for every such row: the viewer takes part in the task).
 */
export function memberTasks(ctx: Ctx, viewer: Viewer | null, f: TaskListFilter & { role: TaskRole }): TaskQuery {
  const now = nowIso();
  const q = (scoped(ctx).selectFrom('task_member') as any)
    .innerJoin('task', 'task.id', 'task_member.task_id')
    .where('task_member.user_id', '=', ctx.actor!.userId)
    .where('task_member.role', '=', f.role)
    .where('task.portal_id', '=', ctx.portal.id)
    .where((eb: ExpressionBuilder<any, any>) => memberConditions(eb, f, now));
  return commonConditions(ctx, q as TaskQuery, viewer, f);
}

/** The total of a role tab without task-level filters: the member rows alone (an index range). */
function memberCount(ctx: Ctx, f: TaskListFilter & { role: TaskRole }) {
  return (scoped(ctx).selectFrom('task_member') as any)
    .where('task_member.user_id', '=', ctx.actor!.userId)
    .where('task_member.role', '=', f.role)
    .where((eb: ExpressionBuilder<any, any>) => memberConditions(eb, f, nowIso()))
    .select(sql<number>`count(*)`.as('n')) as SelectQueryBuilder<Database, 'task_member', { n: number }>;
}

/** The search box: the tasks the portal search index finds for the words (title, description, tags, checklist, comments; word forms). */
export function searchWords(ctx: Ctx, q: TaskQuery, text: string): TaskQuery {
  return q.where('task.id', 'in', matchingItems(ctx, 'tasks.task', text));
}

/** The task has comments the user has not seen (task_view keeps how many they had seen). */
export function newCommentsOver(ctx: Ctx, userId: number) {
  return (eb: Eb) =>
    eb.and([
      eb('task.comments_count', '>', 0),
      eb(
        'task.comments_count',
        '>',
        eb.fn.coalesce(
          eb
            .selectFrom('task_view')
            .select('task_view.seen_comments')
            .whereRef('task_view.task_id', '=', 'task.id')
            .where('task_view.user_id', '=', userId)
            .where('task_view.portal_id', '=', ctx.portal.id),
          eb.lit(0),
        ),
      ),
    ]);
}

export function sortedTasks(ctx: Ctx, q: TaskQuery, sort: TaskListQuery['sort'], order: 'asc' | 'desc') {
  switch (sort) {
    case 'deadline':
      // Tasks without a deadline come last either way, on both databases.
      return q
        .orderBy(sql`case when task.deadline is null then 1 else 0 end`)
        .orderBy('task.deadline', order)
        .orderBy('task.id', order);
    case 'created':
      // Ids rise with creation: the order of created_at, and one an index keeps.
      return q.orderBy('task.id', order);
    case 'activity':
      return q.orderBy('task.activity_at', order).orderBy('task.id', order);
    case 'title':
      return q.orderBy(sql`lower(task.title)`, order).orderBy('task.id', order);
    case 'status':
      return q.orderBy(sql`case task.status when 'pending' then 1 when 'in_progress' then 2 when 'review' then 3 when 'deferred' then 4 else 5 end`, order).orderBy('task.id', order);
    case 'responsible':
      return q.orderBy((eb) => userNameSql(ctx, eb, 'task.responsible_id'), order).orderBy('task.id', order);
  }
}

const COLUMNS = [
  'task.id',
  'task.title',
  'task.status',
  'task.important',
  'task.deadline',
  'task.responsible_id',
  'task.creator_id',
  'task.group_id',
  'task.comments_count',
  'task.created_at',
  'task.activity_at',
  'task.closed_at',
  'task.version',
] as const;
type ListTaskRow = {
  id: number;
  title: string;
  status: TaskListRow['status'];
  important: number;
  deadline: string | null;
  responsible_id: number | null;
  creator_id: number | null;
  group_id: number | null;
  comments_count: number;
  created_at: string;
  activity_at: string;
  closed_at: string | null;
  version: number;
};

const count = sql<number>`count(*)`.as('n');

/** One page of the list and its total. */
export async function listTasks(ctx: Ctx, q: TaskListQuery): Promise<TaskListPage> {
  const viewer = await viewerFor(ctx);
  const [rows, total] = q.role && (q.sort === 'deadline' || q.sort === 'created') ? await memberPage(ctx, viewer, q as TaskListQuery & { role: TaskRole }) : await anyPage(ctx, viewer, q);
  return { items: await toListRows(ctx, rows), total, page: q.page, pageSize: q.pageSize };
}

async function anyPage(ctx: Ctx, viewer: Viewer | null, q: TaskListQuery): Promise<[ListTaskRow[], number]> {
  const base = filteredTasks(ctx, viewer, q);
  const [rows, total] = await Promise.all([
    sortedTasks(ctx, base.select([...COLUMNS]), q.sort, q.order)
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute() as Promise<ListTaskRow[]>,
    base.select(count).executeTakeFirst(),
  ]);
  return [rows, Number(total?.n ?? 0)];
}

/**
 * A role tab sorted by deadline or creation, in the order of the member index. Tasks without a
 * deadline come after the dated ones in either direction (both databases alike): the dated rows
 * are read first, the undated ones fill the rest of the page.
 */
async function memberPage(ctx: Ctx, viewer: Viewer | null, q: TaskListQuery & { role: TaskRole }): Promise<[ListTaskRow[], number]> {
  const base = () => memberTasks(ctx, viewer, q) as unknown as SelectQueryBuilder<Database, 'task' | 'task_member', {}>;
  const offset = (q.page - 1) * q.pageSize;
  const totalQ = (taskLevel(q) ? base().select(count) : memberCount(ctx, q)).executeTakeFirst();
  const page = async (): Promise<ListTaskRow[]> => {
    if (q.sort === 'created')
      return (await base()
        .select([...COLUMNS])
        .orderBy('task_member.task_id', q.order)
        .limit(q.pageSize)
        .offset(offset)
        .execute()) as ListTaskRow[];
    const dated = (await base()
      .select([...COLUMNS])
      .where('task_member.deadline', 'is not', null)
      .orderBy('task_member.deadline', q.order)
      .orderBy('task_member.task_id', q.order)
      .limit(q.pageSize)
      .offset(offset)
      .execute()) as ListTaskRow[];
    if (dated.length === q.pageSize) return dated;
    const datedTotal = dated.length || !offset ? offset + dated.length : Number((await base().where('task_member.deadline', 'is not', null).select(count).executeTakeFirst())?.n ?? 0);
    const undated = (await base()
      .select([...COLUMNS])
      .where('task_member.deadline', 'is', null)
      .orderBy('task_member.task_id', q.order)
      .limit(q.pageSize - dated.length)
      .offset(Math.max(0, offset - datedTotal))
      .execute()) as ListTaskRow[];
    return [...dated, ...undated];
  };
  const [rows, total] = await Promise.all([page(), totalQ]);
  return [rows, Number((total as { n?: number } | undefined)?.n ?? 0)];
}

/** Every task of the filter the viewer may see, page by page, in the list's order (the export). */
export async function* allTasks(ctx: Ctx, q: Omit<TaskListQuery, 'page' | 'pageSize'>, chunk = 500): AsyncGenerator<TaskListRow[]> {
  const viewer = await viewerFor(ctx);
  for (let offset = 0; ; offset += chunk) {
    const rows = (await sortedTasks(ctx, filteredTasks(ctx, viewer, q).select([...COLUMNS]), q.sort, q.order)
      .limit(chunk)
      .offset(offset)
      .execute()) as ListTaskRow[];
    if (rows.length) yield await toListRows(ctx, rows);
    if (rows.length < chunk) return;
  }
}

/** List rows: people, groups, tags and the viewer's unseen comments in one statement each. */
export async function toListRows(ctx: Ctx, rows: ListTaskRow[]): Promise<TaskListRow[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const me = ctx.actor?.userId ?? 0;
  const [users, groups, tags, seen] = await Promise.all([
    userRefs(
      ctx,
      rows.flatMap((r) => [r.responsible_id, r.creator_id]),
    ),
    groupRefs(
      ctx,
      rows.map((r) => r.group_id),
    ),
    scoped(ctx).selectFrom('task_tag').select(['task_id', 'tag']).where('task_id', 'in', ids).orderBy('tag').execute(),
    scoped(ctx).selectFrom('task_view').select(['task_id', 'seen_comments']).where('user_id', '=', me).where('task_id', 'in', ids).execute(),
  ]);
  const seenBy = new Map(seen.map((s) => [s.task_id, s.seen_comments]));
  const now = nowIso();
  return rows.map((r) => {
    const group = r.group_id ? groups.get(r.group_id) : undefined;
    return {
      id: r.id,
      title: r.title,
      status: r.status,
      important: !!r.important,
      deadline: r.deadline,
      overdue: !!r.deadline && r.deadline < now && OPEN.includes(r.status),
      responsible: (r.responsible_id && users.get(r.responsible_id)) || null,
      creator: (r.creator_id && users.get(r.creator_id)) || null,
      group: group ? { id: group.id, name: group.name } : null,
      tags: tags.filter((t) => t.task_id === r.id).map((t) => t.tag),
      commentsCount: r.comments_count,
      newComments: Math.max(0, r.comments_count - (seenBy.get(r.id) ?? 0)),
      createdAt: r.created_at,
      activityAt: r.activity_at,
      closedAt: r.closed_at,
      version: r.version,
    };
  });
}
