import { Anchor, Badge, Card, Drawer, Group, Skeleton, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconMailForward } from '@tabler/icons-react';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { RefusalState, refusalOf } from '../../ui/AccessStates';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { formatDateTime } from '../../ui/format';
import { PageHeader } from '../../ui/PageHeader';
import uiClasses from '../../ui/ui.module.css';
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

  return (
    <>
      <PageHeader title={t('outbox.title')} />
      <Card p={0} style={{ overflow: 'visible' }}>
        <Text size="sm" c="dimmed" px="md" py="sm" style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
          {t('outbox.hint')}
        </Text>
        {outbox.isPending ? (
          <Stack p="md" gap="sm" aria-busy="true">
            {[0, 1, 2, 3].map((i) => (
              <Skeleton key={i} h={20} />
            ))}
          </Stack>
        ) : outbox.isError ? (
          <ErrorState error={outbox.error} onRetry={() => void outbox.refetch()} />
        ) : outbox.data.items.length === 0 ? (
          <EmptyState icon={<IconMailForward size={30} />} title={t('outbox.emptyTitle')} description={t('outbox.empty')} />
        ) : (
                      <div className={uiClasses.tableWrap}>
                      <Table verticalSpacing="sm" horizontalSpacing="md" stickyHeader stickyHeaderOffset={56}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('outbox.columns.to')}</Table.Th>
                  <Table.Th>{t('outbox.columns.subject')}</Table.Th>
                  <Table.Th>{t('outbox.columns.status')}</Table.Th>
                  <Table.Th>{t('outbox.columns.date')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {outbox.data.items.map((m) => (
                  <Table.Tr key={m.id} className={uiClasses.clickableRow} onClick={() => setOpen(m)}>
                    <Table.Td>
                      <Text size="sm">{m.to}</Text>
                    </Table.Td>
                    <Table.Td>
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
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={statusColor(m.status)} radius="sm">
                        {t(`outbox.status.${m.status}`, { defaultValue: m.status })}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c="dimmed">
                        {formatDateTime(m.createdAt, words)}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            </div>
        )}
      </Card>
      <Drawer
        opened={open !== null}
        onClose={() => setOpen(null)}
        position="right"
        size={560}
        title={open?.subject}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
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
