import { ActionIcon, Badge, Button, Card, Checkbox, Chip, Group, Table, Text, Tooltip } from '@mantine/core';
import { IconRestore, IconTrash, IconTrashX } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import type { EntityType, TrashEntry } from '@vavilon/contracts';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { EmptyState } from '../../../ui/EmptyState';
import { formatDate, formatDateTime } from '../../../ui/format';
import { showError } from '../../../ui/toasts';
import { ConfirmDialog, showUndoable } from '../common';
import { CrmPage } from '../CrmFrame';
import { useCrmT } from '../i18n';
import { emptyTrash, removeFromTrash, restoreFromTrash, trashKey, useTrash } from './api';
import './i18n';

const TYPES: EntityType[] = ['deal', 'lead', 'contact', 'company'];

/** «Корзина»: the deleted items of the CRM, restored one by one or together; a CRM administrator may empty it. */
export default function TrashPage() {
  const { t } = useCrmT();
  const qc = useQueryClient();
  const [search, setSearch] = useSearchParams();
  const type = TYPES.find((x) => x === search.get('type'));
  const [page, setPage] = useState(1);
  const trash = useTrash({ type, page });
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [confirmEmpty, setConfirmEmpty] = useState(false);
  const [removing, setRemoving] = useState<TrashEntry | null>(null);
  const data = trash.data;
  const items = data?.items ?? [];
  const restorable = items.filter((e) => e.canRestore);

  const refresh = () => {
    setSelected(new Set());
    void qc.invalidateQueries({ queryKey: trashKey });
    void qc.invalidateQueries({ queryKey: ['crm'] });
  };
  const restore = async (entries: TrashEntry[]) => {
    try {
      const r = await restoreFromTrash(entries.map((e) => ({ type: e.type, id: e.itemId })));
      refresh();
      showUndoable(t('trash.restored', { count: r.restored }));
    } catch (e) {
      showError(e);
    }
  };
  const chooseType = (value: string) => {
    setPage(1);
    setSelected(new Set());
    setSearch(value === 'all' ? {} : { type: value }, { replace: true });
  };
  const toggle = (id: number) => setSelected((s) => (s.has(id) ? new Set([...s].filter((x) => x !== id)) : new Set([...s, id])));
  const total = data ? TYPES.reduce((n, x) => n + (data.counts[x] ?? 0), 0) : 0;
  const chosen = items.filter((e) => selected.has(e.id));

  return (
    <CrmPage
      section="trash"
      title={t('trash.title')}
      actions={
        data?.canEmpty && total > 0 ? (
          <Button color="red" variant="light" leftSection={<IconTrashX size={16} />} onClick={() => setConfirmEmpty(true)}>
            {t('trash.empty')}
          </Button>
        ) : null
      }
    >
      <Card withBorder radius="md" p="md">
        <Text size="sm" c="dimmed" mb="sm">
          {t('trash.intro')}
        </Text>
        <Group justify="space-between" mb="sm">
          <Chip.Group multiple={false} value={type ?? 'all'} onChange={(v) => chooseType(String(v))}>
            <Group gap="xs">
              <Chip value="all">
                {t('trash.all')} {data ? `· ${total}` : ''}
              </Chip>
              {TYPES.map((x) => (
                <Chip key={x} value={x}>
                  {t(`trash.types.${x}`)} {data ? `· ${data.counts[x] ?? 0}` : ''}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
          {chosen.length ? (
            <Button leftSection={<IconRestore size={16} />} onClick={() => void restore(chosen.filter((e) => e.canRestore))}>
              {t('trash.restoreSelected', { count: chosen.length })}
            </Button>
          ) : null}
        </Group>
        {data && !items.length ? (
          <EmptyState icon={<IconTrash size={32} />} title={t('trash.nothing')} description={t('trash.nothingHint')} />
        ) : (
          <Table striped highlightOnHover stickyHeader verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={36}>
                  <Checkbox
                    aria-label={t('trash.selectAll')}
                    checked={restorable.length > 0 && restorable.every((e) => selected.has(e.id))}
                    indeterminate={selected.size > 0 && !restorable.every((e) => selected.has(e.id))}
                    onChange={(e) => setSelected(e.currentTarget.checked ? new Set(restorable.map((x) => x.id)) : new Set())}
                  />
                </Table.Th>
                <Table.Th>{t('trash.columns.title')}</Table.Th>
                <Table.Th>{t('trash.columns.type')}</Table.Th>
                <Table.Th>{t('trash.columns.deletedBy')}</Table.Th>
                <Table.Th>{t('trash.columns.deletedAt')}</Table.Th>
                <Table.Th>{t('trash.columns.purgeAt')}</Table.Th>
                <Table.Th>{t('trash.columns.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>
                    <Checkbox aria-label={t('trash.select', { title: e.title })} disabled={!e.canRestore} checked={selected.has(e.id)} onChange={() => toggle(e.id)} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {e.title}
                    </Text>
                    {e.reason === 'merge' && e.mergedInto ? (
                      <Text size="xs" c="dimmed">
                        {t('trash.merged', { id: e.mergedInto })}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color="gray">
                      {t(`trash.type.${e.type}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{e.deletedBy?.name ?? '—'}</Table.Td>
                  <Table.Td>{formatDateTime(e.deletedAt)}</Table.Td>
                  <Table.Td>{formatDate(e.purgeAt)}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      {e.canRestore ? (
                        <Button size="xs" variant="light" leftSection={<IconRestore size={14} />} aria-label={`${t('trash.restore')}: ${e.title}`} onClick={() => void restore([e])}>
                          {t('trash.restore')}
                        </Button>
                      ) : null}
                      {data?.canEmpty ? (
                        <Tooltip label={t('trash.remove')}>
                          <ActionIcon variant="subtle" color="red" aria-label={`${t('trash.remove')}: ${e.title}`} onClick={() => setRemoving(e)}>
                            <IconTrashX size={16} />
                          </ActionIcon>
                        </Tooltip>
                      ) : null}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {data && (page > 1 || data.hasMore) ? (
          <Group justify="center" mt="sm">
            <Button variant="subtle" disabled={page === 1} onClick={() => setPage((p) => p - 1)}>
              {t('trash.back')}
            </Button>
            <Button variant="subtle" disabled={!data.hasMore} onClick={() => setPage((p) => p + 1)}>
              {t('trash.next')}
            </Button>
          </Group>
        ) : null}
      </Card>
      <ConfirmDialog
        opened={confirmEmpty}
        title={t('trash.emptyConfirmTitle')}
        message={t('trash.emptyConfirm')}
        confirmLabel={t('trash.empty')}
        onClose={() => setConfirmEmpty(false)}
        onConfirm={async () => {
          try {
            await emptyTrash();
            setConfirmEmpty(false);
            refresh();
            showUndoable(t('trash.emptied'));
          } catch (e) {
            showError(e);
          }
        }}
      />
      <ConfirmDialog
        opened={removing !== null}
        title={t('trash.removeConfirmTitle')}
        message={t('trash.removeConfirm', { title: removing?.title ?? '' })}
        confirmLabel={t('trash.remove')}
        onClose={() => setRemoving(null)}
        onConfirm={async () => {
          if (!removing) return;
          try {
            await removeFromTrash(removing.id);
            showUndoable(t('trash.removed', { title: removing.title }));
            setRemoving(null);
            refresh();
          } catch (e) {
            showError(e);
          }
        }}
      />
    </CrmPage>
  );
}
