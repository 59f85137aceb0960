import { sql } from 'kysely';
import type { ReportFigures, ReportQuery, ReportRow, ReportScopes, TaskReport } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import { nowIso } from '../../../platform/db/database.js';
import { scoped } from '../../../platform/db/scoped.js';
import { AppError, errors } from '../../../platform/errors.js';
import { groupRefs, groupRoles, memberGroupIds, memberIdsOf } from '../../groups/api.js';
import { activeUserIds, departmentMemberIds, departmentsHeadedBy, people, subordinateIds, timeZoneOf, userRefs } from '../../users/api.js';
import { readableTasks, viewerFor } from '../access.js';
import { instantOf } from '../templates/recurrence.js';

/**
 * Reports («Отчёты») over a period, per person responsible:
 *   assigned           tasks they are responsible for, created or due in the period;
 *   completed          of those, completed;
 *   completedOnTime    completed with no deadline or by it;
 *   overdue            with a violation: completed after the deadline, or open past it;
 *   efficiency         100 − overdue / assigned × 100 (Bitrix24's share of tasks without violations);
 *   timeSpentSeconds   what they tracked (task_time) in the period.
 * Only tasks the viewer may read count (`readableTasks`).
 */

/** `readableTasks` for a viewer; no condition at all for an administrator (a bound `true` is not a value SQLite takes). */

const forbidden = () => new AppError(403, 'forbidden', 'tasks.report.forbidden');

interface Subject {
  title: string;
  userIds: number[];
  groupId: number | null;
}

/** Whom the viewer may report on: themselves; the people they head; a department they head; a group they moderate; administrators anyone. */
async function subjectOf(ctx: Ctx, q: ReportQuery): Promise<Subject> {
  const me = ctx.actor!.userId;
  const admin = ctx.actor!.role === 'admin';
  switch (q.scope) {
    case 'me':
    case 'user': {
      const id = q.scope === 'me' ? me : q.id;
      if (!id) throw errors.field('id', 'tasks.report.id_required');
      const person = (await people(ctx, [id])).get(id);
      if (!person) throw errors.notFound();
      if (id !== me && !admin && !(await subordinateIds(ctx, me)).includes(id)) throw forbidden();
      return { title: person.fullName, userIds: [id], groupId: null };
    }
    case 'department': {
      if (!q.id) throw errors.field('id', 'tasks.report.id_required');
      const all = await departmentsHeadedBy(ctx, null);
      const dept = all.find((d) => d.id === q.id);
      if (!dept) throw errors.notFound();
      if (!admin && !(await departmentsHeadedBy(ctx, me)).some((d) => d.id === q.id)) throw forbidden();
      return { title: dept.name, userIds: await departmentMemberIds(ctx, q.id), groupId: null };
    }
    case 'group': {
      if (!q.id) throw errors.field('id', 'tasks.report.id_required');
      const group = (await groupRefs(ctx, [q.id])).get(q.id);
      if (!group) throw errors.notFound();
      if (!admin) {
        const role = (await groupRoles(ctx, me, [q.id])).get(q.id);
        if (!role) throw errors.notFound();
        if (role !== 'owner' && role !== 'moderator') throw forbidden();
      }
      return { title: group.name, userIds: await memberIdsOf(ctx, q.id), groupId: q.id };
    }
  }
}

/** The period as instants: from the first day's midnight to the midnight after the last day, in the viewer's zone. */
async function periodOf(ctx: Ctx, q: ReportQuery): Promise<{ from: string; to: string }> {
  if (q.to < q.from) throw errors.field('to', 'tasks.report.period_invalid');
  const days = (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000;
  if (days > 366) throw errors.field('to', 'tasks.report.period_too_long');
  const tz = await timeZoneOf(ctx, ctx.actor!.userId);
  const after = new Date(Date.parse(`${q.to}T00:00:00Z`) + 86_400_000);
  return { from: instantOf(new Date(`${q.from}T00:00:00Z`), tz).toISOString(), to: instantOf(after, tz).toISOString() };
}

const efficiency = (f: { assigned: number; overdue: number }) => (f.assigned ? Math.round((100 - (f.overdue / f.assigned) * 100) * 10) / 10 : null);
const n = (v: unknown) => Number(v ?? 0);

/** The people's tasks created or due in the period: two index ranges per person (created, deadline) instead of a scan. */
function periodTaskIds(ctx: Ctx, userIds: number[], from: string, to: string) {
  const people = userIds.length ? userIds : [0];
  // Uncorrelated: the inner `task` is its own table, not the outer statement's row.
  const part = (column: 'created_at' | 'deadline') =>
    scoped(ctx).selectFrom('task').select('task.id').where('task.responsible_id', 'in', people).where(`task.${column}`, '>=', from).where(`task.${column}`, '<', to);
  return part('created_at').union(part('deadline'));
}

/** The statement of the figures per responsible (the bench prints it beside its time). */
export async function figuresQuery(ctx: Ctx, userIds: number[], groupId: number | null, from: string, to: string, now = nowIso()) {
  const viewer = await viewerFor(ctx);
  const open = sql`task.status in ('pending', 'in_progress', 'review')`;
  const late = sql`(task.deadline is not null and ((${open} and task.deadline < ${now}) or (task.status = 'completed' and task.closed_at > task.deadline)))`;
  let q = scoped(ctx)
    .selectFrom('task')
    .select([
      'task.responsible_id',
      sql<number>`count(*)`.as('assigned'),
      sql<number>`sum(case when task.status = 'completed' then 1 else 0 end)`.as('completed'),
      sql<number>`sum(case when task.status = 'completed' and (task.deadline is null or task.closed_at <= task.deadline) then 1 else 0 end)`.as('on_time'),
      sql<number>`sum(case when ${late} then 1 else 0 end)`.as('overdue'),
    ])
    .where('task.id', 'in', periodTaskIds(ctx, userIds, from, to))
    .where(readableTasks(ctx, viewer))
    .groupBy('task.responsible_id');
  if (groupId !== null) q = q.where('task.group_id', '=', groupId);
  return q;
}

export async function timeQuery(ctx: Ctx, userIds: number[], groupId: number | null, from: string, to: string) {
  const viewer = await viewerFor(ctx);
  let q = scoped(ctx)
    .selectFrom('task_time')
    .innerJoin('task', 'task.id', 'task_time.task_id')
    .select(['task_time.user_id', sql<number>`sum(task_time.seconds)`.as('seconds')])
    .where('task_time.user_id', 'in', userIds.length ? userIds : [0])
    .where('task_time.started_at', '>=', from)
    .where('task_time.started_at', '<', to)
    .where(readableTasks(ctx, viewer))
    .groupBy('task_time.user_id');
  if (groupId !== null) q = q.where('task.group_id', '=', groupId);
  return q;
}

/** Completed and overdue per week (Monday) of the period, for one person's chart. */
async function weeksOf(ctx: Ctx, userId: number, groupId: number | null, period: { from: string; to: string }, q: ReportQuery) {
  const viewer = await viewerFor(ctx);
  const now = nowIso();
  let rq = scoped(ctx)
    .selectFrom('task')
    .select(['task.status', 'task.deadline', 'task.closed_at', 'task.created_at'])
    .where('task.responsible_id', '=', userId)
    .where((eb) =>
      eb.or([eb.and([eb('task.created_at', '>=', period.from), eb('task.created_at', '<', period.to)]), eb.and([eb('task.deadline', '>=', period.from), eb('task.deadline', '<', period.to)])]),
    )
    .where(readableTasks(ctx, viewer));
  if (groupId !== null) rq = rq.where('task.group_id', '=', groupId);
  const rows = await rq.execute();
  const monday = (iso: string) => {
    const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
    return d.toISOString().slice(0, 10);
  };
  const weeks = new Map<string, { weekStart: string; completed: number; overdue: number }>();
  for (let d = monday(q.from); d <= q.to; d = new Date(Date.parse(d) + 7 * 86_400_000).toISOString().slice(0, 10)) weeks.set(d, { weekStart: d, completed: 0, overdue: 0 });
  for (const r of rows) {
    const at = r.deadline && r.deadline >= period.from && r.deadline < period.to ? r.deadline : r.created_at;
    const w = weeks.get(monday(new Date(at).toISOString()));
    if (!w) continue;
    if (r.status === 'completed') w.completed++;
    const isLate = !!r.deadline && ((['pending', 'in_progress', 'review'].includes(r.status) && r.deadline < now) || (r.status === 'completed' && !!r.closed_at && r.closed_at > r.deadline));
    if (isLate) w.overdue++;
  }
  return [...weeks.values()];
}

export async function taskReport(ctx: Ctx, q: ReportQuery): Promise<TaskReport> {
  const subject = await subjectOf(ctx, q);
  const period = await periodOf(ctx, q);
  const [figures, times, refs] = await Promise.all([
    (await figuresQuery(ctx, subject.userIds, subject.groupId, period.from, period.to)).execute(),
    (await timeQuery(ctx, subject.userIds, subject.groupId, period.from, period.to)).execute(),
    userRefs(ctx, subject.userIds),
  ]);
  const rows: ReportRow[] = subject.userIds
    .flatMap((id) => refs.get(id) ?? [])
    .map((user) => {
      const f = figures.find((r) => r.responsible_id === user.id);
      const base = { assigned: n(f?.assigned), completed: n(f?.completed), completedOnTime: n(f?.on_time), overdue: n(f?.overdue) };
      return { user, ...base, efficiency: efficiency(base), timeSpentSeconds: n(times.find((t) => t.user_id === user.id)?.seconds) };
    })
    .sort((a, b) => a.user.fullName.localeCompare(b.user.fullName, 'ru'));
  const sum = (k: 'assigned' | 'completed' | 'completedOnTime' | 'overdue' | 'timeSpentSeconds') => rows.reduce((s, r) => s + r[k], 0);
  const base = { assigned: sum('assigned'), completed: sum('completed'), completedOnTime: sum('completedOnTime'), overdue: sum('overdue') };
  const totals: ReportFigures = { ...base, efficiency: efficiency(base), timeSpentSeconds: sum('timeSpentSeconds') };
  const weeks = subject.userIds.length === 1 && (q.scope === 'me' || q.scope === 'user') ? await weeksOf(ctx, subject.userIds[0]!, subject.groupId, period, q) : [];
  return { scope: q.scope, title: subject.title, from: q.from, to: q.to, rows, totals, weeks };
}

/** What the scope picker offers: the people and departments the viewer heads (all for administrators), the groups they moderate. */
export async function reportScopes(ctx: Ctx): Promise<ReportScopes> {
  const me = ctx.actor!.userId;
  const admin = ctx.actor!.role === 'admin';
  const departments = await departmentsHeadedBy(ctx, admin ? null : me);
  let groupIds: number[];
  if (admin) groupIds = (await scoped(ctx).selectFrom('work_group').select('id').execute()).map((g) => g.id);
  else {
    const roles = await groupRoles(ctx, me, await memberGroupIds(ctx, me));
    groupIds = [...roles].filter(([, r]) => r === 'owner' || r === 'moderator').map(([g]) => g);
  }
  const groups = [...(await groupRefs(ctx, groupIds)).values()].filter((g) => !g.archived).map((g) => ({ id: g.id, name: g.name }));
  const peopleIds = admin ? [...(await activeUserIds(ctx))] : await subordinateIds(ctx, me);
  const refs = await userRefs(ctx, [me, ...peopleIds]);
  return {
    departments,
    groups: groups.sort((a, b) => a.name.localeCompare(b.name, 'ru')),
    people: [...refs.values()].sort((a, b) => a.fullName.localeCompare(b.fullName, 'ru')),
  };
}

const hours = (s: number) => Math.round((s / 3600) * 100) / 100;

/** The report as an Excel workbook with the same figures as the page. */
export async function reportWorkbook(ctx: Ctx, q: ReportQuery): Promise<{ buffer: Buffer; name: string }> {
  const report = await taskReport(ctx, q);
  const { default: ExcelJS } = await import('exceljs');
  const ru = ctx.lang !== 'en';
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(ru ? 'Отчёт' : 'Report');
  ws.addRow([`${report.title}: ${report.from} — ${report.to}`]).font = { bold: true };
  ws.addRow([]);
  const header = ru
    ? ['Сотрудник', 'Поставлено', 'Завершено', 'Завершено в срок', 'Просрочено', 'Эффективность, %', 'Затрачено, ч']
    : ['Employee', 'Assigned', 'Completed', 'Completed on time', 'Overdue', 'Efficiency, %', 'Time spent, h'];
  ws.addRow(header).font = { bold: true };
  const line = (name: string, f: ReportFigures) => [name, f.assigned, f.completed, f.completedOnTime, f.overdue, f.efficiency ?? '', hours(f.timeSpentSeconds)];
  for (const r of report.rows) ws.addRow(line(r.user.fullName, r));
  ws.addRow(line(ru ? 'Итого' : 'Total', report.totals)).font = { bold: true };
  ws.addRow([]);
  ws.addRow([ru ? 'Эффективность = 100 − просроченные / поставленные × 100' : 'Efficiency = 100 − overdue / assigned × 100']);
  ws.columns.forEach((c, i) => (c.width = i === 0 ? 32 : 16));
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  return { buffer, name: `${ru ? 'Отчёт по задачам' : 'Task report'} ${report.from} — ${report.to}.xlsx` };
}
