import { Text } from '@mantine/core';
import { IconClockHour4 } from '@tabler/icons-react';
import type { DeadlineColumnId, Task } from '@vavilon/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef } from 'react';
import { api, isApiError } from '../../../api/client';
import { EmptyState } from '../../../ui/EmptyState';
import { formatDateTime } from '../../../ui/format';
import { KanbanBoard, type BoardColumn } from '../../../ui/kanban';
import { tasksKeys } from '../api';
import { TasksPage } from '../TasksFrame';
import { tasksT, useTasksT } from '../i18n';
import { useOpenTask } from '../navigation';
import { deadlineColumnPage, deadlinesKey, moveToColumn, useDeadlines, userZone } from './api';
import { TaskBoardCard } from './TaskBoardCard';
import './i18n';

/** Column colours as Bitrix24 draws them: red overdue, green today, blue weeks, grey without a deadline. */
const COLORS: Record<DeadlineColumnId, string> = { overdue: '#ff5752', today: '#9dcf00', week: '#2fc6f6', next_week: '#55d0e0', none: '#a8adb4', later: '#468ee5' };

/** «Сроки»: the user's open tasks by deadline; dropping a card on a column gives it a deadline that fits. */
export default function DeadlinesPage() {
  const { t } = useTasksT();
  const tz = useMemo(userZone, []);
  const board = useDeadlines(tz);
  const qc = useQueryClient();
  const open = useOpenTask();
  // The deadline each card had before its last move: «Отменить» gives exactly that one back.
  const before = useRef(new Map<number, string | null>());
  const columns = useMemo<BoardColumn<Task, DeadlineColumnId>[] | undefined>(
    () => board.data?.columns.map((c) => ({ id: c.id, title: t(`deadlines.column.${c.id}`), color: COLORS[c.id], count: c.count, cards: c.cards, hasMore: c.hasMore })),
    [board.data, t],
  );
  const total = board.data?.columns.reduce((n, c) => n + c.count, 0) ?? 0;

  return (
    <TasksPage view="deadlines">
      <Text size="sm" c="dimmed" mb="sm">
        {t('deadlines.roles')}
      </Text>
      {board.data && total === 0 ? (
        <EmptyState icon={<IconClockHour4 size={30} />} title={t('deadlines.emptyTitle')} description={t('deadlines.emptyHint')} />
      ) : (
        <KanbanBoard<Task, DeadlineColumnId>
          label={t('deadlines.board')}
          columns={columns}
          error={board.isError ? board.error : undefined}
          onRetry={() => void board.refetch()}
          stale={board.isPlaceholderData}
          reorder={false}
          fit
          cardId={(c) => c.id}
          cardLabel={(c) => c.title}
          renderCard={(task) => <TaskBoardCard task={task} />}
          onOpen={(task) => open(task.id)}
          emptyColumnText={t('deadlines.empty')}
          moveMessage={(task, to) =>
            to.id === 'none'
              ? tasksT('deadlines.movedNone', { title: task.title })
              : tasksT('deadlines.moved', { title: task.title, deadline: task.deadline ? formatDateTime(task.deadline) : to.title })
          }
          loadMore={(col, _last) => deadlineColumnPage(col.id, tz, col.cards.length)}
          onMove={async ({ card, to, undo }) => {
            const previous = before.current.get(card.id);
            const saved =
              undo && previous !== undefined
                ? await api.patch<Task>(`/api/tasks/${card.id}`, { deadline: previous, version: card.version })
                : await moveToColumn(card.id, { column: to, tz, version: card.version });
            if (!undo) before.current.set(card.id, card.deadline);
            qc.setQueryData(tasksKeys.task(saved.id), saved);
            void qc.invalidateQueries({ queryKey: tasksKeys.all, predicate: (q) => q.queryKey[1] !== 'task' });
            return saved;
          }}
          onMoveFailed={(e) => {
            if (isApiError(e) && (e.status === 409 || e.status === 404)) void qc.invalidateQueries({ queryKey: deadlinesKey(tz) });
          }}
        />
      )}
    </TasksPage>
  );
}
