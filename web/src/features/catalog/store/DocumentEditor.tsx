import { ActionIcon, Alert, Button, Card, Group, NumberInput, Select, SimpleGrid, Skeleton, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { IconAlertCircle, IconArrowLeft, IconTrash } from '@tabler/icons-react';
import { fromMinor, toMinor, type StoreDocument, type StoreDocumentType } from '@vavilon/contracts';
import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { isApiError } from '../../../api/client';
import { CrmPage } from '../../crm/CrmFrame';
import { ConfirmDialog } from '../../crm/common';
import { EmptyState } from '../../../ui/EmptyState';
import { ErrorState } from '../../../ui/ErrorState';
import { FormError, useServerForm } from '../../../ui/form-kit';
import { formatMoney } from '../../../ui/format';
import { showSuccess } from '../../../ui/toasts';
import { storeKeys, useDocument, useStoreMutations, useWarehouses } from './api';
import { DocumentStatus } from './DocumentStatus';
import { useStoreT } from './i18n';
import { ProductPicker } from './ProductPicker';
import { CatalogNav } from '../CatalogNav';

interface RowDraft {
  key: string;
  productId: number;
  name: string;
  unit: string;
  quantity: number | '';
  price: string;
}

const TYPES: StoreDocumentType[] = ['receipt', 'writeoff', 'move'];
let seq = 0;
const rowKey = () => `r${++seq}`;
const today = () => new Date().toLocaleDateString('sv-SE');
const rowSum = (r: RowDraft) => fromMinor(Math.round((Number(r.quantity || 0) * 1000 * toMinor(r.price || '0')) / 1000));

/** /crm/catalog/documents/:id and /crm/catalog/documents/new?type=…: a document's head and rows; «Сохранить черновик», «Провести», «Отменить проведение». */
export function DocumentEditor() {
  const { t } = useStoreT();
  const { id: idParam } = useParams();
  const id = idParam && idParam !== 'new' ? Number(idParam) : null;
  const doc = useDocument(id);
  if (id !== null && doc.error) {
    return (
      <CrmPage section="catalog" title={t('documents.title')}>
        <CatalogNav current="documents" />
        {isApiError(doc.error) && doc.error.status === 404 ? <EmptyState icon={null} title={t('documents.notFound')} /> : <ErrorState error={doc.error} onRetry={() => void doc.refetch()} />}
      </CrmPage>
    );
  }
  if (id !== null && !doc.data) {
    return (
      <CrmPage section="catalog" title={t('documents.title')}>
        <CatalogNav current="documents" />
        <Stack mt="md">
          <Skeleton h={120} />
          <Skeleton h={240} />
        </Stack>
      </CrmPage>
    );
  }
  return <Editor key={doc.data?.id ?? 'new'} doc={doc.data ?? null} />;
}

function Editor({ doc }: { doc: StoreDocument | null }) {
  const { t } = useStoreT();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const location = useLocation();
  const qc = useQueryClient();
  const m = useStoreMutations();
  const warehouses = useWarehouses();
  const form = useServerForm();
  const type: StoreDocumentType = doc?.type ?? (TYPES.find((x) => x === params.get('type')) || 'receipt');
  const editable = doc === null || doc.can.edit;
  const defaultWarehouse = warehouses.data?.items.find((w) => w.isDefault) ?? warehouses.data?.items[0];
  const [warehouseId, setWarehouseId] = useState<number | null>(doc?.warehouseId ?? null);
  const [toWarehouseId, setToWarehouseId] = useState<number | null>(doc?.toWarehouseId ?? null);
  const [docDate, setDocDate] = useState(doc?.docDate ?? today());
  const [comment, setComment] = useState(doc?.comment ?? '');
  const [rows, setRows] = useState<RowDraft[]>(() => doc?.rows.map((r) => ({ key: rowKey(), productId: r.productId, name: r.productName, unit: r.unit, quantity: r.quantity, price: r.price })) ?? []);
  const [deleting, setDeleting] = useState(false);
  useEffect(() => {
    if (warehouseId === null && defaultWarehouse && doc === null) setWarehouseId(defaultWarehouse.id);
  }, [defaultWarehouse, warehouseId, doc]);
  // A new document refused at posting comes here saved, with the refusal to show.
  const refusal = (location.state as { refusal?: string } | null)?.refusal;
  useEffect(() => {
    if (refusal) form.setGeneral(refusal);
  }, [refusal]);

  const title = doc ? t('documents.heading', { type: t(`type.${doc.type}`), number: doc.number }) : t('documents.newHeading', { type: t(`type.${type}`) });
  const options = (warehouses.data?.items ?? []).filter((w) => w.active || w.id === warehouseId || w.id === toWarehouseId).map((w) => ({ value: String(w.id), label: w.name }));
  const total = rows.reduce((s, r) => s + toMinor(rowSum(r)), 0);
  const busy = m.createDocument.isPending || m.updateDocument.isPending || m.postDocument.isPending || m.cancelDocument.isPending;

  const body = () => ({
    warehouseId: warehouseId ?? 0,
    toWarehouseId: type === 'move' ? toWarehouseId : null,
    docDate,
    comment,
    rows: rows.map((r) => ({ productId: r.productId, quantity: r.quantity === '' ? 0 : r.quantity, price: r.price.trim().replace(',', '.') || '0' })),
  });
  /** Saves the draft; the document as the server keeps it. A new one's page opens once it is saved (`open`). */
  const save = async (): Promise<StoreDocument | null> => {
    form.clear();
    try {
      if (doc) return await m.updateDocument.mutateAsync({ id: doc.id, version: doc.version, ...body() });
      const created = await m.createDocument.mutateAsync({ type, ...body() });
      qc.setQueryData(storeKeys.document(created.id), created);
      return created;
    } catch (e) {
      form.fromError(e);
      return null;
    }
  };
  const open = (saved: StoreDocument, refusal?: string) => {
    if (!doc) navigate(`/crm/catalog/documents/${saved.id}`, { replace: true, state: refusal ? { refusal } : null });
  };
  const refused = (e: unknown): string => {
    // Short stock names each product in the message itself.
    if (isApiError(e) && e.code === 'stock_short') form.setGeneral(e.message);
    else form.fromError(e);
    return e instanceof Error ? e.message : String(e);
  };
  const post = async () => {
    const saved = await save();
    if (!saved) return;
    try {
      await m.postDocument.mutateAsync({ id: saved.id, version: saved.version });
      showSuccess(t('documents.posted'));
      open(saved);
    } catch (e) {
      open(saved, refused(e));
    }
  };
  const cancel = async () => {
    form.clear();
    try {
      await m.cancelDocument.mutateAsync({ id: doc!.id, version: doc!.version });
      showSuccess(t('documents.cancelled'));
    } catch (e) {
      refused(e);
    }
  };
  const setRow = (key: string, patch: Partial<RowDraft>) => setRows((prev) => prev.map((r) => (r.key === key ? { ...r, ...patch } : r)));

  return (
    <CrmPage
      section="catalog"
      title={title}
      actions={
        <Button component={Link} to="/crm/catalog/documents" variant="default" leftSection={<IconArrowLeft size={16} />}>
          {t('documents.back')}
        </Button>
      }
    >
      <CatalogNav current="documents" />
      <Stack gap="md" mt="md" pb={80}>
        <Card withBorder radius="md" p="md">
          <Group justify="space-between" mb="sm">
            <Group gap="sm">{doc ? <DocumentStatus status={doc.status} /> : null}</Group>
            {doc?.responsibleName ? (
              <Text size="sm" c="dimmed">
                {t('documents.responsible')}: {doc.responsibleName}
              </Text>
            ) : null}
          </Group>
          {!editable ? (
            <Alert color="blue" variant="light" mb="sm">
              {t('documents.readOnly')}
            </Alert>
          ) : null}
          <SimpleGrid cols={{ base: 1, sm: type === 'move' ? 3 : 2 }}>
            <Select
              label={type === 'receipt' ? t('documents.to') : t('documents.from')}
              required
              data={options}
              value={warehouseId ? String(warehouseId) : null}
              onChange={(v) => {
                setWarehouseId(v ? Number(v) : null);
                form.clear('warehouseId');
              }}
              error={form.errorOf('warehouseId')}
              disabled={!editable}
            />
            {type === 'move' ? (
              <Select
                label={t('documents.to')}
                required
                data={options}
                value={toWarehouseId ? String(toWarehouseId) : null}
                onChange={(v) => {
                  setToWarehouseId(v ? Number(v) : null);
                  form.clear('toWarehouseId');
                }}
                error={form.errorOf('toWarehouseId')}
                disabled={!editable}
              />
            ) : null}
            <TextInput type="date" label={t('documents.date')} value={docDate} onChange={(e) => setDocDate(e.currentTarget.value)} error={form.errorOf('docDate')} disabled={!editable} />
          </SimpleGrid>
          <Textarea mt="sm" label={t('documents.comment')} autosize minRows={1} value={comment} onChange={(e) => setComment(e.currentTarget.value)} disabled={!editable} />
        </Card>

        <Card withBorder radius="md" p="md">
          <Title order={3} fz="md" mb="sm">
            {t('documents.products')}
          </Title>
          <Table aria-label={t('documents.products')} verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('documents.productName')}</Table.Th>
                <Table.Th w={170}>{t('documents.quantity')}</Table.Th>
                <Table.Th w={160}>{t('documents.price')}</Table.Th>
                <Table.Th w={150} ta="right">
                  {t('documents.sum')}
                </Table.Th>
                <Table.Th w={44} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.length === 0 ? (
                <Table.Tr>
                  <Table.Td colSpan={5}>
                    <Text c="dimmed" ta="center" py="sm">
                      {t('documents.noRows')}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ) : null}
              {rows.map((r, i) => (
                <Table.Tr key={r.key}>
                  <Table.Td>
                    <Text fw={500}>{r.name}</Text>
                    {form.errorOf(`rows.${i}.productId`) ? (
                      <Text c="red" size="xs">
                        {form.errorOf(`rows.${i}.productId`)}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <NumberInput
                      aria-label={`${t('documents.quantity')}: ${r.name}`}
                      value={r.quantity}
                      onChange={(v) => {
                        setRow(r.key, { quantity: typeof v === 'number' ? v : v === '' ? '' : Number(String(v).replace(',', '.')) });
                        form.clear(`rows.${i}.quantity`);
                      }}
                      min={0}
                      decimalScale={3}
                      decimalSeparator=","
                      hideControls
                      rightSection={
                        <Text size="xs" c="dimmed">
                          {r.unit}
                        </Text>
                      }
                      error={form.errorOf(`rows.${i}.quantity`)}
                      disabled={!editable}
                    />
                  </Table.Td>
                  <Table.Td>
                    <TextInput
                      aria-label={`${t('documents.price')}: ${r.name}`}
                      value={r.price}
                      onChange={(e) => {
                        setRow(r.key, { price: e.currentTarget.value });
                        form.clear(`rows.${i}.price`);
                      }}
                      rightSection={
                        <Text size="xs" c="dimmed">
                          ₽
                        </Text>
                      }
                      error={form.errorOf(`rows.${i}.price`)}
                      disabled={!editable}
                    />
                  </Table.Td>
                  <Table.Td ta="right">{formatMoney(rowSum(r))}</Table.Td>
                  <Table.Td>
                    {editable ? (
                      <ActionIcon variant="subtle" color="gray" aria-label={`${t('documents.removeRow')}: ${r.name}`} onClick={() => setRows((prev) => prev.filter((x) => x.key !== r.key))}>
                        <IconTrash size={16} />
                      </ActionIcon>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Group justify="space-between" mt="sm">
            {editable ? (
              <ProductPicker
                error={form.errorOf('rows')}
                onPick={(p) => {
                  form.clear('rows');
                  setRows((prev) => [...prev, { key: rowKey(), productId: p.id, name: p.name, unit: p.unit, quantity: 1, price: type === 'writeoff' ? '0' : p.price }]);
                }}
              />
            ) : (
              <span />
            )}
            <Text fw={600}>
              {t('documents.itogo')}: {formatMoney(fromMinor(total))}
            </Text>
          </Group>
        </Card>

        {form.general ? (
          <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert">
            {form.general}
          </Alert>
        ) : (
          <FormError message={null} />
        )}

        <Group gap="sm">
          {editable ? (
            <>
              <Button onClick={() => void post()} loading={m.postDocument.isPending} disabled={busy}>
                {t('documents.post')}
              </Button>
              <Button
                variant="default"
                onClick={() =>
                  void save().then((d) => {
                    if (!d) return;
                    showSuccess(t('documents.saved'));
                    open(d);
                  })
                }
                loading={m.createDocument.isPending || m.updateDocument.isPending}
                disabled={busy}
              >
                {t('documents.save')}
              </Button>
            </>
          ) : null}
          {doc?.can.cancel ? (
            <Button color="red" variant="light" onClick={() => void cancel()} loading={m.cancelDocument.isPending}>
              {t('documents.cancel')}
            </Button>
          ) : null}
          {doc?.can.delete ? (
            <Button color="red" variant="subtle" onClick={() => setDeleting(true)} ml="auto">
              {t('documents.delete')}
            </Button>
          ) : null}
        </Group>
      </Stack>
      <ConfirmDialog
        opened={deleting}
        title={t('documents.delete')}
        message={t('documents.deleteConfirm')}
        onClose={() => setDeleting(false)}
        onConfirm={async () => {
          await m.deleteDocument.mutateAsync(doc!.id);
          showSuccess(t('documents.deleted'));
          navigate('/crm/catalog/documents');
        }}
      />
    </CrmPage>
  );
}
