import { describe, expect, it } from 'vitest';
import { atTime, columnOf, deadlineBounds, deadlineFor } from './zone.js';

const MSK = 'Europe/Moscow';
const at = (iso: string) => new Date(iso);

describe('the columns of «Сроки» in the user’s zone', () => {
  it('end «На сегодня» at the user’s midnight, to the millisecond', () => {
    // Wednesday 2 December 2026, 23:59:59 in Moscow (UTC+3).
    const b = deadlineBounds(at('2026-12-02T20:59:59.000Z'), MSK);
    expect(b.tomorrow).toBe('2026-12-02T21:00:00.000Z');
    expect(columnOf('2026-12-02T20:59:59.999Z', b)).toBe('today');
    expect(columnOf('2026-12-02T21:00:00.000Z', b)).toBe('week');
    expect(columnOf('2026-12-02T20:59:58.000Z', b)).toBe('overdue');
    expect(columnOf(null, b)).toBe('none');
  });

  it('start next week on Monday: on Sunday night «На этой неделе» is empty and Monday is next week', () => {
    // Sunday 6 December 2026, 22:00 in Moscow.
    const b = deadlineBounds(at('2026-12-06T19:00:00.000Z'), MSK);
    expect(b.tomorrow).toBe(b.nextWeek);
    expect(columnOf('2026-12-06T20:30:00.000Z', b)).toBe('today');
    expect(columnOf('2026-12-06T21:30:00.000Z', b)).toBe('next_week');
    expect(columnOf('2026-12-13T20:59:59.000Z', b)).toBe('next_week');
    expect(columnOf('2026-12-13T21:00:00.000Z', b)).toBe('later');
    expect(deadlineFor('week', at('2026-12-06T19:00:00.000Z'), MSK)).toEqual({ ok: false });
  });

  it('depend on the zone: one deadline is today in New York and tomorrow in Moscow', () => {
    const now = at('2026-12-02T20:00:00.000Z'); // 23:00 in Moscow, 15:00 in New York
    const deadline = '2026-12-02T22:00:00.000Z'; // 01:00 on Thursday in Moscow, 17:00 on Wednesday in New York
    expect(columnOf(deadline, deadlineBounds(now, MSK))).toBe('week');
    expect(columnOf(deadline, deadlineBounds(now, 'America/New_York'))).toBe('today');
  });

  it('follow daylight saving time', () => {
    expect(atTime({ y: 2026, m: 3, d: 8 }, 19, 0, 'America/New_York').toISOString()).toBe('2026-03-08T23:00:00.000Z');
    expect(atTime({ y: 2026, m: 3, d: 7 }, 19, 0, 'America/New_York').toISOString()).toBe('2026-03-08T00:00:00.000Z');
    expect(atTime({ y: 2026, m: 3, d: 8 }, 2, 30, 'America/New_York').toISOString()).toBe('2026-03-08T07:30:00.000Z');
  });
});

describe('the deadline a dropped card gets', () => {
  const wednesday = at('2026-12-02T07:00:00.000Z'); // 10:00 in Moscow
  it('fits its column: today 19:00, Friday 19:00, next Friday 19:00, none, in 15 days', () => {
    expect(deadlineFor('today', wednesday, MSK)).toEqual({ ok: true, deadline: '2026-12-02T16:00:00.000Z' });
    expect(deadlineFor('week', wednesday, MSK)).toEqual({ ok: true, deadline: '2026-12-04T16:00:00.000Z' });
    expect(deadlineFor('next_week', wednesday, MSK)).toEqual({ ok: true, deadline: '2026-12-11T16:00:00.000Z' });
    expect(deadlineFor('none', wednesday, MSK)).toEqual({ ok: true, deadline: null });
    expect(deadlineFor('later', wednesday, MSK)).toEqual({ ok: true, deadline: '2026-12-17T16:00:00.000Z' });
    expect(deadlineFor('overdue', wednesday, MSK)).toEqual({ ok: false });
  });

  it('stays in its column late in the day and late in the week', () => {
    expect(deadlineFor('today', at('2026-12-02T17:00:00.000Z'), MSK)).toEqual({ ok: true, deadline: '2026-12-02T20:59:00.000Z' });
    // On Friday «this week» is Sunday evening; on Saturday too.
    expect(deadlineFor('week', at('2026-12-04T07:00:00.000Z'), MSK)).toEqual({ ok: true, deadline: '2026-12-06T16:00:00.000Z' });
    expect(deadlineFor('week', at('2026-12-05T07:00:00.000Z'), MSK)).toEqual({ ok: true, deadline: '2026-12-06T16:00:00.000Z' });
    for (const now of ['2026-12-02T07:00:00.000Z', '2026-12-04T20:00:00.000Z', '2026-12-06T20:59:00.000Z', '2026-12-07T00:00:00.000Z']) {
      const b = deadlineBounds(at(now), MSK);
      for (const col of ['today', 'week', 'next_week', 'none', 'later'] as const) {
        const r = deadlineFor(col, at(now), MSK);
        if (r.ok) expect(columnOf(r.deadline, b)).toBe(col);
      }
    }
  });
});
