import { Anchor, Breadcrumbs, Button, Checkbox, Group, Loader, Modal, ScrollArea, SegmentedControl, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconFile, IconFolder } from '@tabler/icons-react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { DriveFolderPage, DriveItem, DriveStorages, FileInfo } from '@vavilon/contracts';
import { useState } from 'react';
import { api } from '../../../api/client';
import i18n from '../../../i18n';
import type { AttachPickerProps } from '../../../ui/comments/attach-sources';
import { formatSize } from '../../../ui/comments';
import { EmptyState } from '../../../ui/EmptyState';
import { usePickT } from './words';
import classes from './pick.module.css';

type Place = { kind: 'folder'; id: number } | { kind: 'shared' };

function useFolder(place: Place, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: ['drive', 'pick', place],
    enabled,
    initialPageParam: '',
    queryFn: ({ pageParam }) =>
      place.kind === 'shared'
        ? api.get<{ items: DriveItem[]; nextCursor: string | null }>('/api/drive/shared', pageParam ? { cursor: pageParam } : undefined)
        : api.get<DriveFolderPage>(`/api/drive/items/${place.id}/children`, { limit: 100, ...(pageParam ? { cursor: pageParam } : {}) }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/**
 * «Выбрать на Диске»: the employee's drives and what is shared with them, folder by folder; the
 * files ticked are attached as the employee's own files of the same content.
 */
export function DrivePicker({ opened, multiple, onClose, onPick }: AttachPickerProps) {
  const { t } = usePickT();
  const storages = useQuery({ queryKey: ['drive', 'storages'], queryFn: () => api.get<DriveStorages>('/api/drive/storages'), enabled: opened, staleTime: 60_000 });
  const [root, setRoot] = useState<string>('my');
  const [place, setPlace] = useState<Place | null>(null);
  const [picked, setPicked] = useState<Map<number, DriveItem>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const s = storages.data;
  const roots = s
    ? [
        { value: 'my', label: s.my.name, rootId: s.my.rootId },
        { value: 'common', label: s.common.name, rootId: s.common.rootId },
        ...s.groups.map((g) => ({ value: `g${g.id}`, label: g.name, rootId: g.rootId })),
      ]
    : [];
  const rootPlace = (value: string): Place => (value === 'shared' ? { kind: 'shared' } : { kind: 'folder', id: roots.find((r) => r.value === value)?.rootId ?? 0 });
  const at: Place | null = place ?? (s ? rootPlace(root) : null);
  const folder = useFolder(at ?? { kind: 'shared' }, opened && !!at && (at.kind === 'shared' || at.id > 0));
  const pages = folder.data?.pages ?? [];
  const items = pages.flatMap((p) => p.items);
  const path = at?.kind === 'folder' ? ((pages[0] as DriveFolderPage | undefined)?.path ?? []) : [];

  const toggle = (item: DriveItem) =>
    setPicked((m) => {
      const next = new Map(multiple ? m : []);
      if (m.has(item.id)) next.delete(item.id);
      else next.set(item.id, item);
      return next;
    });

  const attach = async () => {
    setBusy(true);
    setError(null);
    try {
      const files: FileInfo[] = [];
      for (const item of picked.values()) files.push(await api.post<FileInfo>(`/api/drive/items/${item.id}/attach`));
      setPicked(new Map());
      onPick(files);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('title')} size="lg">
      <Stack gap="sm">
        {s ? (
          <ScrollArea type="auto" offsetScrollbars>
            <SegmentedControl
              size="xs"
              value={root}
              onChange={(v) => {
                setRoot(v);
                setPlace(null);
              }}
              data={[...roots.map((r) => ({ value: r.value, label: r.label })), { value: 'shared', label: t('shared') }]}
            />
          </ScrollArea>
        ) : null}
        {path.length > 1 ? (
          <Breadcrumbs separatorMargin={4}>
            {path.map((part, i) =>
              i === path.length - 1 ? (
                <Text key={part.id} size="sm" fw={500}>
                  {part.name}
                </Text>
              ) : (
                <Anchor key={part.id} size="sm" component="button" type="button" onClick={() => setPlace({ kind: 'folder', id: part.id })}>
                  {part.name}
                </Anchor>
              ),
            )}
          </Breadcrumbs>
        ) : null}
        <ScrollArea.Autosize mah={360} type="auto" className={classes.list}>
          {storages.isLoading || folder.isLoading ? (
            <Group justify="center" p="lg">
              <Loader size="sm" />
            </Group>
          ) : !items.length ? (
            <EmptyState icon={<IconFolder size={32} />} title={at?.kind === 'shared' ? t('sharedEmpty') : t('empty')} />
          ) : (
            <Stack gap={0} role="list" aria-label={t('title')}>
              {items.map((item) =>
                item.kind === 'folder' ? (
                  <UnstyledButton key={item.id} role="listitem" className={classes.row} onClick={() => setPlace({ kind: 'folder', id: item.id })}>
                    <Group gap="xs" wrap="nowrap">
                      <IconFolder size={18} color="var(--mantine-color-yellow-6)" aria-hidden />
                      <Text size="sm" truncate="end">
                        {item.name}
                      </Text>
                    </Group>
                  </UnstyledButton>
                ) : (
                  <div key={item.id} role="listitem" className={classes.row}>
                    <Checkbox
                      checked={picked.has(item.id)}
                      onChange={() => toggle(item)}
                      label={
                        <Group gap="xs" wrap="nowrap">
                          <IconFile size={18} color="var(--mantine-color-blue-6)" aria-hidden />
                          <Text size="sm" truncate="end">
                            {item.name}
                          </Text>
                          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                            {formatSize(item.size, i18n.language)}
                          </Text>
                        </Group>
                      }
                    />
                  </div>
                ),
              )}
              {folder.hasNextPage ? (
                <Button variant="subtle" size="xs" loading={folder.isFetchingNextPage} onClick={() => void folder.fetchNextPage()}>
                  {t('more')}
                </Button>
              ) : null}
            </Stack>
          )}
        </ScrollArea.Autosize>
        {error ? (
          <Text size="sm" c="red">
            {error}
          </Text>
        ) : null}
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            {picked.size ? t('picked', { count: picked.size }) : t('hint')}
          </Text>
          <Group gap="xs">
            <Button variant="default" onClick={onClose}>
              {t('cancel')}
            </Button>
            <Button disabled={!picked.size} loading={busy} onClick={() => void attach()}>
              {t('attach')}
            </Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}
