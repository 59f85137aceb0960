import { ActionIcon, Button, Checkbox, CopyButton, Group, Modal, PasswordInput, Skeleton, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy, IconTrash } from '@tabler/icons-react';
import type { DriveItem } from '@vavilon/contracts';
import { useState } from 'react';
import { isApiError } from '../../api/client';
import { DateInput } from '../../ui/fields';
import { formatDate } from '../../ui/format';
import { showError, showSuccess } from '../../ui/toasts';
import { useDriveWrites, useLinks } from './api';
import { useDriveT } from './i18n';

/** «Получить публичную ссылку»: a new link (password, expiry, download only), the item's links to copy or revoke. */
export function LinkDialog({ item, onClose }: { item: DriveItem; onClose: () => void }) {
  const { t } = useDriveT();
  const q = useLinks(item.id);
  const writes = useDriveWrites();
  const [password, setPassword] = useState('');
  const [expires, setExpires] = useState('');
  const [downloadOnly, setDownloadOnly] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      await writes.createLink(item.id, {
        password: password || undefined,
        expiresAt: expires ? new Date(`${expires}T23:59:59`).toISOString() : null,
        downloadOnly,
      });
      setPassword('');
    } catch (e) {
      if (isApiError(e) && e.status === 400) setError(e.fields[0]?.message ?? e.message);
      else showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal closeButtonProps={{ 'aria-label': t('close') }} opened onClose={onClose} title={t('linkTitle', { name: item.name })} size="lg">
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t('linkHint')}
        </Text>
        <Group grow align="flex-start">
          <PasswordInput label={t('linkPassword')} value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={error} autoComplete="new-password" />
          <DateInput label={t('linkExpires')} placeholder={t('linkExpiresNone')} value={expires} onChange={setExpires} />
        </Group>
        <Checkbox label={t('linkDownloadOnly')} checked={downloadOnly} onChange={(e) => setDownloadOnly(e.currentTarget.checked)} />
        <Group justify="flex-end">
          <Button onClick={() => void create()} loading={busy}>
            {t('linkCreate')}
          </Button>
        </Group>
        <Text size="sm" fw={600}>
          {t('linkList')}
        </Text>
        {!q.data ? <Skeleton h={40} /> : null}
        {q.data?.items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('linkNone')}
          </Text>
        ) : null}
        <Stack gap="xs" role="list" aria-label={t('linkList')}>
          {q.data?.items.map((l) => (
            <Group key={l.id} role="listitem" gap="xs" wrap="nowrap">
              <TextInput value={l.url} readOnly style={{ flex: 1 }} aria-label={t('publicLink')} onFocus={(e) => e.currentTarget.select()} />
              <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                {[l.hasPassword ? t('linkWithPassword') : null, l.expiresAt ? t('linkUntil', { date: formatDate(l.expiresAt) }) : null, l.downloadOnly ? t('linkDownloadMark') : null]
                  .filter(Boolean)
                  .join(' · ')}
              </Text>
              <CopyButton value={l.url}>
                {({ copied, copy }) => (
                  <Tooltip label={copied ? t('linkCopied') : t('linkCopy')}>
                    <ActionIcon
                      variant="light"
                      aria-label={t('linkCopy')}
                      onClick={() => {
                        copy();
                        showSuccess(t('linkCopied'));
                      }}
                    >
                      {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                    </ActionIcon>
                  </Tooltip>
                )}
              </CopyButton>
              <Tooltip label={t('linkRevoke')}>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={t('linkRevoke')}
                  onClick={() =>
                    void writes
                      .revokeLink(l.id)
                      .then(() => showSuccess(t('linkRevoked')))
                      .catch(showError)
                  }
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Tooltip>
            </Group>
          ))}
        </Stack>
      </Stack>
    </Modal>
  );
}
