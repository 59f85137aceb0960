import { ActionIcon, Anchor, Box, Button, Group, Indicator, Popover, Skeleton, Stack, Text } from '@mantine/core';
import { IconBell, IconBellOff, IconChecks } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useBell, useMarkAllRead } from './api';
import { NotificationItem } from './NotificationItem';
import { useOpenNotification } from './use-open-notification';
import classes from './notifications.module.css';

/** The bell in the top bar: unread counter, the newest notifications, «Прочитать все». */
export function NotificationBell() {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const bell = useBell();
  const markAll = useMarkAllRead();
  const open = useOpenNotification(() => setOpened(false));
  const unread = bell.data?.unread ?? 0;
  const items = bell.data?.items ?? [];

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" width={380} shadow="lg" radius="md" offset={10} withinPortal>
      <Popover.Target>
        <Indicator label={unread > 99 ? '99+' : unread} disabled={unread === 0} size={18} offset={6} color="red" withBorder styles={{ indicator: { fontWeight: 700, fontSize: 10 } }}>
          <ActionIcon
            variant="subtle"
            color="gray"
            size={40}
            radius="xl"
            aria-label={t('notifications.bell')}
            aria-haspopup="dialog"
            aria-expanded={opened}
            onClick={() => setOpened((o) => !o)}
            data-unread-count={unread}
          >
            <IconBell size={22} stroke={1.7} />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown p={0} role="dialog" aria-label={t('notifications.title')}>
        <Group justify="space-between" px="md" py="sm" style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
          <Text fw={600}>{t('notifications.title')}</Text>
          <Button size="compact-sm" variant="subtle" leftSection={<IconChecks size={16} />} disabled={unread === 0} onClick={() => markAll.mutate()}>
            {t('notifications.readAll')}
          </Button>
        </Group>
        <Box className={classes.bellList}>
          {bell.isPending ? (
            <Stack p="md" gap="md">
              {[0, 1, 2].map((i) => (
                <Group key={i} gap="sm" wrap="nowrap">
                  <Skeleton h={32} w={32} circle />
                  <Stack gap={6} style={{ flex: 1 }}>
                    <Skeleton h={12} w="80%" />
                    <Skeleton h={10} w="50%" />
                  </Stack>
                </Group>
              ))}
            </Stack>
          ) : items.length === 0 ? (
            <Stack align="center" gap={6} py="xl" px="md">
              <IconBellOff size={32} color="var(--mantine-color-gray-5)" />
              <Text fw={600}>{t('notifications.empty')}</Text>
              <Text size="sm" c="dimmed" ta="center">
                {t('notifications.emptyHint')}
              </Text>
            </Stack>
          ) : (
            items.map((n) => <NotificationItem key={n.id} n={n} onOpen={open} compact />)
          )}
        </Box>
        <Box px="md" py="xs" ta="center" style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}>
          <Anchor component={Link} to="/notifications" size="sm" onClick={() => setOpened(false)}>
            {t('notifications.all')}
          </Anchor>
        </Box>
      </Popover.Dropdown>
    </Popover>
  );
}
