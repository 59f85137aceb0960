import { Badge, Card, Chip, Group, SegmentedControl, Select, Text } from '@mantine/core';
import { IconCalendarEvent } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { DataList, type DataColumn } from '../../../ui/data-list';
import { EmptyState, NoMatches } from '../../../ui/EmptyState';
import { UserChip } from '../common';
import { UserPicker } from '../pickers';
import type { UserRef } from '../types';
import { useSliderLinkState } from '../list/cells';
import { cardPath, useOpenCard } from '../navigation';
import classes from '../crm.module.css';
import { useDealActivities, type Activity, type ActivityType, type ActivityView } from './activities-api';
import { CompleteBox, TypeIcon } from '../../activities';
import { Deadline } from './activity-parts';
import { useDealActivityT } from './words';
import { LoadMore } from '../../../ui/LoadMore';

const VIEWS: ActivityView[] = ['planned', 'today', 'overdue', 'week', 'done'];
const TYPES: ActivityType[] = ['call', 'meeting', 'email', 'todo', 'task'];
const PRIORITY_COLOR = { low: 'gray', normal: 'blue', high: 'red' } as const;

/** The deals' view «Дела»: the activities of the pipeline's deals, filtered like «Мои дела», each with «Выполнено». */
export function DealActivities({ pipelineId }: { pipelineId: number }) {
  const { t } = useDealActivityT();
  const state = useSliderLinkState();
  const openCard = useOpenCard();
  const [params, setParams] = useSearchParams();
  const view = (VIEWS as string[]).includes(params.get('view') ?? '') ? (params.get('view') as ActivityView) : 'planned';
  const type = (TYPES as string[]).includes(params.get('type') ?? '') ? (params.get('type') as ActivityType) : undefined;
  const who = params.get('who');
  const mine = who === 'me';
  const person = who && /^\d+$/.test(who) ? Number(who) : undefined;
  const [personRef, setPersonRef] = useState<UserRef | null>(null);
  const set = (key: string, value: string | null) =>
    setParams(
      (prev) => {
        const n = new URLSearchParams(prev);
        if (value) n.set(key, value);
        else n.delete(key);
        return n;
      },
      { replace: true },
    );
  const list = useDealActivities({ pipelineId, view, type, responsible: mine ? 'me' : person, limit: 50 });
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.items), [list.data]);
  const total = list.data?.pages[0]?.total;
  const filtered = view !== 'planned' || Boolean(type) || Boolean(who);

  const columns: DataColumn<Activity>[] = [
    { id: 'done', title: t('columns.done'), width: 44, hideable: false, cell: (a) => <CompleteBox activity={a} /> },
    {
      id: 'type',
      title: t('columns.type'),
      width: 130,
      cell: (a) => (
        <Group gap={6} wrap="nowrap">
          <TypeIcon activity={a} size={20} />
          <Text size="sm">{t(`type.${a.type}`)}</Text>
        </Group>
      ),
    },
    {
      id: 'subject',
      title: t('columns.subject'),
      cell: (a) => (
        <Text size="sm" td={a.completed ? 'line-through' : undefined} c={a.completed ? 'dimmed' : undefined} lineClamp={2}>
          {a.subject}
        </Text>
      ),
    },
    {
      id: 'deal',
      title: t('columns.deal'),
      cell: (a) => (
        <Link to={cardPath('deal', a.owner.id)} state={state} className={classes.titleLink} onClick={(e) => e.stopPropagation()}>
          {a.owner.title}
        </Link>
      ),
    },
    { id: 'deadline', title: t('columns.deadline'), width: 190, cell: (a) => <Deadline activity={a} /> },
    { id: 'responsible', title: t('columns.responsible'), cell: (a) => <UserChip user={a.responsible} /> },
    {
      id: 'priority',
      title: t('columns.priority'),
      width: 110,
      defaultVisible: false,
      cell: (a) => (
        <Badge size="sm" variant="light" color={PRIORITY_COLOR[a.priority]}>
          {t(`priority.${a.priority}`)}
        </Badge>
      ),
    },
  ];

  const toolbar = (
    <Group gap="sm" wrap="wrap">
      <SegmentedControl size="xs" aria-label={t('view.label')} value={view} onChange={(v) => set('view', v === 'planned' ? null : v)} data={VIEWS.map((v) => ({ value: v, label: t(`view.${v}`) }))} />
      <Select
        size="xs"
        w={160}
        aria-label={t('types')}
        placeholder={t('allTypes')}
        clearable
        data={TYPES.map((v) => ({ value: v, label: t(`type.${v}`) }))}
        value={type ?? null}
        onChange={(v) => set('type', v)}
      />
      <Chip size="xs" variant="outline" checked={mine} onChange={(on) => set('who', on ? 'me' : null)}>
        {t('who.me')}
      </Chip>
      <UserPicker
        size="xs"
        w={220}
        aria-label={t('columns.responsible')}
        placeholder={t('columns.responsible')}
        value={person ? (personRef?.id === person ? personRef : { id: person, fullName: `#${person}`, photoUrl: null }) : null}
        onChange={(u) => {
          setPersonRef(u);
          set('who', u ? String(u.id) : null);
        }}
      />
    </Group>
  );

  return (
    <Card p={0}>
      <DataList<Activity, number>
        label={t('list')}
        columns={columns}
        rows={rows}
        rowId={(a) => a.id}
        rowTitle={(a) => a.subject}
        onRowClick={(a) => openCard('deal', a.owner.id)}
        error={list.isError ? list.error : undefined}
        onRetry={() => void list.refetch()}
        fetching={list.isFetching}
        stale={list.isPlaceholderData}
        toolbar={toolbar}
        actions={
          total !== undefined ? (
            <Text size="sm" c="dimmed">
              {t('shown', { shown: rows?.length ?? 0, total })}
            </Text>
          ) : null
        }
        columnChooser={{ storageKey: 'crm.deal.activities' }}
        empty={
          filtered ? (
            <NoMatches onReset={() => setParams((prev) => new URLSearchParams([...prev].filter(([k]) => k === 'pipeline')), { replace: true })} />
          ) : (
            <EmptyState icon={<IconCalendarEvent size={30} />} title={t('emptyTitle')} description={t('empty')} />
          )
        }
        scroll="page"
      />
      <LoadMore list={list} mt={0} p="md">
        {t('more')}
      </LoadMore>
    </Card>
  );
}
