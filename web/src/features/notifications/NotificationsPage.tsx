import { Button, Card } from '@mantine/core';
import { IconBellOff, IconChecks } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { PageHeader } from '../../ui/PageHeader';
import { PageSkeleton } from '../../ui/PageSkeleton';
import { useDocumentTitle } from '../../ui/use-document-title';
import { useMarkAllRead, useNotificationList } from './api';
import { NotificationItem } from './NotificationItem';
import { useOpenNotification } from './use-open-notification';
import { LoadMore } from '../../ui/LoadMore';

export default function NotificationsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('notifications.title'));
  const list = useNotificationList();
  const markAll = useMarkAllRead();
  const open = useOpenNotification();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const unread = list.data?.pages[0]?.unread ?? 0;

  if (list.isPending) return <PageSkeleton />;

  return (
    <>
      <PageHeader
        title={t('notifications.title')}
        actions={
          <Button leftSection={<IconChecks size={18} />} disabled={unread === 0} loading={markAll.isPending} onClick={() => markAll.mutate()}>
            {t('notifications.readAll')}
          </Button>
        }
      />
      <Card p={0}>
        {list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState
            icon={<IconBellOff size={30} />}
            title={t('notifications.empty')}
            description={t('notifications.emptyPageHint')}
            action={
              <Button component={Link} to="/" variant="light">
                {t('notifications.toHome')}
              </Button>
            }
          />
        ) : (
          <div role="list" aria-label={t('notifications.title')}>
            {items.map((n) => (
              <div role="listitem" key={n.id}>
                <NotificationItem n={n} onOpen={open} />
              </div>
            ))}
          </div>
        )}
      </Card>
      <LoadMore list={list}>{t('notifications.more')}</LoadMore>
    </>
  );
}
