import { Anchor, Badge, Card, Drawer, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconMailForward } from '@tabler/icons-react';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { RefusalState, refusalOf } from '../../ui/AccessStates';
import { EmptyState } from '../../ui/EmptyState';
import { DataList, type DataColumn } from '../../ui/data-list';
import { formatDateTime } from '../../ui/format';
import { PageHeader } from '../../ui/PageHeader';
import { useDocumentTitle } from '../../ui/use-document-title';

type OutboxItem = { id: number | string; to: string; subject: string; text: string; status: string; createdAt: string };

/** Plain text with its addresses made clickable (invitation and reset links). */
function LinkifiedText({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s<>"']+)/g);
  return (
    <Text size="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
      {parts.map((part, i) =>
        /^https?:\/\//.test(part) ? (
          <Anchor key={i} href={part} size="sm">
            {part}
          </Anchor>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </Text>
  );
}

function statusColor(status: string): string {
  if (status === 'sent') return 'teal';
  if (status === 'failed' || status === 'error') return 'red';
  return 'gray';
}

/** «Исходящие письма»: mail the portal kept because no SMTP server is configured. */
export default function MailOutboxPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('outbox.title'));
  const outbox = useQuery({ queryKey: ['mail-outbox'], queryFn: () => api.get<{ items: OutboxItem[] }>('/api/admin/mail-outbox') });
  const [open, setOpen] = useState<OutboxItem | null>(null);
  const words = { today: t('common.today'), yesterday: t('common.yesterday') };
  const refusal = refusalOf(outbox.error);
  if (refusal) return <RefusalState kind={refusal} card />;
  const columns: DataColumn<OutboxItem>[] = [
    { id: 'to', title: t('outbox.columns.to'), cell: (m) => <Text size="sm">{m.to}</Text> },
    {
      id: 'subject',
      title: t('outbox.columns.subject'),
      cell: (m) => (
        <Anchor
          component="button"
          type="button"
          size="sm"
          onClick={(e) => {
            e.stopPropagation();
            setOpen(m);
          }}
        >
          {m.subject}
        </Anchor>
      ),
    },
    {
      id: 'status',
      title: t('outbox.columns.status'),
      cell: (m) => (
        <Badge variant="light" color={statusColor(m.status)} radius="sm">
          {t(`outbox.status.${m.status}`, { defaultValue: m.status })}
        </Badge>
      ),
    },
    {
      id: 'date',
      title: t('outbox.columns.date'),
      cell: (m) => (
        <Text size="sm" c="dimmed">
          {formatDateTime(m.createdAt, words)}
        </Text>
      ),
    },
  ];

  return (
    <>
      <PageHeader title={t('outbox.title')} />
      <DataList<OutboxItem, number | string>
        label={t('outbox.title')}
        toolbar={
          <Text size="sm" c="dimmed">
            {t('outbox.hint')}
          </Text>
        }
        columns={columns}
        rows={outbox.data?.items}
        rowId={(m) => m.id}
        rowTitle={(m) => m.subject}
        error={outbox.isError ? outbox.error : undefined}
        onRetry={() => void outbox.refetch()}
        fetching={outbox.isFetching}
        empty={<EmptyState icon={<IconMailForward size={30} />} title={t('outbox.emptyTitle')} description={t('outbox.empty')} />}
        onRowClick={setOpen}
        density="comfortable"
        scroll="page"
        stickyHeaderOffset={56}
        skeletonRows={4}
      />
      <Drawer opened={open !== null} onClose={() => setOpen(null)} position="right" size={560} title={open?.subject} closeButtonProps={{ 'aria-label': t('common.close') }}>
        {open ? (
          <Stack gap="sm">
            <Group gap="xs">
              <Text size="sm" c="dimmed">
                {t('outbox.columns.to')}:
              </Text>
              <Text size="sm">{open.to}</Text>
            </Group>
            <Text size="sm" c="dimmed">
              {formatDateTime(open.createdAt)}
            </Text>
            <Card withBorder shadow="none" bg="gray.0">
              <LinkifiedText text={open.text} />
            </Card>
          </Stack>
        ) : null}
      </Drawer>
    </>
  );
}
