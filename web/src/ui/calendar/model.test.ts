import { describe, expect, it } from 'vitest';
import { calendarRange, layoutRow, shiftDay, stepDate } from './model';

describe('calendar model', () => {
  it('covers a month with Monday-first weeks, a week from Monday, a day', () => {
    const m = calendarRange('month', new Date(2026, 11, 17));
    expect(m.from).toBe('2026-11-30');
    expect(m.to).toBe('2027-01-03');
    expect(m.weeks).toHaveLength(5);
    const w = calendarRange('week', new Date(2026, 11, 6)); // a Sunday
    expect([w.from, w.to]).toEqual(['2026-11-30', '2026-12-06']);
    expect(calendarRange('day', new Date(2026, 11, 6, 15)).weeks).toEqual([[new Date(2026, 11, 6)]]);
    expect(stepDate('month', new Date(2026, 0, 31), 1)).toEqual(new Date(2026, 1, 1));
    expect(shiftDay('2026-03-28', 2)).toBe('2026-03-30');
  });

  it('lays bars and days into lanes without overlap, clipped to the row', () => {
    const row = ['2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10', '2026-12-11', '2026-12-12', '2026-12-13'];
    const segs = layoutRow(row, [
      { id: 1, title: 'a', start: '2026-12-01', end: '2026-12-09' },
      { id: 2, title: 'b', start: '2026-12-08' },
      { id: 3, title: 'c', start: '2026-12-10', end: '2026-12-20' },
      { id: 4, title: 'd', start: '2026-12-30' },
    ]);
    expect(segs.map((s) => [s.item.id, s.from, s.to, s.lane, s.continuesBefore, s.continuesAfter])).toEqual([
      [1, 0, 2, 0, true, false],
      [2, 1, 1, 1, false, false],
      [3, 3, 6, 0, false, true],
    ]);
  });
});
