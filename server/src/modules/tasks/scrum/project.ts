import type { Selectable } from 'kysely';
import type { ScrumItem } from '@vavilon/contracts';
import { lockForUpdate, type Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import { errors } from '../../../platform/errors.js';
import { groupRefs, groupRoles, memberGroupIds } from '../../groups/api.js';
import { userRefs } from '../../users/api.js';
import { canChangeStatus, readableTasks, standings, viewerFor } from '../access.js';
import type { TaskSprintTable, TaskTable } from '../schema.js';

export type TaskRow = Selectable<TaskTable>;
export type SprintRow = Selectable<TaskSprintTable>;

export interface ScrumProject {
  id: number;
  name: string;
}

/**
 * A Scrum project the actor may plan in: a group of kind «Скрам-проект» they are a member of
 * (administrators see every one). Anything else is "not found", as if it did not exist.
 */
export async function scrumProject(ctx: Ctx, groupId: number): Promise<ScrumProject> {
  if (!ctx.actor) throw errors.notFound();
  const group = (await groupRefs(ctx, [groupId])).get(groupId);
  if (!group || group.kind !== 'scrum') throw errors.notFound();
  if (ctx.actor.role !== 'admin' && !(await groupRoles(ctx, ctx.actor.userId, [groupId])).has(groupId)) throw errors.notFound();
  return { id: group.id, name: group.name };
}

/** The Scrum projects the actor is a member of, by name. */
export async function myScrumProjects(ctx: Ctx): Promise<ScrumProject[]> {
  const refs = await groupRefs(ctx, await memberGroupIds(ctx, ctx.actor!.userId));
  return [...refs.values()]
    .filter((g) => g.kind === 'scrum' && !g.archived)
    .map((g) => ({ id: g.id, name: g.name }))
    .sort((a, b) => a.name.localeCompare(b.name, 'ru'));
}

/** The project's tasks the actor may see, by the one rights condition of the tasks module. */
export async function projectTasks(ctx: Ctx, groupId: number, where: (q: ReturnType<typeof baseQuery>) => ReturnType<typeof baseQuery> = (q) => q): Promise<TaskRow[]> {
  const viewer = await viewerFor(ctx);
  return (await where(baseQuery(ctx, groupId).where(readableTasks(ctx, viewer)))
    .orderBy('task.scrum_sort')
    .orderBy('task.id')
    .execute()) as TaskRow[];
}

function baseQuery(ctx: Ctx, groupId: number) {
  return scoped(ctx).selectFrom('task').selectAll('task').where('task.group_id', '=', groupId);
}

/** A task of the project, locked for a write; another project's task or one the actor may not see is "not found". */
export async function lockedItem(ctx: Ctx, groupId: number, taskId: number): Promise<TaskRow> {
  const rows = await projectTasks(ctx, groupId, (q) => q.where('task.id', '=', taskId));
  if (!rows[0]) throw errors.notFound();
  const row = await lockForUpdate(ctx, scoped(ctx).selectFrom('task').selectAll().where('id', '=', taskId)).executeTakeFirstOrThrow();
  return row as TaskRow;
}

/** A sprint of the project, locked for a write. */
export async function lockedSprint(ctx: Ctx, groupId: number, sprintId: number): Promise<SprintRow> {
  const row = await lockForUpdate(ctx, scoped(ctx).selectFrom('task_sprint').selectAll().where('id', '=', sprintId).where('group_id', '=', groupId)).executeTakeFirst();
  if (!row) throw errors.notFound();
  return row as SprintRow;
}

/** Tasks as the backlog, the sprints and the Kanban show them. */
export async function toItems(ctx: Ctx, rows: TaskRow[]): Promise<ScrumItem[]> {
  if (!rows.length) return [];
  const [users, st] = await Promise.all([
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
    const s = st.get(r.id);
    return {
      id: r.id,
      title: r.title,
      status: r.status,
      storyPoints: r.story_points,
      epicId: r.epic_id,
      sprintId: r.sprint_id,
      responsible: (r.responsible_id && users.get(r.responsible_id)) || null,
      deadline: r.deadline,
      closedAt: r.closed_at,
      version: r.version,
      changeStatus: !!s && canChangeStatus(s),
    };
  });
}

export const pointsOf = (rows: { story_points: number | null }[]) => rows.reduce((sum, r) => sum + (r.story_points ?? 0), 0);

/** The day a moment falls on for the portal's people (Moscow time, as the CRM's exports count). */
const moscowDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow', year: 'numeric', month: '2-digit', day: '2-digit' });
export const dayOf = (iso: string) => moscowDay.format(new Date(iso));
