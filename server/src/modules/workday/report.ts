import { workdayEvents, type WorkdayCorrectionInput, type WorkdayCorrectionRequest, type WorkdayDayDetail, type WorkdayReport, type WorkdayReportQuery, type WorkInterval } from '@vavilon/contracts';
import { lockForUpdate, transaction, type Ctx } from '../../platform/context.js';
import { nowIso } from '../../platform/db/database.js';
import { scoped } from '../../platform/db/scoped.js';
import { AppError, errors } from '../../platform/errors.js';
import { recordEvent } from '../../platform/events/outbox.js';
import { t } from '../../platform/i18n/index.js';
import { defineNotificationRules, type NotificationDraft } from '../../platform/registry/registry.js';
import type { DomainEvent } from '../../platform/events/outbox.js';
import { activeUserIds, departmentMemberIds, departmentsHeadedBy, headsOfUser, people, subordinateIds, timeZoneOf, existingUserIds } from '../users/api.js';
import { holidaySet } from './calendar.js';
import { plannedMs, schedulesOf } from './schedules.js';
import { parseIntervals, toDay, type DayRow, workedOf } from './service.js';
import { localDate, monthDates, weekday, zonedInstant } from './time.js';

const DAY = 86_400_000;

/** Whether the actor manages the employee: an administrator, or the head above them. Nobody manages themselves here. */
export async function manages(ctx: Ctx, userId: number): Promise<boolean> {
  // Someone of another portal (or nobody) is "not found" to every reader, an administrator too.
  if (!(await existingUserIds(ctx, [userId])).has(userId)) throw errors.notFound();
  if (!ctx.actor) return true;
  if (ctx.actor.userId === userId) return false;
  if (ctx.actor.role === 'admin') return true;
  return (await subordinateIds(ctx, ctx.actor.userId)).includes(userId);
}

/** Whose days the report shows: a department (its head or an administrator), one employee, or by default what the actor may see. */
async function reportUsers(ctx: Ctx, q: Pick<WorkdayReportQuery, 'departmentId' | 'userId'>): Promise<number[]> {
  const me = ctx.actor?.userId ?? null;
  const admin = !ctx.actor || ctx.actor.role === 'admin';
  if (q.userId !== undefined) {
    if (q.userId !== me && !(await manages(ctx, q.userId))) throw errors.forbidden();
    return [q.userId];
  }
  if (q.departmentId !== undefined) {
    if (!admin && !(await departmentsHeadedBy(ctx, me)).some((d) => d.id === q.departmentId)) throw errors.forbidden();
    return departmentMemberIds(ctx, q.departmentId);
  }
  if (admin) return [...(await activeUserIds(ctx))].sort((a, b) => a - b);
  return [me!, ...(await subordinateIds(ctx, me!))];
}

/** «Учёт рабочего времени»: a month grid of days per employee with hours, late starts, early ends, missed days and totals vs the norm. */
export async function report(ctx: Ctx, q: WorkdayReportQuery, now = new Date()): Promise<WorkdayReport> {
  const ids = await reportUsers(ctx, q);
  const dates = monthDates(q.month);
  const [hol, schedules, persons] = await Promise.all([holidaySet(ctx, [Number(q.month.slice(0, 4))]), schedulesOf(ctx, ids), people(ctx, ids)]);
  const rows = ids.length
    ? await scoped(ctx)
        .selectFrom('workday_day')
        .select(['id', 'user_id', 'day', 'worked_ms', 'state', 'intervals', 'late', 'early', 'unclosed', 'corrected'])
        .where('user_id', 'in', ids)
        .where('day', '>=', dates[0]!)
        .where('day', '<=', dates[dates.length - 1]!)
        .execute()
    : [];
  const byUser = new Map<number, Map<string, (typeof rows)[number]>>();
  for (const r of rows) {
    let m = byUser.get(r.user_id);
    if (!m) byUser.set(r.user_id, (m = new Map()));
    m.set(r.day, r);
  }
  const today = localDate(now, ctx.actor ? await timeZoneOf(ctx, ctx.actor.userId) : 'Europe/Moscow');
  const weekdays = dates.map(weekday);
  const portalWorking = dates.map((d, i) => weekdays[i]! <= 5 && !hol.has(d));
  let normAll = 0;
  const out = ids
    .filter((id) => persons.has(id))
    .map((id) => {
      const s = schedules.get(id)!;
      const mine = byUser.get(id);
      const per = plannedMs(s);
      let worked = 0,
        norm = 0,
        late = 0,
        early = 0,
        missed = 0,
        unclosed = 0;
      const days = dates.map((date, i) => {
        const workingDay = s.workDays.includes(weekdays[i]!) && !hol.has(date);
        const r = mine?.get(date);
        const ms = r ? (r.state === 'finished' ? Number(r.worked_ms) : workedOf(parseIntervals(r.intervals), now)) : 0;
        const isMissed = workingDay && !r && date < today;
        if (workingDay) norm += per;
        worked += ms;
        if (r?.late) late++;
        if (r?.early) early++;
        if (r?.unclosed) unclosed++;
        if (isMissed) missed++;
        return { date, dayId: r?.id ?? null, workedMs: ms, late: !!r?.late, early: !!r?.early, unclosed: !!r?.unclosed, corrected: !!r?.corrected, missed: isMissed, workingDay };
      });
      normAll = Math.max(normAll, norm);
      const p = persons.get(id)!;
      return { user: { id, name: p.fullName, departmentId: p.departmentId }, days, workedMs: worked, normMs: norm, late, early, missed, unclosed };
    });
  return { month: q.month, dates: dates.map((date, i) => ({ date, workingDay: portalWorking[i]! })), rows: out, normMs: normAll };
}

/** The report as an xlsx: a row per employee, a column per date (hours), then the totals. */
export async function reportXlsx(ctx: Ctx, q: WorkdayReportQuery): Promise<Buffer> {
  const data = await report(ctx, q);
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ru = ctx.lang === 'ru';
  const sheet = wb.addWorksheet(ru ? 'Учёт рабочего времени' : 'Worktime');
  const hours = (ms: number) => Math.round((ms / 3_600_000) * 100) / 100;
  sheet.addRow([
    ru ? 'Сотрудник' : 'Employee',
    ...data.dates.map((d) => Number(d.date.slice(8))),
    ru ? 'Итого, ч' : 'Total, h',
    ru ? 'Норма, ч' : 'Norm, h',
    ru ? 'Опоздания' : 'Late',
    ru ? 'Ранние уходы' : 'Early',
    ru ? 'Пропуски' : 'Missed',
    ru ? 'Не завершён' : 'Not finished',
  ]);
  for (const r of data.rows)
    sheet.addRow([r.user.name, ...r.days.map((d) => (d.workedMs ? hours(d.workedMs) : d.missed ? (ru ? 'П' : 'M') : '')), hours(r.workedMs), hours(r.normMs), r.late, r.early, r.missed, r.unclosed]);
  sheet.getRow(1).font = { bold: true };
  sheet.getColumn(1).width = 30;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function dayRow(ctx: Ctx, userId: number, date: string, lock = false): Promise<DayRow | null> {
  const q = scoped(ctx).selectFrom('workday_day').selectAll().where('user_id', '=', userId).where('day', '=', date);
  return (await (lock ? lockForUpdate(ctx, q) : q).executeTakeFirst()) ?? null;
}

/** A day's detail: its intervals, report and history (the employee themself, their manager, an administrator). */
export async function dayDetail(ctx: Ctx, userId: number, date: string, now = new Date()): Promise<WorkdayDayDetail> {
  const mine = ctx.actor?.userId === userId;
  const manager = await manages(ctx, userId);
  if (!mine && !manager) throw errors.forbidden();
  const person = (await people(ctx, [userId])).get(userId);
  if (!person) throw errors.notFound();
  const row = await dayRow(ctx, userId, date);
  const [tz, schedules, hol] = await Promise.all([timeZoneOf(ctx, userId), schedulesOf(ctx, [userId]), holidaySet(ctx, [Number(date.slice(0, 4))])]);
  const schedule = schedules.get(userId)!;
  const day = toDay(row, { userId, date, tz, schedule, workingDay: schedule.workDays.includes(weekday(date)) && !hol.has(date) }, now);
  const hist = row ? await scoped(ctx).selectFrom('workday_history').selectAll().where('day_id', '=', row.id).orderBy('id').execute() : [];
  const actors = await people(
    ctx,
    hist.map((h) => h.actor_id),
  );
  return {
    ...day,
    user: { id: userId, name: person.fullName },
    history: hist.map((h) => ({
      id: h.id,
      action: h.action,
      actor: h.actor_id && actors.has(h.actor_id) ? { id: h.actor_id, name: actors.get(h.actor_id)!.fullName } : null,
      reason: h.reason,
      old: h.old_intervals ? (JSON.parse(h.old_intervals) as WorkInterval[]) : null,
      new: h.new_intervals ? (JSON.parse(h.new_intervals) as WorkInterval[]) : null,
      at: h.created_at,
    })),
    abilities: { edit: manager, requestCorrection: mine && !!row && row.state === 'finished' },
  };
}

/** Intervals in order, not overlapping, all within a day's span (a break cannot be longer than the day). */
function checkIntervals(intervals: { start: string; end: string }[], date: string, tz: string): WorkInterval[] {
  const list = intervals.map((i) => ({ start: new Date(i.start).toISOString(), end: new Date(i.end).toISOString() }));
  const dayStart = zonedInstant(date, '00:00', tz).getTime();
  for (let k = 0; k < list.length; k++) {
    const i = list[k]!;
    if (Date.parse(i.end) <= Date.parse(i.start) || (k > 0 && Date.parse(i.start) < Date.parse(list[k - 1]!.end))) throw errors.field(`intervals.${k}`, 'workday.intervals_order');
    if (Date.parse(i.start) < dayStart || Date.parse(i.end) > dayStart + 2 * DAY) throw errors.field(`intervals.${k}`, 'workday.intervals_day');
  }
  if (Date.parse(list[list.length - 1]!.end) - Date.parse(list[0]!.start) > DAY) throw errors.field('intervals', 'workday.intervals_day');
  return list;
}

/** Writes new intervals into a day (creating a missed one), flags it corrected and confirmed, and keeps the old values with the reason. */
async function applyCorrection(tx: Ctx, userId: number, date: string, intervals: WorkInterval[], reason: string, o: { version?: number; requestId?: number } = {}): Promise<void> {
  const row = await dayRow(tx, userId, date, true);
  if (row && o.version !== undefined && o.version !== row.version) throw errors.conflict();
  const tz = row?.time_zone ?? (await timeZoneOf(tx, userId));
  const schedule = (await schedulesOf(tx, [userId])).get(userId)!;
  const plannedStart = row?.planned_start ?? (schedule.kind === 'free' ? null : zonedInstant(date, schedule.start, tz).toISOString());
  const plannedEnd = row?.planned_end ?? (schedule.kind === 'free' ? null : zonedInstant(date, schedule.end, tz).toISOString());
  const fixed = schedule.kind === 'fixed';
  const late = fixed && !!plannedStart && Date.parse(intervals[0]!.start) > Date.parse(plannedStart) + schedule.allowedLateMinutes * 60_000;
  const early = fixed && !!plannedEnd && Date.parse(intervals[intervals.length - 1]!.end!) < Date.parse(plannedEnd);
  const set = {
    state: 'finished' as const,
    intervals: JSON.stringify(intervals),
    worked_ms: workedOf(intervals, new Date()),
    late: late ? 1 : 0,
    early: early ? 1 : 0,
    unclosed: 0,
    corrected: 1,
    confirmed: 1,
    updated_at: nowIso(),
  };
  let id: number;
  if (row) {
    await scoped(tx).updateVersioned('workday_day', row.id, row.version, set);
    id = row.id;
  } else {
    const r = await scoped(tx)
      .insertInto('workday_day', {
        user_id: userId,
        day: date,
        time_zone: tz,
        planned_start: plannedStart,
        planned_end: plannedEnd,
        report: '',
        late_reason: '',
        early_reason: '',
        version: 1,
        created_at: nowIso(),
        ...set,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    id = r.id;
  }
  await scoped(tx)
    .insertInto('workday_history', {
      day_id: id,
      actor_id: tx.actor?.userId ?? null,
      action: 'corrected',
      reason,
      old_intervals: row ? row.intervals : '[]',
      new_intervals: JSON.stringify(intervals),
      created_at: nowIso(),
    })
    .execute();
  await recordEvent(tx, workdayEvents.corrected, { entityType: 'workday', entityId: id, payload: { userId, date, reason, by: tx.actor?.userId ?? null, requestId: o.requestId ?? null } });
}

/** «Изменить»: a manager sets an employee's day with a required reason; their own day and others' departments are refused. */
export async function correctDay(ctx: Ctx, userId: number, date: string, input: WorkdayCorrectionInput): Promise<WorkdayDayDetail> {
  if (ctx.actor?.userId === userId) throw new AppError(403, 'forbidden', 'workday.own_day');
  if (!(await manages(ctx, userId))) throw errors.forbidden();
  if (!input.reason) throw errors.field('reason', 'workday.reason_required');
  const tz = await timeZoneOf(ctx, userId);
  const intervals = checkIntervals(input.intervals, date, tz);
  await transaction(ctx, (tx) => applyCorrection(tx, userId, date, intervals, input.reason, { version: input.version }));
  return dayDetail(ctx, userId, date);
}

/** An employee asks their manager to correct a finished day of theirs. */
export async function requestCorrection(ctx: Ctx, userId: number, date: string, input: WorkdayCorrectionInput): Promise<WorkdayCorrectionRequest> {
  if (ctx.actor?.userId !== userId) throw errors.forbidden();
  if (!input.reason) throw errors.field('reason', 'workday.reason_required');
  const row = await dayRow(ctx, userId, date);
  if (!row) throw errors.notFound();
  const intervals = checkIntervals(input.intervals, date, row.time_zone);
  const id = await transaction(ctx, async (tx) => {
    const r = await scoped(tx)
      .insertInto('workday_request', {
        day_id: row.id,
        user_id: userId,
        intervals: JSON.stringify(intervals),
        reason: input.reason,
        status: 'pending',
        decided_by: null,
        decided_at: null,
        created_at: nowIso(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const heads = await headsOfUser(tx, userId);
    await recordEvent(tx, workdayEvents.correctionRequested, { entityType: 'workday', entityId: row.id, payload: { userId, date, requestId: r.id, heads } });
    return r.id;
  });
  return (await listCorrections(ctx)).items.find((i) => i.id === id)!;
}

/** The requests the actor made or may decide, newest first. */
export async function listCorrections(ctx: Ctx): Promise<{ items: WorkdayCorrectionRequest[] }> {
  const me = ctx.actor?.userId ?? null;
  const admin = !ctx.actor || ctx.actor.role === 'admin';
  const subs = admin || me === null ? null : await subordinateIds(ctx, me);
  let q = scoped(ctx)
    .selectFrom('workday_request')
    .innerJoin('workday_day', 'workday_day.id', 'workday_request.day_id')
    .select([
      'workday_request.id',
      'workday_request.day_id',
      'workday_request.user_id',
      'workday_request.intervals',
      'workday_request.reason',
      'workday_request.status',
      'workday_request.decided_by',
      'workday_request.created_at',
      'workday_day.day',
    ])
    .orderBy('workday_request.id', 'desc')
    .limit(200);
  if (subs) q = q.where('workday_request.user_id', 'in', [me!, ...subs]);
  const rows = await q.execute();
  const names = await people(
    ctx,
    rows.flatMap((r) => [r.user_id, r.decided_by]),
  );
  const ref = (id: number | null) => (id && names.has(id) ? { id, name: names.get(id)!.fullName } : null);
  return {
    items: rows.map((r) => ({
      id: r.id,
      dayId: r.day_id,
      date: r.day,
      user: ref(r.user_id) ?? { id: r.user_id, name: '' },
      intervals: JSON.parse(r.intervals) as WorkInterval[],
      reason: r.reason,
      status: r.status,
      decidedBy: ref(r.decided_by),
      createdAt: r.created_at,
      abilities: { decide: r.status === 'pending' && r.user_id !== me && (admin || !!subs?.includes(r.user_id)) },
    })),
  };
}

/** A manager approves (the intervals are written with the request's reason) or declines a request. */
export async function decideCorrection(ctx: Ctx, id: number, approve: boolean): Promise<WorkdayCorrectionRequest> {
  await transaction(ctx, async (tx) => {
    const req = await lockForUpdate(tx, scoped(tx).selectFrom('workday_request').selectAll().where('id', '=', id)).executeTakeFirst();
    if (!req) throw errors.notFound();
    if (!(await manages(tx, req.user_id))) throw errors.forbidden();
    if (req.status !== 'pending') throw new AppError(400, 'workday_decided', 'workday.request_decided');
    const day = await scoped(tx).selectFrom('workday_day').select(['day']).where('id', '=', req.day_id).executeTakeFirstOrThrow();
    await scoped(tx)
      .updateTable('workday_request')
      .set({ status: approve ? 'approved' : 'declined', decided_by: tx.actor?.userId ?? null, decided_at: nowIso() })
      .where('id', '=', id)
      .execute();
    if (approve) await applyCorrection(tx, req.user_id, day.day, JSON.parse(req.intervals) as WorkInterval[], req.reason, { requestId: id });
    await recordEvent(tx, workdayEvents.correctionDecided, {
      entityType: 'workday',
      entityId: req.day_id,
      payload: { userId: req.user_id, date: day.day, requestId: id, approved: approve, by: tx.actor?.userId ?? null },
    });
  });
  return (await listCorrections(ctx)).items.find((i) => i.id === id)!;
}

async function notify(ctx: Ctx, e: DomainEvent): Promise<NotificationDraft[]> {
  const p = e.payload as { userId: number; date: string; heads?: number[]; approved?: boolean; reason?: string; by?: number | null; requestId?: number | null };
  const persons = await people(ctx, [p.userId, ...(p.heads ?? [])]);
  const owner = persons.get(p.userId);
  const url = `/timeman?user=${p.userId}&date=${p.date}`;
  if (e.type === workdayEvents.correctionRequested.name)
    return (p.heads ?? [])
      .filter((h) => persons.get(h)?.active)
      .map((h) => ({
        userId: h,
        kind: 'workday.requested',
        title: t(persons.get(h)!.language, 'workday.notify.requested', { name: owner?.fullName ?? '', date: p.date }),
        body: '',
        url: '/timeman/corrections',
      }));
  if (!owner?.active || p.by === p.userId) return [];
  if (e.type === workdayEvents.correctionDecided.name)
    return [{ userId: p.userId, kind: 'workday.decided', title: t(owner.language, p.approved ? 'workday.notify.approved' : 'workday.notify.declined', { date: p.date }), body: '', url }];
  if (e.type === workdayEvents.corrected.name && p.by !== null && !p.requestId)
    return [{ userId: p.userId, kind: 'workday.corrected', title: t(owner.language, 'workday.notify.corrected', { date: p.date, reason: p.reason ?? '' }), body: '', url }];
  return [];
}

/** Corrections are told: a request to the employee's heads, a decision and a manager's change to the employee. */
export const workdayNotificationRules = defineNotificationRules({ events: [workdayEvents.correctionRequested, workdayEvents.correctionDecided, workdayEvents.corrected], build: notify as never });
