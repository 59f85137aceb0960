import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { isApiError } from '../../../api/client';
import { DateTimeInput } from '../../../ui/fields';
import { showError, showSuccess } from '../../../ui/toasts';
import { answerRequest, requestsKey, useDealRequests } from './api';
import { useResultsT } from './i18n';

/**
 * A robot's question on the deal card («Укажите новый крайний срок задачи «Найти ЛПР»»), shown to
 * the person asked when it comes and whenever the card opens with it still open.
 */
export function RequestDialog({ dealId }: { dealId: number }) {
  const { t, i18n } = useResultsT();
  const qc = useQueryClient();
  const requests = useDealRequests(dealId);
  const [dismissed, setDismissed] = useState<Set<number>>(new Set());
  const [deadline, setDeadline] = useState<string | null>(null);
  const [error, setError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const open = (requests.data ?? []).find((r) => !dismissed.has(r.id)) ?? null;

  useEffect(() => {
    setDeadline(null);
    setError(undefined);
  }, [open?.id]);

  const fmt = (iso: string) => new Date(iso).toLocaleString(i18n.language === 'en' ? 'en-GB' : 'ru-RU', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' });

  const save = async () => {
    if (!open) return;
    if (!deadline) {
      setError(t('request.required'));
      return;
    }
    setSaving(true);
    try {
      await answerRequest(open.id, deadline);
      showSuccess(t('request.saved'));
      await qc.invalidateQueries({ queryKey: requestsKey(dealId) });
      void qc.invalidateQueries({ queryKey: ['crm', 'deal', 'timeline', dealId] });
      void qc.invalidateQueries({ queryKey: ['tasks'] });
    } catch (e) {
      if (isApiError(e) && e.status === 400) setError(e.fields[0]?.message ?? e.message);
      else showError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      opened={open !== null}
      onClose={() => open && setDismissed((s) => new Set(s).add(open.id))}
      title={
        <Text fw={600} size="md">
          {open?.prompt ?? t('request.title')}
        </Text>
      }
      centered
      zIndex={400}
    >
      {open ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <Stack gap="sm">
            {open.currentDeadline ? (
              <Text size="sm" c="dimmed">
                {t('request.current', { deadline: fmt(open.currentDeadline) })}
              </Text>
            ) : null}
            <DateTimeInput
              label={t('request.deadline')}
              value={deadline}
              onChange={(v) => {
                setDeadline(v);
                setError(undefined);
              }}
              error={error}
              required
              autoFocus
            />
            <Group justify="flex-end" gap="xs">
              <Button variant="default" onClick={() => setDismissed((s) => new Set(s).add(open.id))}>
                {t('request.later')}
              </Button>
              <Button type="submit" loading={saving}>
                {t('request.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      ) : null}
    </Modal>
  );
}
