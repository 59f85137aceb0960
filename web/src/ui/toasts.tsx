import { Button, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconArrowBackUp, IconCheck, IconRefresh } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { isApiError } from '../api/client';
import i18n from '../i18n';

const closeButtonProps = () => ({ 'aria-label': i18n.t('common.close') });

export function showSuccess(message: ReactNode, title?: string): void {
  notifications.show({ closeButtonProps: closeButtonProps(), color: 'teal', icon: <IconCheck size={18} />, title, message, autoClose: 4000 });
}

export function showInfo(message: ReactNode, title?: string, onClick?: () => void): void {
  notifications.show({
    closeButtonProps: closeButtonProps(),
    color: 'blue',
    title,
    message,
    autoClose: 6000,
    onClick,
    style: onClick ? { cursor: 'pointer' } : undefined,
  });
}

/** A toast with the server's message; a version conflict (409) offers to reload. */
export function showError(error: unknown): void {
  const t = i18n.t.bind(i18n);
  const message = error instanceof Error ? error.message : t('errors.unknown');
  if (isApiError(error) && error.status === 409) {
    notifications.show({
      closeButtonProps: closeButtonProps(),
      id: 'conflict',
      color: 'orange',
      icon: <IconAlertTriangle size={18} />,
      title: t('errors.conflictTitle'),
      autoClose: false,
      message: (
        <Stack gap={6} align="flex-start">
          <Text size="sm">{message}</Text>
          <Button size="xs" variant="light" leftSection={<IconRefresh size={14} />} onClick={() => window.location.reload()}>
            {t('errors.reload')}
          </Button>
        </Stack>
      ),
    });
    return;
  }
  notifications.show({
    closeButtonProps: closeButtonProps(),
    color: 'red',
    icon: <IconAlertTriangle size={18} />,
    title: t('errors.title'),
    message,
    autoClose: 7000,
  });
}

/** A toast after a change, with «Отменить» when the change can be undone (`undo` runs once, the toast closes). */
export function showUndoable(message: ReactNode, undo?: () => Promise<unknown> | void): void {
  const id = `undo-${Date.now()}-${Math.random().toString(36).slice(2, 7)}`;
  notifications.show({
    id,
    closeButtonProps: closeButtonProps(),
    color: 'teal',
    icon: <IconCheck size={18} />,
    autoClose: undo ? 8000 : 4000,
    message: undo ? (
      <Group gap="sm" justify="space-between" wrap="nowrap">
        <Text size="sm" style={{ flex: 1, minWidth: 0 }}>
          {message}
        </Text>
        <Button
          size="compact-sm"
          variant="light"
          style={{ flex: 'none' }}
          leftSection={<IconArrowBackUp size={14} />}
          onClick={async () => {
            notifications.hide(id);
            await undo();
          }}
        >
          {i18n.t('common.undo', { ns: 'kit', defaultValue: i18n.t('common.cancel') })}
        </Button>
      </Group>
    ) : (
      message
    ),
  });
}
