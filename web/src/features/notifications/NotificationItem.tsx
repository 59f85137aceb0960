import { Box, Group, Text, ThemeIcon, UnstyledButton } from '@mantine/core';
import { IconBell, IconCalendarEvent, IconChecklist, IconMessage, IconUserPlus, IconBriefcase } from '@tabler/icons-react';
import type { Notification } from '@vavilon/contracts';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../ui/format';
import classes from './notifications.module.css';

function KindIcon({ kind }: { kind: string }) {
  const k = kind.split('.')[0];
  const size = 18;
  if (k === 'task' || k === 'tasks') return <IconChecklist size={size} />;
  if (k === 'chat' || k === 'comment' || k === 'feed') return <IconMessage size={size} />;
  if (k === 'calendar' || k === 'event') return <IconCalendarEvent size={size} />;
  if (k === 'crm' || k === 'deal' || k === 'lead') return <IconBriefcase size={size} />;
  if (k === 'user' || k === 'users' || k === 'invite') return <IconUserPlus size={size} />;
  return <IconBell size={size} />;
}

/** One notification: a button that marks it read and opens its address. */
export function NotificationItem({ n, onOpen, compact }: { n: Notification; onOpen: (n: Notification) => void; compact?: boolean }) {
  const { t } = useTranslation();
  return (
    <UnstyledButton className={classes.item} data-unread={!n.read || undefined} onClick={() => onOpen(n)} py={compact ? 10 : 14}>
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <ThemeIcon variant="light" color={n.read ? 'gray' : 'blue'} radius="xl" size={compact ? 32 : 38}>
          <KindIcon kind={n.kind} />
        </ThemeIcon>
        <Box style={{ flex: 1, minWidth: 0 }}>
          <Text size="sm" fw={n.read ? 500 : 700} lineClamp={2}>
            {n.title}
          </Text>
          {n.body ? (
            <Text size="sm" c="dimmed" lineClamp={compact ? 2 : 4}>
              {n.body}
            </Text>
          ) : null}
          <Text size="xs" c="dimmed" mt={2}>
            {formatDateTime(n.createdAt, { today: t('common.today'), yesterday: t('common.yesterday') })}
          </Text>
        </Box>
        {!n.read ? <span className={classes.dot} aria-label={t('notifications.unreadMark')} /> : null}
      </Group>
    </UnstyledButton>
  );
}
