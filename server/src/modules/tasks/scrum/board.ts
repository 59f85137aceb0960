import type { ScrumBoard, ScrumProjectSummary, ScrumReports } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import { epicsOf } from './epics.js';
import { dayOf, myScrumProjects, pointsOf, projectTasks, scrumProject, toItems, type SprintRow } from './project.js';
import { toSprints } from './sprints.js';

/** «Скрам»: the actor's Scrum projects with their running sprint and the size of their backlog. */
export async function listProjects(ctx: Ctx): Promise<ScrumProjectSummary[]> {
  const projects = await myScrumProjects(ctx);
  if (!projects.length) return [];
  const ids = projects.map((p) => p.id);
  const [active, backlog] = await Promise.all([
    scoped(ctx).selectFrom('task_sprint').select(['id', 'group_id', 'title', 'date_end']).where('group_id', 'in', ids).where('status', '=', 'active').execute(),
    scoped(ctx)
      .selectFrom('task')
      .select(['group_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('group_id', 'in', ids)
      .where('sprint_id', 'is', null)
      .where('status', '!=', 'completed')
      .groupBy('group_id')
      .execute(),
  ]);
  return projects.map((p) => {
    const sprint = active.find((s) => s.group_id === p.id);
    return {
      id: p.id,
      name: p.name,
      activeSprint: sprint ? { id: sprint.id, title: sprint.title, dateEnd: sprint.date_end } : null,
      backlogCount: Number(backlog.find((b) => b.group_id === p.id)?.n ?? 0),
    };
  });
}

/** «Планирование» and «Активный спринт»: epics, the open backlog in order, the sprints that are not over. */
export async function getBoard(ctx: Ctx, groupId: number): Promise<ScrumBoard> {
  const project = await scrumProject(ctx, groupId);
  const sprints = (await scoped(ctx).selectFrom('task_sprint').selectAll().where('group_id', '=', groupId).where('status', '!=', 'completed').orderBy('sort').orderBy('id').execute()) as SprintRow[];
  const sprintIds = sprints.map((s) => s.id);
  const [epics, tasks] = await Promise.all([
    epicsOf(ctx, groupId),
    projectTasks(ctx, groupId, (q) =>
      q.where((eb) => eb.or([eb.and([eb('task.sprint_id', 'is', null), eb('task.status', '!=', 'completed')]), ...(sprintIds.length ? [eb('task.sprint_id', 'in', sprintIds)] : [])])),
    ),
  ]);
  // The active sprint first, then the planned ones in their order.
  sprints.sort((a, b) => Number(b.status === 'active') - Number(a.status === 'active'));
  return {
    project,
    epics,
    backlog: await toItems(
      ctx,
      tasks.filter((t) => t.sprint_id === null),
    ),
    sprints: await toSprints(
      ctx,
      sprints,
      tasks.filter((t) => t.sprint_id !== null),
    ),
  };
}

const DAY = 86_400_000;
function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`) && out.length < 366; t += DAY) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

const VELOCITY_SPRINTS = 6;

/**
 * «Отчёты»: the burndown of the active sprint (else the last completed one) — the ideal line from
 * its planned points to zero over its days, and the points left at the end of each day from its
 * items' completion moments (none for days still ahead) — and the team's velocity: the points
 * completed in the last sprints.
 */
export async function getReports(ctx: Ctx, groupId: number, sprintId?: number): Promise<ScrumReports> {
  await scrumProject(ctx, groupId);
  const done = (await scoped(ctx)
    .selectFrom('task_sprint')
    .selectAll()
    .where('group_id', '=', groupId)
    .where('status', '=', 'completed')
    .orderBy('completed_at', 'desc')
    .limit(VELOCITY_SPRINTS)
    .execute()) as SprintRow[];
  const velocity = done.reverse().map((s) => ({ sprintId: s.id, title: s.title, planned: s.planned_points ?? 0, completed: s.completed_points ?? 0 }));
  let q = scoped(ctx).selectFrom('task_sprint').selectAll().where('group_id', '=', groupId).where('status', '!=', 'planned');
  q = sprintId ? q.where('id', '=', sprintId) : q.orderBy('status', 'asc').orderBy('started_at', 'desc');
  // 'active' sorts before 'completed': the running sprint wins, else the latest completed one.
  const sprint = (await q.executeTakeFirst()) as SprintRow | undefined;
  if (!sprint || !sprint.date_start || !sprint.date_end) return { sprint: null, burndown: [], velocity };
  // Every item of the sprint counts (the chart is the team's, whoever may open each task).
  const items = await scoped(ctx).selectFrom('task').select(['story_points', 'status', 'closed_at']).where('sprint_id', '=', sprint.id).execute();
  const planned = sprint.planned_points ?? pointsOf(items);
  const days = daysBetween(sprint.date_start, sprint.date_end);
  const today = dayOf(new Date().toISOString());
  const closed = items.filter((i) => i.status === 'completed' && i.closed_at).map((i) => ({ day: dayOf(i.closed_at!), points: i.story_points ?? 0 }));
  const last = Math.max(1, days.length - 1);
  const burndown = days.map((date, i) => ({
    date,
    ideal: Math.round(planned * (1 - i / last) * 10) / 10,
    remaining: sprint.status === 'active' && date > today ? null : Math.max(0, planned - closed.filter((c) => c.day <= date).reduce((s, c) => s + c.points, 0)),
  }));
  return { sprint: { id: sprint.id, title: sprint.title, status: sprint.status, plannedPoints: planned }, burndown, velocity };
}
