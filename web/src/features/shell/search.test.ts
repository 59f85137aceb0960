import { describe, expect, it, vi } from 'vitest';

vi.mock('../auth/session', () => ({ useSession: () => ({ portal: { name: 'p' }, user: { id: 1 } }) }));

const { markRanges } = await import('../../ui/Highlight');
const { withRecent } = await import('./recent-searches');

describe('markRanges', () => {
  it('sorts the ranges, keeps them inside the text and joins the overlapping ones', () => {
    expect(
      markRanges(
        [
          [8, 12],
          [0, 3],
          [2, 5],
          [20, 30],
        ],
        14,
      ),
    ).toEqual([
      [0, 5],
      [8, 12],
    ]);
  });

  it('drops empty and reversed ranges', () => {
    expect(
      markRanges(
        [
          [3, 3],
          [5, 2],
          [-4, 1],
        ],
        10,
      ),
    ).toEqual([[0, 1]]);
  });
});

describe('withRecent', () => {
  it('puts the query first, once whatever its letter case, and keeps five', () => {
    expect(withRecent(['сделка', 'Кузнецов', 'a', 'b', 'c'], '  кузнецов ')).toEqual(['кузнецов', 'сделка', 'a', 'b', 'c']);
    expect(withRecent(['1', '2', '3', '4', '5'], 'new')).toEqual(['new', '1', '2', '3', '4']);
  });

  it('ignores an empty query and squeezes spaces', () => {
    expect(withRecent(['x'], '   ')).toEqual(['x']);
    expect(withRecent([], 'офис   на  Тверской')).toEqual(['офис на Тверской']);
  });
});
