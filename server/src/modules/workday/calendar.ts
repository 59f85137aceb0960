import type { Holiday, HolidayList, WorkdayScheduleInput } from '@vavilon/contracts';
import { transaction, type Ctx } from '../../platform/context.js';
import { scoped } from '../../platform/db/scoped.js';
import { errors } from '../../platform/errors.js';

/** The Russian production calendar's non-working holidays (with the government's moved days off). */
export const RUSSIAN_HOLIDAYS: Record<number, Holiday[]> = {
  2026: [
    ...['01', '02', '03', '04', '05', '06', '07', '08'].map((d) => ({ date: `2026-01-${d}`, name: d === '07' ? 'Рождество Христово' : 'Новогодние каникулы' })),
    { date: '2026-02-23', name: 'День защитника Отечества' },
    { date: '2026-03-09', name: 'Международный женский день (перенос)' },
    { date: '2026-05-01', name: 'Праздник Весны и Труда' },
    { date: '2026-05-11', name: 'День Победы (перенос)' },
    { date: '2026-06-12', name: 'День России' },
    { date: '2026-11-04', name: 'День народного единства' },
    { date: '2026-12-31', name: 'Перенос выходного дня' },
  ],
  2027: [
    ...['01', '02', '03', '04', '05', '06', '07', '08'].map((d) => ({ date: `2027-01-${d}`, name: d === '07' ? 'Рождество Христово' : 'Новогодние каникулы' })),
    { date: '2027-02-22', name: 'День защитника Отечества (перенос)' },
    { date: '2027-02-23', name: 'День защитника Отечества' },
    { date: '2027-03-08', name: 'Международный женский день' },
    { date: '2027-05-03', name: 'Праздник Весны и Труда (перенос)' },
    { date: '2027-05-10', name: 'День Победы (перенос)' },
    { date: '2027-06-14', name: 'День России (перенос)' },
    { date: '2027-11-04', name: 'День народного единства' },
    { date: '2027-12-31', name: 'Перенос выходного дня' },
  ],
};

/** A year's holidays: the administrator's list when there is one, the built-in calendar otherwise. */
export async function holidays(ctx: Ctx, year: number): Promise<HolidayList> {
  const rows = await scoped(ctx).selectFrom('workday_holiday').select(['day', 'name', 'id']).where('year', '=', year).orderBy('day').execute();
  if (rows.length) return { year, edited: true, items: rows.filter((r) => r.day !== '').map((r) => ({ date: r.day, name: r.name })) };
  return { year, edited: false, items: RUSSIAN_HOLIDAYS[year] ?? [] };
}

/** The set of holiday dates of the years in a range. */
export async function holidaySet(ctx: Ctx, years: number[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const y of new Set(years)) for (const h of (await holidays(ctx, y)).items) out.add(h.date);
  return out;
}

/** Replaces a year's list (an empty list is kept as «no holidays», a marker row with no date). */
export async function putHolidays(ctx: Ctx, year: number, items: Holiday[]): Promise<HolidayList> {
  if (ctx.actor && ctx.actor.role !== 'admin') throw errors.forbidden();
  const fields = items.map((h, i) => (h.date.slice(0, 4) !== String(year) ? { field: `items.${i}.date`, message: 'workday.holiday_year' as const, params: { year } } : null)).filter((f) => !!f);
  if (fields.length) throw errors.validation(fields);
  await transaction(ctx, async (tx) => {
    await scoped(tx).deleteFrom('workday_holiday').where('year', '=', year).execute();
    const unique = [...new Map(items.map((h) => [h.date, h])).values()];
    const rows = unique.length ? unique.map((h) => ({ year, day: h.date, name: h.name })) : [{ year, day: '', name: '' }];
    await scoped(tx).insertInto('workday_holiday', rows).execute();
  });
  return holidays(ctx, year);
}

/** Whether a date is a working day under a schedule and the holidays. */
export const isWorkingDay = (date: string, schedule: WorkdayScheduleInput, hol: Set<string>, wd: number): boolean => schedule.workDays.includes(wd) && !hol.has(date);
