import { Anchor, Badge, Button, Chip, CloseButton, Group, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconListCheck, IconSearch } from '@tabler/icons-react';
import type { Activity, ActivityType, ActivityView } from '@vavilon/contracts';
import { useEffect, useMemo, useRef, useState } from 'react';
import { DataList, type DataColumn } from '../../ui/data-list';
import { EmptyState, NoMatches } from '../../ui/EmptyState';
import { ItemPicker } from '../../ui/fields';
import { useOpenInSlider } from '../../ui/slider';
import { UserChip } from '../crm/common';
import { CrmPage } from '../crm/CrmFrame';
import { ActivityDialog, type ActivityDialogTarget } from './ActivityDialog';
import { useActivities, useActivity, useActivityCounters, type ActivityFilter } from './api';
import { CompleteBox } from './CompleteBox';
import { CreateMenu } from './CreateMenu';
import { QUICK, ResponsibleFilter, useFilterParams, useSeesOthers } from './filters';
import { CRM_KINDS } from './OwnerField';
import { formatWhen } from './format';
import { useActT } from './i18n';
import { ACTIVITY_TYPES, TypeIcon } from './types';
import { LoadMore } from '../../ui/LoadMore';

const PAGE = 50;

/** CRM → «Мои дела»: planned and done activities with quick filters, by type, item and responsible; «Создать» picks the type. */
export default function ActivitiesPage() {
  const { t } = useActT();
  const f = useFilterParams();
  const seesOthers = useSeesOthers();
  const [dialog, setDialog] = useState<ActivityDialogTarget | null>(null);
  const [search, setSearch] = useState(f.q);
  const [debounced] = useDebouncedValue(search.trim(), 300);
  useEffect(() => {
    if (debounced !== f.q) f.set({ q: debounced || null });
  }, [debounced]);
  const openCard = useOpenInSlider();
  const linked = useActivity(f.openId);
  const shownId = useRef<number | null>(null);
  useEffect(() => {
    if (linked.data && f.openId === linked.data.id && shownId.current !== f.openId) {
      shownId.current = f.openId;
      setDialog({ mode: 'edit', activity: linked.data });
    }
  }, [linked.data, f.openId]);
  // With the list filtered by an item, a new activity is about it (the user may pick another).
  const create = (type: ActivityType) =>
    setDialog({ mode: 'create', type, owner: f.ownerId && f.ownerType ? { type: f.ownerType, id: f.ownerId, title: f.ownerTitle || `#${f.ownerId}` } : undefined });
  const closeDialog = () => {
    setDialog(null);
    shownId.current = null;
    if (f.openId) f.set({ id: null });
  };

  const filter: ActivityFilter = { view: f.view, type: f.type, ownerType: f.ownerId ? f.ownerType : undefined, ownerId: f.ownerId, responsible: f.responsible, q: f.q || undefined };
  const list = useActivities(filter, { limit: PAGE });
  // The counters are the user's own: shown while the list is of their own activities.
  const counters = useActivityCounters();
  const ownCounters = f.responsible === undefined ? counters.data : undefined;
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.items), [list.data]);
  const total = list.data?.pages[0]?.total;
  const done = f.view === 'done';
  const tab = done ? 'done' : 'planned';

  const columns: DataColumn<Activity>[] = [
    { id: 'done', title: '', hideable: false, width: 44, cell: (a) => <CompleteBox activity={a} /> },
    { id: 'type', title: t('column.type'), width: 56, visibleFrom: 'sm', cell: (a) => <TypeIcon activity={a} /> },
    {
      id: 'subject',
      title: t('column.subject'),
      cell: (a) => (
        <Stack gap={0} style={{ minWidth: 0 }}>
          <Anchor
            component="button"
            type="button"
            size="sm"
            fw={500}
            ta="left"
            td={a.completed ? 'line-through' : undefined}
            c={a.completed ? 'dimmed' : undefined}
            onClick={(e) => {
              e.stopPropagation();
              setDialog({ mode: 'edit', activity: a });
            }}
          >
            {a.subject}
          </Anchor>
          {a.description ? (
            <Text size="xs" c="dimmed" lineClamp={1}>
              {a.description}
            </Text>
          ) : null}
        </Stack>
      ),
    },
    {
      id: 'item',
      title: t('column.item'),
      cell: (a) => (
        <Group gap={6} wrap="nowrap">
          <Badge size="xs" variant="light" color="gray" radius="sm" style={{ flex: 'none' }}>
            {t(`owner.${a.owner.type}`)}
          </Badge>
          {a.owner.url ? (
            <Anchor
              href={a.owner.url}
              size="sm"
              truncate
              onClick={(e) => {
                e.preventDefault();
                e.stopPropagation();
                openCard(a.owner.url);
              }}
            >
              {a.owner.title}
            </Anchor>
          ) : (
            <Text size="sm" c="dimmed" truncate>
              {a.owner.title || t('hidden')}
            </Text>
          )}
        </Group>
      ),
    },
    {
      id: 'deadline',
      title: done ? t('column.completedAt') : t('column.deadline'),
      width: 170,
      cell: (a) => {
        const when = a.completed ? a.completedAt : (a.startAt ?? a.deadline);
        return when ? (
          <Text size="sm" c={a.overdue ? 'red.7' : undefined} fw={a.overdue ? 500 : undefined} style={{ whiteSpace: 'nowrap' }}>
            {formatWhen(when)}
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            {t('noDeadline')}
          </Text>
        );
      },
    },
    { id: 'responsible', title: t('column.responsible'), width: 200, visibleFrom: 'sm', cell: (a) => <UserChip user={a.responsible} /> },
    {
      id: 'priority',
      title: t('column.priority'),
      width: 110,
      visibleFrom: 'md',
      cell: (a) =>
        a.priority === 'normal' ? (
          <Text size="sm" c="dimmed">
            {t('priority.normal')}
          </Text>
        ) : (
          <Badge size="sm" variant="light" color={a.priority === 'high' ? 'red' : 'gray'}>
            {t(`priority.${a.priority}`)}
          </Badge>
        ),
    },
  ];

  const count = (v: ActivityView) => (v === 'today' ? ownCounters?.today : v === 'overdue' ? ownCounters?.overdue : undefined);

  const toolbar = (
    <Stack gap="sm" style={{ flex: '1 1 100%' }}>
      <Group gap="sm" wrap="wrap">
        <SegmentedControl
          aria-label={t('tabs.label')}
          value={tab}
          onChange={(v) => f.set({ view: v === 'done' ? 'done' : null })}
          data={[
            { value: 'planned', label: ownCounters ? `${t('tabs.planned')} · ${ownCounters.planned}` : t('tabs.planned') },
            { value: 'done', label: t('tabs.done') },
          ]}
        />
        {!done ? (
          <Group gap={6} role="group" aria-label={t('tabs.planned')}>
            {QUICK.map((v) => {
              const n = count(v);
              return (
                <Chip key={v} size="sm" variant="outline" color={v === 'overdue' ? 'red' : undefined} checked={f.view === v} onChange={() => f.set({ view: f.view === v ? null : v })}>
                  {t(`quick.${v}`)}
                  {n ? ` · ${n}` : ''}
                </Chip>
              );
            })}
          </Group>
        ) : null}
        {total ? (
          <Text size="sm" c="dimmed" aria-live="polite" ml="auto" style={{ whiteSpace: 'nowrap' }}>
            {t('shown', { shown: rows?.length ?? 0, total })}
          </Text>
        ) : null}
      </Group>
      <Group gap="sm" wrap="wrap" align="center">
        <TextInput
          aria-label={t('filter.search')}
          placeholder={t('filter.search')}
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={{ base: '100%', xs: 240 }}
        />
        <Select
          aria-label={t('filter.type')}
          placeholder={t('filter.type')}
          data={ACTIVITY_TYPES.map((v) => ({ value: v, label: t(`type.${v}`) }))}
          value={f.type ?? null}
          onChange={(v) => f.set({ type: v })}
          clearable
          w={{ base: '100%', xs: 150 }}
        />
        {f.ownerId && f.ownerType ? (
          <Group gap={4} wrap="nowrap" px="xs" py={4} style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 6 }}>
            <Badge size="xs" variant="light" color="gray" radius="sm">
              {t(`owner.${f.ownerType}`)}
            </Badge>
            <Text size="sm" truncate maw={220}>
              {f.ownerTitle || `#${f.ownerId}`}
            </Text>
            <CloseButton size="sm" aria-label={t('filter.itemClear', { title: f.ownerTitle || `#${f.ownerId}` })} onClick={() => f.set({ ownerType: null, ownerId: null, ownerTitle: null })} />
          </Group>
        ) : (
          <ItemPicker
            kinds={CRM_KINDS}
            aria-label={t('filter.item')}
            placeholder={t('filter.item')}
            w={{ base: '100%', xs: 240 }}
            onPick={(item) => f.set({ ownerType: item.kind.replace('crm.', ''), ownerId: item.id, ownerTitle: item.title })}
          />
        )}
        {seesOthers ? <ResponsibleFilter value={f.responsible} name={f.respName} onChange={(responsible, name) => f.set({ responsible, responsibleName: name })} /> : null}
        {f.active ? (
          <Button
            variant="subtle"
            color="gray"
            size="compact-sm"
            onClick={() => {
              setSearch('');
              f.set({ view: done ? 'done' : null, type: null, ownerType: null, ownerId: null, ownerTitle: null, q: null });
            }}
          >
            {t('filter.reset', { ns: 'kit', defaultValue: 'Сбросить' })}
          </Button>
        ) : null}
      </Group>
    </Stack>
  );

  const empty = f.active ? (
    <NoMatches
      onReset={() => {
        setSearch('');
        f.set({ view: done ? 'done' : null, type: null, ownerType: null, ownerId: null, ownerTitle: null, q: null });
      }}
    />
  ) : (
    <EmptyState
      icon={<IconListCheck size={30} />}
      title={t(done ? 'empty.doneTitle' : 'empty.title')}
      description={t(done ? 'empty.doneText' : 'empty.text')}
      action={done ? undefined : <CreateMenu onPick={(type) => create(type)} />}
    />
  );

  return (
    <CrmPage section="activity" title={t('title')} actions={<CreateMenu onPick={(type) => create(type)} />}>
      <DataList<Activity, number>
        label={t('listLabel')}
        columns={columns}
        rows={rows}
        rowId={(a) => a.id}
        rowTitle={(a) => a.subject}
        error={list.error}
        onRetry={() => void list.refetch()}
        fetching={list.isFetching}
        stale={list.isPlaceholderData}
        empty={empty}
        toolbar={toolbar}
        columnChooser={{ storageKey: 'activities' }}
        onRowOpen={(a) => setDialog({ mode: 'edit', activity: a })}
        scroll="page"
      />
      <LoadMore list={list}>{t('more')}</LoadMore>
      <ActivityDialog target={dialog} onClose={closeDialog} />
    </CrmPage>
  );
}
