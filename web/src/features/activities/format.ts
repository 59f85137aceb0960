import { formatDate, formatTime } from '../../ui/format';
import { actT } from './i18n';

const DAY = 86_400_000;

/** «сегодня, 15:00», «завтра, 10:30», «5 декабря 2026, 14:00»: an activity's time as people say it. */
export function formatWhen(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const now = new Date();
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
  const t = d.getTime();
  const day = t < today - DAY ? null : t < today ? 'yesterday' : t < today + DAY ? 'today' : t < today + 2 * DAY ? 'tomorrow' : null;
  return day ? `${actT(day)}, ${formatTime(d)}` : `${formatDate(d)}, ${formatTime(d)}`;
}

/** The next full hour from now: the default start of a new call or meeting. */
export function nextHour(now = new Date()): Date {
  const d = new Date(now);
  d.setMinutes(0, 0, 0);
  d.setHours(d.getHours() + 1);
  return d;
}

export const addMinutes = (iso: string, minutes: number) => new Date(new Date(iso).getTime() + minutes * 60_000).toISOString();
