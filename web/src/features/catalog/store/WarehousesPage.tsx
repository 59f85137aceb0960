import { Badge, Button, Card, Group, Select, Skeleton, Stack, Switch, Table, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconBuildingWarehouse, IconPackage, IconPlus, IconSearch } from '@tabler/icons-react';
import type { StockRow, Warehouse } from '@vavilon/contracts';
import { useMemo, useState } from 'react';
import { CrmPage } from '../../crm/CrmFrame';
import { ActionMenu } from '../../../ui/ActionMenu';
import { DataList, type DataColumn } from '../../../ui/data-list';
import { EmptyState } from '../../../ui/EmptyState';
import { ErrorState } from '../../../ui/ErrorState';
import { showError, showSuccess } from '../../../ui/toasts';
import { ConfirmDialog } from '../../crm/common';
import { useStock, useStoreMutations, useWarehouses } from './api';
import { formatQuantity } from './format';
import { useStoreT } from './i18n';
import { MovementsSlider } from './MovementsSlider';
import { CatalogNav } from '../CatalogNav';
import { WarehouseDialog } from './WarehouseDialog';

/** «Склады»: the warehouses, «Разрешить отрицательные остатки», and the stock of every product in each. */
export function WarehousesPage() {
  const { t } = useStoreT();
  const list = useWarehouses();
  const [editing, setEditing] = useState<Warehouse | null | 'new'>(null);
  const can = list.data?.can;
  return (
    <CrmPage
      section="catalog"
      title={t('warehouses.title')}
      actions={
        can?.post ? (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
            {t('warehouses.add')}
          </Button>
        ) : null
      }
    >
      <Stack gap="md">
        <CatalogNav current="store" />
        {list.error ? <ErrorState error={list.error} onRetry={() => void list.refetch()} /> : null}
        <WarehousesCard onEdit={setEditing} onAdd={() => setEditing('new')} />
        {list.data?.items.length ? <StockCard warehouses={list.data.items} /> : null}
      </Stack>
      <WarehouseDialog opened={editing !== null} warehouse={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
    </CrmPage>
  );
}

function WarehousesCard({ onEdit, onAdd }: { onEdit: (w: Warehouse) => void; onAdd: () => void }) {
  const { t } = useStoreT();
  const list = useWarehouses();
  const m = useStoreMutations();
  const [deleting, setDeleting] = useState<Warehouse | null>(null);
  const data = list.data;
  return (
    <Card withBorder radius="md" p="md">
      <Group justify="space-between" mb="sm">
        <Title order={2} fz="lg">
          {t('warehouses.title')}
        </Title>
        {data?.can.settings ? (
          <Switch
            label={t('warehouses.allowNegative')}
            description={t('warehouses.allowNegativeHint')}
            checked={data.settings.allowNegative}
            onChange={(e) => m.settings.mutate({ allowNegative: e.currentTarget.checked }, { onError: showError })}
          />
        ) : null}
      </Group>
      {!data ? (
        <Stack gap="xs">
          {Array.from({ length: 3 }, (_, i) => (
            <Skeleton key={i} h={28} />
          ))}
        </Stack>
      ) : data.items.length === 0 ? (
        <EmptyState
          icon={<IconBuildingWarehouse size={30} />}
          title={t('warehouses.empty')}
          description={t('warehouses.emptyHint')}
          action={data.can.post ? <Button onClick={onAdd}>{t('warehouses.add')}</Button> : null}
        />
      ) : (
        <Table aria-label={t('warehouses.title')} highlightOnHover verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('warehouses.name')}</Table.Th>
              <Table.Th>{t('warehouses.address')}</Table.Th>
              <Table.Th w={48} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.items.map((w) => (
              <Table.Tr key={w.id}>
                <Table.Td>
                  <Group gap="xs">
                    {data.can.post ? (
                      <UnstyledButton onClick={() => onEdit(w)} fw={500} c="blue">
                        {w.name}
                      </UnstyledButton>
                    ) : (
                      <Text fw={500}>{w.name}</Text>
                    )}
                    {w.isDefault ? <Badge variant="light">{t('warehouses.defaultBadge')}</Badge> : null}
                    {!w.active ? (
                      <Badge variant="light" color="gray">
                        {t('warehouses.inactive')}
                      </Badge>
                    ) : null}
                  </Group>
                </Table.Td>
                <Table.Td c="dimmed">{w.address}</Table.Td>
                <Table.Td>
                  {data.can.post ? (
                    <ActionMenu
                      label={w.name}
                      position="bottom-end"
                      items={[
                        { label: t('warehouses.edit'), onClick: () => onEdit(w) },
                        { label: t('warehouses.delete'), color: 'red', onClick: () => setDeleting(w) },
                      ]}
                    />
                  ) : null}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <ConfirmDialog
        opened={deleting !== null}
        title={t('warehouses.delete')}
        message={t('warehouses.deleteConfirm', { name: deleting?.name ?? '' })}
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          try {
            await m.deleteWarehouse.mutateAsync(deleting!.id);
            setDeleting(null);
            showSuccess(t('documents.deleted'));
          } catch (e) {
            setDeleting(null);
            showError(e);
          }
        }}
      />
    </Card>
  );
}

function StockCard({ warehouses }: { warehouses: Warehouse[] }) {
  const { t } = useStoreT();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [warehouseId, setWarehouseId] = useState<number | undefined>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const stock = useStock({ q: q || undefined, warehouseId, page, pageSize });
  const [history, setHistory] = useState<{ id: number; name: string } | null>(null);
  const names = useMemo(() => new Map(warehouses.map((w) => [w.id, w.name])), [warehouses]);
  const shownWarehouses = warehouseId ? warehouses.filter((w) => w.id === warehouseId) : warehouses;
  const columns: DataColumn<StockRow>[] = [
    {
      id: 'product',
      title: t('stock.product'),
      hideable: false,
      cell: (r) => (
        <UnstyledButton c="blue" fw={500} onClick={() => setHistory({ id: r.product.id, name: r.product.name })} aria-label={`${t('stock.history')}: ${r.product.name}`}>
          {r.product.name}
        </UnstyledButton>
      ),
    },
    { id: 'sku', title: t('stock.sku'), cell: (r) => <Text c="dimmed">{r.product.sku}</Text>, width: 140 },
    ...shownWarehouses.map((w): DataColumn<StockRow> => ({
      id: `w${w.id}`,
      title: w.name,
      width: 150,
      cell: (r) => {
        const v = r.byWarehouse[String(w.id)] ?? 0;
        return (
          <Text ta="right" c={v < 0 ? 'red' : v === 0 ? 'dimmed' : undefined}>
            {formatQuantity(v, r.product.unit)}
          </Text>
        );
      },
    })),
    ...(warehouseId
      ? []
      : [
          {
            id: 'total',
            title: t('stock.total'),
            width: 140,
            cell: (r: StockRow) => (
              <Text ta="right" fw={600}>
                {formatQuantity(r.total, r.product.unit)}
              </Text>
            ),
          },
        ]),
  ];
  const filtered = Boolean(q || warehouseId);
  return (
    <Card withBorder radius="md" p="md">
      <Title order={2} fz="lg" mb="sm">
        {t('stock.title')}
      </Title>
      <DataList
        label={t('stock.label')}
        columns={columns}
        rows={stock.data?.items}
        rowId={(r) => r.product.id}
        rowTitle={(r) => r.product.name}
        error={stock.error}
        onRetry={() => void stock.refetch()}
        fetching={stock.isFetching}
        stale={stock.isPlaceholderData}
        scroll="page"
        showTotal={stock.data?.total != null}
        toolbar={
          <Group gap="sm">
            <TextInput
              leftSection={<IconSearch size={16} />}
              placeholder={t('stock.search')}
              aria-label={t('stock.search')}
              value={search}
              onChange={(e) => {
                setSearch(e.currentTarget.value);
                setPage(1);
              }}
              w={320}
            />
            <Select
              aria-label={t('stock.warehouse')}
              placeholder={t('stock.allWarehouses')}
              clearable
              data={warehouses.map((w) => ({ value: String(w.id), label: w.name }))}
              value={warehouseId ? String(warehouseId) : null}
              onChange={(v) => {
                setWarehouseId(v ? Number(v) : undefined);
                setPage(1);
              }}
              w={220}
            />
          </Group>
        }
        empty={<EmptyState icon={<IconPackage size={30} />} title={t('stock.empty')} description={filtered ? undefined : t('stock.emptyHint')} />}
        paging={{ page, pageSize, total: stock.data?.total ?? undefined, hasMore: stock.data?.hasMore, onPageChange: setPage, onPageSizeChange: setPageSize }}
      />
      <MovementsSlider product={history} warehouses={names} onClose={() => setHistory(null)} />
    </Card>
  );
}
