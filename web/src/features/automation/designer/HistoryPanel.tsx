import { Badge, Button, Drawer, Group, Stack, Text, Timeline } from '@mantine/core';
import { IconArrowBackUp, IconHistory } from '@tabler/icons-react';
import type { AutomationVersion, PipelineAutomation } from '@vavilon/contracts';
import { useState } from 'react';
import { EmptyState } from '../../../ui/EmptyState';
import { ErrorState } from '../../../ui/ErrorState';
import { RowsSkeleton } from '../../../ui/PageSkeleton';
import { formatDateTime } from '../../../ui/format';
import { showSuccess } from '../../../ui/toasts';
import { ConfirmDialog } from '../../crm/common';
import { useRuleMutations, useVersions } from '../api';
import { useAutoT } from '../words';
import { showAutomationError } from './DesignerPage';

/** «История»: every version of the pipeline's automation (who, when, what), newest first, each restorable. */
export function HistoryPanel({ opened, onClose, automation }: { opened: boolean; onClose: () => void; automation: PipelineAutomation }) {
  const { t } = useAutoT();
  const versions = useVersions(automation.pipelineId, opened);
  const m = useRuleMutations(automation.pipelineId);
  const [restoring, setRestoring] = useState<AutomationVersion | null>(null);
  const list = [...(versions.data ?? [])].sort((a, b) => b.number - a.number);

  const restore = async (v: AutomationVersion) => {
    try {
      await m.restore.mutateAsync({ number: v.number, version: automation.version });
      showSuccess(t('history.restored', { number: v.number }));
    } catch (error) {
      showAutomationError(error);
    } finally {
      setRestoring(null);
    }
  };

  return (
    <Drawer opened={opened} onClose={onClose} position="right" size={460} title={`${t('history.title')}: ${automation.pipelineName}`} zIndex={250}>
      {versions.isError ? (
        <ErrorState error={versions.error} onRetry={() => void versions.refetch()} />
      ) : !versions.data ? (
        <RowsSkeleton rows={6} />
      ) : !list.length ? (
        <EmptyState icon={<IconHistory size={30} />} title={t('history.empty')} />
      ) : (
        <Timeline bulletSize={22} lineWidth={2} active={0} aria-label={t('history.title')}>
          {list.map((v) => {
            const current = v.number === automation.version;
            return (
              <Timeline.Item
                key={v.number}
                title={
                  <Group gap="xs" justify="space-between" wrap="nowrap">
                    <Text size="sm" fw={600}>
                      {t('history.version', { number: v.number })}
                    </Text>
                    {current ? (
                      <Badge size="sm" variant="light" color="teal">
                        {t('history.current')}
                      </Badge>
                    ) : (
                      <Button
                        size="compact-xs"
                        variant="light"
                        leftSection={<IconArrowBackUp size={12} />}
                        onClick={() => setRestoring(v)}
                        aria-label={`${t('history.restore')}: ${t('history.version', { number: v.number })}`}
                      >
                        {t('history.restore')}
                      </Button>
                    )}
                  </Group>
                }
              >
                <Stack gap={2} role="listitem" aria-label={t('history.version', { number: v.number })}>
                  <Text size="sm">{v.summary}</Text>
                  <Text size="xs" c="dimmed">
                    {v.authorName ?? t('history.system')} · {formatDateTime(v.createdAt)}
                  </Text>
                </Stack>
              </Timeline.Item>
            );
          })}
        </Timeline>
      )}
      <ConfirmDialog
        opened={restoring !== null}
        danger={false}
        title={restoring ? t('history.restoreTitle', { number: restoring.number }) : ''}
        message={t('history.restoreText')}
        confirmLabel={t('history.restore')}
        onConfirm={() => (restoring ? restore(restoring) : undefined)}
        onClose={() => setRestoring(null)}
      />
    </Drawer>
  );
}
