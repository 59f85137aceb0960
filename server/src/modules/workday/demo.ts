import type { WorkdayState, WorkInterval } from '@vavilon/contracts';
import type { Ctx } from '../../platform/context.js';
import { nowIso } from '../../platform/db/database.js';
import { scoped } from '../../platform/db/scoped.js';
import type { DemoSeed } from '../../platform/registry/registry.js';
import { timeZoneOf } from '../users/api.js';
import { holidaySet } from './calendar.js';
import { DEFAULT_SCHEDULE } from './schedules.js';
import { workedOf } from './service.js';
import { localDate, minutesOf, weekday, zonedInstant } from './time.js';

const DAY = 86_400_000;

/** A stable spread of minutes for a person and a day, so the demo month looks lived in and is the same on every start. */
const jitter = (user: number, k: number, span: number) => ((user * 7919 + k * 104729) % 9973) % span;
const hm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/**
 * Four weeks of the demo people's workdays under the default schedule (09:00–18:00, lunch at
 * 13:00): a few late starts and early ends, one missed day, one day left open and closed by the
 * rule, one corrected by the head with a reason, a request waiting for the head of sales; today
 * one telemarketing manager is at work and the head of sales is on a break. The director's day
 * (and Иван Кузнецов's) is not started, so «Начать рабочий день» is what the demo shows first.
 */
export async function seedDemoWorkday(ctx: Ctx, seed: DemoSeed): Promise<void> {
  const { headTm, tm1, tm2, headSales, sales1 } = seed.users as Record<string, number>;
  const people = [headTm!, tm1!, tm2!, headSales!, sales1!];
  const now = new Date();
  const tz = await timeZoneOf(ctx, tm1!);
  const today = localDate(now, tz);
  const hol = await holidaySet(ctx, [Number(today.slice(0, 4)) - 1, Number(today.slice(0, 4))]);
  const dates: string[] = [];
  for (let k = 28; k >= 1; k--) {
    const date = localDate(new Date(now.getTime() - k * DAY), tz);
    if (DEFAULT_SCHEDULE.workDays.includes(weekday(date)) && !hol.has(date)) dates.push(date);
  }
  const at = (date: string, minutes: number) => zonedInstant(date, hm(minutes), tz).toISOString();
  const days: { user: number; date: string; intervals: WorkInterval[]; late: boolean; early: boolean; unclosed: boolean; report: string; lateReason: string }[] = [];
  for (const user of people) {
    dates.forEach((date, k) => {
      if (user === tm2 && k === 3) return; // a missed day
      const start = 8 * 60 + 45 + jitter(user, k, 40); // 08:45–09:24
      const end = 17 * 60 + 50 + jitter(user, k + 11, 45); // 17:50–18:34
      const unclosed = user === tm2 && k === dates.length - 4;
      const intervals = [
        { start: at(date, start), end: at(date, 13 * 60) },
        { start: at(date, 14 * 60), end: at(date, unclosed ? 18 * 60 : end) },
      ];
      days.push({
        user,
        date,
        intervals,
        late: start > 9 * 60 + DEFAULT_SCHEDULE.allowedLateMinutes,
        early: !unclosed && end < 18 * 60,
        unclosed,
        report: k % 3 === 0 ? 'Обзвонил базу, назначил две встречи' : '',
        lateReason: start > 9 * 60 + DEFAULT_SCHEDULE.allowedLateMinutes && k % 2 === 0 ? 'Пробки на МКАД' : '',
      });
    });
  }
  const stamp = nowIso();
  const rows = days.map((d) => ({
    user_id: d.user,
    day: d.date,
    time_zone: tz,
    state: 'finished' as WorkdayState,
    intervals: JSON.stringify(d.intervals),
    worked_ms: workedOf(d.intervals, now),
    planned_start: at(d.date, 9 * 60),
    planned_end: at(d.date, 18 * 60),
    report: d.report,
    late_reason: d.lateReason,
    early_reason: '',
    late: d.late ? 1 : 0,
    early: d.early ? 1 : 0,
    unclosed: d.unclosed ? 1 : 0,
    corrected: 0,
    confirmed: 0,
    version: 1,
    created_at: stamp,
    updated_at: stamp,
  }));
  // Today: who is at work by now (the demo may start before nine; then nobody is).
  const nowMin = minutesOf(now.toLocaleTimeString('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }));
  if (DEFAULT_SCHEDULE.workDays.includes(weekday(today)) && !hol.has(today) && nowMin > 9 * 60 + 10) {
    for (const [user, startMin, state] of [
      [tm2!, 9 * 60 + 27, 'working'],
      [headSales!, 9 * 60 + 2, 'paused'],
    ] as const) {
      const pauseAt = Math.max(startMin + 5, nowMin - 10);
      const intervals: WorkInterval[] = state === 'working' ? [{ start: at(today, startMin), end: null }] : [{ start: at(today, startMin), end: at(today, pauseAt) }];
      rows.push({
        ...rows[0]!,
        user_id: user,
        day: today,
        state,
        intervals: JSON.stringify(intervals),
        worked_ms: state === 'paused' ? workedOf(intervals, now) : 0,
        planned_start: at(today, 9 * 60),
        planned_end: at(today, 18 * 60),
        report: '',
        late_reason: user === tm2 ? 'Задержался у клиента' : '',
        late: startMin > 9 * 60 + DEFAULT_SCHEDULE.allowedLateMinutes ? 1 : 0,
        early: 0,
        unclosed: 0,
      });
    }
  }
  if (!rows.length) return;
  const ids = await scoped(ctx).insertInto('workday_day', rows).returning(['id', 'user_id', 'day']).execute();
  const history = ids.flatMap((r, i) => {
    const src = rows[i]!;
    const iv = JSON.parse(src.intervals) as WorkInterval[];
    const base = { day_id: r.id, actor_id: r.user_id as number | null, reason: '', old_intervals: null, new_intervals: null };
    const out = [{ ...base, action: 'opened', reason: src.late_reason, created_at: iv[0]!.start }];
    if (iv[0]!.end) out.push({ ...base, action: 'paused', created_at: iv[0]!.end });
    if (iv[1]) out.push({ ...base, action: 'resumed', created_at: iv[1].start });
    if (src.state === 'finished') out.push({ ...base, actor_id: src.unclosed ? null : r.user_id, action: src.unclosed ? 'auto_closed' : 'closed', created_at: iv[iv.length - 1]!.end! });
    return out;
  });
  for (let k = 0; k < history.length; k += 200)
    await scoped(ctx)
      .insertInto('workday_history', history.slice(k, k + 200))
      .execute();

  // The head corrected a day of a manager who forgot to start it on time; a request waits for the head of sales.
  const fixed = ids.find((r) => r.user_id === tm1 && r.day === dates[dates.length - 6]);
  if (fixed) {
    const before = rows[ids.indexOf(fixed)]!.intervals;
    const after: WorkInterval[] = [
      { start: at(fixed.day, 9 * 60), end: at(fixed.day, 13 * 60) },
      { start: at(fixed.day, 14 * 60), end: at(fixed.day, 18 * 60) },
    ];
    await scoped(ctx)
      .updateTable('workday_day')
      .set({ intervals: JSON.stringify(after), worked_ms: workedOf(after, now), late: 0, early: 0, corrected: 1, confirmed: 1 })
      .where('id', '=', fixed.id)
      .execute();
    await scoped(ctx)
      .insertInto('workday_history', {
        day_id: fixed.id,
        actor_id: headTm!,
        action: 'corrected',
        reason: 'Был на встрече у клиента с утра, забыл начать день',
        old_intervals: before,
        new_intervals: JSON.stringify(after),
        created_at: stamp,
      })
      .execute();
  }
  const asked = ids.find((r) => r.user_id === sales1 && r.day === dates[dates.length - 2]);
  if (asked)
    await scoped(ctx)
      .insertInto('workday_request', {
        day_id: asked.id,
        user_id: sales1!,
        intervals: JSON.stringify([
          { start: at(asked.day, 9 * 60), end: at(asked.day, 13 * 60) },
          { start: at(asked.day, 14 * 60), end: at(asked.day, 19 * 60 + 30) },
        ]),
        reason: 'Задержалась на подготовке КП для «Северстрой», забыла завершить день вовремя',
        status: 'pending',
        decided_by: null,
        decided_at: null,
        created_at: stamp,
      })
      .execute();
}
