import { Select, Stack, Text } from '@mantine/core';
import { IconCheck, IconTrash } from '@tabler/icons-react';
import type { TaskBulkInput, TaskBulkResult } from '@vavilon/contracts';
import { useState } from 'react';
import { DateInput, UserPicker, type PickedUser } from '../../../ui/fields';
import type { BulkAction } from '../../../ui/data-list';
import { runInChunks } from '../../../ui/data-list';
import { showError, showSuccess } from '../../../ui/toasts';
import { tasksT } from '../i18n';
import { useBulk } from './api';

type Body = TaskBulkInput extends infer B ? (B extends { ids: number[] } ? Omit<B, 'ids'> : never) : never;

/** Reports a group action: how many were done, and each refusal with its reason (a locked deadline…). */
function report(results: TaskBulkResult[]) {
  const done = results.reduce((n, r) => n + r.done.length, 0);
  const failed = results.flatMap((r) => r.failed);
  if (done) showSuccess(tasksT('list.bulk.done', { count: done }));
  if (failed.length) {
    const reasons = [...new Set(failed.map((f) => f.message))];
    showError(new Error(`${tasksT('list.bulk.failed', { count: failed.length })}. ${reasons.slice(0, 3).join('; ')}`));
  }
}

function GroupSelect({ groups, value, onChange }: { groups: { id: number; name: string }[]; value: string | null; onChange: (v: string | null) => void }) {
  return (
    <Select
      label={tasksT('list.bulk.chooseGroup')}
      data={[{ value: '0', label: tasksT('list.bulk.noGroup') }, ...groups.map((g) => ({ value: String(g.id), label: g.name }))]}
      value={value}
      onChange={onChange}
      comboboxProps={{ withinPortal: true, zIndex: 500 }}
      data-autofocus
    />
  );
}

function DeadlineField({ value, onChange }: { value: unknown; onChange: (v: unknown) => void }) {
  const [day, setDay] = useState(typeof value === 'string' ? value : '');
  return (
    <Stack gap={4}>
      <DateInput
        label={tasksT('list.bulk.chooseDeadline')}
        value={day}
        onChange={(d) => {
          setDay(d);
          onChange(d || null);
        }}
        data-autofocus
      />
      <Text size="xs" c="dimmed">
        19:00
      </Text>
    </Stack>
  );
}

/** «Завершить», «Сменить исполнителя», «Сменить крайний срок», «В проект», «Удалить» over the selected tasks. */
export function useBulkActions(groups: { id: number; name: string }[], opts: { group?: boolean } = {}): BulkAction<number>[] {
  const bulk = useBulk();
  const run = async (ids: number[], progress: (done: number, total: number) => void, body: Body) => {
    const results = await runInChunks(ids, 100, (chunk) => bulk.mutateAsync({ ...body, ids: chunk } as TaskBulkInput), ids.length > 100 ? progress : undefined);
    report(results);
  };
  const actions: BulkAction<number>[] = [
    { id: 'complete', label: tasksT('list.bulk.complete'), icon: <IconCheck size={14} />, run: (ids, p) => run(ids, p, { action: 'complete' }) },
    {
      id: 'responsible',
      label: tasksT('list.bulk.responsible'),
      prompt: {
        title: tasksT('list.bulk.responsible'),
        field: (value, onChange) => <UserPicker label={tasksT('list.bulk.chooseResponsible')} value={(value as PickedUser | null) ?? null} onChange={onChange} data-autofocus />,
      },
      run: (ids, p, value) => run(ids, p, { action: 'responsible', responsibleId: (value as PickedUser).id }),
    },
    {
      id: 'deadline',
      label: tasksT('list.bulk.deadline'),
      prompt: { title: tasksT('list.bulk.deadline'), field: (value, onChange) => <DeadlineField value={value} onChange={onChange} /> },
      // The day at 19:00 local time, as a new task's deadline is set by default.
      run: (ids, p, value) => run(ids, p, { action: 'deadline', deadline: typeof value === 'string' && value ? new Date(`${value}T19:00:00`).toISOString() : null }),
    },
  ];
  if (opts.group !== false)
    actions.push({
      id: 'group',
      label: tasksT('list.bulk.group'),
      prompt: { title: tasksT('list.bulk.group'), field: (value, onChange) => <GroupSelect groups={groups} value={(value as string | null) ?? null} onChange={onChange} /> },
      run: (ids, p, value) => run(ids, p, { action: 'group', groupId: Number(value) > 0 ? Number(value) : null }),
    });
  actions.push({
    id: 'delete',
    label: tasksT('list.bulk.delete'),
    color: 'red',
    icon: <IconTrash size={14} />,
    confirm: { title: tasksT('list.bulk.deleteTitle'), message: (ids) => tasksT('list.bulk.deleteMany', { count: ids.length }), confirmLabel: tasksT('list.bulk.delete'), danger: true },
    run: (ids, p) => run(ids, p, { action: 'delete' }),
  });
  return actions;
}
