import { Button, Group, Menu, Select, Text } from '@mantine/core';
import { IconChevronDown, IconFileInvoice } from '@tabler/icons-react';
import type { StoreDocumentBrief, StoreDocumentStatus, StoreDocumentType } from '@vavilon/contracts';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { CrmPage } from '../../crm/CrmFrame';
import { DataList, type DataColumn } from '../../../ui/data-list';
import { EmptyState, NoMatches } from '../../../ui/EmptyState';
import { formatDate, formatMoney } from '../../../ui/format';
import { useDocuments, useWarehouses } from './api';
import { DocumentStatus } from './DocumentStatus';
import { useStoreT } from './i18n';
import { CatalogNav } from '../CatalogNav';

const TYPES: StoreDocumentType[] = ['receipt', 'writeoff', 'move'];
const STATUSES: StoreDocumentStatus[] = ['draft', 'posted', 'cancelled'];

/** «Создать» with the document's type: «Приход», «Списание», «Перемещение». */
function CreateMenu() {
  const { t } = useStoreT();
  const navigate = useNavigate();
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <Button rightSection={<IconChevronDown size={16} />}>{t('documents.create')}</Button>
      </Menu.Target>
      <Menu.Dropdown>
        {TYPES.map((type) => (
          <Menu.Item key={type} onClick={() => navigate(`/crm/catalog/documents/new?type=${type}`)}>
            {t(`type.${type}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

/** «Складские документы»: newest first, by type, status and warehouse. */
export function DocumentsPage() {
  const { t } = useStoreT();
  const navigate = useNavigate();
  const [type, setType] = useState<StoreDocumentType | undefined>();
  const [status, setStatus] = useState<StoreDocumentStatus | undefined>();
  const [warehouseId, setWarehouseId] = useState<number | undefined>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const warehouses = useWarehouses();
  const docs = useDocuments({ type, status, warehouseId, page, pageSize });
  const filtered = Boolean(type || status || warehouseId);
  const reset = () => {
    setType(undefined);
    setStatus(undefined);
    setWarehouseId(undefined);
    setPage(1);
  };
  const columns: DataColumn<StoreDocumentBrief>[] = [
    {
      id: 'number',
      title: t('movements.document'),
      hideable: false,
      cell: (d) => (
        <Link to={`/crm/catalog/documents/${d.id}`}>
          <Text span fw={500}>
            {t('documents.heading', { type: t(`type.${d.type}`), number: d.number })}
          </Text>
        </Link>
      ),
    },
    { id: 'date', title: t('documents.date'), width: 160, cell: (d) => formatDate(d.docDate) },
    { id: 'warehouse', title: t('documents.warehouse'), cell: (d) => (d.type === 'move' ? `${d.warehouseName ?? ''} → ${d.toWarehouseName ?? ''}` : (d.warehouseName ?? '')) },
    { id: 'status', title: t('documents.status'), width: 130, cell: (d) => <DocumentStatus status={d.status} /> },
    { id: 'rows', title: t('documents.rows'), width: 100, cell: (d) => <Text ta="right">{d.rowsCount}</Text> },
    { id: 'total', title: t('documents.total'), width: 150, cell: (d) => <Text ta="right">{formatMoney(d.total)}</Text> },
    { id: 'comment', title: t('documents.comment'), defaultVisible: false, cell: (d) => <Text c="dimmed">{d.comment}</Text> },
  ];
  return (
    <CrmPage section="catalog" title={t('documents.title')} actions={docs.data?.can.post ? <CreateMenu /> : null}>
      <CatalogNav current="documents" />
      <div style={{ height: 12 }} />
      <DataList
        label={t('documents.label')}
        columns={columns}
        rows={docs.data?.items}
        rowId={(d) => d.id}
        rowTitle={(d) => t('documents.heading', { type: t(`type.${d.type}`), number: d.number })}
        error={docs.error}
        onRetry={() => void docs.refetch()}
        fetching={docs.isFetching}
        stale={docs.isPlaceholderData}
        columnChooser={{ storageKey: 'store-documents' }}
        onRowOpen={(d) => navigate(`/crm/catalog/documents/${d.id}`)}
        scroll="page"
        toolbar={
          <Group gap="sm">
            <Select
              aria-label={t('documents.type')}
              placeholder={t('documents.allTypes')}
              clearable
              data={TYPES.map((v) => ({ value: v, label: t(`type.${v}`) }))}
              value={type ?? null}
              onChange={(v) => {
                setType((v as StoreDocumentType) || undefined);
                setPage(1);
              }}
              w={180}
            />
            <Select
              aria-label={t('documents.status')}
              placeholder={t('documents.allStatuses')}
              clearable
              data={STATUSES.map((v) => ({ value: v, label: t(`status.${v}`) }))}
              value={status ?? null}
              onChange={(v) => {
                setStatus((v as StoreDocumentStatus) || undefined);
                setPage(1);
              }}
              w={180}
            />
            <Select
              aria-label={t('documents.warehouse')}
              placeholder={t('stock.allWarehouses')}
              clearable
              data={(warehouses.data?.items ?? []).map((w) => ({ value: String(w.id), label: w.name }))}
              value={warehouseId ? String(warehouseId) : null}
              onChange={(v) => {
                setWarehouseId(v ? Number(v) : undefined);
                setPage(1);
              }}
              w={220}
            />
          </Group>
        }
        empty={
          filtered ? (
            <NoMatches onReset={reset} />
          ) : (
            <EmptyState icon={<IconFileInvoice size={30} />} title={t('documents.empty')} description={t('documents.emptyHint')} action={docs.data?.can.post ? <CreateMenu /> : null} />
          )
        }
        paging={{ page, pageSize, total: docs.data?.total, onPageChange: setPage, onPageSizeChange: setPageSize }}
      />
    </CrmPage>
  );
}
