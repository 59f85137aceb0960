import { Alert, Button, Select } from '@mantine/core';
import { IconCopy, IconExternalLink, IconFileImport, IconPlus, IconTrash } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type ReactNode } from 'react';
import { EmptyState, NoMatches } from '../../../ui/EmptyState';
import { showError } from '../../../ui/toasts';
import { DataList, FilterBar, runInChunks, useUrlFilter, type BulkAction, type DataColumn, type FilterField, type FilterValues, type RowMenuItem } from '../../../ui/data-list';
import { copyItem, deleteItem, entityKey, useBulk, useColumns, useFields, useLeadStatuses, useList, useListCount, useListSettings, usePipelines, useSaveListSettings } from '../api';
import { ConfirmDialog, showUndoable } from '../common';
import { DateInput } from '../DateInput';
import { crmT, useCrmT } from '../i18n';
import { useOpenCard } from '../navigation';
import { UserPicker } from '../pickers';
import { useCrmRights } from '../permissions';
import { restoreFromTrash } from '../trash/api';
import type { EntityType, FieldDef, ListFilter, ListPreset, ListRow, Stage, UserRef } from '../types';
import { Cell, rowTitle, useSliderLinkState } from './cells';
import { ExportMenu } from './ExportMenu';
import { ImportDialog } from './ImportDialog';
import { ListSum } from '../currencies/ListSum';
import { MergeBulkButton } from '../merge/bulk';

const PAGE_SIZES = [10, 20, 50, 100];
const DATE_FIELDS = {
  deal: ['created_at', 'updated_at', 'close_date', 'begin_date'],
  lead: ['created_at', 'updated_at'],
  contact: ['created_at', 'updated_at'],
  company: ['created_at', 'updated_at'],
} as const;

/** The filter's address keys: «preset» has no field (the chips set it). */
const KEYS = ['preset'];

function filterFields(entity: EntityType, stages: Stage[]): FilterField[] {
  const t = crmT;
  const fields: FilterField[] = [{ id: 'responsible', type: 'user', label: t('filter.responsible'), picker: ResponsiblePicker }];
  if (entity === 'deal' || entity === 'lead')
    fields.push({
      id: 'stage',
      type: 'select',
      multiple: true,
      label: entity === 'lead' ? t('filter.status') : t('filter.stage'),
      options: stages.map((s) => ({ value: String(s.id), label: s.name })),
    });
  fields.push({
    id: 'date',
    type: 'dateRange',
    label: t('filter.dateField'),
    dateFields: DATE_FIELDS[entity].map((f) => ({ value: f, label: t(`filter.dateFields.${f}`) })),
    params: { field: 'df', from: 'from', to: 'to' },
  });
  return fields;
}

/** The kit's filter values as the CRM's list filter, and back (saved presets keep the CRM's shape). */
export function toListFilter(v: FilterValues): ListFilter {
  const date = (v.date ?? {}) as { field?: string; from?: string; to?: string };
  const stage = Array.isArray(v.stage) ? v.stage.map(Number).filter((n) => n > 0) : [];
  return {
    preset: typeof v.preset === 'string' ? (v.preset as ListPreset) : undefined,
    responsibleId: typeof v.responsible === 'number' ? v.responsible : undefined,
    stageId: stage.length ? stage : undefined,
    dateField: date.from || date.to ? ((date.field ?? 'created_at') as ListFilter['dateField']) : undefined,
    dateFrom: date.from || undefined,
    dateTo: date.to || undefined,
  };
}
export function fromListFilter(f: ListFilter): FilterValues {
  return {
    preset: f.preset && f.preset !== 'all' ? f.preset : undefined,
    responsible: f.responsibleId,
    stage: f.stageId?.length ? f.stageId.map(String) : undefined,
    date: f.dateFrom || f.dateTo ? { field: f.dateField ?? 'created_at', from: f.dateFrom, to: f.dateTo } : undefined,
  };
}

function ResponsiblePicker({ label, value, onChange }: { label: string; value: number | undefined; onChange: (id: number | undefined) => void }) {
  const [ref, setRef] = useState<UserRef | null>(null);
  const shown = ref && ref.id === value ? ref : value ? { id: value, fullName: `#${value}`, photoUrl: null } : null;
  return (
    <UserPicker
      label={label}
      value={shown}
      onChange={(u) => {
        setRef(u);
        onChange(u?.id);
      }}
    />
  );
}

/**
 * The list of one item type on the kit's data list: the CRM's columns, filters, presets, row
 * menu and group actions; the server keeps the columns, sort, page size and saved filters.
 */
export function EntityList({ entity, pipelineId, icon, onCreate }: { entity: EntityType; pipelineId?: number; icon: ReactNode; onCreate: () => void }) {
  const { t } = useCrmT();
  const qc = useQueryClient();
  const rights = useCrmRights();
  const openCard = useOpenCard();
  const linkState = useSliderLinkState();
  const settings = useListSettings(entity);
  const saveSettings = useSaveListSettings(entity);
  const columns = useColumns(entity);
  const fields = useFields(entity);
  const pipelines = usePipelines();
  const statuses = useLeadStatuses();
  const bulk = useBulk(entity);
  const [confirm, setConfirm] = useState<{ id: number; title: string } | null>(null);
  const [importOpen, setImportOpen] = useState(false);

  const stages: Stage[] =
    entity === 'lead' ? (statuses.data ?? []) : entity === 'deal' ? (((pipelines.data ?? []).find((p) => p.id === pipelineId) ?? (pipelines.data ?? []).find((p) => p.isDefault))?.stages ?? []) : [];
  const specs = useMemo(() => filterFields(entity, stages), [entity, stages]);
  const filterState = useUrlFilter(specs, KEYS);

  const s = settings.data;
  const pageSize = s?.pageSize && PAGE_SIZES.includes(s.pageSize) ? s.pageSize : 20;
  const filter = { ...toListFilter(filterState.values), pipelineId: entity === 'deal' ? pipelineId : undefined };
  const countFilter = { ...filter, search: filterState.search || undefined };
  const params = { ...countFilter, sort: s?.sort ?? undefined, order: s?.order ?? 'desc', page: filterState.page, pageSize };
  const list = useList(entity, params, Boolean(s));
  const count = useListCount(entity, countFilter, Boolean(s));

  const defs = useMemo(() => new Map<string, FieldDef>((fields.data ?? []).map((f) => [f.code, f])), [fields.data]);
  const dataColumns = useMemo<DataColumn<ListRow>[]>(
    () =>
      (columns.data ?? []).map((c) => ({
        id: c.key,
        title: c.label,
        sortable: c.sortable,
        defaultVisible: c.byDefault,
        cell: (row) => <Cell entity={entity} column={c} row={row} defs={defs} state={linkState} />,
      })),
    [columns.data, defs, entity, linkState],
  );

  const saveSettingsPatch = (patch: Partial<NonNullable<typeof s>>) => {
    if (!s) return;
    saveSettings.mutate({ ...s, ...patch });
  };
  const invalidate = () => void qc.invalidateQueries({ queryKey: entityKey(entity) });

  /** «Отменить» after a delete: the items come back from the trash under their own ids, with their links. */
  const undoDelete = (ids: number[]) => async () => {
    try {
      await restoreFromTrash(ids.map((id) => ({ type: entity, id })));
      invalidate();
      showUndoable(crmT('list.restored'));
    } catch (e) {
      showError(e);
    }
  };

  const deleteOne = async (id: number, title: string) => {
    await deleteItem(entity, id);
    invalidate();
    showUndoable(t('list.deleted', { title }), undoDelete([id]));
  };

  /** One bulk request per 100 ids, the bar's progress after each; «Готово»/«Удалено» with the count. */
  const runBulk = async (ids: number[], progress: (done: number, total: number) => void, body: (chunk: number[]) => Parameters<typeof bulk.mutateAsync>[0]) => {
    const results = await runInChunks(ids, 100, (chunk) => bulk.mutateAsync(body(chunk)), ids.length > 100 ? progress : undefined);
    const done = results.reduce((n, r) => n + r.done, 0);
    const deniedIds = results.flatMap((r) => r.denied ?? []);
    return { done, denied: deniedIds.length, deniedIds };
  };

  const copy = async (id: number) => {
    try {
      const r = await copyItem(entity, id);
      invalidate();
      showUndoable(t('list.copied'), async () => {
        await deleteItem(entity, r.id);
        invalidate();
      });
      if (r?.id) openCard(entity, r.id);
    } catch (e) {
      showError(e);
    }
  };

  const canAdd = rights.can(entity, 'add');
  const canDelete = rights.can(entity, 'delete');
  const canEdit = rights.can(entity, 'edit');
  const canExport = rights.can(entity, 'export');
  const canImport = rights.can(entity, 'import');
  const exportFilter = { ...countFilter, sort: s?.sort, order: s?.order };
  const visibleKeys = useMemo(() => {
    const known = new Set((columns.data ?? []).map((c) => c.key));
    const chosen = (s?.columns ?? []).filter((k) => known.has(k));
    return chosen.length ? chosen : (columns.data ?? []).filter((c) => c.byDefault).map((c) => c.key);
  }, [columns.data, s?.columns]);
  const rowsById = new Map((list.data?.items ?? []).map((r) => [Number(r.id), r]));

  const bulkActions: BulkAction<number>[] = [];
  if (canDelete)
    bulkActions.push({
      id: 'delete',
      label: t('bulk.delete'),
      color: 'red',
      icon: <IconTrash size={14} />,
      confirm: {
        title: t('list.deleteTitle'),
        message: (ids) => (ids.length === 1 ? t('list.deleteOne', { title: rowTitleOf(rowsById.get(ids[0]!), ids[0]!) }) : t('list.deleteMany', { count: ids.length })),
        confirmLabel: t('common.delete'),
      },
      run: async (ids, progress) => {
        if (ids.length === 1) {
          await deleteOne(ids[0]!, rowTitleOf(rowsById.get(ids[0]!), ids[0]!));
          return;
        }
        const r = await runBulk(ids, progress, (chunk) => ({ action: 'delete', ids: chunk }));
        const denied = new Set(r.deniedIds);
        showUndoable(t('list.deletedMany', { count: r.done }), r.done ? undoDelete(ids.filter((id) => !denied.has(id))) : undefined);
        if (r.denied) showError(new Error(t('list.deniedSome', { count: r.denied })));
      },
    });
  if (canEdit)
    bulkActions.push({
      id: 'responsible',
      label: t('bulk.responsible'),
      prompt: {
        title: t('bulk.responsible'),
        field: (value, onChange) => <UserPicker label={t('bulk.chooseResponsible')} value={(value as UserRef | null) ?? null} onChange={onChange} data-autofocus />,
      },
      run: async (ids, progress, value) => {
        const r = await runBulk(ids, progress, (chunk) => ({ action: 'responsible', ids: chunk, responsibleId: (value as UserRef).id }));
        showUndoable(t('bulk.done', { count: r.done }));
        if (r.denied) showError(new Error(t('list.deniedSome', { count: r.denied })));
      },
    });
  if (canEdit && (entity === 'deal' || entity === 'lead'))
    bulkActions.push({
      id: 'stage',
      label: entity === 'lead' ? t('bulk.status') : t('bulk.stage'),
      prompt: {
        title: entity === 'lead' ? t('bulk.status') : t('bulk.stage'),
        field: (value, onChange) =>
          stages.length ? (
            <Select
              label={t('bulk.chooseStage')}
              data={stages.map((st) => ({ value: String(st.id), label: st.name }))}
              value={(value as string | null) ?? null}
              onChange={onChange}
              comboboxProps={{ withinPortal: true, zIndex: 500 }}
            />
          ) : (
            <Alert color="gray">—</Alert>
          ),
      },
      run: async (ids, progress, value) => {
        const r = await runBulk(ids, progress, (chunk) => ({ action: 'stage', ids: chunk, stageId: Number(value) }));
        showUndoable(t('bulk.done', { count: r.done }));
        if (r.denied) showError(new Error(t('list.deniedSome', { count: r.denied })));
      },
    });
  if (canExport)
    bulkActions.push({
      id: 'export',
      label: t('bulk.export'),
      render: (ids) => <ExportMenu entity={entity} filter={exportFilter} columns={visibleKeys} ids={ids} variant="white" label={t('bulk.export')} />,
    });
  if (canEdit && (entity === 'contact' || entity === 'company'))
    bulkActions.push({
      id: 'merge',
      label: t('bulk.merge'),
      render: (ids, clear) => <MergeBulkButton type={entity} ids={ids} titleOf={(id) => rowTitleOf(rowsById.get(id), id)} onDone={clear} />,
    });

  const rowMenu = (row: ListRow): RowMenuItem[] => {
    const id = Number(row.id);
    const title = rowTitle(row);
    const items: RowMenuItem[] = [{ label: t('list.open'), icon: <IconExternalLink size={16} />, onClick: () => openCard(entity, id) }];
    if (canAdd) items.push({ label: t('list.copy'), icon: <IconCopy size={16} />, onClick: () => void copy(id) });
    if (canDelete) items.push({ label: t('list.delete'), icon: <IconTrash size={16} />, color: 'red', onClick: () => setConfirm({ id, title }) });
    return items;
  };

  const empty = filterState.active ? (
    <NoMatches onReset={filterState.reset} />
  ) : (
    <EmptyState
      icon={icon}
      title={t(`entity.${entity}.emptyTitle`)}
      description={t(`entity.${entity}.empty`)}
      action={
        canAdd ? (
          <Button leftSection={<IconPlus size={18} />} onClick={onCreate}>
            {t(`entity.${entity}.create`)}
          </Button>
        ) : null
      }
    />
  );

  return (
    <>
      <DataList<ListRow, number>
        label={t('list.table', { what: t(`entity.${entity}.many`) })}
        columns={dataColumns}
        rows={list.data && columns.data ? list.data.items : undefined}
        rowId={(r) => Number(r.id)}
        rowTitle={rowTitle}
        error={list.isError ? list.error : undefined}
        onRetry={() => void list.refetch()}
        fetching={list.isFetching}
        stale={list.isPlaceholderData}
        empty={empty}
        toolbar={
          <FilterBar
            fields={specs}
            state={filterState}
            quickPresets={(entity === 'deal' || entity === 'lead' ? (['mine', 'in_progress', 'closed'] as const) : (['mine'] as const)).map((p) => ({
              id: p,
              label: t(`filter.${p}`),
              values: { preset: p },
            }))}
            savedFilters={(s?.presets ?? []).map((p) => ({ name: p.name, values: fromListFilter(p.filter) }))}
            onSaveFilter={(name, values) => saveSettingsPatch({ presets: [...(s?.presets ?? []).filter((p) => p.name !== name), { name, filter: toListFilter(values) }] })}
            onRemoveFilter={(name) => saveSettingsPatch({ presets: (s?.presets ?? []).filter((p) => p.name !== name) })}
            search={{ label: t('list.search'), placeholder: t('list.searchPlaceholder') }}
            dateInput={DateInput}
          />
        }
        actions={
          <>
            {entity === 'deal' || entity === 'lead' ? <ListSum entity={entity} filter={countFilter} enabled={Boolean(s)} /> : null}
            {canImport ? (
              <Button variant="default" leftSection={<IconFileImport size={16} />} onClick={() => setImportOpen(true)}>
                {t('import.button')}
              </Button>
            ) : null}
            {canExport ? <ExportMenu entity={entity} filter={exportFilter} columns={visibleKeys} /> : null}
          </>
        }
        columnChooser={columns.data ? { visible: s?.columns, onChange: (keys) => saveSettingsPatch({ columns: keys }) } : undefined}
        sort={s?.sort ? { column: s.sort, order: s.order ?? 'desc' } : null}
        onSortChange={(sort) => saveSettingsPatch({ sort: sort.column, order: sort.order })}
        paging={{
          page: filterState.page,
          pageSize,
          pageSizes: PAGE_SIZES,
          total: count.data?.total,
          hasMore: list.data?.hasMore,
          onPageChange: filterState.setPage,
          onPageSizeChange: (size) => {
            saveSettingsPatch({ pageSize: size });
            filterState.setPage(1);
          },
        }}
        bulkActions={bulkActions}
        selectionScope={JSON.stringify(params)}
        rowMenu={rowMenu}
        onRowOpen={(row) => openCard(entity, Number(row.id))}
      />

      <ConfirmDialog
        opened={confirm !== null}
        title={t('list.deleteTitle')}
        message={confirm ? t('list.deleteOne', { title: confirm.title }) : undefined}
        onConfirm={async () => {
          if (!confirm) return;
          try {
            await deleteOne(confirm.id, confirm.title);
            setConfirm(null);
          } catch (e) {
            showError(e);
          }
        }}
        onClose={() => setConfirm(null)}
      />
      <ImportDialog entity={entity} opened={importOpen} onClose={() => setImportOpen(false)} />
    </>
  );
}

function rowTitleOf(row: ListRow | undefined, id: number): string {
  return row ? rowTitle(row) : `#${id}`;
}
