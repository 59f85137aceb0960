import { describe, expect, it } from 'vitest';
import { runInChunks } from './chunks';
import { visibleIds } from './columns';
import { pageButtons } from './paging';
import { hasValue, readFilter, writeFilter } from './filters';
import type { FilterField } from './types';

const fields: FilterField[] = [
  { id: 'q2', type: 'text', label: 'Текст' },
  { id: 'stage', type: 'select', multiple: true, label: 'Стадия', options: [] },
  { id: 'kind', type: 'select', label: 'Вид', options: [] },
  { id: 'responsible', type: 'user', label: 'Ответственный', picker: () => null },
  { id: 'date', type: 'dateRange', label: 'Период', dateFields: [{ value: 'created_at', label: 'Создана' }], params: { field: 'df', from: 'from', to: 'to' } },
  { id: 'sum', type: 'numberRange', label: 'Сумма' },
];

describe('filter values in the address', () => {
  it('go there and come back the same', () => {
    const values = { preset: 'mine', q2: 'окно', stage: ['3', '5'], kind: 'b', responsible: 7, date: { field: 'close_date', from: '2026-01-01', to: '2026-02-01' }, sum: { min: 0, max: 500 } };
    const written = writeFilter(values, fields, ['preset']);
    expect(written).toMatchObject({ preset: 'mine', q2: 'окно', stage: '3,5', kind: 'b', responsible: '7', df: 'close_date', from: '2026-01-01', to: '2026-02-01', sumMin: '0', sumMax: '500' });
    const params = new URLSearchParams(Object.entries(written).filter((e): e is [string, string] => e[1] !== null));
    expect(readFilter(params, fields, ['preset'])).toEqual(values);
  });

  it('empty values remove their parameters, and a period without dates is no filter', () => {
    const written = writeFilter({ stage: [], date: { field: 'created_at' } }, fields);
    expect(written.stage).toBeNull();
    expect(written.df).toBeNull();
    expect(readFilter(new URLSearchParams('df=created_at&responsible=abc'), fields)).toEqual({});
  });

  it('hasValue: empty strings, lists and objects do not filter', () => {
    expect([hasValue(''), hasValue([]), hasValue({}), hasValue({ from: undefined }), hasValue(0), hasValue(['1'])]).toEqual([false, false, false, false, true, true]);
  });
});

describe('page buttons', () => {
  it('show the first, the last and the neighbours of the current page, with gaps', () => {
    expect(pageButtons(1, 1)).toEqual([1]);
    expect(pageButtons(1, 3)).toEqual([1, 2, 3]);
    expect(pageButtons(5, 10)).toEqual([1, null, 4, 5, 6, null, 10]);
    expect(pageButtons(10, 10)).toEqual([1, null, 9, 10]);
  });
});

describe('runInChunks', () => {
  it('sends the ids in chunks and reports progress after each', async () => {
    const seen: number[][] = [];
    const progress: [number, number][] = [];
    const out = await runInChunks(
      [1, 2, 3, 4, 5],
      2,
      async (c) => (seen.push(c), c.length),
      (d, t) => progress.push([d, t]),
    );
    expect(seen).toEqual([[1, 2], [3, 4], [5]]);
    expect(out).toEqual([2, 2, 1]);
    expect(progress).toEqual([
      [0, 5],
      [2, 5],
      [4, 5],
      [5, 5],
    ]);
  });

  it('stops at a failing chunk', async () => {
    const seen: number[][] = [];
    await expect(
      runInChunks([1, 2, 3], 1, async (c) => {
        seen.push(c);
        if (c[0] === 2) throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(seen).toEqual([[1], [2]]);
  });
});

describe('visible columns', () => {
  const col = (id: string, extra: Record<string, unknown> = {}) => ({ id, title: id, cell: () => null, ...extra });
  const columns = [col('title'), col('stage'), col('sum', { defaultVisible: false }), col('extra', { hideable: false })];
  it('without a choice: the default ones, then the columns that cannot be hidden', () => {
    expect(visibleIds(columns, null)).toEqual(['title', 'stage', 'extra']);
  });
  it('the choice in its order; unknown and repeated ids are left out', () => {
    expect(visibleIds(columns, ['sum', 'gone', 'title', 'sum'])).toEqual(['sum', 'title', 'extra']);
  });
});
