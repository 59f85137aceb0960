import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { IconRestore, IconTrash, IconTrashX } from '@tabler/icons-react';
import type { DriveTrashPage } from '@vavilon/contracts';
import { useMemo, useState } from 'react';
import { DataList, type BulkAction, type DataColumn } from '../../ui/data-list';
import { EmptyState } from '../../ui/EmptyState';
import { LoadMore } from '../../ui/LoadMore';
import { formatDate, formatDateTime } from '../../ui/format';
import { showError, showSuccess } from '../../ui/toasts';
import { useDriveWrites, useTrash } from './api';
import { formatBytes } from './format';
import { useDriveT } from './i18n';
import { ItemIcon } from './ItemIcon';

type Entry = DriveTrashPage['items'][number];

/** «Корзина» of a drive: where each item was, «Восстановить», «Удалить навсегда», «Очистить корзину». */
export function TrashView({ storageId }: { storageId: number }) {
  const { t } = useDriveT();
  const q = useTrash(storageId);
  const writes = useDriveWrites();
  const [confirm, setConfirm] = useState<{ ids: number[] } | 'all' | null>(null);
  const [busy, setBusy] = useState(false);
  const rows = useMemo(() => q.data?.pages.flatMap((p) => p.items), [q.data]);

  const restore = async (ids: number[]) => {
    const res = await writes.restore(ids);
    showSuccess(t('restored', { count: res.items.length }));
  };
  const columns: DataColumn<Entry>[] = [
    {
      id: 'name',
      title: t('col.name'),
      hideable: false,
      cell: (r) => (
        <Group gap={10} wrap="nowrap">
          <ItemIcon kind={r.kind} name={r.name} mime={r.mime} />
          <Text size="sm" truncate>
            {r.name}
          </Text>
        </Group>
      ),
    },
    {
      id: 'where',
      title: t('col.where'),
      cell: (r) => (
        <Text size="sm" c="dimmed">
          {[r.storageName, ...r.fromPath].join(' / ')}
        </Text>
      ),
    },
    { id: 'size', title: t('col.size'), width: 100, cell: (r) => <Text size="sm">{r.kind === 'file' ? formatBytes(r.size) : '—'}</Text> },
    { id: 'trashedAt', title: t('col.trashedAt'), width: 160, cell: (r) => <Text size="sm">{formatDateTime(r.trashedAt)}</Text> },
    {
      id: 'purgeAt',
      title: t('col.purgeAt'),
      width: 150,
      visibleFrom: 'md',
      cell: (r) => (
        <Text size="sm" c="dimmed">
          {formatDate(r.purgeAt)}
        </Text>
      ),
    },
  ];
  const bulk: BulkAction<number>[] = [
    { id: 'restore', label: t('restore'), icon: <IconRestore size={14} />, run: (ids) => restore(ids) },
    {
      id: 'delete',
      label: t('deleteForever'),
      icon: <IconTrashX size={14} />,
      color: 'red',
      confirm: { title: t('deleteForever'), message: () => t('deleteForeverAsk'), confirmLabel: t('deleteForever') },
      run: async (ids) => {
        const res = await writes.deleteForever(ids);
        showSuccess(t('deletedForever', { count: res.count }));
      },
    },
  ];
  const doConfirm = async () => {
    if (!confirm) return;
    setBusy(true);
    try {
      const res = confirm === 'all' ? await writes.emptyTrash(storageId) : await writes.deleteForever(confirm.ids);
      showSuccess(t('deletedForever', { count: res.count }));
      setConfirm(null);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <DataList<Entry, number>
        label={t('trash')}
        columns={columns}
        rows={rows}
        rowId={(r) => r.id}
        rowTitle={(r) => r.name}
        error={q.error}
        onRetry={() => void q.refetch()}
        fetching={q.isFetching}
        bulkActions={bulk}
        scroll="page"
        rowMenu={(r) => [
          { label: t('restore'), icon: <IconRestore size={16} />, onClick: () => void restore([r.id]).catch(showError) },
          { label: t('deleteForever'), icon: <IconTrashX size={16} />, color: 'red', onClick: () => setConfirm({ ids: [r.id] }) },
        ]}
        toolbar={
          <Text size="sm" c="dimmed">
            {t('emptyTrashHint')}
          </Text>
        }
        actions={
          rows?.length ? (
            <Button size="xs" variant="light" color="red" leftSection={<IconTrash size={14} />} onClick={() => setConfirm('all')}>
              {t('emptyTrash')}
            </Button>
          ) : null
        }
        empty={<EmptyState icon={<IconTrash size={30} />} title={t('emptyTrashTitle')} description={t('emptyTrashHint')} />}
      />
      <LoadMore list={q}>{t('showMore')}</LoadMore>
      <Modal closeButtonProps={{ 'aria-label': t('close') }} opened={confirm !== null} onClose={() => setConfirm(null)} title={confirm === 'all' ? t('emptyTrash') : t('deleteForever')} size="sm">
        <Stack gap="md">
          <Text size="sm">{confirm === 'all' ? t('emptyTrashAsk') : t('deleteForeverAsk')}</Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setConfirm(null)}>
              {t('cancel')}
            </Button>
            <Button color="red" loading={busy} onClick={() => void doConfirm()} data-autofocus>
              {confirm === 'all' ? t('emptyTrash') : t('deleteForever')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
