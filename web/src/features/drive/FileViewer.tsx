import { Badge, Button, FileButton, Group, Loader, Modal, Skeleton, Stack, Table, Tabs, Text } from '@mantine/core';
import { IconDownload, IconHistory, IconLink, IconRestore, IconShare, IconUpload } from '@tabler/icons-react';
import type { DriveItem } from '@vavilon/contracts';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { ErrorState } from '../../ui/ErrorState';
import { formatDateTime } from '../../ui/format';
import { showError, showSuccess } from '../../ui/toasts';
import { driveHref, useDriveWrites, useItem, useVersions } from './api';
import { fileKind, formatBytes } from './format';
import { useDriveT } from './i18n';
import { ItemIcon } from './ItemIcon';
import { startUploads } from './uploads';
import { UserName } from './UserName';
import classes from './drive.module.css';

/** A file's card over the folder: its preview (image, PDF, text), properties, «История версий» and «Загрузить новую версию». */
export function FileViewer({ id, onClose, onAccess, onLink }: { id: number; onClose: () => void; onAccess: (it: DriveItem) => void; onLink: (it: DriveItem) => void }) {
  const { t } = useDriveT();
  const item = useItem(id);
  const it = item.data;
  const [tab, setTab] = useState<string | null>('preview');
  return (
    <Modal
      closeButtonProps={{ 'aria-label': t('close') }}
      opened
      onClose={onClose}
      size="xl"
      title={
        it ? (
          <Group gap="sm" wrap="nowrap">
            <ItemIcon kind="file" name={it.name} mime={it.mime} size={22} />
            <Text fw={600} truncate>
              {it.name}
            </Text>
          </Group>
        ) : (
          t('file')
        )
      }
    >
      {item.error ? <ErrorState error={item.error} /> : null}
      {!it && !item.error ? <Skeleton h={360} /> : null}
      {it ? (
        <Stack gap="md">
          <Group gap="sm" justify="space-between">
            <Text size="sm" c="dimmed">
              {formatBytes(it.size)} · {t('modified')} {formatDateTime(it.updatedAt)}
            </Text>
            <Group gap="xs">
              <Button component="a" href={driveHref.content(it.id)} download variant="default" size="xs" leftSection={<IconDownload size={14} />}>
                {t('download')}
              </Button>
              {it.right !== 'read' && it.parentId ? (
                <FileButton
                  onChange={(file) => {
                    if (!file || !it.parentId) return;
                    void startUploads(it.parentId, [{ file, asName: it.name }], async () => 'version')
                      .then(() => setTab('versions'))
                      .catch(showError);
                  }}
                >
                  {(props) => (
                    <Button {...props} variant="default" size="xs" leftSection={<IconUpload size={14} />}>
                      {t('newVersion')}
                    </Button>
                  )}
                </FileButton>
              ) : null}
              {it.right === 'full' ? (
                <>
                  <Button variant="default" size="xs" leftSection={<IconShare size={14} />} onClick={() => onAccess(it)}>
                    {t('access')}
                  </Button>
                  <Button variant="default" size="xs" leftSection={<IconLink size={14} />} onClick={() => onLink(it)}>
                    {t('publicLink')}
                  </Button>
                </>
              ) : null}
            </Group>
          </Group>
          <Tabs value={tab} onChange={setTab} keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="preview">{t('preview')}</Tabs.Tab>
              <Tabs.Tab value="versions" leftSection={<IconHistory size={14} />}>
                {t('versions')}
              </Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="preview" pt="md">
              <Preview item={it} />
            </Tabs.Panel>
            <Tabs.Panel value="versions" pt="md">
              <Versions item={it} />
            </Tabs.Panel>
          </Tabs>
        </Stack>
      ) : null}
    </Modal>
  );
}

function Preview({ item }: { item: DriveItem }) {
  const { t } = useDriveT();
  const kind = fileKind(item.mime, item.name);
  const [imgFailed, setImgFailed] = useState(false);
  const text = useQuery({
    queryKey: ['drive', 'text', item.fileId],
    enabled: kind === 'text' && !!item.fileId,
    queryFn: () => api.get<{ text: string; truncated: boolean }>(`/api/files/${item.fileId}/text`),
    retry: false,
  });
  if (kind === 'image' && item.fileId) {
    return (
      <div className={classes.preview}>
        <img src={imgFailed ? driveHref.content(item.id, { inline: true }) : driveHref.preview(item.fileId, 'view')} alt={item.name} onError={() => setImgFailed(true)} />
      </div>
    );
  }
  if (kind === 'pdf') {
    return <iframe title={item.name} src={driveHref.content(item.id, { inline: true })} style={{ width: '100%', height: '70vh', border: 0, borderRadius: 8, background: '#f1f3f5' }} />;
  }
  if (kind === 'text') {
    return (
      <div className={classes.preview} style={{ alignItems: 'stretch' }}>
        {text.isPending ? (
          <Loader m="xl" />
        ) : text.data ? (
          <pre className={classes.textPreview} data-testid="text-preview">
            {text.data.text}
          </pre>
        ) : (
          <Text c="dimmed">{t('noPreview')}</Text>
        )}
      </div>
    );
  }
  return (
    <div className={classes.preview}>
      <Stack align="center" gap="sm">
        <ItemIcon kind="file" name={item.name} mime={item.mime} size={64} />
        <Text c="dimmed">{t('noPreview')}</Text>
        <Button component="a" href={driveHref.content(item.id)} download variant="light" leftSection={<IconDownload size={16} />}>
          {t('download')}
        </Button>
      </Stack>
    </div>
  );
}

function Versions({ item }: { item: DriveItem }) {
  const { t } = useDriveT();
  const q = useVersions(item.id);
  const writes = useDriveWrites();
  const [busy, setBusy] = useState<number | null>(null);
  if (q.error) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <Skeleton h={120} />;
  return (
    <Table aria-label={t('versions')} verticalSpacing="xs">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('versionCol')}</Table.Th>
          <Table.Th>{t('modifiedBy')}</Table.Th>
          <Table.Th>{t('modified')}</Table.Th>
          <Table.Th>{t('size')}</Table.Th>
          <Table.Th />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {q.data.items.map((v) => (
          <Table.Tr key={v.id} data-version={v.number}>
            <Table.Td>
              <Group gap="xs">
                <Text size="sm">{t('version', { number: v.number })}</Text>
                {v.current ? (
                  <Badge size="sm" variant="light" color="teal">
                    {t('current')}
                  </Badge>
                ) : null}
              </Group>
            </Table.Td>
            <Table.Td>
              <UserName id={v.createdBy} />
            </Table.Td>
            <Table.Td>
              <Text size="sm">{formatDateTime(v.createdAt)}</Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm">{formatBytes(v.size)}</Text>
            </Table.Td>
            <Table.Td>
              <Group gap={4} justify="flex-end" wrap="nowrap">
                <Button
                  component="a"
                  size="compact-xs"
                  variant="subtle"
                  href={driveHref.content(item.id, { version: v.id })}
                  download
                  aria-label={`${t('download')}: ${t('version', { number: v.number })}`}
                >
                  {t('download')}
                </Button>
                {!v.current && item.right !== 'read' ? (
                  <Button
                    size="compact-xs"
                    variant="light"
                    leftSection={<IconRestore size={12} />}
                    loading={busy === v.id}
                    aria-label={`${t('restore')}: ${t('version', { number: v.number })}`}
                    onClick={async () => {
                      setBusy(v.id);
                      try {
                        await writes.restoreVersion(item.id, v.id);
                        showSuccess(t('versionRestored', { number: v.number }));
                      } catch (e) {
                        showError(e);
                      } finally {
                        setBusy(null);
                      }
                    }}
                  >
                    {t('restore')}
                  </Button>
                ) : null}
              </Group>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
