import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../i18n', () => ({ default: { language: 'ru' }, currentLocale: () => 'ru-RU' }));
vi.mock('./i18n', () => ({ actT: (key: string) => ({ today: 'сегодня', tomorrow: 'завтра', yesterday: 'вчера' })[key] ?? key }));

const { addMinutes, formatWhen, nextHour } = await import('./format');

afterEach(() => vi.useRealTimers());

describe('an activity’s time as people say it', () => {
  it('names yesterday, today and tomorrow, and gives other days in full', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date(2026, 11, 3, 10, 15));
    expect(formatWhen(new Date(2026, 11, 3, 15, 0).toISOString())).toBe('сегодня, 15:00');
    expect(formatWhen(new Date(2026, 11, 4, 9, 30).toISOString())).toBe('завтра, 09:30');
    expect(formatWhen(new Date(2026, 11, 2, 23, 59).toISOString())).toBe('вчера, 23:59');
    expect(formatWhen(new Date(2026, 11, 5, 14, 0).toISOString())).toBe('5 декабря 2026, 14:00');
    expect(formatWhen('не дата')).toBe('');
  });

  it('starts a new call at the next full hour and ends it after its length', () => {
    const start = nextHour(new Date(2026, 11, 3, 10, 15, 42));
    expect(start).toEqual(new Date(2026, 11, 3, 11, 0, 0));
    expect(nextHour(new Date(2026, 11, 3, 23, 5))).toEqual(new Date(2026, 11, 4, 0, 0));
    expect(addMinutes(start.toISOString(), 30)).toBe(new Date(2026, 11, 3, 11, 30).toISOString());
  });
});
