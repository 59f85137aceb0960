import { ActionIcon, Button, Group, Modal, NumberInput, Progress, Stack, Text, Tooltip } from '@mantine/core';
import { IconSettings } from '@tabler/icons-react';
import { useState } from 'react';
import { isAdmin, useSession } from '../auth/session';
import { showError, showSuccess } from '../../ui/toasts';
import { useDriveWrites, useQuota } from './api';
import { formatBytes } from './format';
import { useDriveT } from './i18n';

const MB = 1024 * 1024;

/** «Место на диске»: how much of the user's quota is used; administrators set the quotas here. */
export function QuotaBar() {
  const { t } = useDriveT();
  const q = useQuota();
  const me = useSession();
  const [open, setOpen] = useState(false);
  const use = q.data?.user;
  const pct = use?.limit ? Math.min(100, (use.used / use.limit) * 100) : 0;
  return (
    <Group gap="sm" wrap="nowrap" data-testid="drive-quota">
      <Stack gap={4} w={200}>
        <Group justify="space-between" gap={4} wrap="nowrap">
          <Text size="xs" c="dimmed">
            {t('quota')}
          </Text>
          <Text size="xs" fw={500} style={{ whiteSpace: 'nowrap' }}>
            {use ? (use.limit ? t('quotaUsed', { used: formatBytes(use.used), limit: formatBytes(use.limit) }) : t('quotaUsedNoLimit', { used: formatBytes(use.used) })) : '…'}
          </Text>
        </Group>
        <Progress value={use?.limit ? pct : use ? 2 : 0} size="sm" color={pct > 90 ? 'red' : pct > 75 ? 'orange' : 'blue'} aria-label={t('quota')} />
      </Stack>
      {isAdmin(me) ? (
        <Tooltip label={t('quotaSettings')}>
          <ActionIcon variant="default" size="lg" aria-label={t('quotaSettings')} onClick={() => setOpen(true)}>
            <IconSettings size={18} />
          </ActionIcon>
        </Tooltip>
      ) : null}
      {open && q.data ? <QuotaDialog portal={q.data.portal.limit} user={q.data.user.limit} onClose={() => setOpen(false)} /> : null}
    </Group>
  );
}

function QuotaDialog({ portal, user, onClose }: { portal: number | null; user: number | null; onClose: () => void }) {
  const { t } = useDriveT();
  const writes = useDriveWrites();
  const [p, setP] = useState<number | string>(portal ? Math.round(portal / MB) : '');
  const [u, setU] = useState<number | string>(user ? Math.round(user / MB) : '');
  const [busy, setBusy] = useState(false);
  const bytes = (v: number | string) => (v === '' || Number(v) <= 0 ? null : Math.round(Number(v) * MB));
  return (
    <Modal closeButtonProps={{ 'aria-label': t('close') }} opened onClose={onClose} title={t('quotaSettings')} size="sm">
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          try {
            await writes.setQuota({ portalBytes: bytes(p), userBytes: bytes(u) });
            showSuccess(t('quotaSaved'));
            onClose();
          } catch (err) {
            showError(err);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Stack gap="md">
          <NumberInput label={t('quotaPortalLimit')} description={t('quotaNoLimit')} value={p} onChange={setP} min={0} decimalScale={3} />
          <NumberInput label={t('quotaUserLimit')} description={t('quotaNoLimit')} value={u} onChange={setU} min={0} decimalScale={3} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
