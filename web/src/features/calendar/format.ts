import type { TFunction } from 'i18next';
import { parseRepeat, WEEKDAYS } from './rrule';

const loc = (lang: string) => (lang === 'en' ? 'en-GB' : 'ru-RU');

/** «3 декабря 2026, 10:00 – 11:00», «3 – 5 декабря 2026» (all day), across days with both dates. */
export function whenText(start: string, end: string, allDay: boolean, lang: string): string {
  const s = new Date(start);
  const e = new Date(end);
  const day: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'long', year: 'numeric' };
  const time: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit' };
  if (allDay) {
    const last = new Date(e.getTime() - 1);
    const a = s.toLocaleDateString(loc(lang), day);
    const b = last.toLocaleDateString(loc(lang), day);
    return a === b ? a : `${a} – ${b}`;
  }
  const sameDay = s.toDateString() === e.toDateString();
  return sameDay
    ? `${s.toLocaleDateString(loc(lang), day)}, ${s.toLocaleTimeString(loc(lang), time)} – ${e.toLocaleTimeString(loc(lang), time)}`
    : `${s.toLocaleString(loc(lang), { ...day, ...time })} – ${e.toLocaleString(loc(lang), { ...day, ...time })}`;
}

/** «Каждую неделю: Пн, Ср; 10 раз» of a stored rule. */
export function describeRepeat(rule: string, start: Date, t: TFunction<'calendar'>): string {
  const r = parseRepeat(rule, start);
  if (r.freq === 'none') return rule;
  const parts = [t(`repeat.${r.freq}`)];
  if (r.interval > 1) parts.push(`${t('interval')}: ${r.interval}`);
  if (r.freq === 'WEEKLY')
    parts.push(
      WEEKDAYS.filter((d) => r.days.includes(d))
        .map((d) => t(`weekdays.${d}`))
        .join(', '),
    );
  if (r.freq === 'MONTHLY') parts.push(t(`monthlyBy.${r.monthlyBy}`).toLowerCase());
  if (r.ends === 'count') parts.push(`${t('count').toLowerCase()}: ${r.count}`);
  if (r.ends === 'until' && r.until) parts.push(`${t('until').toLowerCase()} ${new Date(`${r.until}T12:00:00`).toLocaleDateString()}`);
  return parts.join('; ');
}
