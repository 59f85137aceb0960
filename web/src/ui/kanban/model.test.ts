import { describe, expect, it } from 'vitest';
import { moveCard, replaceCard, type BoardColumn } from './model';

type Card = { id: number; value: number; version?: number };
const col = (id: string, ids: number[], extra: Partial<BoardColumn<Card, string>> = {}): BoardColumn<Card, string> => ({
  id,
  title: id.toUpperCase(),
  count: ids.length,
  total: ids.reduce((n, i) => n + i * 10, 0),
  cards: ids.map((i) => ({ id: i, value: i * 10 })),
  ...extra,
});
const ids = (c: BoardColumn<Card, string> | undefined) => c?.cards.map((x) => x.id);
const idOf = (c: Card) => c.id;
const valueOf = (c: Card) => c.value;

describe('moveCard', () => {
  it('puts the card under the given one in another column; counts and totals of both follow', () => {
    const r = moveCard([col('a', [1, 2]), col('b', [3, 4])], {}, idOf, 1, 'b', 3, valueOf);
    expect(ids(r.columns[0])).toEqual([2]);
    expect(ids(r.columns[1])).toEqual([3, 1, 4]);
    expect([r.columns[0]!.count, r.columns[1]!.count]).toEqual([1, 3]);
    expect([r.columns[0]!.total, r.columns[1]!.total]).toEqual([20, 80]);
    expect(r.fromColumn).toBe('a');
    expect(r.fromAfter).toBeNull();
  });

  it('remembers where the card stood, so that undo can put it back', () => {
    const start = [col('a', [1, 2, 5]), col('b', [3])];
    const there = moveCard(start, {}, idOf, 2, 'b', null, valueOf);
    expect(there.fromAfter).toBe(1);
    const back = moveCard(there.columns, there.extra, idOf, 2, there.fromColumn!, there.fromAfter, valueOf);
    expect(ids(back.columns[0])).toEqual([1, 2, 5]);
    expect(back.columns.map((c) => [c.count, c.total])).toEqual(start.map((c) => [c.count, c.total]));
  });

  it('within one column only reorders: counts stay', () => {
    const r = moveCard([col('a', [1, 2, 3])], {}, idOf, 3, 'a', null, valueOf);
    expect(ids(r.columns[0])).toEqual([3, 1, 2]);
    expect(r.columns[0]!.count).toBe(3);
  });

  it('moves cards that were loaded later ("load more"), and places one under a loaded-later card', () => {
    const extra = { a: { cards: [{ id: 7, value: 70 }], hasMore: false }, b: { cards: [{ id: 8, value: 80 }], hasMore: true } };
    const r = moveCard([col('a', [1]), col('b', [3])], extra, idOf, 7, 'b', 8, valueOf);
    expect(r.extra.a!.cards).toEqual([]);
    expect(r.extra.b!.cards.map((c) => c.id)).toEqual([8, 7]);
    expect(ids(r.columns[1])).toEqual([3]);
  });

  it('an unknown card changes nothing', () => {
    const cols = [col('a', [1])];
    const r = moveCard(cols, {}, idOf, 99, 'a', null, valueOf);
    expect(r.card).toBeNull();
    expect(r.columns).toBe(cols);
  });
});

describe('replaceCard', () => {
  it('swaps the card wherever it is (the new version after a move)', () => {
    const r = replaceCard([col('a', [1, 2])], { a: { cards: [{ id: 5, value: 1 }], hasMore: false } }, idOf, { id: 5, value: 1, version: 3 });
    expect(r.extra.a!.cards[0]!.version).toBe(3);
    const s = replaceCard(r.columns, r.extra, idOf, { id: 2, value: 20, version: 9 });
    expect(s.columns[0]!.cards[1]!.version).toBe(9);
  });
});
