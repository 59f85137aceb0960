import { Anchor, Badge, Button, Card, Group, Select, Skeleton, Table, Text } from '@mantine/core';
import { IconFilterOff, IconListDetails, IconRobot } from '@tabler/icons-react';
import type { AutomationRun, RunStatus } from '@vavilon/contracts';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { EmptyState, NoMatches } from '../../../ui/EmptyState';
import { ErrorState } from '../../../ui/ErrorState';
import { DateInput } from '../../../ui/fields';
import { formatDateTime } from '../../../ui/format';
import { usePipelines } from '../../crm/api';
import { ItemPicker } from '../../crm/pickers';
import { useRuns, type RunQuery } from '../api';
import { AutomationPage } from '../AutomationPage';
import { typeLabel } from '../designer/summary';
import { ROBOT_TYPES, TRIGGER_TYPES } from '../vocabulary';
import { useAutoT } from '../words';

const STATUSES: RunStatus[] = ['done', 'failed', 'skipped', 'cancelled', 'waiting', 'scheduled', 'pending'];
export const STATUS_COLOR: Record<RunStatus, string> = { done: 'teal', failed: 'red', skipped: 'gray', cancelled: 'gray', waiting: 'yellow', scheduled: 'blue', pending: 'indigo' };
const Z = { withinPortal: true, zIndex: 300 } as const;

/** «Журнал роботов»: every run of every robot, newest first, filtered by pipeline, stage, status, type, deal and period. */
export default function RunLogPage() {
  const { t } = useAutoT();
  const [params, setParams] = useSearchParams();
  const pipelines = usePipelines();
  const num = (k: string) => (params.get(k) ? Number(params.get(k)) : undefined);
  const [deal, setDeal] = useState<{ id: number; title: string } | null>(null);
  const filter: RunQuery = {
    pipelineId: num('pipeline'),
    stageId: num('stage'),
    status: (params.get('status') as RunStatus | null) ?? undefined,
    ruleType: params.get('type') ?? undefined,
    dealId: num('deal'),
    from: params.get('from') ?? undefined,
    to: params.get('to') ?? undefined,
  };
  const runs = useRuns(filter);
  const setParam = (k: string, v: string | null | undefined) =>
    setParams(
      (prev) => {
        const n = new URLSearchParams(prev);
        if (v) n.set(k, v);
        else n.delete(k);
        if (k === 'pipeline') n.delete('stage');
        return n;
      },
      { replace: true },
    );
  const filtered = Object.entries(filter).some(([k, v]) => v !== undefined && k !== 'pipelineId');
  const reset = () => {
    setDeal(null);
    setParams(filter.pipelineId ? { pipeline: String(filter.pipelineId) } : {}, { replace: true });
  };
  const pipeline = pipelines.data?.find((p) => p.id === filter.pipelineId);
  const stageNames = useMemo(() => new Map((pipelines.data ?? []).flatMap((p) => p.stages.map((s) => [s.id, s] as const))), [pipelines.data]);
  const rows: AutomationRun[] = runs.data?.pages.flatMap((p) => p.runs) ?? [];

  const filters = (
    <Group gap="sm" mb="md" wrap="wrap" align="flex-end" role="search" aria-label={t('log.title')}>
      <Select
        label={t('log.pipeline')}
        placeholder={t('log.anyPipeline')}
        data={(pipelines.data ?? []).map((p) => ({ value: String(p.id), label: p.name }))}
        value={filter.pipelineId ? String(filter.pipelineId) : null}
        onChange={(v) => setParam('pipeline', v)}
        clearable
        w={170}
        comboboxProps={Z}
      />
      <Select
        label={t('log.stage')}
        placeholder={t('log.anyStage')}
        data={(pipeline?.stages ?? []).map((s) => ({ value: String(s.id), label: s.name }))}
        value={filter.stageId ? String(filter.stageId) : null}
        onChange={(v) => setParam('stage', v)}
        disabled={!pipeline}
        clearable
        w={160}
        comboboxProps={Z}
      />
      <Select
        label={t('log.status')}
        placeholder={t('log.anyStatus')}
        data={STATUSES.map((s) => ({ value: s, label: t(`log.status.${s}`) }))}
        value={filter.status ?? null}
        onChange={(v) => setParam('status', v)}
        clearable
        w={150}
        comboboxProps={Z}
      />
      <Select
        label={t('log.type')}
        placeholder={t('log.anyType')}
        data={[
          { group: t('types.robots'), items: ROBOT_TYPES.map((x) => ({ value: x, label: typeLabel(x) })) },
          { group: t('types.triggersTitle'), items: TRIGGER_TYPES.map((x) => ({ value: x, label: typeLabel(x) })) },
        ]}
        value={filter.ruleType ?? null}
        onChange={(v) => setParam('type', v)}
        clearable
        searchable
        w={180}
        comboboxProps={Z}
      />
      <ItemPicker
        entity="deal"
        label={t('log.deal')}
        placeholder={t('dry.dealPlaceholder')}
        value={deal ?? (filter.dealId ? { id: filter.dealId, title: `#${filter.dealId}` } : null)}
        onChange={(v) => {
          setDeal(v);
          setParam('deal', v ? String(v.id) : null);
        }}
        w={170}
        comboboxProps={Z}
      />
      <DateInput label={t('log.from')} value={filter.from ?? ''} onChange={(v) => setParam('from', v)} w={130} />
      <DateInput label={t('log.to')} value={filter.to ?? ''} onChange={(v) => setParam('to', v)} w={130} />
      {filtered ? (
        <Button variant="subtle" leftSection={<IconFilterOff size={16} />} onClick={reset}>
          {t('log.reset')}
        </Button>
      ) : null}
    </Group>
  );

  const body = () => {
    if (runs.isError && !runs.data) return <ErrorState error={runs.error} onRetry={() => void runs.refetch()} />;
    if (!runs.data) return <LogSkeleton />;
    if (!rows.length)
      return filtered ? (
        <NoMatches onReset={reset} />
      ) : (
        <EmptyState
          icon={<IconListDetails size={30} />}
          title={t('log.empty')}
          description={t('log.emptyHint')}
          action={
            <Button component={Link} to={filter.pipelineId ? `/crm/automation/${filter.pipelineId}` : '/crm/automation'} variant="light" leftSection={<IconRobot size={16} />}>
              {t('log.toDesigner')}
            </Button>
          }
        />
      );
    return (
      <>
        <Table.ScrollContainer minWidth={900}>
          <Table stickyHeader verticalSpacing={6} highlightOnHover aria-label={t('log.table')} style={{ opacity: runs.isPlaceholderData ? 0.6 : 1 }}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={180}>{t('log.when')}</Table.Th>
                <Table.Th>{t('log.deal')}</Table.Th>
                <Table.Th>{t('log.robot')}</Table.Th>
                <Table.Th w={160}>{t('log.stage')}</Table.Th>
                <Table.Th w={150}>{t('log.status')}</Table.Th>
                <Table.Th>{t('log.message')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => {
                const stage = stageNames.get(r.stageId);
                return (
                  <Table.Tr key={r.id}>
                    <Table.Td>
                      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                        {formatDateTime(r.finishedAt ?? r.createdAt)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={`/crm/deal/details/${r.entityId}`} size="sm">
                        {r.entityTitle}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {r.ruleName}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {typeLabel(r.ruleType)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <span style={{ width: 8, height: 8, borderRadius: 4, background: stage?.color ?? '#ccd5de', flex: 'none' }} aria-hidden />
                        <Text size="sm">{r.stageName ?? stage?.name ?? '—'}</Text>
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Badge color={STATUS_COLOR[r.status]} variant="light">
                        {t(`log.status.${r.status}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c={r.status === 'failed' ? 'red.8' : undefined}>
                        {r.message ?? (r.dueAt && (r.status === 'scheduled' || r.status === 'waiting') ? t('log.due', { date: formatDateTime(r.dueAt) }) : '—')}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {runs.hasNextPage ? (
          <Group justify="center" mt="md">
            <Button variant="default" onClick={() => void runs.fetchNextPage()} loading={runs.isFetchingNextPage}>
              {t('log.more')}
            </Button>
          </Group>
        ) : null}
      </>
    );
  };

  return (
    <AutomationPage current="log" pipelineId={filter.pipelineId}>
      <Card>
        {filters}
        {body()}
      </Card>
    </AutomationPage>
  );
}

function LogSkeleton() {
  return (
    <div aria-busy="true">
      {Array.from({ length: 8 }, (_, i) => (
        <Group key={i} gap="md" py={9} wrap="nowrap" style={{ borderBottom: '1px solid #eef1f4' }}>
          <Skeleton h={12} w={120} />
          <Skeleton h={12} w={`${18 + (i % 3) * 4}%`} />
          <Skeleton h={12} w="18%" />
          <Skeleton h={12} w={100} />
          <Skeleton h={20} w={90} radius="xl" />
          <Skeleton h={12} style={{ flex: 1 }} />
        </Group>
      ))}
    </div>
  );
}
