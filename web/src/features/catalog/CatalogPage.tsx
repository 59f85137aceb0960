import { Badge, Button, Group, Select, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPackage, IconPlus, IconSearch, IconTool } from '@tabler/icons-react';
import { formatMoney } from '@vavilon/contracts';
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { CrmPage } from '../crm/CrmFrame';
import { DataList, type BulkAction, type DataColumn, type SortState } from '../../ui/data-list';
import { EmptyState, NoMatches } from '../../ui/EmptyState';
import { Slider } from '../../ui/slider';
import { showSuccess } from '../../ui/toasts';
import { useBulkProducts, useCatalogRights, useProducts, useSections, type ProductBrief } from './api';
import { CatalogNav } from './CatalogNav';
import { useCatalogT } from './i18n';
import { ProductCard } from './ProductCard';
import { SectionTree, type SectionChoice } from './SectionTree';
import { TransferButtons } from './TransferButtons';
import classes from './catalog.module.css';

const PAGE_SIZES = [20, 50, 100];

/** «Каталог товаров»: the section tree, the product list with its filters and group actions, the product card in a slider. */
export default function CatalogPage() {
  const { t, i18n } = useCatalogT();
  const locale = i18n.language === 'en' ? 'en' : 'ru';
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  const [q] = useDebouncedValue(text.trim(), 250);
  const sectionParam = params.get('section');
  const sectionId: SectionChoice = sectionParam === null ? undefined : Number(sectionParam);
  const kind = (params.get('kind') as 'product' | 'service' | null) ?? undefined;
  const active = params.get('active');
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [pageSize, setPageSize] = useState(50);
  const [sort, setSort] = useState<SortState>({ column: 'name', order: 'asc' });
  const opened = params.get('product');

  const setParam = (key: string, value: string | null, resetPage = true) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value === null) next.delete(key);
        else next.set(key, value);
        if (resetPage) next.delete('page');
        return next;
      },
      { replace: key !== 'product' },
    );
  useEffect(() => {
    if ((params.get('q') ?? '') !== q) setParam('q', q || null);
  }, [q]);

  const rights = useCatalogRights();
  const canEdit = rights.data?.catalog === 'edit';
  const sections = useSections();
  const filter = { q: q || undefined, sectionId, kind, active: active === null ? undefined : active === 'true', sort: sort.column, order: sort.order, page, pageSize };
  const list = useProducts(filter);
  const bulk = useBulkProducts();
  const sectionName = useMemo(() => new Map((sections.data ?? []).map((s) => [s.id, s.name])), [sections.data]);
  const filtered = Boolean(q || kind || active !== null || sectionId !== undefined);

  const columns: DataColumn<ProductBrief>[] = [
    {
      id: 'name',
      title: t('col.name'),
      sortable: true,
      hideable: false,
      cell: (p) => (
        <Group gap="sm" wrap="nowrap">
          {p.photoUrl ? (
            <img src={p.photoUrl} alt="" className={classes.thumb} />
          ) : (
            <span className={classes.thumb} aria-hidden>
              {p.kind === 'service' ? <IconTool size={16} /> : <IconPackage size={16} />}
            </span>
          )}
          <div style={{ minWidth: 0 }}>
            <Text size="sm" fw={500} truncate c={p.active ? undefined : 'dimmed'}>
              {p.name}
            </Text>
            {!p.active ? (
              <Badge size="xs" color="gray" variant="light">
                {t('active.no')}
              </Badge>
            ) : null}
          </div>
        </Group>
      ),
    },
    {
      id: 'sku',
      title: t('col.sku'),
      sortable: true,
      width: 150,
      cell: (p) => (
        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
          {p.sku || '—'}
        </Text>
      ),
    },
    { id: 'kind', title: t('col.kind'), width: 100, visibleFrom: 'md', cell: (p) => <Text size="sm">{t(`kind.${p.kind}`)}</Text> },
    { id: 'section', title: t('col.section'), visibleFrom: 'md', cell: (p) => <Text size="sm">{(p.sectionId && sectionName.get(p.sectionId)) || '—'}</Text> },
    { id: 'unit', title: t('col.unit'), width: 70, cell: (p) => <Text size="sm">{p.unit}</Text> },
    {
      id: 'price',
      title: t('col.price'),
      sortable: true,
      width: 150,
      cell: (p) => (
        <Text size="sm" ta="right" style={{ whiteSpace: 'nowrap' }}>
          {formatMoney(p.price, p.currency, locale)}
        </Text>
      ),
    },
    {
      id: 'vat',
      title: t('col.vat'),
      width: 130,
      visibleFrom: 'sm',
      cell: (p) => (
        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
          {p.vatRate === null ? t('vat.none') : `${p.vatRate} % ${p.vatIncluded ? t('vat.included') : t('vat.added')}`}
        </Text>
      ),
    },
  ];

  const bulkActions: BulkAction<number>[] = canEdit
    ? [
        { id: 'activate', label: t('bulk.activate'), run: async (ids) => done((await bulk.mutateAsync({ action: 'activate', ids })).count) },
        { id: 'deactivate', label: t('bulk.deactivate'), run: async (ids) => done((await bulk.mutateAsync({ action: 'deactivate', ids })).count) },
        {
          id: 'move',
          label: t('bulk.move'),
          prompt: {
            title: t('bulk.move'),
            field: (value, onChange) => (
              <Select
                label={t('col.section')}
                placeholder={t('sections.none')}
                clearable
                data={(sections.data ?? []).map((s) => ({ value: String(s.id), label: s.name }))}
                value={(value as string | null) ?? null}
                onChange={onChange}
                comboboxProps={{ zIndex: 400 }}
              />
            ),
          },
          run: async (ids, _p, value) => done((await bulk.mutateAsync({ action: 'move', ids, sectionId: value ? Number(value) : null })).count),
        },
        {
          id: 'delete',
          label: t('bulk.delete'),
          color: 'red',
          confirm: { title: t('bulk.deleteTitle'), message: (ids) => t('bulk.deleteText', { count: ids.length }), confirmLabel: t('bulk.delete'), danger: true },
          run: async (ids) => done((await bulk.mutateAsync({ action: 'delete', ids })).count),
        },
      ]
    : [];
  function done(count: number) {
    showSuccess(t('bulk.done', { count }));
  }

  const resetFilter = () => {
    setText('');
    setParams(new URLSearchParams(), { replace: true });
  };

  return (
    <CrmPage
      section="catalog"
      title={t('title')}
      actions={
        canEdit ? (
          <Button leftSection={<IconPlus size={18} />} onClick={() => setParam('product', 'new', false)}>
            {t('add')}
          </Button>
        ) : null
      }
    >
      <CatalogNav current="catalog" />
      <div className={classes.layout}>
        <SectionTree sections={sections.data} value={sectionId} onChange={(v) => setParam('section', v === undefined ? null : String(v))} canEdit={canEdit} />
        <DataList<ProductBrief, number>
          label={t('title')}
          toolbar={
            <>
              <TextInput
                value={text}
                onChange={(e) => setText(e.currentTarget.value)}
                placeholder={t('search')}
                aria-label={t('searchLabel')}
                leftSection={<IconSearch size={16} />}
                style={{ flex: '1 1 240px', maxWidth: 380 }}
              />
              <Select
                aria-label={t('filter.kind')}
                placeholder={t('filter.kind')}
                clearable
                value={kind ?? null}
                onChange={(v) => setParam('kind', v)}
                data={[
                  { value: 'product', label: t('kind.product') },
                  { value: 'service', label: t('kind.service') },
                ]}
                style={{ flex: '0 1 150px' }}
              />
              <Select
                aria-label={t('filter.active')}
                placeholder={t('filter.active')}
                clearable
                value={active}
                onChange={(v) => setParam('active', v)}
                data={[
                  { value: 'true', label: t('active.yes') },
                  { value: 'false', label: t('active.no') },
                ]}
                style={{ flex: '0 1 160px' }}
              />
            </>
          }
          actions={<TransferButtons canImport={canEdit} filter={filter} />}
          columns={columns}
          columnChooser={{ storageKey: 'catalog.products.columns' }}
          rows={list.data?.items}
          rowId={(p) => p.id}
          rowTitle={(p) => p.name}
          error={list.isError ? list.error : undefined}
          onRetry={() => list.refetch()}
          fetching={list.isFetching}
          stale={list.isPlaceholderData}
          sort={sort}
          onSortChange={setSort}
          paging={{
            page,
            pageSize,
            pageSizes: PAGE_SIZES,
            total: list.data?.total,
            onPageChange: (p) => setParam('page', p > 1 ? String(p) : null, false),
            onPageSizeChange: (s) => {
              setPageSize(s);
              setParam('page', null, false);
            },
          }}
          bulkActions={bulkActions}
          selectionScope={JSON.stringify(filter)}
          onRowClick={(p) => setParam('product', String(p.id), false)}
          density="compact"
          scroll="page"
          empty={
            filtered ? (
              <NoMatches onReset={resetFilter} />
            ) : (
              <EmptyState
                icon={<IconPackage size={32} />}
                title={t('empty.title')}
                description={t('empty.text')}
                action={
                  canEdit ? (
                    <Button leftSection={<IconPlus size={18} />} onClick={() => setParam('product', 'new', false)}>
                      {t('add')}
                    </Button>
                  ) : null
                }
              />
            )
          }
        />
      </div>
      <Slider opened={opened !== null} label={t('title')} onClose={() => setParam('product', null, false)}>
        {opened !== null ? (
          <ProductCard
            id={opened === 'new' ? null : Number(opened) || null}
            sections={sections.data ?? []}
            defaultSection={sectionId || undefined}
            canEdit={canEdit}
            onClose={() => setParam('product', null, false)}
          />
        ) : null}
      </Slider>
    </CrmPage>
  );
}
