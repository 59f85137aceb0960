import { Button, Card, Center, Group, PasswordInput, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { IconDownload, IconLinkOff, IconLock } from '@tabler/icons-react';
import type { DrivePublicView } from '@vavilon/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router';
import { api, isApiError } from '../../api/client';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { useDocumentTitle } from '../../ui/use-document-title';
import { driveHref } from './api';
import { fileKind, formatBytes } from './format';
import { useDriveT } from './i18n';
import { ItemIcon } from './ItemIcon';

/** A public link's page, for anyone without an account: the password form, the file (preview, download) or the folder's files. */
export default function PublicLinkPage() {
  const { t } = useDriveT();
  const token = useParams().token ?? '';
  const qc = useQueryClient();
  const key = ['public-drive', token];
  const view = useQuery({ queryKey: key, queryFn: () => api.get<DrivePublicView>(`/api/public/drive/${token}`), retry: false, meta: { silent: true } });
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useDocumentTitle(view.data?.name ?? t('publicTitle'));
  const locked = isApiError(view.error) && view.error.code === 'password_required';
  const gone = isApiError(view.error) && (view.error.status === 404 || view.error.status === 410);

  const unlock = async () => {
    setBusy(true);
    setError(null);
    try {
      const data = await api.post<DrivePublicView>(`/api/public/drive/${token}/unlock`, { password });
      qc.setQueryData(key, data);
    } catch (e) {
      setError(isApiError(e) ? (e.fields[0]?.message ?? e.message) : String(e));
    } finally {
      setBusy(false);
    }
  };

  const body = () => {
    if (view.isPending) return <Skeleton h={200} />;
    if (locked)
      return (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void unlock();
          }}
        >
          <Stack gap="md" align="stretch">
            <Group gap="sm">
              <IconLock size={22} color="var(--mantine-color-blue-6)" />
              <Title order={2} fz="lg">
                {t('publicPassword')}
              </Title>
            </Group>
            <Text size="sm" c="dimmed">
              {t('publicPasswordHint')}
            </Text>
            <PasswordInput label={t('password')} value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={error} data-autofocus autoFocus />
            <Button type="submit" loading={busy} disabled={!password}>
              {t('openLink')}
            </Button>
          </Stack>
        </form>
      );
    if (gone) return <EmptyState icon={<IconLinkOff size={30} />} title={t('publicGone')} description={view.error instanceof Error ? view.error.message : undefined} />;
    if (view.error) return <ErrorState error={view.error} onRetry={() => void view.refetch()} />;
    const v = view.data!;
    const k = fileKind(v.mime, v.name);
    return (
      <Stack gap="md">
        <Group gap="md" wrap="nowrap">
          <ItemIcon kind={v.kind} name={v.name} mime={v.mime} size={44} />
          <div style={{ minWidth: 0, flex: 1 }}>
            <Title order={1} fz={20} fw={600} style={{ wordBreak: 'break-word' }}>
              {v.name}
            </Title>
            {v.kind === 'file' ? (
              <Text size="sm" c="dimmed">
                {formatBytes(v.size)}
              </Text>
            ) : null}
          </div>
          <Button component="a" href={driveHref.publicContent(token)} download leftSection={<IconDownload size={16} />}>
            {v.kind === 'folder' ? t('downloadAll') : t('download')}
          </Button>
        </Group>
        {v.kind === 'file' && !v.downloadOnly && k === 'image' ? (
          <Center bg="gray.0" style={{ borderRadius: 8, overflow: 'hidden' }}>
            <img src={driveHref.publicContent(token, { inline: true })} alt={v.name} style={{ maxWidth: '100%', maxHeight: '60vh' }} />
          </Center>
        ) : null}
        {v.kind === 'file' && !v.downloadOnly && k === 'pdf' ? (
          <iframe title={v.name} src={driveHref.publicContent(token, { inline: true })} style={{ width: '100%', height: '60vh', border: 0 }} />
        ) : null}
        {v.kind === 'folder' ? (
          v.items.length ? (
            <Table aria-label={v.name} verticalSpacing="xs">
              <Table.Tbody>
                {v.items.map((it) => (
                  <Table.Tr key={it.id}>
                    <Table.Td>
                      <Group gap="sm" wrap="nowrap">
                        <ItemIcon kind={it.kind} name={it.name} mime={it.mime} size={22} />
                        <Text size="sm" truncate>
                          {it.name}
                        </Text>
                      </Group>
                    </Table.Td>
                    <Table.Td w={100}>
                      <Text size="sm" c="dimmed">
                        {it.kind === 'file' ? formatBytes(it.size) : ''}
                      </Text>
                    </Table.Td>
                    <Table.Td w={120} ta="right">
                      <Button component="a" size="compact-xs" variant="subtle" href={driveHref.publicContent(token, { item: it.id })} download aria-label={`${t('download')}: ${it.name}`}>
                        {t('download')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ) : (
            <Text c="dimmed" size="sm">
              {t('emptyReadOnly')}
            </Text>
          )
        ) : null}
      </Stack>
    );
  };

  return (
    <main style={{ minHeight: '100vh', background: 'var(--mantine-color-gray-0)', padding: '48px 16px' }}>
      <Stack maw={locked ? 460 : 720} mx="auto" gap="lg">
        <Group gap="sm">
          <div style={{ width: 36, height: 36, borderRadius: 10, background: 'var(--mantine-color-blue-6)', color: 'white', display: 'grid', placeItems: 'center', fontWeight: 700 }} aria-hidden>
            V
          </div>
          <Text fw={600} c="dark.6">
            {t('publicTitle')}
          </Text>
        </Group>
        <Card padding="xl" radius="lg" shadow="md">
          {body()}
        </Card>
      </Stack>
    </main>
  );
}
