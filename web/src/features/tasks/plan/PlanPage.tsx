import { Button, Group, Text } from '@mantine/core';
import { IconAdjustmentsHorizontal, IconLayoutKanban } from '@tabler/icons-react';
import type { Task } from '@vavilon/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { isApiError } from '../../../api/client';
import { EmptyState } from '../../../ui/EmptyState';
import { KanbanBoard, type BoardColumn } from '../../../ui/kanban';
import { TaskBoardCard } from '../deadlines/TaskBoardCard';
import { TasksPage } from '../TasksFrame';
import { tasksT, useTasksT } from '../i18n';
import { useOpenTask } from '../navigation';
import { moveOnPlan, planKey, planStagePage, usePlan } from './api';
import { StagesEditor } from './StagesEditor';
import './i18n';

/** «Мой план»: the user's own Kanban of the open tasks they take part in, on stages they define. */
export default function PlanPage() {
  const { t } = useTasksT();
  const plan = usePlan();
  const qc = useQueryClient();
  const open = useOpenTask();
  const [editing, setEditing] = useState(false);
  const stages = plan.data?.stages ?? [];
  const columns = useMemo<BoardColumn<Task, number>[] | undefined>(
    () => plan.data?.stages.map((s) => ({ id: s.id, title: s.title, color: s.color, count: s.count, cards: s.cards, hasMore: s.hasMore })),
    [plan.data],
  );

  return (
    <TasksPage
      view="plan"
      actions={
        <Button variant="default" leftSection={<IconAdjustmentsHorizontal size={16} />} onClick={() => setEditing(true)} disabled={!plan.data}>
          {t('plan.stages')}
        </Button>
      }
    >
      <Group mb="sm">
        <Text size="sm" c="dimmed">
          {t('plan.hint')}
        </Text>
      </Group>
      <KanbanBoard<Task, number>
        label={t('plan.board')}
        columns={columns}
        error={plan.isError ? plan.error : undefined}
        onRetry={() => void plan.refetch()}
        stale={plan.isPlaceholderData}
        empty={<EmptyState icon={<IconLayoutKanban size={30} />} title={t('plan.board')} description={t('plan.hint')} />}
        cardId={(c) => c.id}
        cardLabel={(c) => c.title}
        renderCard={(task) => <TaskBoardCard task={task} />}
        onOpen={(task) => open(task.id)}
        emptyColumnText={t('plan.empty')}
        moveMessage={(task, to) => tasksT('plan.moved', { title: task.title, column: to.title })}
        loadMore={(col) => planStagePage(col.id, col.cards.length)}
        onMove={async ({ card, to, afterId }) => {
          await moveOnPlan(card.id, { stageId: to, afterId: afterId === null ? null : Number(afterId) });
          void qc.invalidateQueries({ queryKey: planKey });
        }}
        onMoveFailed={(e) => {
          if (isApiError(e) && (e.status === 404 || e.status === 409)) void qc.invalidateQueries({ queryKey: planKey });
        }}
      />
      <StagesEditor opened={editing} onClose={() => setEditing(false)} stages={stages} />
    </TasksPage>
  );
}
