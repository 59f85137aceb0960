import { Anchor, Badge, Button, Card, Group, SegmentedControl, Skeleton, Stack, Text } from '@mantine/core';
import { IconCopy, IconGitMerge } from '@tabler/icons-react';
import type { DuplicateGroup, DuplicateType } from '@vavilon/contracts';
import { Link, useSearchParams } from 'react-router';
import { EmptyState } from '../../../ui/EmptyState';
import { ErrorState } from '../../../ui/ErrorState';
import { CrmPage } from '../CrmFrame';
import { useCrmT } from '../i18n';
import { useSliderLinkState } from '../list/cells';
import { cardPath } from '../navigation';
import { mergePath, shownValue, useDuplicateGroups } from './api';
import './i18n';

const PAGE = 20;

/** «Дубликаты»: groups of contacts (or companies) that look alike, the surest first, each with «Объединить». */
export default function DuplicatesPage() {
  const { t } = useCrmT();
  const [search, setSearch] = useSearchParams();
  const type: DuplicateType = search.get('type') === 'company' ? 'company' : 'contact';
  const groups = useDuplicateGroups(type, PAGE);
  const list = groups.data?.pages.flatMap((p) => p.groups) ?? null;

  return (
    <CrmPage
      section={type}
      title={t('duplicates.title')}
      actions={
        <SegmentedControl
          aria-label={t('duplicates.typeLabel')}
          value={type}
          onChange={(v) => {
            setSearch({ type: v }, { replace: true });
          }}
          data={(['contact', 'company'] as const).map((v) => ({ value: v, label: t(`duplicates.types.${v}`) }))}
        />
      }
    >
      <Stack gap="md">
        <Text c="dimmed" size="sm" maw={820}>
          {t('duplicates.intro')}
        </Text>
        {groups.isError ? (
          <ErrorState error={groups.error} onRetry={() => void groups.refetch()} />
        ) : !list ? (
          <Stack gap="sm">
            {[0, 1, 2].map((i) => (
              <Skeleton key={i} h={96} radius="md" />
            ))}
          </Stack>
        ) : list.length === 0 ? (
          <Card withBorder radius="md">
            <EmptyState icon={<IconCopy size={30} />} title={t('duplicates.emptyTitle')} description={t('duplicates.empty')} />
          </Card>
        ) : (
          <Stack gap="sm">
            {list.map((g, i) => (
              <GroupCard key={g.items.map((x) => x.id).join(',')} type={type} group={g} n={i + 1} />
            ))}
            {groups.hasNextPage ? (
              <Group justify="center">
                <Button variant="default" loading={groups.isFetchingNextPage} onClick={() => void groups.fetchNextPage()}>
                  {t('duplicates.more')}
                </Button>
              </Group>
            ) : null}
          </Stack>
        )}
      </Stack>
    </CrmPage>
  );
}

function GroupCard({ type, group, n }: { type: DuplicateType; group: DuplicateGroup; n: number }) {
  const { t } = useCrmT();
  const state = useSliderLinkState();
  const ids = group.items.map((x) => x.id);
  return (
    <Card withBorder radius="md" component="section" aria-label={t('duplicates.group', { n })} padding="md">
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="md">
        <Stack gap={8} style={{ minWidth: 0 }}>
          <Group gap={6}>
            <Badge color={group.score >= 80 ? 'red' : group.score >= 60 ? 'orange' : 'gray'} variant="filled" radius="sm">
              {t('duplicates.score', { score: group.score })}
            </Badge>
            {group.reasons.map((r) => (
              <Badge key={`${r.reason}:${r.value}`} variant="light" radius="sm" tt="none">
                {t(`duplicates.reasons.${r.reason}`)}: {shownValue(r)}
              </Badge>
            ))}
          </Group>
          <Group gap="lg" wrap="wrap">
            {group.items.map((item) => (
              <Anchor key={item.id} component={Link} to={cardPath(type, item.id)} state={state} fw={500}>
                {item.title || `#${item.id}`}
              </Anchor>
            ))}
          </Group>
        </Stack>
        <Button
          component={Link}
          to={mergePath(type, ids)}
          leftSection={<IconGitMerge size={16} />}
          style={{ flex: 'none' }}
          aria-label={t('duplicates.mergeLabel', { titles: group.items.map((x) => x.title).join(', ') })}
        >
          {t('duplicates.merge')}
        </Button>
      </Group>
    </Card>
  );
}
