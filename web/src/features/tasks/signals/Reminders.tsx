import { ActionIcon, Button, Group, Stack, Text } from '@mantine/core';
import { IconBell, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { ApiError } from '../../../api/client';
import { DateTimeInput } from '../../../ui/fields';
import { formatDateTime } from '../../../ui/format';
import { RecordSection } from '../../../ui/record-card';
import { showError, showSuccess } from '../../../ui/toasts';
import { useTasksT } from '../i18n';
import { useReminders } from './api';
import './i18n';

/** «Напомнить»: the user's own reminders of the task; each comes to the bell at its time. */
export function RemindersSection({ taskId }: { taskId: number }) {
  const { t } = useTasksT();
  const { list, add, remove } = useReminders(taskId);
  const [at, setAt] = useState<string | null>(null);
  const [error, setError] = useState<string | undefined>();
  const items = list.data?.items ?? [];
  return (
    <RecordSection id="reminders" title={t('reminders.title')}>
      <Stack gap={6}>
        {items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('reminders.empty')}
          </Text>
        ) : (
          items.map((r) => (
            <Group key={r.id} gap={6} wrap="nowrap">
              <IconBell size={14} color="var(--mantine-color-gray-6)" />
              <Text size="sm" c={r.sentAt ? 'dimmed' : undefined} td={r.sentAt ? 'line-through' : undefined}>
                {formatDateTime(r.remindAt)}
              </Text>
              {r.sentAt ? (
                <Text size="xs" c="dimmed">
                  {t('reminders.sent')}
                </Text>
              ) : null}
              <ActionIcon
                variant="subtle"
                color="gray"
                size="sm"
                ml="auto"
                aria-label={t('reminders.remove', { when: formatDateTime(r.remindAt) })}
                onClick={() => remove.mutate(r.id, { onError: showError })}
              >
                <IconX size={14} />
              </ActionIcon>
            </Group>
          ))
        )}
        <Group gap="xs" align="flex-end" wrap="nowrap">
          <div style={{ flex: 1 }}>
            <DateTimeInput
              label={t('reminders.at')}
              value={at}
              error={error}
              onChange={(v) => {
                setAt(v);
                setError(undefined);
              }}
            />
          </div>
          <Button
            size="sm"
            variant="light"
            disabled={!at}
            loading={add.isPending}
            onClick={() =>
              at &&
              add.mutate(at, {
                onSuccess: () => {
                  setAt(null);
                  showSuccess(t('reminders.added'));
                },
                onError: (e) => {
                  const field = e instanceof ApiError ? e.fields.find((f) => f.field === 'remindAt') : undefined;
                  if (field) setError(field.message);
                  else showError(e);
                },
              })
            }
          >
            {t('reminders.add')}
          </Button>
        </Group>
      </Stack>
    </RecordSection>
  );
}
