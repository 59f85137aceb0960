import type { ScheduleScope, WorkdaySchedule, WorkdayScheduleInput, WorkdaySchedulePut } from '@vavilon/contracts';
import { transaction, type Ctx } from '../../platform/context.js';
import { nowIso } from '../../platform/db/database.js';
import { scoped } from '../../platform/db/scoped.js';
import { errors } from '../../platform/errors.js';
import { departmentsHeadedBy, existingUserIds, people } from '../users/api.js';
import { minutesOf } from './time.js';

/** The portal's schedule until an administrator sets one: 09:00–18:00, lunch 13:00–14:00, Monday to Friday. */
export const DEFAULT_SCHEDULE: WorkdayScheduleInput = {
  kind: 'fixed',
  start: '09:00',
  end: '18:00',
  lunchStart: '13:00',
  lunchEnd: '14:00',
  workDays: [1, 2, 3, 4, 5],
  allowedLateMinutes: 15,
  reasonRequired: false,
  autoClose: 'schedule_end',
  autoCloseHours: 12,
  ipRanges: [],
};

interface Row {
  id: number;
  scope: ScheduleScope;
  target_id: number | null;
  body: string;
  version: number;
}

const toSchedule = (r: Row): WorkdaySchedule => ({
  ...DEFAULT_SCHEDULE,
  ...(JSON.parse(r.body) as WorkdayScheduleInput),
  id: r.id,
  scope: r.scope,
  targetId: r.target_id,
  targetName: null,
  version: r.version,
});

const SCOPE_ORDER: Record<ScheduleScope, number> = { portal: 0, department: 1, user: 2 };

/** The portal's schedule first (the default one until set), then departments' and employees', with their names. */
export async function listSchedules(ctx: Ctx): Promise<{ items: WorkdaySchedule[] }> {
  const rows = await scoped(ctx).selectFrom('workday_schedule').select(['id', 'scope', 'target_id', 'body', 'version']).orderBy('id').execute();
  const items = rows.map(toSchedule);
  const [depts, persons] = await Promise.all([
    items.some((s) => s.scope === 'department') ? departmentsHeadedBy(ctx, null) : [],
    people(
      ctx,
      items.filter((s) => s.scope === 'user').map((s) => s.targetId),
    ),
  ]);
  const deptName = new Map(depts.map((d) => [d.id, d.name]));
  for (const s of items) s.targetName = s.targetId === null ? null : ((s.scope === 'department' ? deptName.get(s.targetId) : persons.get(s.targetId)?.fullName) ?? null);
  if (!items.some((s) => s.scope === 'portal')) items.unshift({ ...DEFAULT_SCHEDULE, id: null, scope: 'portal', targetId: null, targetName: null, version: 0 });
  items.sort((a, b) => SCOPE_ORDER[a.scope] - SCOPE_ORDER[b.scope] || (a.targetName ?? '').localeCompare(b.targetName ?? '', 'ru'));
  return { items };
}

/** Removes a department's or employee's own schedule (they follow the wider one again), or resets the portal's to the default. */
export async function deleteSchedule(ctx: Ctx, id: number): Promise<{ items: WorkdaySchedule[] }> {
  if (ctx.actor && ctx.actor.role !== 'admin') throw errors.forbidden();
  const gone = await scoped(ctx).deleteFrom('workday_schedule').where('id', '=', id).executeTakeFirst();
  if (!Number(gone.numDeletedRows)) throw errors.notFound();
  return listSchedules(ctx);
}

/** The schedule of each employee: their own, else their department's, else the portal's. */
export async function schedulesOf(ctx: Ctx, userIds: number[]): Promise<Map<number, WorkdayScheduleInput>> {
  const rows = (await scoped(ctx).selectFrom('workday_schedule').select(['id', 'scope', 'target_id', 'body', 'version']).execute()).map(toSchedule);
  const portal = rows.find((r) => r.scope === 'portal') ?? DEFAULT_SCHEDULE;
  const byUser = new Map(rows.filter((r) => r.scope === 'user').map((r) => [r.targetId, r]));
  const byDept = new Map(rows.filter((r) => r.scope === 'department').map((r) => [r.targetId, r]));
  const persons = byDept.size ? await people(ctx, userIds) : new Map();
  const out = new Map<number, WorkdayScheduleInput>();
  for (const id of userIds) {
    const dept = persons.get(id)?.departmentId ?? null;
    out.set(id, byUser.get(id) ?? (dept !== null ? byDept.get(dept) : undefined) ?? portal);
  }
  return out;
}

export async function scheduleOf(ctx: Ctx, userId: number): Promise<WorkdayScheduleInput> {
  return (await schedulesOf(ctx, [userId])).get(userId)!;
}

/** Planned work of a day in ms: the hours minus lunch (free hours: the same length). */
export function plannedMs(s: WorkdayScheduleInput): number {
  let m = minutesOf(s.end) - minutesOf(s.start);
  if (m <= 0) m += 24 * 60;
  if (s.lunchStart && s.lunchEnd) m -= Math.max(0, minutesOf(s.lunchEnd) - minutesOf(s.lunchStart));
  return m * 60_000;
}

/** Sets the schedule of the portal, a department or an employee (administrators only). */
export async function putSchedule(ctx: Ctx, input: WorkdaySchedulePut): Promise<WorkdaySchedule> {
  if (ctx.actor && ctx.actor.role !== 'admin') throw errors.forbidden();
  const fields = [];
  if ((input.scope === 'portal') !== (input.targetId === null)) fields.push({ field: 'targetId', message: 'workday.schedule_target' as const });
  if ((input.lunchStart === null) !== (input.lunchEnd === null)) fields.push({ field: 'lunchEnd', message: 'workday.lunch_pair' as const });
  if (input.lunchStart && input.lunchEnd && minutesOf(input.lunchEnd) <= minutesOf(input.lunchStart)) fields.push({ field: 'lunchEnd', message: 'workday.lunch_order' as const });
  if (input.kind === 'fixed' && minutesOf(input.end) <= minutesOf(input.start)) fields.push({ field: 'end', message: 'workday.end_before_start' as const });
  if (fields.length) throw errors.validation(fields);
  const { scope, targetId, version, ...body } = input;
  // The target must be of this portal: a department or an employee someone here can see.
  if (targetId !== null) {
    const known = scope === 'department' ? (await departmentsHeadedBy(ctx, null)).some((d) => d.id === targetId) : (await existingUserIds(ctx, [targetId])).has(targetId);
    if (!known) throw errors.field('targetId', 'workday.schedule_target_missing');
  }
  const id = await transaction(ctx, async (tx) => {
    let q = scoped(tx).selectFrom('workday_schedule').select(['id', 'version']).where('scope', '=', scope);
    q = targetId === null ? q.where('target_id', 'is', null) : q.where('target_id', '=', targetId);
    const row = await q.executeTakeFirst();
    if (row) {
      if (version !== undefined && version !== row.version) throw errors.conflict();
      await scoped(tx).updateVersioned('workday_schedule', row.id, row.version, { body: JSON.stringify(body), updated_at: nowIso() });
      return row.id;
    }
    const r = await scoped(tx)
      .insertInto('workday_schedule', { scope, target_id: targetId, body: JSON.stringify(body), version: 1, updated_at: nowIso() })
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  });
  return (await listSchedules(ctx)).items.find((s) => s.id === id)!;
}
