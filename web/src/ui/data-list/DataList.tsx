import { ActionIcon, Card, Checkbox, Group, Select, Skeleton, Table, Text, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { useEffect, useMemo, useState, type HTMLAttributes, type KeyboardEvent, type ReactNode } from 'react';
import { ErrorState } from '../ErrorState';
import { useKitT } from '../kit-i18n';
import { BulkBar } from './BulkBar';
import { visibleIds } from './columns';
import { pageButtons } from './paging';
import { ColumnChooser } from './ColumnChooser';
import { useStoredState } from './storage';
import type { BulkAction, DataColumn, Paging, RowMenuItem, SortState } from './types';
import classes from './data-list.module.css';
import { ActionMenu } from '../ActionMenu';

export interface DataListProps<Row, Id extends string | number> {
  /** The table's accessible name («Список: Сделки», «Порталы»). */
  label: string;
  columns: DataColumn<Row>[];
  /** undefined while loading (a skeleton shows). */
  rows: Row[] | undefined;
  rowId: (row: Row) => Id;
  /** Names a row in the labels of its checkbox and menu; default `#id`. */
  rowTitle?: (row: Row) => string;
  /** The main query failed (shown when there are no rows to show). */
  error?: unknown;
  onRetry?: () => void;
  /** A request is under way: the table is aria-busy. */
  fetching?: boolean;
  /** The rows are the previous request's (placeholder): dimmed. */
  stale?: boolean;
  /** What shows instead of the table when there are no rows on the first page. */
  empty?: ReactNode;
  /** Above the table at the left (usually the FilterBar). */
  toolbar?: ReactNode;
  /** Above the table at the right, after «Всего: N» (import, export). */
  actions?: ReactNode;
  /** «Всего: N» from `paging.total`; default true when there is paging. */
  showTotal?: boolean;
  /** The column chooser: the caller's state (`visible` + `onChange`) or a key to remember it in this browser. */
  columnChooser?: { visible: string[] | null | undefined; onChange: (ids: string[]) => void } | { storageKey: string };
  sort?: SortState | null;
  onSortChange?: (sort: SortState) => void;
  paging?: Paging;
  /** Group actions over the selected rows; with any, rows get checkboxes and the bulk bar. */
  bulkActions?: BulkAction<Id>[];
  /** The selection is cleared when this changes (filter, sort, page). */
  selectionScope?: string;
  /** The row's menu (⋮). */
  rowMenu?: (row: Row) => RowMenuItem[];
  /** A click on the row (keyboard users reach the same through a link or button in a cell). */
  onRowClick?: (row: Row) => void;
  /** A double click on the row. */
  onRowOpen?: (row: Row) => void;
  /** More of a row's attributes: drag and drop, keyboard handling, data attributes. */
  rowProps?: (row: Row) => HTMLAttributes<HTMLTableRowElement> & Record<`data-${string}`, string | boolean | undefined>;
  /** Told the selected ids whenever the selection changes (keyboard actions over the selection). */
  onSelectionChange?: (ids: Id[]) => void;
  /** compact: dense CRM lists; comfortable: roomier admin tables. */
  density?: 'compact' | 'comfortable';
  /** inner: the table scrolls inside the card with its own sticky header; page: the page scrolls, the header sticks under `stickyHeaderOffset`. */
  scroll?: 'inner' | 'page';
  stickyHeaderOffset?: number;
  /** Rows of the loading skeleton. */
  skeletonRows?: number;
}

/** A list page's table: column spec, server sort and pages, selection with a bulk bar, column chooser, and its loading, empty and error states. */
export function DataList<Row, Id extends string | number = number>(props: DataListProps<Row, Id>) {
  const {
    label,
    columns,
    rows,
    rowId,
    rowTitle = (r: Row) => `#${rowId(r)}`,
    error,
    onRetry,
    fetching,
    stale,
    empty,
    toolbar,
    actions,
    columnChooser,
    sort,
    onSortChange,
    paging,
    bulkActions,
    selectionScope,
    rowMenu,
    onRowClick,
    onRowOpen,
    rowProps,
    onSelectionChange,
    density = 'compact',
    scroll = 'inner',
    stickyHeaderOffset,
    skeletonRows = 8,
  } = props;
  const showTotal = props.showTotal ?? Boolean(paging);
  const { t } = useKitT();
  const [selected, setSelected] = useState<Set<Id>>(new Set());
  const storageKey = columnChooser && 'storageKey' in columnChooser ? columnChooser.storageKey : `data-list:${label}`;
  const [stored, setStored] = useStoredState<string[] | null>(`columns:${storageKey}`, null);
  const chosen = columnChooser ? ('storageKey' in columnChooser ? stored : columnChooser.visible) : null;
  const setChosen = columnChooser ? ('storageKey' in columnChooser ? setStored : columnChooser.onChange) : undefined;

  useEffect(() => setSelected(new Set()), [selectionScope]);
  useEffect(() => onSelectionChange?.([...selected]), [selected, onSelectionChange]);

  const shownIds = useMemo(() => visibleIds(columns, chosen), [columns, chosen]);
  const shown = shownIds.map((id) => columns.find((c) => c.id === id)).filter((c): c is DataColumn<Row> => !!c);
  const selectable = Boolean(bulkActions?.length);
  const leadColumn = Boolean(columnChooser || rowMenu);
  const list = rows ?? [];
  const idsOnPage = list.map(rowId);
  const allOnPage = idsOnPage.length > 0 && idsOnPage.every((id) => selected.has(id));
  const someOnPage = idsOnPage.some((id) => selected.has(id));
  const isEmpty = rows !== undefined && rows.length === 0 && (paging?.page ?? 1) === 1;
  const total = paging?.total;
  const pages = paging && total !== undefined ? Math.max(1, Math.ceil(total / paging.pageSize)) : null;

  const toggleSort = (c: DataColumn<Row>) => {
    if (!c.sortable || !onSortChange) return;
    const order = sort?.column === c.id ? (sort.order === 'asc' ? 'desc' : 'asc') : 'asc';
    onSortChange({ column: c.id, order });
  };
  const setRow = (id: Id, on: boolean) =>
    setSelected((prev) => {
      const n = new Set(prev);
      if (on) n.add(id);
      else n.delete(id);
      return n;
    });

  const chooser =
    columnChooser && setChosen ? (
      <ColumnChooser
        columns={columns.filter((c) => c.hideable !== false).map((c) => ({ id: c.id, title: c.title, defaultVisible: c.defaultVisible }))}
        visible={shownIds.filter((id) => columns.find((c) => c.id === id)?.hideable !== false)}
        onChange={setChosen}
      />
    ) : null;

  const body = () => {
    if (error && !rows) return <ErrorState error={error} onRetry={onRetry} />;
    if (isEmpty && empty) return empty;
    return (
      <div className={scroll === 'inner' ? classes.scrollInner : classes.scrollPage}>
        <Table
          className={`${classes.table} ${density === 'comfortable' ? classes.comfortable : ''}`}
          stickyHeader={scroll === 'inner' || stickyHeaderOffset !== undefined}
          stickyHeaderOffset={scroll === 'inner' ? 0 : stickyHeaderOffset}
          verticalSpacing={density === 'compact' ? 6 : 'sm'}
          horizontalSpacing={density === 'compact' ? 'sm' : 'md'}
          aria-label={label}
          aria-busy={fetching || rows === undefined || undefined}
        >
          <Table.Thead>
            <Table.Tr>
              {leadColumn ? (
                <Table.Th w={36} px={6}>
                  {chooser}
                </Table.Th>
              ) : null}
              {selectable ? (
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
                        for (const id of idsOnPage) {
                          if (on) n.add(id);
                          else n.delete(id);
                        }
                        return n;
                      });
                    }}
                  />
                </Table.Th>
              ) : null}
              {shown.map((c) => {
                const sorted = sort?.column === c.id;
                return (
                  <Table.Th key={c.id} w={c.width} visibleFrom={c.visibleFrom} aria-sort={sorted ? (sort?.order === 'asc' ? 'ascending' : 'descending') : undefined}>
                    {c.sortable && onSortChange ? (
                      <button type="button" className={classes.sortButton} onClick={() => toggleSort(c)}>
                        {c.title}
                        {sorted ? sort?.order === 'asc' ? <IconArrowUp size={13} /> : <IconArrowDown size={13} /> : null}
                      </button>
                    ) : (
                      c.title
                    )}
                  </Table.Th>
                );
              })}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody style={{ opacity: stale ? 0.6 : 1, transition: 'opacity 120ms' }}>
            {rows === undefined
              ? Array.from({ length: skeletonRows }, (_, i) => (
                  <Table.Tr key={i}>
                    {leadColumn ? <Table.Td /> : null}
                    {selectable ? (
                      <Table.Td>
                        <Skeleton h={14} w={14} />
                      </Table.Td>
                    ) : null}
                    {Array.from({ length: Math.max(3, shown.length) }, (_, j) => (
                      <Table.Td key={j} visibleFrom={shown[j]?.visibleFrom}>
                        <Skeleton h={12} w={`${60 + ((i + j) % 3) * 12}%`} />
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))
              : list.map((row) => {
                  const id = rowId(row);
                  const title = rowTitle(row);
                  const isSel = selected.has(id);
                  const menu = rowMenu?.(row) ?? [];
                  return (
                    <Table.Tr
                      {...rowProps?.(row)}
                      key={String(id)}
                      data-selected={isSel || undefined}
                      data-clickable={onRowClick ? true : undefined}
                      onClick={onRowClick ? () => onRowClick(row) : undefined}
                      onDoubleClick={onRowOpen ? () => onRowOpen(row) : undefined}
                    >
                      {leadColumn ? (
                        <Table.Td px={6}>
                          <ActionMenu items={menu} label={t('list.rowMenu', { title })} position="bottom-start" size="sm" />
                        </Table.Td>
                      ) : null}
                      {selectable ? (
                        <Table.Td px={4} onClick={(e) => e.stopPropagation()}>
                          <Checkbox size="xs" aria-label={t('list.selectRow', { title })} checked={isSel} onChange={(e) => setRow(id, e.currentTarget.checked)} />
                        </Table.Td>
                      ) : null}
                      {shown.map((c) => (
                        <Table.Td key={c.id} visibleFrom={c.visibleFrom}>
                          {c.cell(row)}
                        </Table.Td>
                      ))}
                    </Table.Tr>
                  );
                })}
          </Table.Tbody>
        </Table>
      </div>
    );
  };

  return (
    <Card p={0} style={{ overflow: 'visible' }}>
      {toolbar || actions || showTotal ? (
        <Group gap="sm" p="sm" px="md" wrap="wrap" className={classes.toolbar}>
          {toolbar}
          {actions || showTotal ? (
            <Group gap="xs" ml="auto">
              {showTotal ? (
                <Text size="sm" c="dimmed" aria-live="polite" style={{ whiteSpace: 'nowrap' }}>
                  {total !== undefined ? t('list.total', { count: total }) : rows ? t('list.totalLoading') : null}
                </Text>
              ) : null}
              {actions}
            </Group>
          ) : null}
        </Group>
      ) : null}
      {body()}
      {paging && !isEmpty && rows && (paging.onPageSizeChange || pages === null || pages > 1) ? <Pager paging={paging} pages={pages} /> : null}
      {selectable && selected.size > 0 ? <BulkBar ids={[...selected]} actions={bulkActions!} onClear={() => setSelected(new Set())} /> : null}
    </Card>
  );
}

function Pager({ paging, pages }: { paging: Paging; pages: number | null }) {
  const { t } = useKitT();
  const { page, pageSize, pageSizes, onPageChange, onPageSizeChange } = paging;
  const hasNext = pages !== null ? page < pages : Boolean(paging.hasMore);
  const go = (p: number) => {
    if (p >= 1 && (pages === null || p <= pages) && p !== page) onPageChange(p);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'ArrowLeft' && page > 1) go(page - 1);
    else if (e.key === 'ArrowRight' && hasNext) go(page + 1);
    else if (e.key === 'Home') go(1);
    else if (e.key === 'End' && pages !== null) go(pages);
    else return;
    e.preventDefault();
  };
  return (
    <Group justify="space-between" px="md" py="sm" gap="sm" className={classes.footer}>
      {onPageSizeChange ? (
        <Group gap="xs">
          <Text size="sm" c="dimmed">
            {t('list.pageSize')}
          </Text>
          <Select
            aria-label={t('list.pageSize')}
            data={(pageSizes ?? [10, 20, 50, 100]).map(String)}
            value={String(pageSize)}
            onChange={(v) => onPageSizeChange(Number(v) || pageSize)}
            allowDeselect={false}
            w={84}
            size="xs"
          />
        </Group>
      ) : (
        <span />
      )}
      <Group gap="xs" role="navigation" aria-label={t('list.pages')} onKeyDown={onKeyDown}>
        <ActionIcon variant="default" aria-label={t('list.prev')} disabled={page <= 1} onClick={() => go(page - 1)}>
          <IconChevronLeft size={16} />
        </ActionIcon>
        {pages !== null && pages > 1
          ? pageButtons(page, pages).map((p, i) =>
              p === null ? (
                <Text key={`gap-${i}`} size="sm" c="dimmed" aria-hidden>
                  …
                </Text>
              ) : (
                <UnstyledButton
                  key={p}
                  onClick={() => go(p)}
                  aria-label={t('list.goToPage', { page: p })}
                  aria-current={p === page ? 'page' : undefined}
                  style={{
                    minWidth: 28,
                    height: 28,
                    padding: '0 6px',
                    borderRadius: 6,
                    textAlign: 'center',
                    fontSize: 13,
                    fontWeight: p === page ? 600 : 400,
                    background: p === page ? 'var(--mantine-color-brand-0)' : undefined,
                    color: p === page ? 'var(--mantine-color-brand-8)' : undefined,
                  }}
                >
                  {p}
                </UnstyledButton>
              ),
            )
          : null}
        <Text size="sm" aria-live="polite" c={pages !== null && pages > 1 ? 'dimmed' : undefined}>
          {pages ? t('list.pageOf', { page, pages }) : t('list.page', { page })}
        </Text>
        <ActionIcon variant="default" aria-label={t('list.next')} disabled={!hasNext} onClick={() => go(page + 1)}>
          <IconChevronRight size={16} />
        </ActionIcon>
      </Group>
    </Group>
  );
}
