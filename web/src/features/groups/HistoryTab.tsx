import { Anchor, Group as Row, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { formatDateTime } from '../../ui/format';
import { RowsSkeleton } from '../../ui/PageSkeleton';
import { UserAvatar } from '../../ui/UserAvatar';
import { useHistory } from './api';
import { useGroupsT } from './i18n';

/** «История»: what was done in the group and in its items, newest first, by whom. */
export function HistoryTab({ groupId }: { groupId: number }) {
  const { t } = useGroupsT();
  const history = useHistory(groupId);
  if (history.isPending) return <RowsSkeleton rows={5} />;
  if (history.isError) return <Text c="red">{history.error.message}</Text>;
  if (!history.data.items.length)
    return (
      <Text c="dimmed" p="md">
        {t('history.empty')}
      </Text>
    );
  return (
    <Stack gap={0} role="list" aria-label={t('tabs.history')}>
      {history.data.items.map((item) => {
        const [firstName = '', lastName = ''] = (item.actor?.fullName ?? '').split(/\s+/);
        return (
          <Row key={item.id} wrap="nowrap" align="flex-start" gap="sm" py="xs" px="xs" role="listitem" style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
            {item.actor ? <UserAvatar user={{ ...item.actor, firstName, lastName }} size={30} /> : null}
            <div style={{ minWidth: 0, flex: 1 }}>
              <Text size="sm">
                {item.url ? (
                  <Anchor component={Link} to={item.url} inherit>
                    {item.text}
                  </Anchor>
                ) : (
                  item.text
                )}
              </Text>
              <Text size="xs" c="dimmed">
                {item.actor?.fullName ?? t('history.system')} · {formatDateTime(item.at)}
              </Text>
            </div>
          </Row>
        );
      })}
    </Stack>
  );
}
