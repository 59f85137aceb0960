import { Button, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useKitT } from './kit-i18n';

/** Says what the page is for and offers the first action. */
export function EmptyState({ icon, title, description, action }: { icon: ReactNode; title: string; description?: ReactNode; action?: ReactNode }) {
  return (
    <Stack align="center" gap="xs" py={48} px="md" ta="center">
      <ThemeIcon size={64} radius={32} variant="light" color="blue">
        {icon}
      </ThemeIcon>
      <Title order={3} fz="lg" fw={600} mt="xs">
        {title}
      </Title>
      {description ? (
        <Text c="dimmed" size="sm" maw={440}>
          {description}
        </Text>
      ) : null}
      {action ? <div style={{ marginTop: 8 }}>{action}</div> : null}
    </Stack>
  );
}

/** A filtered list that matched nothing: says so and offers «Сбросить фильтр». */
export function NoMatches({ onReset }: { onReset: () => void }) {
  const { t } = useKitT();
  return (
    <EmptyState
      icon={<IconSearch size={30} />}
      title={t('filter.nothingFound')}
      description={t('filter.nothingFoundHint')}
      action={
        <Button variant="light" onClick={onReset}>
          {t('filter.resetFilter')}
        </Button>
      }
    />
  );
}
