import { Badge, Button, Code, Text, Tooltip } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { IconCircleCheck, IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProcessorFailure, ProcessorFailureList } from '@vavilon/contracts';
import { api } from '../../api/client';
import { RefusalState, refusalOf } from '../../ui/AccessStates';
import { EmptyState } from '../../ui/EmptyState';
import { DataList, type DataColumn } from '../../ui/data-list';
import { formatDateTime } from '../../ui/format';
import { PageHeader } from '../../ui/PageHeader';
import { showError, showSuccess } from '../../ui/toasts';
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

  const columns: DataColumn<ProcessorFailure>[] = [
    { id: 'processor', title: t('processorFailures.columns.processor'), cell: (f) => <Code>{f.processor}</Code> },
    {
      id: 'event',
      title: t('processorFailures.columns.event'),
      cell: (f) => (
        <>
          <Text size="sm">{f.eventType}</Text>
          <Text size="xs" c="dimmed">
            #{f.eventId}
            {f.entityType ? ` · ${f.entityType} ${f.entityId ?? ''}` : ''}
          </Text>
        </>
      ),
    },
    {
      id: 'error',
      title: t('processorFailures.columns.error'),
      width: 360,
      cell: (f) => (
        <Tooltip label={f.lastError} multiline maw={480} openDelay={300}>
          <Text size="sm" lineClamp={2} style={{ wordBreak: 'break-word' }}>
            {f.lastError}
          </Text>
        </Tooltip>
      ),
    },
    { id: 'attempts', title: t('processorFailures.columns.attempts'), cell: (f) => <Text size="sm">{f.attempts}</Text> },
    {
      id: 'status',
      title: t('processorFailures.columns.status'),
      cell: (f) => (
        <>
          <Badge variant="light" color={f.status === 'failed' ? 'red' : 'yellow'} radius="sm">
            {t(`processorFailures.status.${f.status}`)}
          </Badge>
          {f.status === 'retrying' && f.nextAttemptAt ? (
            <Text size="xs" c="dimmed" mt={4}>
              {t('processorFailures.nextAttempt', { at: formatDateTime(f.nextAttemptAt, words) })}
            </Text>
          ) : null}
        </>
      ),
    },
    {
      id: 'date',
      title: t('processorFailures.columns.date'),
      cell: (f) => (
        <Text size="sm" c="dimmed">
          {formatDateTime(f.updatedAt, words)}
        </Text>
      ),
    },
    {
      id: 'retry',
      title: '',
      hideable: false,
      cell: (f) => (
        <Button size="xs" variant="light" leftSection={<IconRefresh size={14} />} loading={retryOne.isPending && retryOne.variables === f.id} onClick={() => retryOne.mutate(f.id)}>
          {t('processorFailures.retry')}
        </Button>
      ),
    },
  ];

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
      <DataList<ProcessorFailure>
        label={t('processorFailures.title')}
        toolbar={
          <Text size="sm" c="dimmed">
            {t('processorFailures.hint')}
          </Text>
        }
        columns={columns}
        rows={failures.data?.items}
        rowId={(f) => f.id}
        rowTitle={(f) => `${f.processor} #${f.eventId}`}
        error={failures.isError ? failures.error : undefined}
        onRetry={() => void failures.refetch()}
        fetching={failures.isFetching}
        empty={<EmptyState icon={<IconCircleCheck size={30} />} title={t('processorFailures.emptyTitle')} description={t('processorFailures.empty')} />}
        paging={{ page, pageSize: PAGE_SIZE, total: failures.data?.total, onPageChange: setPage }}
        showTotal={false}
        density="comfortable"
        scroll="page"
        stickyHeaderOffset={56}
        skeletonRows={4}
      />
    </>
  );
}
