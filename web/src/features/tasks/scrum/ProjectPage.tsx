import { Anchor, Card, Group } from '@mantine/core';
import { IconChevronLeft } from '@tabler/icons-react';
import { Link, Navigate, useParams } from 'react-router';
import { ErrorState } from '../../../ui/ErrorState';
import { PageSkeleton } from '../../../ui/PageSkeleton';
import { SectionNav } from '../../../ui/nav';
import { TasksPage } from '../TasksFrame';
import { useTasksT } from '../i18n';
import { useScrumBoard } from './api';
import { PlanningTab } from './PlanningTab';
import { ReportsTab } from './ReportsTab';
import { SprintTab } from './SprintTab';

const TABS = ['planning', 'sprint', 'reports'] as const;
type Tab = (typeof TABS)[number];

/** /tasks/scrum/<groupId>/<tab>: «Планирование», «Активный спринт», «Отчёты» of one Scrum project. */
export function ProjectPage() {
  const { t } = useTasksT();
  const params = useParams();
  const groupId = Number(params.groupId);
  const tab = (params.tab ?? 'planning') as Tab;
  const board = useScrumBoard(groupId);
  if (!TABS.includes(tab) || !Number.isInteger(groupId)) return <Navigate to="/tasks/scrum" replace />;
  const name = board.data?.project.name;
  return (
    <TasksPage view="scrum" title={name}>
      <Group justify="space-between" mb="xs">
        <Anchor component={Link} to="/tasks/scrum" size="sm">
          <Group gap={4}>
            <IconChevronLeft size={14} />
            {t('scrum.back')}
          </Group>
        </Anchor>
      </Group>
      {board.error ? (
        <ErrorState error={board.error} onRetry={() => void board.refetch()} />
      ) : !board.data ? (
        <PageSkeleton />
      ) : (
        <Card withBorder radius="md" shadow="xs" p="md">
          <SectionNav label={t('scrum.tabs.label')} current={tab} items={TABS.map((id) => ({ id, to: `/tasks/scrum/${groupId}/${id}`, label: t(`scrum.tabs.${id}`) }))} />
          <div style={{ marginTop: 16 }}>
            {tab === 'planning' ? <PlanningTab groupId={groupId} board={board.data} /> : null}
            {tab === 'sprint' ? <SprintTab groupId={groupId} board={board.data} /> : null}
            {tab === 'reports' ? <ReportsTab groupId={groupId} /> : null}
          </div>
        </Card>
      )}
    </TasksPage>
  );
}
