import { Badge, Button, Card, Group, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { EmptyState } from '../../../ui/EmptyState';
import { ErrorState } from '../../../ui/ErrorState';
import { formatDateTime } from '../../../ui/format';
import { Slider } from '../../../ui/slider';
import { IconHistory } from '@tabler/icons-react';
import { useMovements } from './api';
import { formatDelta, formatQuantity } from './format';
import { useStoreT } from './i18n';

/** A product's stock history: what each document did to each warehouse's balance, newest first. */
export function MovementsSlider({ product, warehouses, onClose }: { product: { id: number; name: string } | null; warehouses: Map<number, string>; onClose: () => void }) {
  const { t } = useStoreT();
  const q = useMovements(product?.id ?? null);
  const first = q.data?.pages[0];
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const unit = first?.product.unit ?? '';
  const title = t('movements.title', { name: product?.name ?? '' });
  return (
    <Slider opened={product !== null} label={title} onClose={onClose}>
      <Stack p="lg" gap="md">
        <Group justify="space-between">
          <Title order={2} fz="xl">
            {title}
          </Title>
          <Button variant="default" onClick={onClose}>
            ✕
          </Button>
        </Group>
        {q.error ? <ErrorState error={q.error} onRetry={() => void q.refetch()} /> : null}
        {first ? (
          <Card withBorder radius="md">
            <Text fw={600} mb="xs">
              {t('movements.stockNow')}
            </Text>
            <Group gap="lg">
              {Object.entries(first.stock).map(([w, qty]) => (
                <Text key={w} size="sm">
                  {warehouses.get(Number(w)) ?? w}: <b>{formatQuantity(qty, unit)}</b>
                </Text>
              ))}
            </Group>
          </Card>
        ) : null}
        <Card withBorder radius="md" p={0}>
          {q.isLoading ? (
            <Stack p="md">
              {Array.from({ length: 5 }, (_, i) => (
                <Skeleton key={i} h={20} />
              ))}
            </Stack>
          ) : items.length === 0 ? (
            <EmptyState icon={<IconHistory size={30} />} title={t('movements.empty')} />
          ) : (
            <Table aria-label={t('movements.label')} striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('movements.at')}</Table.Th>
                  <Table.Th>{t('movements.document')}</Table.Th>
                  <Table.Th>{t('movements.warehouse')}</Table.Th>
                  <Table.Th ta="right">{t('movements.delta')}</Table.Th>
                  <Table.Th ta="right">{t('movements.balance')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((m) => (
                  <Table.Tr key={m.id}>
                    <Table.Td>{formatDateTime(m.at)}</Table.Td>
                    <Table.Td>
                      <Link to={`/crm/catalog/documents/${m.documentId}`} onClick={onClose}>
                        {t('documents.heading', { type: t(`type.${m.documentType}`), number: m.documentNumber })}
                      </Link>
                      {m.reversal ? (
                        <Badge ml="xs" size="xs" color="gray" variant="light">
                          {t('movements.reversal')}
                        </Badge>
                      ) : null}
                    </Table.Td>
                    <Table.Td>{m.warehouseName}</Table.Td>
                    <Table.Td ta="right" c={m.delta < 0 ? 'red' : 'teal'}>
                      {formatDelta(m.delta)}
                    </Table.Td>
                    <Table.Td ta="right">{formatQuantity(m.balance, unit)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Card>
        {q.hasNextPage ? (
          <Button variant="light" onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage} style={{ alignSelf: 'center' }}>
            {t('movements.more')}
          </Button>
        ) : null}
      </Stack>
    </Slider>
  );
}
