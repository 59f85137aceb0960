import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Button, Group, Paper, SegmentedControl, Select, Switch } from '@mantine/core';
import { IconTimeline } from '@tabler/icons-react';
import { EmptyState } from '../../../ui/EmptyState';
import { ErrorState } from '../../../ui/ErrorState';
import { PageSkeleton } from '../../../ui/PageSkeleton';
import { showError, showSuccess } from '../../../ui/toasts';
import { TasksPage } from '../TasksFrame';
import { useTasksT } from '../i18n';
import { useOpenTask } from '../navigation';
import { useGantt, useGanttWrites } from './api';
import { GanttChart, type Zoom } from './GanttChart';
import './i18n';

/** «Гант»: the tasks of «my tasks» or of a project on a timeline, their links and the critical path. */
export default function GanttPage() {
  const { t } = useTasksT();
  const open = useOpenTask();
  const [params, setParams] = useSearchParams();
  const groupId = Number(params.get('group')) || null;
  const [zoom, setZoom] = useState<Zoom>('day');
  const [critical, setCritical] = useState(false);
  const query = useGantt(groupId);
  const writes = useGanttWrites(groupId);
  const data = query.data;
  const versions = new Map(data?.tasks.map((x) => [x.id, x.version]));

  const handlers = {
    open,
    move: (id: number, start: Date, end: Date) =>
      writes.move.mutate(
        { id, start, end, version: versions.get(id) ?? 1 },
        {
          onSuccess: (r) => {
            if (r.moved.length > 1) showSuccess(t('gantt.moved', { count: r.moved.length - 1 }));
          },
          onError: showError,
        },
      ),
    link: (predecessorId: number, successorId: number, kind: Parameters<typeof writes.link.mutate>[0]['kind']) =>
      writes.link.mutate(
        { predecessorId, successorId, kind },
        {
          onSuccess: (r) => showSuccess(r.moved.length ? `${t('gantt.linked')}. ${t('gantt.moved', { count: r.moved.length })}` : t('gantt.linked')),
          onError: showError,
        },
      ),
    unlink: (id: number) => writes.unlink.mutate(id, { onSuccess: () => showSuccess(t('gantt.unlinked')), onError: showError }),
  };

  const scopes = [{ value: 'my', label: t('gantt.my') }, ...(data?.scopes ?? []).map((s) => ({ value: String(s.id), label: s.name }))];
  const toolbar = (
    <Group gap="md" mb="sm" wrap="wrap">
      <Select
        aria-label={t('gantt.scope')}
        data={scopes}
        value={groupId ? String(groupId) : 'my'}
        onChange={(v) => setParams(v && v !== 'my' ? { group: v } : {}, { replace: true })}
        allowDeselect={false}
        w={240}
      />
      <SegmentedControl
        aria-label={t('gantt.zoom.label')}
        value={zoom}
        onChange={(v) => setZoom(v as Zoom)}
        data={(['day', 'week', 'month'] as const).map((z) => ({ value: z, label: t(`gantt.zoom.${z}`) }))}
      />
      <Switch label={t('gantt.critical')} checked={critical} onChange={(e) => setCritical(e.currentTarget.checked)} />
    </Group>
  );

  return (
    <TasksPage view="gantt">
      {toolbar}
      {query.isPending ? (
        <PageSkeleton />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : !data?.tasks.length ? (
        <Paper p="md" radius="md" shadow="xs">
          <EmptyState
            icon={<IconTimeline size={30} />}
            title={t('gantt.empty.title')}
            description={t('gantt.empty.text')}
            action={<Button onClick={() => open('new', groupId ? `groupId=${groupId}` : undefined)}>{t('gantt.empty.action')}</Button>}
          />
        </Paper>
      ) : (
        <Paper radius="md" shadow="xs" style={{ height: 'max(420px, calc(100vh - 250px))', overflow: 'hidden' }} data-testid="gantt">
          <GanttChart data={data} zoom={zoom} critical={critical} handlers={handlers} />
        </Paper>
      )}
    </TasksPage>
  );
}
