import { Alert, Button, Group, Text } from '@mantine/core';
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react';
import { useKitT } from '../kit-i18n';

export interface ConflictBannerProps {
  /** Drops the user's changes and shows the version someone else saved. */
  onReload: () => void;
  /** Keeps the user's changes on screen, to be saved over the newer version; left out: no such button. */
  onKeepMine?: () => void;
}

/** «Запись изменил другой пользователь»: shown when a save answered 409 or a newer version arrived while editing. */
export function ConflictBanner({ onReload, onKeepMine }: ConflictBannerProps) {
  const { t } = useKitT();
  return (
    <Alert color="orange" mt="sm" icon={<IconAlertTriangle size={18} />} title={t('card.conflict')} role="alert">
      <Group justify="space-between" gap="sm">
        <Text size="sm" style={{ flex: '1 1 240px' }}>
          {t('card.conflictHint')}
        </Text>
        <Group gap="xs">
          {onKeepMine ? (
            <Button size="xs" variant="default" onClick={onKeepMine}>
              {t('card.keepMine')}
            </Button>
          ) : null}
          <Button size="xs" variant="filled" color="orange" leftSection={<IconRefresh size={14} />} onClick={onReload}>
            {t('card.reload')}
          </Button>
        </Group>
      </Group>
    </Alert>
  );
}
