import { Box, Group, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** The page title row: title at the left, the page's main action at the right, a switcher under it. */
export function PageHeader({ title, actions, below }: { title: ReactNode; actions?: ReactNode; below?: ReactNode }) {
  return (
    <Box mb="md">
      <Group justify="space-between" align="center" wrap="wrap" gap="sm" mih={40}>
        <Title order={1} fz={26} fw={600} c="dark.7">
          {title}
        </Title>
        {actions ? <Group gap="sm">{actions}</Group> : null}
      </Group>
      {below ? <Box mt="sm">{below}</Box> : null}
    </Box>
  );
}
