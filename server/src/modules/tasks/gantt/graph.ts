import type { DependencyKind } from '@vavilon/contracts';

/** A bar on the time axis, in milliseconds. */
export interface Span {
  start: number;
  end: number;
}

export interface Edge {
  id: number;
  pred: number;
  succ: number;
  kind: DependencyKind;
}

/**
 * How far the successor must move forward for the link to hold (0 when it holds):
 * FS succ.start ≥ pred.end, SS succ.start ≥ pred.start, FF succ.end ≥ pred.end, SF succ.end ≥ pred.start.
 */
export function violation(kind: DependencyKind, pred: Span, succ: Span): number {
  switch (kind) {
    case 'finish_start':
      return pred.end - succ.start;
    case 'start_start':
      return pred.start - succ.start;
    case 'finish_finish':
      return pred.end - succ.end;
    case 'start_finish':
      return pred.start - succ.end;
  }
}

/** The nodes in an order where every predecessor comes before its successors (Kahn); nodes on a cycle are left out. */
export function topological(nodes: Iterable<number>, edges: Edge[]): number[] {
  const set = new Set(nodes);
  const incoming = new Map<number, number>();
  const out = new Map<number, number[]>();
  for (const n of set) incoming.set(n, 0);
  for (const e of edges) {
    if (!set.has(e.pred) || !set.has(e.succ)) continue;
    incoming.set(e.succ, incoming.get(e.succ)! + 1);
    (out.get(e.pred) ?? out.set(e.pred, []).get(e.pred)!).push(e.succ);
  }
  const queue = [...set].filter((n) => incoming.get(n) === 0);
  const order: number[] = [];
  for (let i = 0; i < queue.length; i++) {
    const n = queue[i]!;
    order.push(n);
    for (const s of out.get(n) ?? []) {
      const left = incoming.get(s)! - 1;
      incoming.set(s, left);
      if (left === 0) queue.push(s);
    }
  }
  return order;
}

/**
 * Pushes the dependents of `moved` forward until every link holds, keeping each one's duration,
 * in topological order so a task moves once even when it hangs on several moved tasks. `spans`
 * holds every task an edge names (predecessors outside the moved part keep their dates); it is
 * changed in place. Answers the ids that moved (not counting `moved` itself). Tasks are only ever
 * pushed later: a task with room to spare stays where it is.
 */
export function replan(spans: Map<number, Span>, edges: Edge[], moved: Iterable<number>): number[] {
  const into = new Map<number, Edge[]>();
  const from = new Map<number, Edge[]>();
  for (const e of edges) {
    (into.get(e.succ) ?? into.set(e.succ, []).get(e.succ)!).push(e);
    (from.get(e.pred) ?? from.set(e.pred, []).get(e.pred)!).push(e);
  }
  const roots = new Set(moved);
  const reach = new Set<number>();
  const stack = [...roots];
  while (stack.length) {
    for (const e of from.get(stack.pop()!) ?? []) {
      if (!reach.has(e.succ) && !roots.has(e.succ)) {
        reach.add(e.succ);
        stack.push(e.succ);
      }
    }
  }
  const shifted: number[] = [];
  for (const id of topological(reach, edges)) {
    const span = spans.get(id);
    if (!span) continue;
    let shift = 0;
    for (const e of into.get(id) ?? []) {
      const pred = spans.get(e.pred);
      if (pred) shift = Math.max(shift, violation(e.kind, pred, span));
    }
    if (shift > 0) {
      span.start += shift;
      span.end += shift;
      shifted.push(id);
    }
  }
  return shifted;
}

/**
 * The critical path: the longest chain through the links by duration. Each task starts as early as
 * its links allow (a task without predecessors at 0); the chain ends at the task finishing last
 * and is walked back through the link that fixed each start. Only tasks with a link take part.
 */
export function criticalPath(spans: Map<number, Span>, edges: Edge[]): { taskIds: number[]; linkIds: number[] } {
  const linked = new Set<number>();
  for (const e of edges) if (spans.has(e.pred) && spans.has(e.succ)) linked.add(e.pred).add(e.succ);
  if (!linked.size) return { taskIds: [], linkIds: [] };
  const into = new Map<number, Edge[]>();
  for (const e of edges) if (linked.has(e.succ) && linked.has(e.pred)) (into.get(e.succ) ?? into.set(e.succ, []).get(e.succ)!).push(e);
  const early = new Map<number, number>();
  const via = new Map<number, Edge>();
  let last: number | null = null;
  let finish = -Infinity;
  for (const id of topological(linked, edges)) {
    const span = spans.get(id)!;
    const length = span.end - span.start;
    let start = 0;
    for (const e of into.get(id) ?? []) {
      const ps = early.get(e.pred);
      if (ps === undefined) continue;
      const pl = spans.get(e.pred)!.end - spans.get(e.pred)!.start;
      const need = { finish_start: ps + pl, start_start: ps, finish_finish: ps + pl - length, start_finish: ps - length }[e.kind];
      if (need > start || (need === start && !via.has(id))) {
        start = need;
        via.set(id, e);
      }
    }
    early.set(id, start);
    if (start + length > finish) {
      finish = start + length;
      last = id;
    }
  }
  const taskIds: number[] = [];
  const linkIds: number[] = [];
  for (let cursor = last; cursor !== null;) {
    taskIds.unshift(cursor);
    const e = via.get(cursor);
    if (!e) break;
    linkIds.unshift(e.id);
    cursor = e.pred;
  }
  return { taskIds, linkIds };
}
