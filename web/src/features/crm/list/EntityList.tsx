import { ActionIcon, Alert, Button, Card, Checkbox, Group, Menu, Modal, Select, Skeleton, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconChevronLeft, IconChevronRight, IconCopy, IconDotsVertical, IconExternalLink, IconFileImport, IconPlus, IconSearch, IconTrash, IconX } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { EmptyState } from '../../../ui/EmptyState';
import { ErrorState } from '../../../ui/ErrorState';
import { showError } from '../../../ui/toasts';
import { api } from '../../../api/client';
import {
  COLLECTION,
  copyItem,
  createItem,
  deleteItem,
  entityKey,
  useBulk,
  useColumns,
  useFields,
  useLeadStatuses,
  useList,
  useListCount,
  useListSettings,
  usePipelines,
  useSaveListSettings,
} from '../api';
import { ConfirmDialog, Soon, showUndoable } from '../common';
import { crmT, useCrmT } from '../i18n';
import { useOpenCard } from '../navigation';
import { UserPicker } from '../pickers';
import { useCrmRights } from '../permissions';
import { recreateBody } from '../card/model';
import type { CrmItem, EntityType, FieldDef, ListColumn, ListRow, Stage, UserRef } from '../types';
import { Cell, rowTitle, useSliderLinkState } from './cells';
import { ColumnChooser } from './ColumnChooser';
import { ExportMenu } from './ExportMenu';
import { FilterBar, useListFilter } from './FilterPanel';
import { ImportDialog } from './ImportDialog';
import classes from '../crm.module.css';

const PAGE_SIZES = [10, 20, 50, 100];


/**
 * The list of one item type: dense table with a sticky header, column chooser, sort, filter
 * presets, search, page size, a separately counted total, row menu and group actions.
 */
export function EntityList({
  entity,
  pipelineId,
  icon,
  extraColumn,
  onCreate,
  notice,
}: {
  entity: EntityType;
  pipelineId?: number;
  icon: ReactNode;
  extraColumn?: { label: string; render: (row: ListRow) => ReactNode };
  onCreate: () => void;
  notice?: ReactNode;
}) {
  const { t } = useCrmT();
  const qc = useQueryClient();
  const rights = useCrmRights();
  const openCard = useOpenCard();
  const linkState = useSliderLinkState();
  const filterState = useListFilter();
  const settings = useListSettings(entity);
  const saveSettings = useSaveListSettings(entity);
  const columns = useColumns(entity);
  const fields = useFields(entity);
  const pipelines = usePipelines();
  const statuses = useLeadStatuses();
  const bulk = useBulk(entity);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [confirm, setConfirm] = useState<{ ids: number[]; title?: string } | null>(null);
  const [bulkDialog, setBulkDialog] = useState<'responsible' | 'stage' | null>(null);
  const [importOpen, setImportOpen] = useState(false);

  const s = settings.data;
  const pageSize = s?.pageSize && PAGE_SIZES.includes(s.pageSize) ? s.pageSize : 20;
  const filter = { ...filterState.filter, pipelineId: entity === 'deal' ? pipelineId : undefined };
  const countFilter = { ...filter, search: filterState.search || undefined };
  const params = { ...countFilter, sort: s?.sort ?? undefined, order: s?.order ?? 'desc', page: filterState.page, pageSize };
  const list = useList(entity, params, Boolean(s));
  const count = useListCount(entity, countFilter, Boolean(s));

  const allColumns = columns.data ?? [];
  const visibleKeys = useMemo(() => {
    const known = new Set(allColumns.map((c) => c.key));
    const chosen = (s?.columns ?? []).filter((k) => known.has(k));
    return chosen.length ? chosen : allColumns.filter((c) => c.byDefault).map((c) => c.key);
  }, [allColumns, s?.columns]);
  const visible = visibleKeys.map((k) => allColumns.find((c) => c.key === k)).filter((c): c is ListColumn => !!c);
  const defs = useMemo(() => new Map<string, FieldDef>((fields.data ?? []).map((f) => [f.code, f])), [fields.data]);

  const stages: Stage[] =
    entity === 'lead'
      ? (statuses.data ?? [])
      : entity === 'deal'
        ? ((pipelines.data ?? []).find((p) => p.id === pipelineId) ?? (pipelines.data ?? []).find((p) => p.isDefault))?.stages ?? []
        : [];

  useEffect(() => setSelected(new Set()), [JSON.stringify(params)]);

  const rows = list.data?.items ?? [];
  const total = count.data?.total;
  const pages = total !== undefined ? Math.max(1, Math.ceil(total / pageSize)) : null;
  const saveSettingsPatch = (patch: Partial<NonNullable<typeof s>>) => {
    if (!s) return;
    saveSettings.mutate({ ...s, ...patch });
  };

  const toggleSort = (c: ListColumn) => {
    if (!c.sortable) return;
    const order = s?.sort === c.key ? (s.order === 'asc' ? 'desc' : 'asc') : 'asc';
    saveSettingsPatch({ sort: c.key, order });
  };

  const allOnPage = rows.length > 0 && rows.every((r) => selected.has(Number(r.id)));
  const someOnPage = rows.some((r) => selected.has(Number(r.id)));

  const invalidate = () => void qc.invalidateQueries({ queryKey: entityKey(entity) });

  const deleteOne = async (id: number, title: string) => {
    // Keep what is needed to make it again: «Отменить» re-creates the item.
    let snapshot: CrmItem | null = null;
    try {
      snapshot = await api.get<CrmItem>(`/api/crm/${COLLECTION[entity]}/${id}`);
    } catch {
      snapshot = null;
    }
    await deleteItem(entity, id);
    invalidate();
    showUndoable(
      t('list.deleted', { title }),
      snapshot
        ? async () => {
            try {
              await createItem(entity, recreateBody(entity, snapshot!));
              invalidate();
              showUndoable(crmT('list.restored'));
            } catch (e) {
              showError(e);
            }
          }
        : undefined,
    );
  };

  const runDelete = async () => {
    if (!confirm) return;
    try {
      if (confirm.ids.length === 1) await deleteOne(confirm.ids[0]!, confirm.title ?? `#${confirm.ids[0]}`);
      else {
        const r = await bulk.mutateAsync({ action: 'delete', ids: confirm.ids });
        showUndoable(t('list.deletedMany', { count: r.done }));
        if (r.denied?.length) showError(new Error(t('list.deniedSome', { count: r.denied.length })));
      }
      setSelected(new Set());
      setConfirm(null);
    } catch (e) {
      showError(e);
    }
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
  const loading = !list.data || !columns.data;
  const empty = list.data && rows.length === 0 && filterState.page === 1;
  const exportFilter = { ...countFilter, sort: s?.sort, order: s?.order };

  return (
    <>
      {notice}
      <Card p={0} style={{ overflow: 'visible' }}>
        <Group gap="sm" p="sm" px="md" wrap="wrap" style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
          <FilterBar
            entity={entity}
            stages={stages}
            state={filterState}
            presets={s?.presets ?? []}
            onSavePreset={(name, f) => saveSettingsPatch({ presets: [...(s?.presets ?? []).filter((p) => p.name !== name), { name, filter: f }] })}
            onRemovePreset={(name) => saveSettingsPatch({ presets: (s?.presets ?? []).filter((p) => p.name !== name) })}
          />
          <Group gap="xs" ml="auto">
            <Text size="sm" c="dimmed" aria-live="polite" style={{ whiteSpace: 'nowrap' }}>
              {total !== undefined ? t('list.total', { count: total }) : list.data ? t('list.totalLoading') : null}
            </Text>
            {canImport && entity !== undefined ? (
              <Button variant="default" leftSection={<IconFileImport size={16} />} onClick={() => setImportOpen(true)}>
                {t('import.button')}
              </Button>
            ) : null}
            {canExport ? <ExportMenu entity={entity} filter={exportFilter} columns={visibleKeys} /> : null}
          </Group>
        </Group>

        {list.isError && !list.data ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : empty ? (
          filterState.active ? (
            <EmptyState
              icon={<IconSearch size={30} />}
              title={t('list.nothingFound')}
              description={t('list.nothingFoundHint')}
              action={
                <Button variant="light" onClick={filterState.reset}>
                  {t('list.resetFilter')}
                </Button>
              }
            />
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
          )
        ) : (
          <div className={classes.tableScroll}>
            <Table
              className={classes.listTable}
              stickyHeader
              stickyHeaderOffset={0}
              verticalSpacing={6}
              horizontalSpacing="sm"
              aria-label={t('list.table', { what: t(`entity.${entity}.many`) })}
              aria-busy={list.isFetching || undefined}
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={36} px={6}>
                    {columns.data ? <ColumnChooser columns={allColumns} visible={visibleKeys} onChange={(keys) => saveSettingsPatch({ columns: keys })} /> : null}
                  </Table.Th>
                  <Table.Th w={32} px={4}>
                    <Checkbox
                      size="xs"
                      aria-label={t('list.selectAll')}
                      checked={allOnPage}
                      indeterminate={!allOnPage && someOnPage}
                      onChange={(e) => {
                        const on = e.currentTarget.checked;
                        setSelected((prev) => {
                          const n = new Set(prev);
                          for (const r of rows) on ? n.add(Number(r.id)) : n.delete(Number(r.id));
                          return n;
                        });
                      }}
                    />
                  </Table.Th>
                  {visible.map((c) => {
                    const sorted = s?.sort === c.key;
                    return (
                      <Table.Th key={c.key} aria-sort={sorted ? (s?.order === 'asc' ? 'ascending' : 'descending') : undefined}>
                        {c.sortable ? (
                          <button type="button" className={classes.sortButton} onClick={() => toggleSort(c)}>
                            {c.label}
                            {sorted ? s?.order === 'asc' ? <IconArrowUp size={13} /> : <IconArrowDown size={13} /> : null}
                          </button>
                        ) : (
                          c.label
                        )}
                      </Table.Th>
                    );
                  })}
                  {extraColumn ? <Table.Th>{extraColumn.label}</Table.Th> : null}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody style={{ opacity: list.isPlaceholderData ? 0.6 : 1, transition: 'opacity 120ms' }}>
                {loading
                  ? Array.from({ length: 8 }, (_, i) => (
                      <Table.Tr key={i}>
                        <Table.Td />
                        <Table.Td>
                          <Skeleton h={14} w={14} />
                        </Table.Td>
                        {Array.from({ length: Math.max(3, visible.length) }, (_, j) => (
                          <Table.Td key={j}>
                            <Skeleton h={12} w={`${60 + ((i + j) % 3) * 12}%`} />
                          </Table.Td>
                        ))}
                      </Table.Tr>
                    ))
                  : rows.map((row) => {
                      const id = Number(row.id);
                      const title = rowTitle(row);
                      const isSel = selected.has(id);
                      return (
                        <Table.Tr key={id} data-selected={isSel || undefined} onDoubleClick={() => openCard(entity, id)}>
                          <Table.Td px={6}>
                            <Menu position="bottom-start" withinPortal shadow="md">
                              <Menu.Target>
                                <ActionIcon variant="subtle" color="gray" size="sm" aria-label={t('list.rowMenu', { title })}>
                                  <IconDotsVertical size={16} />
                                </ActionIcon>
                              </Menu.Target>
                              <Menu.Dropdown>
                                <Menu.Item leftSection={<IconExternalLink size={16} />} onClick={() => openCard(entity, id)}>
                                  {t('list.open')}
                                </Menu.Item>
                                {canAdd ? (
                                  <Menu.Item leftSection={<IconCopy size={16} />} onClick={() => void copy(id)}>
                                    {t('list.copy')}
                                  </Menu.Item>
                                ) : null}
                                {canDelete ? (
                                  <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={() => setConfirm({ ids: [id], title })}>
                                    {t('list.delete')}
                                  </Menu.Item>
                                ) : null}
                              </Menu.Dropdown>
                            </Menu>
                          </Table.Td>
                          <Table.Td px={4}>
                            <Checkbox
                              size="xs"
                              aria-label={t('list.selectRow', { title })}
                              checked={isSel}
                              onChange={(e) => {
                                const on = e.currentTarget.checked;
                                setSelected((prev) => {
                                  const n = new Set(prev);
                                  on ? n.add(id) : n.delete(id);
                                  return n;
                                });
                              }}
                            />
                          </Table.Td>
                          {visible.map((c) => (
                            <Table.Td key={c.key}>
                              <Cell entity={entity} column={c} row={row} defs={defs} state={linkState} />
                            </Table.Td>
                          ))}
                          {extraColumn ? <Table.Td>{extraColumn.render(row)}</Table.Td> : null}
                        </Table.Tr>
                      );
                    })}
              </Table.Tbody>
            </Table>
          </div>
        )}

        {!empty && list.data ? (
          <Group justify="space-between" px="md" py="sm" gap="sm" style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}>
            <Group gap="xs">
              <Text size="sm" c="dimmed">
                {t('list.pageSize')}
              </Text>
              <Select
                aria-label={t('list.pageSize')}
                data={PAGE_SIZES.map(String)}
                value={String(pageSize)}
                onChange={(v) => {
                  saveSettingsPatch({ pageSize: Number(v) || 20 });
                  filterState.setPage(1);
                }}
                allowDeselect={false}
                w={84}
                size="xs"
              />
            </Group>
            <Group gap="xs">
              <ActionIcon variant="default" aria-label={t('list.prev')} disabled={filterState.page <= 1} onClick={() => filterState.setPage(filterState.page - 1)}>
                <IconChevronLeft size={16} />
              </ActionIcon>
              <Text size="sm" aria-live="polite">
                {pages ? t('list.pageOf', { page: filterState.page, pages }) : t('list.page', { page: filterState.page })}
              </Text>
              <ActionIcon variant="default" aria-label={t('list.next')} disabled={!list.data.hasMore} onClick={() => filterState.setPage(filterState.page + 1)}>
                <IconChevronRight size={16} />
              </ActionIcon>
            </Group>
          </Group>
        ) : null}

        {selected.size > 0 ? (
          <div className={classes.bulkBar} role="toolbar" aria-label={t('bulk.panel')}>
            <Text size="sm" fw={600} mr="sm">
              {t('bulk.selected', { count: selected.size })}
            </Text>
            {canDelete ? (
              <Button size="xs" variant="white" color="red" leftSection={<IconTrash size={14} />} onClick={() => setConfirm({ ids: [...selected] })}>
                {t('bulk.delete')}
              </Button>
            ) : null}
            {canEdit ? (
              <Button size="xs" variant="white" onClick={() => setBulkDialog('responsible')}>
                {t('bulk.responsible')}
              </Button>
            ) : null}
            {canEdit && (entity === 'deal' || entity === 'lead') ? (
              <Button size="xs" variant="white" onClick={() => setBulkDialog('stage')}>
                {entity === 'lead' ? t('bulk.status') : t('bulk.stage')}
              </Button>
            ) : null}
            {canExport ? <ExportMenu entity={entity} filter={exportFilter} columns={visibleKeys} ids={[...selected]} variant="white" label={t('bulk.export')} /> : null}
            {entity === 'contact' || entity === 'company' ? (
              <Soon label={t('bulk.mergeSoon')}>
                <Button size="xs" variant="white" disabled aria-describedby={undefined} title={t('bulk.mergeSoon')}>
                  {t('bulk.merge')}
                </Button>
              </Soon>
            ) : null}
            <Tooltip label={t('bulk.clear')}>
              <ActionIcon variant="subtle" color="gray.0" ml="auto" aria-label={t('bulk.clear')} onClick={() => setSelected(new Set())}>
                <IconX size={16} />
              </ActionIcon>
            </Tooltip>
          </div>
        ) : null}
      </Card>

      <ConfirmDialog
        opened={confirm !== null}
        title={t('list.deleteTitle')}
        message={confirm && confirm.ids.length === 1 ? t('list.deleteOne', { title: confirm.title }) : t('list.deleteMany', { count: confirm?.ids.length ?? 0 })}
        onConfirm={runDelete}
        onClose={() => setConfirm(null)}
      />
      <BulkDialog
        kind={bulkDialog}
        entity={entity}
        stages={stages}
        onClose={() => setBulkDialog(null)}
        onApply={async (value) => {
          const ids = [...selected];
          try {
            const r = await bulk.mutateAsync(bulkDialog === 'responsible' ? { action: 'responsible', ids, responsibleId: value } : { action: 'stage', ids, stageId: value });
            showUndoable(t('bulk.done', { count: r.done }));
            if (r.denied?.length) showError(new Error(t('list.deniedSome', { count: r.denied.length })));
            setBulkDialog(null);
            setSelected(new Set());
          } catch (e) {
            showError(e);
          }
        }}
      />
      <ImportDialog entity={entity} opened={importOpen} onClose={() => setImportOpen(false)} />
    </>
  );
}

function BulkDialog({ kind, entity, stages, onClose, onApply }: { kind: 'responsible' | 'stage' | null; entity: EntityType; stages: Stage[]; onClose: () => void; onApply: (value: number) => Promise<void> }) {
  const { t } = useCrmT();
  const [user, setUser] = useState<UserRef | null>(null);
  const [stage, setStage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setUser(null);
    setStage(null);
  }, [kind]);
  const value = kind === 'responsible' ? user?.id : Number(stage) || undefined;
  const title = kind === 'responsible' ? t('bulk.responsible') : entity === 'lead' ? t('bulk.status') : t('bulk.stage');
  return (
    <Modal opened={kind !== null} onClose={onClose} title={title} zIndex={300}>
      <Stack gap="md">
        {kind === 'responsible' ? (
          <UserPicker label={t('bulk.chooseResponsible')} value={user} onChange={setUser} data-autofocus />
        ) : (
          <Select label={t('bulk.chooseStage')} data={stages.map((s) => ({ value: String(s.id), label: s.name }))} value={stage} onChange={setStage} comboboxProps={{ withinPortal: true, zIndex: 500 }} />
        )}
        {kind === 'stage' && stages.length === 0 ? <Alert color="gray">—</Alert> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button
            disabled={!value}
            loading={busy}
            onClick={async () => {
              if (!value) return;
              setBusy(true);
              try {
                await onApply(value);
              } finally {
                setBusy(false);
              }
            }}
          >
            {t('bulk.apply')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
