import { Card, Group, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconBell, IconChevronRight, IconHierarchy2, IconSitemap, IconUsers } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../auth/session';
import { PageHeader } from '../../ui/PageHeader';
import { UserAvatar } from '../../ui/UserAvatar';
import { formatDate } from '../../ui/format';
import { useDocumentTitle } from '../../ui/use-document-title';
import classes from './shell.module.css';
import { Feed } from '../feed/Feed';
import feedClasses from '../feed/feed.module.css';

function QuickLink({ to, icon, title, description, color }: { to: string; icon: ReactNode; title: string; description: string; color: string }) {
  return (
    <Link to={to} className={classes.quickLink}>
      <ThemeIcon size={36} radius="md" variant="light" color={color}>
        {icon}
      </ThemeIcon>
      <div style={{ flex: 1, minWidth: 0 }}>
        <Text fw={600}>{title}</Text>
        <Text size="sm" c="dimmed" lineClamp={2}>
          {description}
        </Text>
      </div>
      <IconChevronRight size={18} color="var(--mantine-color-gray-5)" />
    </Link>
  );
}

/** «Главная»: the news feed, with a greeting and the way to the main places of the portal beside it. */
export default function HomePage() {
  const { t } = useTranslation();
  const me = useSession();
  useDocumentTitle(t('home.title'), me.portal.title);
  const hour = new Date().getHours();
  const greeting = hour < 5 ? t('home.evening') : hour < 12 ? t('home.morning') : hour < 18 ? t('home.day') : t('home.evening');

  return (
    <>
      <PageHeader title={t('home.title')} />
      <div className={feedClasses.layout}>
        <Feed />
        <Stack gap="md">
          <Card>
            <Group gap="sm" wrap="nowrap" align="center">
              <UserAvatar user={me.user} size={48} />
              <div style={{ minWidth: 0 }}>
                <Title order={2} fz={17} fw={600}>
                  {greeting}, {me.user.firstName || me.user.fullName}!
                </Title>
                <Text c="dimmed" size="xs">
                  {t('home.welcome', { portal: me.portal.title })} · {formatDate(new Date())}
                </Text>
              </div>
            </Group>
          </Card>
          <Card>
            <Text fw={600} mb="sm">
              {t('home.quickLinks')}
            </Text>
            <Stack gap="xs">
              <QuickLink to="/company" color="blue" icon={<IconUsers size={22} />} title={t('users.title')} description={t('home.employeesHint')} />
              <QuickLink to="/company/structure" color="teal" icon={<IconHierarchy2 size={22} />} title={t('structure.title')} description={t('home.structureHint')} />
              <QuickLink to="/sitemap" color="violet" icon={<IconSitemap size={22} />} title={t('sitemap.title')} description={t('home.sitemapHint')} />
              <QuickLink to="/notifications" color="orange" icon={<IconBell size={22} />} title={t('notifications.title')} description={t('home.notificationsHint')} />
            </Stack>
          </Card>
        </Stack>
      </div>
    </>
  );
}
