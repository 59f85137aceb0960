import { Card, Group, Skeleton, Stack } from '@mantine/core';

/** Stands in for a page while its code or data loads: the title row and a card. */
export function PageSkeleton({ rows = 6 }: { rows?: number }) {
  return (
    <div aria-busy="true">
      <Group justify="space-between" mb="md" mih={40}>
        <Skeleton h={28} w={220} radius="sm" />
        <Skeleton h={36} w={120} radius="md" />
      </Group>
      <Card>
        <Stack gap="md">
          {Array.from({ length: rows }, (_, i) => (
            <Group key={i} gap="md" wrap="nowrap">
              <Skeleton h={36} w={36} circle />
              <Stack gap={6} style={{ flex: 1 }}>
                <Skeleton h={12} w={`${60 - (i % 3) * 12}%`} radius="sm" />
                <Skeleton h={10} w={`${35 + (i % 2) * 10}%`} radius="sm" />
              </Stack>
            </Group>
          ))}
        </Stack>
      </Card>
    </div>
  );
}

export function RowsSkeleton({ rows = 5 }: { rows?: number }) {
  return (
    <Stack gap="sm" aria-busy="true">
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} h={14} w={`${90 - (i % 3) * 15}%`} radius="sm" />
      ))}
    </Stack>
  );
}
