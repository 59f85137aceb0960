import { Button, Group, SegmentedControl, Stack } from '@mantine/core';
import { IconChecklist, IconFileSpreadsheet } from '@tabler/icons-react';
import type { TaskListFilter, TaskListRow } from '@vavilon/contracts';
import { useMemo, useState } from 'react';
import { DataList, FilterBar, useStoredState, useUrlFilter, type FilterField } from '../../../ui/data-list';
import { EmptyState, NoMatches } from '../../../ui/EmptyState';
import { DateInput, UserPicker, type PickedUser } from '../../../ui/fields';
import { tasksT, useTasksT } from '../i18n';
import { useOpenTask } from '../navigation';
import { exportUrl, useListGroups, usePresets, usePresetWrites, useTaskList } from './api';
import { useBulkActions } from './bulk';
import { taskColumns } from './cells';
import { CountersBar } from './Counters';
import { KEYS, fromTaskFilter, toTaskFilter, useUrlSort } from './filter';
import { PresetsMenu } from './PresetsMenu';
import './i18n';

const ROLES = ['responsible', 'accomplice', 'creator', 'auditor'] as const;
const STATUSES = ['pending', 'in_progress', 'review', 'completed', 'deferred'] as const;
const PAGE_SIZES = [10, 20, 50, 100];

function ResponsiblePicker({ label, value, onChange }: { label: string; value: number | undefined; onChange: (id: number | undefined) => void }) {
  const [ref, setRef] = useState<PickedUser | null>(null);
  const shown = ref && ref.id === value ? ref : value ? { id: value, fullName: `#${value}`, photoUrl: null } : null;
  return (
    <UserPicker
      label={label}
      value={shown}
      onChange={(u) => {
        setRef(u);
        onChange(u?.id);
      }}
      comboboxProps={{ withinPortal: false }}
    />
  );
}

function filterFields(groups: { id: number; name: string }[], withGroup: boolean): FilterField[] {
  const t = tasksT;
  const fields: FilterField[] = [
    {
      id: 'status',
      type: 'select',
      multiple: true,
      label: t('list.filter.status'),
      options: [{ value: 'overdue', label: t('list.filter.overdue') }, ...STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))],
    },
    { id: 'deadline', type: 'dateRange', label: t('list.filter.deadline'), params: { from: 'deadlineFrom', to: 'deadlineTo' } },
    { id: 'responsible', type: 'user', label: t('list.filter.responsible'), picker: ResponsiblePicker },
    { id: 'tag', type: 'text', label: t('list.filter.tag') },
  ];
  if (withGroup) fields.splice(2, 0, { id: 'group', type: 'select', label: t('list.filter.group'), options: groups.map((g) => ({ value: String(g.id), label: g.name })) });
  return fields;
}

function DateField({ label, value, onChange }: { label: string; value: string; onChange: (d: string) => void }) {
  return <DateInput label={label} value={value} onChange={onChange} />;
}

/**
 * «Список» on the kit's data list: role tabs, the counters that filter, the filter panel with the
 * user's saved filters, server sort and pages, chosen columns remembered in this browser, group
 * actions and the Excel export. `groupId` fixes the list to one project (the group page's tab).
 */
export function TaskList({ groupId, counters = true }: { groupId?: number; counters?: boolean }) {
  const { t } = useTasksT();
  const open = useOpenTask();
  const groups = useListGroups();
  const presets = usePresets();
  const presetWrites = usePresetWrites();
  const fields = useMemo(() => filterFields(groups.data?.items ?? [], !groupId), [groups.data, groupId]);
  const filter = useUrlFilter(fields, KEYS);
  const { sort, order, set: setSort } = useUrlSort();
  const [pageSize, setPageSize] = useStoredState<number>('tasks.list.pageSize', 20);
  const size = PAGE_SIZES.includes(pageSize) ? pageSize : 20;

  const taskFilter: TaskListFilter = { ...toTaskFilter(filter.values, filter.search), ...(groupId ? { groupId } : {}) };
  const params = { ...taskFilter, sort, order, page: filter.page, pageSize: size };
  const list = useTaskList(params);
  const columns = useMemo(() => taskColumns((id) => open(id), { group: !groupId }), [open, groupId]);
  const bulkActions = useBulkActions(groups.data?.items ?? [], { group: !groupId });

  const setKey = (key: 'role' | 'counter', value: string | undefined) => filter.setValues({ ...filter.values, [key]: value });
  const role = typeof filter.values.role === 'string' ? filter.values.role : '';

  const empty = filter.active ? (
    <NoMatches onReset={filter.reset} />
  ) : (
    <EmptyState
      icon={<IconChecklist size={30} />}
      title={t('list.empty.title')}
      description={t('list.empty.description')}
      action={<Button onClick={() => open('new', groupId ? `groupId=${groupId}` : undefined)}>{t('create')}</Button>}
    />
  );

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <SegmentedControl
          aria-label={t('list.roles')}
          value={role}
          onChange={(v) => setKey('role', v || undefined)}
          data={[{ value: '', label: t('list.allRoles') }, ...ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))]}
        />
        {counters ? <CountersBar active={typeof filter.values.counter === 'string' ? filter.values.counter : undefined} onPick={(c) => setKey('counter', c)} /> : null}
      </Group>
      <DataList<TaskListRow, number>
        label={t('list.table')}
        columns={columns}
        rows={list.data?.items}
        rowId={(r) => r.id}
        rowTitle={(r) => r.title}
        error={list.isError ? list.error : undefined}
        onRetry={() => void list.refetch()}
        fetching={list.isFetching}
        stale={list.isPlaceholderData}
        empty={empty}
        toolbar={
          <FilterBar
            fields={fields}
            state={filter}
            savedFilters={(presets.data?.items ?? []).map((p) => ({ name: p.name, values: fromTaskFilter(p.filter) }))}
            onSaveFilter={(name, values) => presetWrites.create.mutate({ name, filter: { ...toTaskFilter(values), search: undefined } })}
            onRemoveFilter={(name) => {
              const p = presets.data?.items.find((x) => x.name === name);
              if (p) presetWrites.remove.mutate(p.id);
            }}
            search={{ label: t('list.filter.search'), placeholder: t('list.filter.searchPlaceholder') }}
            dateInput={DateField}
          />
        }
        actions={
          <>
            <PresetsMenu presets={presets.data?.items ?? []} onApply={(p) => filter.setValues(fromTaskFilter(p.filter))} />
            <Button variant="default" leftSection={<IconFileSpreadsheet size={16} />} component="a" href={exportUrl({ ...taskFilter, sort, order })} download>
              {t('list.export')}
            </Button>
          </>
        }
        columnChooser={{ storageKey: groupId ? 'tasks.group-list' : 'tasks.list' }}
        sort={{ column: sort, order }}
        onSortChange={(s) => setSort(s.column as typeof sort, s.order)}
        paging={{
          page: filter.page,
          pageSize: size,
          pageSizes: PAGE_SIZES,
          total: list.data?.total,
          onPageChange: filter.setPage,
          onPageSizeChange: (n) => {
            setPageSize(n);
            filter.setPage(1);
          },
        }}
        bulkActions={bulkActions}
        selectionScope={JSON.stringify(params)}
        onRowClick={(r) => open(r.id)}
      />
    </Stack>
  );
}
