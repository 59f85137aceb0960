import { Badge, Button, Card, Code, Group, Pagination, Skeleton, Stack, Table, Text, Tooltip } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { IconCircleCheck, IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProcessorFailure, ProcessorFailureList } from '@vavilon/contracts';
import { api } from '../../api/client';
import { RefusalState, refusalOf } from '../../ui/AccessStates';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { formatDateTime } from '../../ui/format';
import { PageHeader } from '../../ui/PageHeader';
import { showError, showSuccess } from '../../ui/toasts';
import uiClasses from '../../ui/ui.module.css';
import { useDocumentTitle } from '../../ui/use-document-title';

const PAGE_SIZE = 50;
const failuresKey = (page: number) => ['processor-failures', page] as const;

/** «Ошибки обработки событий»: events a processor failed on, with another try for one or for all of a processor. */
export default function ProcessorFailuresPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('processorFailures.title'));
  const [page, setPage] = useState(1);
  const client = useQueryClient();
  const failures = useQuery({
    queryKey: failuresKey(page),
    queryFn: () => api.get<ProcessorFailureList>('/api/admin/processor-failures', { page, pageSize: PAGE_SIZE }),
  });
  const refresh = () => client.invalidateQueries({ queryKey: ['processor-failures'] });
  const retryOne = useMutation({
    mutationFn: (id: number) => api.post<{ retried: number }>(`/api/admin/processor-failures/${id}/retry`),
    onSuccess: () => {
      showSuccess(t('processorFailures.retried'));
      void refresh();
    },
    onError: showError,
  });
  const retryAll = useMutation({
    mutationFn: (processor: string) => api.post<{ retried: number }>('/api/admin/processor-failures/retry', { processor }),
    onSuccess: (r) => {
      showSuccess(t('processorFailures.retriedAll', { count: r.retried }));
      void refresh();
    },
    onError: showError,
  });
  const words = { today: t('common.today'), yesterday: t('common.yesterday') };
  const refusal = refusalOf(failures.error);
  if (refusal) return <RefusalState kind={refusal} card />;
  const processors = [...new Set(failures.data?.items.map((f) => f.processor) ?? [])].sort();
  const pages = failures.data ? Math.ceil(failures.data.total / PAGE_SIZE) : 0;

  return (
    <>
      <PageHeader
        title={t('processorFailures.title')}
        actions={processors.map((p) => (
          <Button key={p} variant="default" leftSection={<IconRefresh size={16} />} loading={retryAll.isPending && retryAll.variables === p} onClick={() => retryAll.mutate(p)}>
            {processors.length > 1 ? `${t('processorFailures.retryAll')}: ${p}` : t('processorFailures.retryAll')}
          </Button>
        ))}
      />
      <Card p={0} style={{ overflow: 'visible' }}>
        <Text size="sm" c="dimmed" px="md" py="sm" style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
          {t('processorFailures.hint')}
        </Text>
        {failures.isPending ? (
          <Stack p="md" gap="sm" aria-busy="true">
            {[0, 1, 2, 3].map((i) => (
              <Skeleton key={i} h={20} />
            ))}
          </Stack>
        ) : failures.isError ? (
          <ErrorState error={failures.error} onRetry={() => void failures.refetch()} />
        ) : failures.data.items.length === 0 ? (
          <EmptyState icon={<IconCircleCheck size={30} />} title={t('processorFailures.emptyTitle')} description={t('processorFailures.empty')} />
        ) : (
          <div className={uiClasses.tableWrap}>
            <Table verticalSpacing="sm" horizontalSpacing="md" stickyHeader stickyHeaderOffset={56}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('processorFailures.columns.processor')}</Table.Th>
                  <Table.Th>{t('processorFailures.columns.event')}</Table.Th>
                  <Table.Th>{t('processorFailures.columns.error')}</Table.Th>
                  <Table.Th>{t('processorFailures.columns.attempts')}</Table.Th>
                  <Table.Th>{t('processorFailures.columns.status')}</Table.Th>
                  <Table.Th>{t('processorFailures.columns.date')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {failures.data.items.map((f) => (
                  <FailureRow key={f.id} f={f} words={words} busy={retryOne.isPending && retryOne.variables === f.id} onRetry={() => retryOne.mutate(f.id)} />
                ))}
              </Table.Tbody>
            </Table>
          </div>
        )}
        {pages > 1 ? (
          <Group justify="center" p="md" style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}>
            <Pagination
              total={pages}
              value={Math.min(page, pages)}
              onChange={setPage}
              getControlProps={(control) => ({ 'aria-label': t(`common.pagination.${control}`) })}
              getItemProps={(p) => ({ 'aria-label': t('common.pagination.page', { page: p }) })}
            />
          </Group>
        ) : null}
      </Card>
    </>
  );
}

function FailureRow({ f, words, busy, onRetry }: { f: ProcessorFailure; words: { today: string; yesterday: string }; busy: boolean; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <Table.Tr>
      <Table.Td>
        <Code>{f.processor}</Code>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{f.eventType}</Text>
        <Text size="xs" c="dimmed">
          #{f.eventId}
          {f.entityType ? ` · ${f.entityType} ${f.entityId ?? ''}` : ''}
        </Text>
      </Table.Td>
      <Table.Td maw={360}>
        <Tooltip label={f.lastError} multiline maw={480} openDelay={300}>
          <Text size="sm" lineClamp={2} style={{ wordBreak: 'break-word' }}>
            {f.lastError}
          </Text>
        </Tooltip>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{f.attempts}</Text>
      </Table.Td>
      <Table.Td>
        <Badge variant="light" color={f.status === 'failed' ? 'red' : 'yellow'} radius="sm">
          {t(`processorFailures.status.${f.status}`)}
        </Badge>
        {f.status === 'retrying' && f.nextAttemptAt ? (
          <Text size="xs" c="dimmed" mt={4}>
            {t('processorFailures.nextAttempt', { at: formatDateTime(f.nextAttemptAt, words) })}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        <Text size="sm" c="dimmed">
          {formatDateTime(f.updatedAt, words)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Button size="xs" variant="light" leftSection={<IconRefresh size={14} />} loading={busy} onClick={onRetry}>
          {t('processorFailures.retry')}
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}
