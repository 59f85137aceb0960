import type { TemplateRepeat } from '@vavilon/contracts';

type T = (key: string, options?: Record<string, unknown>) => string;

const ORDER = ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'] as const;

/** «31 декабря» (with the year when it is not this year's). */
function day(iso: string, lang: string): string {
  const d = new Date(`${iso}T12:00:00`);
  const sameYear = d.getFullYear() === new Date().getFullYear();
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'ru-RU', { day: 'numeric', month: 'long', ...(sameYear ? {} : { year: 'numeric' }) }).format(d);
}

/** A repetition in words: «Каждую неделю по пн, ср в 09:00 до 31 декабря». */
export function repeatSummary(r: TemplateRepeat, t: T, lang: string): string {
  const parts = [r.interval === 1 ? t(`templates.sum.${r.freq}1`) : t(`templates.sum.${r.freq}`, { count: r.interval })];
  if (r.freq === 'weekly' && r.weekdays?.length) {
    const days = ORDER.filter((d) => r.weekdays!.includes(d)).map((d) => t(`templates.wd.${d}`));
    parts.push(t('templates.sum.on', { days: days.join(', ') }));
  }
  if (r.freq === 'monthly' && r.monthDay) parts.push(t('templates.sum.monthDay', { day: r.monthDay }));
  parts.push(t('templates.sum.at', { time: r.time }));
  if (r.until) parts.push(t('templates.sum.until', { date: day(r.until, lang) }));
  let text = parts.join(' ');
  if (r.count) text += `, ${t('templates.sum.count', { count: r.count })}`;
  return text;
}
