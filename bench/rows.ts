/** Row builders the benches share: one table's columns in one order, with the defaults a new row gets. */

/** The columns of `crm_activity` a bench writes, in the order `activityRow` gives them. */
export const ACTIVITY_COLUMNS = [
  'portal_id',
  'type',
  'direction',
  'subject',
  'description',
  'owner_type',
  'owner_id',
  'responsible_id',
  'author_id',
  'start_at',
  'end_at',
  'deadline',
  'priority',
  'remind_before',
  'remind_at',
  'completed',
  'completed_at',
  'completed_by',
  'result',
  'task_id',
  'version',
  'created_at',
  'updated_at',
] as const;

type ActivityColumn = (typeof ACTIVITY_COLUMNS)[number];
type Required = 'portal_id' | 'type' | 'subject' | 'owner_type' | 'owner_id' | 'responsible_id' | 'created_at';

/** One activity as `ACTIVITY_COLUMNS` orders it: a planned, normal-priority item written by its responsible unless told otherwise. */
export function activityRow(v: Pick<Record<ActivityColumn, unknown>, Required> & Partial<Record<ActivityColumn, unknown>>): unknown[] {
  const row: Record<ActivityColumn, unknown> = {
    direction: null,
    description: '',
    author_id: v.responsible_id,
    start_at: null,
    end_at: null,
    deadline: null,
    priority: 'normal',
    remind_before: null,
    remind_at: null,
    completed: 0,
    completed_at: null,
    completed_by: null,
    result: '',
    task_id: null,
    version: 1,
    updated_at: v.created_at,
    ...v,
  };
  return ACTIVITY_COLUMNS.map((c) => row[c]);
}
