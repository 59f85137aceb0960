import type { TaskListFilter, TaskListSort, TaskListStatus } from '@vavilon/contracts';
import { useSearchParams } from 'react-router';
import type { DateRangeValue, FilterField, FilterValues } from '../../../ui/data-list';

/** Address keys no panel field shows: the role tab and the counter clicked. */
export const KEYS = ['role', 'counter'];
export const SORTS: TaskListSort[] = ['deadline', 'created', 'activity', 'title', 'status', 'responsible'];

/** The kit's filter values as the server's filter, and back (saved presets keep the server's shape). */
export function toTaskFilter(v: FilterValues, search?: string): TaskListFilter {
  const deadline = (v.deadline ?? {}) as DateRangeValue;
  const status = Array.isArray(v.status) ? (v.status as TaskListStatus[]) : undefined;
  const num = (x: unknown) => (typeof x === 'number' && x > 0 ? x : typeof x === 'string' && Number(x) > 0 ? Number(x) : undefined);
  return {
    role: typeof v.role === 'string' ? (v.role as TaskListFilter['role']) : undefined,
    counter: typeof v.counter === 'string' ? (v.counter as TaskListFilter['counter']) : undefined,
    status: status?.length ? status : undefined,
    deadlineFrom: deadline.from || undefined,
    deadlineTo: deadline.to || undefined,
    groupId: num(v.group),
    tag: typeof v.tag === 'string' && v.tag.trim() ? v.tag.trim() : undefined,
    responsibleId: num(v.responsible),
    search: search || undefined,
  };
}

export function fromTaskFilter(f: TaskListFilter): FilterValues {
  return {
    role: f.role,
    counter: f.counter,
    status: f.status?.length ? f.status : undefined,
    deadline: f.deadlineFrom || f.deadlineTo ? { from: f.deadlineFrom, to: f.deadlineTo } : undefined,
    group: f.groupId ? String(f.groupId) : undefined,
    tag: f.tag,
    responsible: f.responsibleId,
  };
}

/** The sort kept in the address («sort», «order»): a shared link shows the same order. */
export function useUrlSort(): { sort: TaskListSort; order: 'asc' | 'desc'; set: (sort: TaskListSort, order: 'asc' | 'desc') => void } {
  const [params, setParams] = useSearchParams();
  const raw = params.get('sort') as TaskListSort | null;
  const sort = raw && SORTS.includes(raw) ? raw : 'deadline';
  const order = params.get('order') === 'desc' ? 'desc' : 'asc';
  return {
    sort,
    order,
    set: (s, o) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          next.set('sort', s);
          next.set('order', o);
          next.delete('page');
          return next;
        },
        { replace: true },
      ),
  };
}

export type { FilterField };
