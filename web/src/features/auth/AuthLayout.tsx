import { Anchor, Card, Group, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { switchLanguage } from '../../i18n';
import classes from './auth.module.css';

/** The frame of the pages before sign-in: the portal's title over one card. */
export function AuthLayout({ title, children }: { title: ReactNode; children: ReactNode }) {
  const { t, i18n } = useTranslation();
  return (
    <main className={classes.page}>
      <div className={classes.brand}>
        <div className={classes.logo} aria-hidden="true">
          {typeof title === 'string' && title.trim() ? title.trim()[0].toUpperCase() : 'V'}
        </div>
        <Title order={1} fz={24} fw={700} c="dark.7">
          {title}
        </Title>
      </div>
      <Card className={classes.card} padding="xl" radius="lg" shadow="md">
        {children}
      </Card>
      <Group className={classes.footer} gap="md">
        <Text size="xs" c="dimmed">
          {t('auth.footer')}
        </Text>
        <Anchor component="button" type="button" size="xs" onClick={() => void switchLanguage(i18n.language === 'en' ? 'ru' : 'en')}>
          {i18n.language === 'en' ? 'Русский' : 'English'}
        </Anchor>
      </Group>
    </main>
  );
}
