import { Button, Group, Modal, Stack } from '@mantine/core';
import type { OccurrenceScope } from '@vavilon/contracts';
import { useCalT } from './i18n';

/** Which occurrences of a recurring event a change or a delete touches: «Только это событие / Это и следующие / Все события». */
export function ScopeDialog({ opened, title, onPick, onCancel }: { opened: boolean; title: string; onPick: (scope: OccurrenceScope) => void; onCancel: () => void }) {
  const { t } = useCalT();
  return (
    <Modal opened={opened} onClose={onCancel} title={title} zIndex={400} size="sm" centered>
      <Stack gap="xs">
        {(['this', 'following', 'all'] as const).map((s) => (
          <Button key={s} variant={s === 'this' ? 'filled' : 'default'} fullWidth onClick={() => onPick(s)}>
            {t(`scope.${s}`)}
          </Button>
        ))}
        <Group justify="flex-end" mt="xs">
          <Button variant="subtle" color="gray" onClick={onCancel}>
            {t('cancel')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
