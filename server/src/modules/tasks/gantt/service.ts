import { sql } from 'kysely';
import {
  tasksEvents,
  type DependencyKind,
  type GanttData,
  type GanttLink,
  type GanttLinkInput,
  type GanttLinkSaved,
  type GanttMove,
  type GanttMoved,
  type GanttScope,
  type GanttTask,
  type TaskLinks,
} from '@vavilon/contracts';
import { lockForUpdate, transaction, type Ctx } from '../../../platform/context.js';
import { nowIso } from '../../../platform/db/database.js';
import { scoped } from '../../../platform/db/scoped.js';
import { AppError, errors } from '../../../platform/errors.js';
import { eventOf, recordEvents, type Change } from '../../../platform/events/outbox.js';
import { groupRefs, memberGroupIds } from '../../groups/api.js';
import { userRefs } from '../../users/api.js';
import { canEdit, canRead, readableTasks, standings, viewerFor, type Viewer } from '../access.js';
import { readableTask, updateTask } from '../service.js';
import { criticalPath, replan, type Edge, type Span } from './graph.js';

const DAY = 86_400_000;
/** A Gantt shows at most this many tasks; a scope beyond it is cut at the earliest ones. */
const GANTT_LIMIT = 5000;

interface DatedRow {
  start_plan: string | null;
  end_plan: string | null;
  created_at: string;
  deadline: string | null;
}

/** The bar of a task: its planned dates, else from its creation to its deadline (a day when it has none). */
export function spanOf(r: DatedRow): Span {
  const start = Date.parse(r.start_plan ?? r.created_at);
  const end = Date.parse(r.end_plan ?? r.deadline ?? '') || start + DAY;
  return { start, end: end > start ? end : start + DAY };
}

const iso = (ms: number) => new Date(ms).toISOString();

// --- reading -------------------------------------------------------------------------------

/** The Gantt's tasks among those the viewer may see: `where` narrows them to a scope or to ids (the bench runs it raw). */
export function ganttQuery(ctx: Ctx, viewer: Viewer | null) {
  const query = scoped(ctx)
    .selectFrom('task')
    .select(['task.id', 'task.title', 'task.status', 'task.start_plan', 'task.end_plan', 'task.created_at', 'task.deadline', 'task.responsible_id', 'task.parent_id', 'task.group_id', 'task.version'])
    .select((eb) => [
      eb
        .selectFrom('task_checklist_item')
        .select(eb.fn.countAll().as('n'))
        .whereRef('task_checklist_item.task_id', '=', 'task.id')
        .where('task_checklist_item.portal_id', '=', ctx.portal.id)
        .where('task_checklist_item.is_group', '=', 0)
        .as('items'),
      eb
        .selectFrom('task_checklist_item')
        .select(eb.fn.countAll().as('n'))
        .whereRef('task_checklist_item.task_id', '=', 'task.id')
        .where('task_checklist_item.portal_id', '=', ctx.portal.id)
        .where('task_checklist_item.is_group', '=', 0)
        .where('task_checklist_item.is_complete', '=', 1)
        .as('checked'),
    ]);
  return query.where(readableTasks(ctx, viewer));
}

type GanttRow = Awaited<ReturnType<ReturnType<typeof ganttQuery>['execute']>>[number];

async function toGanttTasks(ctx: Ctx, rows: GanttRow[]): Promise<GanttTask[]> {
  if (!rows.length) return [];
  const [people, st] = await Promise.all([
    userRefs(
      ctx,
      rows.map((r) => r.responsible_id),
    ),
    standings(
      ctx,
      rows.map((r) => r.id),
    ),
  ]);
  return rows.map((r) => {
    const span = spanOf(r);
    const items = Number(r.items ?? 0);
    const s = st.get(r.id);
    return {
      id: r.id,
      title: r.title,
      status: r.status,
      start: iso(span.start),
      end: iso(span.end),
      planned: !!r.start_plan,
      progress: r.status === 'completed' ? 100 : items ? Math.round((Number(r.checked ?? 0) / items) * 100) : 0,
      responsible: (r.responsible_id && people.get(r.responsible_id)) || null,
      parentId: r.parent_id,
      groupId: r.group_id,
      deadline: r.deadline,
      version: r.version,
      editable: !!s && canEdit(s),
    };
  });
}

/** These tasks as Gantt bars, those the viewer may see. */
async function ganttTasks(ctx: Ctx, ids: number[]): Promise<GanttTask[]> {
  if (!ids.length) return [];
  const rows = await ganttQuery(ctx, await viewerFor(ctx))
    .where('task.id', 'in', ids)
    .execute();
  return toGanttTasks(ctx, rows);
}

/** The groups and projects the viewer's Gantt may show, and the one asked for when an administrator opens another. */
async function scopesOf(ctx: Ctx, asked: number | undefined): Promise<GanttScope[]> {
  const ids = await memberGroupIds(ctx, ctx.actor!.userId);
  if (asked && ctx.actor!.role === 'admin') ids.push(asked);
  const refs = await groupRefs(ctx, ids);
  return [...refs.values()]
    .filter((g) => !g.archived || g.id === asked)
    .map((g) => ({ id: g.id, name: g.name, kind: g.kind }))
    .sort((a, b) => a.name.localeCompare(b.name, 'ru'));
}

/**
 * The Gantt of a scope: «my tasks» (those the viewer takes part in) or a group's or project's
 * tasks, as far as the viewer may see them, with the links between them and the critical path.
 */
export async function ganttData(ctx: Ctx, q: { groupId?: number }): Promise<GanttData> {
  const viewer = await viewerFor(ctx);
  let query = ganttQuery(ctx, viewer);
  query = q.groupId
    ? query.where('task.group_id', '=', q.groupId)
    : query.where('task.id', 'in', scoped(ctx).selectFrom('task_member').select('task_member.task_id').where('task_member.user_id', '=', ctx.actor!.userId));
  const [rows, scopes] = await Promise.all([query.orderBy('task.id').limit(GANTT_LIMIT).execute(), scopesOf(ctx, q.groupId)]);
  const ids = new Set(rows.map((r) => r.id));
  const [tasks, linkRows] = await Promise.all([
    toGanttTasks(ctx, rows),
    ids.size
      ? scoped(ctx)
          .selectFrom('task_dependency')
          .select(['id', 'predecessor_id', 'successor_id', 'kind'])
          .where('successor_id', 'in', [...ids])
          .orderBy('id')
          .execute()
      : [],
  ]);
  const links = linkRows.filter((l) => ids.has(l.predecessor_id)).map(toLink);
  const spans = new Map(tasks.map((t) => [t.id, { start: Date.parse(t.start), end: Date.parse(t.end) }]));
  return { tasks, links, critical: criticalPath(spans, links.map(toEdge)), scopes };
}

const toLink = (l: { id: number; predecessor_id: number; successor_id: number; kind: DependencyKind }): GanttLink => ({
  id: l.id,
  predecessorId: l.predecessor_id,
  successorId: l.successor_id,
  kind: l.kind,
});
const toEdge = (l: GanttLink): Edge => ({ id: l.id, pred: l.predecessorId, succ: l.successorId, kind: l.kind });

/** A task's predecessors and successors for its card: the other ends the viewer may see. */
export async function taskLinks(ctx: Ctx, taskId: number): Promise<TaskLinks> {
  await readableTask(ctx, taskId);
  const rows = await scoped(ctx)
    .selectFrom('task_dependency')
    .select(['id', 'predecessor_id', 'successor_id', 'kind'])
    .where((eb) => eb.or([eb('predecessor_id', '=', taskId), eb('successor_id', '=', taskId)]))
    .orderBy('id')
    .execute();
  const others = rows.map((r) => (r.predecessor_id === taskId ? r.successor_id : r.predecessor_id));
  const [st, titles] = await Promise.all([standings(ctx, others), others.length ? scoped(ctx).selectFrom('task').select(['id', 'title']).where('id', 'in', others).execute() : []]);
  const ref = (id: number) => {
    const s = st.get(id);
    const t = titles.find((x) => x.id === id);
    return s && canRead(s) && t ? { id, title: t.title } : null;
  };
  const out: TaskLinks = { predecessors: [], successors: [] };
  for (const r of rows) {
    const before = r.successor_id === taskId;
    const task = ref(before ? r.predecessor_id : r.successor_id);
    if (task) (before ? out.predecessors : out.successors).push({ id: r.id, kind: r.kind, task });
  }
  return out;
}

// --- re-planning ---------------------------------------------------------------------------

/** Every task downstream of `roots` through the links, by one recursive statement (links never form a cycle). */
export async function downstream(ctx: Ctx, roots: number[]): Promise<number[]> {
  const pid = ctx.portal.id;
  const list = sql.join(roots);
  const res = await sql<{ id: number }>`
    with recursive down(id) as (
      select successor_id from task_dependency where portal_id = ${pid} and predecessor_id in (${list})
      union
      select d.successor_id from task_dependency d join down on d.predecessor_id = down.id where d.portal_id = ${pid}
    )
    select id from down`.execute(ctx.db);
  return res.rows.map((r) => Number(r.id));
}

interface Moved {
  id: number;
  changes: Change[];
}

/**
 * Pushes the tasks downstream of `roots` forward until every link holds, each keeping its
 * duration, and records `task.updated` (source «plan») for each one moved. A dependent that would
 * start after its own deadline stops the whole change with a 400 that names it.
 */
async function cascade(ctx: Ctx, roots: number[]): Promise<number[]> {
  const down = await downstream(ctx, roots);
  if (!down.length) return [];
  const edgeRows = await scoped(ctx).selectFrom('task_dependency').select(['id', 'predecessor_id', 'successor_id', 'kind']).where('successor_id', 'in', down).execute();
  const edges = edgeRows.map((l) => toEdge(toLink(l)));
  const ids = [...new Set([...down, ...edges.map((e) => e.pred)])];
  const rows = await lockForUpdate(ctx, scoped(ctx).selectFrom('task').select(['id', 'title', 'start_plan', 'end_plan', 'created_at', 'deadline', 'version']).where('id', 'in', ids)).execute();
  const spans = new Map(rows.map((r) => [r.id, spanOf(r)]));
  const shifted = replan(spans, edges, roots);
  if (!shifted.length) return [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const now = nowIso();
  const moved: Moved[] = [];
  for (const id of shifted) {
    const row = byId.get(id)!;
    const span = spans.get(id)!;
    const start = iso(span.start);
    const end = iso(span.end);
    if (row.deadline && row.deadline < start)
      throw new AppError(400, 'validation', 'error.validation', {}, [{ field: 'startPlan', message: 'tasks.gantt.past_deadline', params: { title: row.title } }]);
    await scoped(ctx)
      .updateTable('task')
      .set({ start_plan: start, end_plan: end, updated_at: now, activity_at: now, version: row.version + 1 })
      .where('id', '=', id)
      .execute();
    moved.push({
      id,
      changes: [
        { field: 'start_plan', old: row.start_plan, new: start },
        { field: 'end_plan', old: row.end_plan, new: end },
      ],
    });
  }
  await recordPlanEvents(ctx, moved);
  return shifted;
}

/** `task.updated` with source «plan» for each task, naming its participants as every task event does. */
async function recordPlanEvents(ctx: Ctx, items: Moved[]): Promise<void> {
  if (!items.length) return;
  const ids = items.map((i) => i.id);
  const [rows, members] = await Promise.all([
    scoped(ctx).selectFrom('task').select(['id', 'title', 'group_id']).where('id', 'in', ids).execute(),
    scoped(ctx).selectFrom('task_member').select(['task_id', 'user_id', 'role']).where('task_id', 'in', ids).execute(),
  ]);
  const events = items.map((item) => {
    const row = rows.find((r) => r.id === item.id)!;
    const mine = members.filter((m) => m.task_id === item.id);
    const first = (role: string) => mine.find((m) => m.role === role)?.user_id ?? null;
    return eventOf(tasksEvents.updated, {
      entityType: 'task',
      entityId: item.id,
      payload: {
        title: row.title,
        participants: [...new Set(mine.map((m) => m.user_id))],
        responsibleId: first('responsible'),
        creatorId: first('creator'),
        groupId: row.group_id,
        source: 'plan',
      },
      changes: item.changes,
    });
  });
  await recordEvents(ctx, events);
}

/**
 * Moves or resizes a bar: the task's planned dates change by the task's own rules (its version,
 * who may edit it; the deadline is not touched), then its dependents move as far as their links
 * require, in the same transaction. Answers every task that moved.
 */
export async function moveTask(ctx: Ctx, id: number, input: GanttMove): Promise<GanttMoved> {
  const ids = await transaction(ctx, async (tx) => {
    await updateTask(tx, id, { startPlan: input.startPlan, endPlan: input.endPlan, version: input.version }, { source: 'plan' });
    return [id, ...(await cascade(tx, [id]))];
  });
  return { moved: await ganttTasks(ctx, ids) };
}

// --- links ---------------------------------------------------------------------------------

const linkError = (field: string, message: Parameters<typeof errors.field>[1], params?: Record<string, string>) => errors.field(field, message, params);

/** Both tasks seen by the actor (a task of another portal or out of sight is «no such task»), the successor editable by them. */
async function checkPair(ctx: Ctx, predecessorId: number, successorId: number): Promise<void> {
  if (predecessorId === successorId) throw linkError('successorId', 'tasks.gantt.self_link');
  const st = await standings(ctx, [predecessorId, successorId]);
  const pred = st.get(predecessorId);
  const succ = st.get(successorId);
  if (!pred || !canRead(pred)) throw linkError('predecessorId', 'tasks.gantt.task_invalid');
  if (!succ || !canRead(succ)) throw linkError('successorId', 'tasks.gantt.task_invalid');
  if (!canEdit(succ)) throw new AppError(403, 'forbidden', 'tasks.gantt.successor_locked');
}

async function titleOf(ctx: Ctx, id: number): Promise<string> {
  return (await scoped(ctx).selectFrom('task').select('title').where('id', '=', id).executeTakeFirst())?.title ?? '';
}

/**
 * Links two tasks: the successor follows the predecessor by `kind` (finish_start unless told).
 * Refused with 400 when it links a task to itself, repeats a link, or closes a cycle. The link
 * holds at once: the successor and what hangs on it move forward as far as needed.
 */
export async function createLink(ctx: Ctx, input: GanttLinkInput): Promise<GanttLinkSaved> {
  const kind = input.kind ?? 'finish_start';
  const { predecessorId, successorId } = input;
  const { link, moved } = await transaction(ctx, async (tx) => {
    await checkPair(tx, predecessorId, successorId);
    const existing = await scoped(tx)
      .selectFrom('task_dependency')
      .select('id')
      .where((eb) =>
        eb.or([eb.and([eb('predecessor_id', '=', predecessorId), eb('successor_id', '=', successorId)]), eb.and([eb('predecessor_id', '=', successorId), eb('successor_id', '=', predecessorId)])]),
      )
      .executeTakeFirst();
    const reverse = existing ? false : (await downstream(tx, [successorId])).includes(predecessorId);
    if (existing) {
      const same = await scoped(tx).selectFrom('task_dependency').select('id').where('predecessor_id', '=', predecessorId).where('successor_id', '=', successorId).executeTakeFirst();
      if (same) throw linkError('successorId', 'tasks.gantt.duplicate');
    }
    if (existing || reverse) throw linkError('successorId', 'tasks.gantt.cycle', { successor: await titleOf(tx, successorId), predecessor: await titleOf(tx, predecessorId) });
    const row = await scoped(tx)
      .insertInto('task_dependency', { predecessor_id: predecessorId, successor_id: successorId, kind, created_by: tx.actor?.userId ?? null, created_at: nowIso() })
      .returning(['id', 'predecessor_id', 'successor_id', 'kind'])
      .executeTakeFirstOrThrow();
    await recordPlanEvents(tx, [{ id: successorId, changes: [{ field: 'dependency', old: null, new: { predecessorId, kind } }] }]);
    return { link: toLink(row), moved: await cascade(tx, [predecessorId]) };
  });
  return { link, moved: await ganttTasks(ctx, moved) };
}

/** A link with both its tasks in sight and its successor editable; «not found» otherwise. */
async function editableLink(ctx: Ctx, id: number) {
  const row = await lockForUpdate(ctx, scoped(ctx).selectFrom('task_dependency').select(['id', 'predecessor_id', 'successor_id', 'kind']).where('id', '=', id)).executeTakeFirst();
  if (!row) throw errors.notFound();
  const st = await standings(ctx, [row.predecessor_id, row.successor_id]);
  const pred = st.get(row.predecessor_id);
  const succ = st.get(row.successor_id);
  if (!pred || !succ || !canRead(pred) || !canRead(succ)) throw errors.notFound();
  if (!canEdit(succ)) throw new AppError(403, 'forbidden', 'tasks.gantt.successor_locked');
  return row;
}

/** Changes a link's kind; the successor moves if the new kind asks for it. */
export async function updateLink(ctx: Ctx, id: number, kind: DependencyKind): Promise<GanttLinkSaved> {
  const { link, moved } = await transaction(ctx, async (tx) => {
    const row = await editableLink(tx, id);
    if (row.kind === kind) return { link: toLink(row), moved: [] };
    await scoped(tx).updateTable('task_dependency').set({ kind }).where('id', '=', id).execute();
    await recordPlanEvents(tx, [
      { id: row.successor_id, changes: [{ field: 'dependency', old: { predecessorId: row.predecessor_id, kind: row.kind }, new: { predecessorId: row.predecessor_id, kind } }] },
    ]);
    return { link: toLink({ ...row, kind }), moved: await cascade(tx, [row.predecessor_id]) };
  });
  return { link, moved: await ganttTasks(ctx, moved) };
}

export async function deleteLink(ctx: Ctx, id: number): Promise<void> {
  await transaction(ctx, async (tx) => {
    const row = await editableLink(tx, id);
    await scoped(tx).deleteFrom('task_dependency').where('id', '=', id).execute();
    await recordPlanEvents(tx, [{ id: row.successor_id, changes: [{ field: 'dependency', old: { predecessorId: row.predecessor_id, kind: row.kind }, new: null }] }]);
  });
}
