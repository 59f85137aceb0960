import { describe, expect, it } from 'vitest';
import { criticalPath, replan, topological, violation, type Edge, type Span } from './graph.js';

const D = 1;
const spans = (o: Record<number, [number, number]>) => new Map(Object.entries(o).map(([id, [start, end]]) => [Number(id), { start: start * D, end: end * D } as Span]));
const e = (id: number, pred: number, succ: number, kind: Edge['kind'] = 'finish_start'): Edge => ({ id, pred, succ, kind });

describe('the Gantt graph', () => {
  it('measures how far each kind of link needs the successor to move', () => {
    const p = { start: 0, end: 5 };
    const s = { start: 2, end: 4 };
    expect(violation('finish_start', p, s)).toBe(3);
    expect(violation('start_start', p, s)).toBe(-2);
    expect(violation('finish_finish', p, s)).toBe(1);
    expect(violation('start_finish', p, s)).toBe(-4);
  });

  it('orders a DAG and leaves out what sits on a cycle', () => {
    expect(topological([1, 2, 3], [e(1, 1, 2), e(2, 2, 3)])).toEqual([1, 2, 3]);
    expect(topological([1, 2, 3], [e(1, 1, 2), e(2, 2, 1)])).toEqual([3]);
  });

  it('pushes a diamond once per task, by the latest predecessor, and never pulls a task back', () => {
    const s = spans({ 1: [0, 2], 2: [2, 3], 3: [2, 6], 4: [6, 7] });
    const edges = [e(1, 1, 2), e(2, 1, 3), e(3, 2, 4), e(4, 3, 4)];
    s.get(1)!.end = 4;
    s.get(1)!.start = 2;
    expect(replan(s, edges, [1])).toEqual([2, 3, 4]);
    expect([...s.values()].map((x) => [x.start, x.end])).toEqual([
      [2, 4],
      [4, 5],
      [4, 8],
      [8, 9],
    ]);
    s.get(1)!.start = 0;
    s.get(1)!.end = 1;
    expect(replan(s, edges, [1])).toEqual([]);
  });

  it('finds the longest chain by duration as the critical path', () => {
    const s = spans({ 1: [0, 2], 2: [2, 5], 3: [2, 3], 4: [5, 6], 5: [0, 20] });
    expect(criticalPath(s, [e(10, 1, 2), e(11, 1, 3), e(12, 2, 4), e(13, 3, 4)])).toEqual({ taskIds: [1, 2, 4], linkIds: [10, 12] });
    expect(criticalPath(s, [])).toEqual({ taskIds: [], linkIds: [] });
  });
});
