import { Avatar, Button, Group, Modal, Stack, Text, Tooltip } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { initials } from '../../ui/format';
import { formatMoney, textOn, userParts } from './format';
import { useCrmT } from './i18n';
import classes from './crm.module.css';

const COLORS = ['blue', 'cyan', 'teal', 'grape', 'indigo', 'orange', 'pink', 'violet'];

/** Avatar of a CRM user reference ({ id, fullName, photoUrl }). */
export function RefAvatar({ user, size = 24 }: { user: { id: number; fullName: string; photoUrl: string | null }; size?: number }) {
  const p = userParts(user);
  return (
    <Avatar src={user.photoUrl ?? undefined} alt={user.fullName} size={size} radius="xl" color={COLORS[user.id % COLORS.length]}>
      {initials(p.firstName, p.lastName, user.fullName)}
    </Avatar>
  );
}

export function UserChip({ user, size = 22 }: { user: { id: number; fullName: string; photoUrl: string | null } | null | undefined; size?: number }) {
  const { t } = useCrmT();
  if (!user)
    return (
      <Text size="sm" c="dimmed">
        {t('list.none')}
      </Text>
    );
  return (
    <Group gap={6} wrap="nowrap">
      <RefAvatar user={user} size={size} />
      <Text size="sm" truncate>
        {user.fullName}
      </Text>
    </Group>
  );
}

export function StageBadge({ stage }: { stage: { name: string; color: string } | null | undefined }) {
  if (!stage) return null;
  return (
    <span className={classes.stageBadge} style={{ background: stage.color, color: textOn(stage.color) }} title={stage.name}>
      {stage.name}
    </span>
  );
}

export function Money({ value, currency }: { value: string | number | null | undefined; currency?: string | null }) {
  if (value === null || value === undefined || value === '')
    return (
      <Text span c="dimmed">
        —
      </Text>
    );
  return <span style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>{formatMoney(value, currency ?? 'RUB')}</span>;
}

/** A toast after a change, with «Отменить» when the change can be undone (the kit's). */
export { showUndoable } from '../../ui/toasts';

/** A confirmation dialog: the question, «Удалить» (or another word) and «Отменить». */
export function ConfirmDialog({
  opened,
  title,
  message,
  confirmLabel,
  danger = true,
  onConfirm,
  onClose,
  children,
}: {
  opened: boolean;
  title: string;
  message?: ReactNode;
  confirmLabel?: string;
  danger?: boolean;
  onConfirm: () => Promise<unknown> | void;
  onClose: () => void;
  children?: ReactNode;
}) {
  const { t } = useCrmT();
  const [busy, setBusy] = useState(false);
  return (
    <Modal opened={opened} onClose={onClose} title={title} size="md" zIndex={400}>
      <Stack gap="md">
        {message ? <Text size="sm">{message}</Text> : null}
        {children}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={busy}>
            {t('common.cancel')}
          </Button>
          <Button
            color={danger ? 'red' : undefined}
            loading={busy}
            data-autofocus
            onClick={async () => {
              setBusy(true);
              try {
                await onConfirm();
              } finally {
                setBusy(false);
              }
            }}
          >
            {confirmLabel ?? t('common.delete')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** A disabled control with a tooltip saying why (e.g. «Объединить» until duplicates come). */
export function Soon({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Tooltip label={label} withinPortal>
      <span style={{ display: 'inline-flex' }}>{children}</span>
    </Tooltip>
  );
}
