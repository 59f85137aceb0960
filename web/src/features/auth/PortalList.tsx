import { Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconBuildingSkyscraper, IconChevronRight } from '@tabler/icons-react';
import type { PortalRef } from '@vavilon/contracts';
import { useTranslation } from 'react-i18next';
import classes from './auth.module.css';

/** The account's portals at the central address: each one opens at its own address. */
export function PortalList({ portals }: { portals: PortalRef[] }) {
  const { t } = useTranslation();
  return (
    <Stack gap="md">
      <div>
        <Title order={2} fz="lg" fw={600}>
          {t('auth.choosePortal')}
        </Title>
        <Text size="sm" c="dimmed">
          {portals.length ? t('auth.choosePortalHint') : t('auth.noPortals')}
        </Text>
      </div>
      <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
        {portals.map((p) => (
          <li key={p.name}>
            <a className={classes.portalLink} href={p.url}>
              <ThemeIcon variant="light" size={36} radius="md">
                <IconBuildingSkyscraper size={20} />
              </ThemeIcon>
              <div style={{ flex: 1, minWidth: 0 }}>
                <Text fw={600} truncate>
                  {p.title}
                </Text>
                <Text size="xs" c="dimmed" truncate>
                  {p.url}
                </Text>
              </div>
              <IconChevronRight size={18} color="var(--mantine-color-gray-5)" />
            </a>
          </li>
        ))}
      </Stack>
    </Stack>
  );
}
