import { Alert, Card, Select, Text } from '@mantine/core';
import type { Task, TaskRole } from '@vavilon/contracts';
import { useMemo, useState } from 'react';
import { addDays, CalendarGrid, CalendarToolbar, calendarRange, isoDay, parseDay, type CalendarItem, type CalendarView } from '../../../ui/calendar';
import { formatDate, formatDateTime, formatTime } from '../../../ui/format';
import { showUndoable } from '../../../ui/toasts';
import { useTaskWrites } from '../api';
import { TasksPage } from '../TasksFrame';
import { tasksT, useTasksT } from '../i18n';
import { useOpenTask } from '../navigation';
import { useTaskCalendar } from './api';
import './i18n';

const VIEWS: CalendarView[] = ['month', 'week', 'day'];
const ROLES: TaskRole[] = ['responsible', 'accomplice', 'creator', 'auditor'];
const STATUS_COLORS: Record<Task['status'], string> = { pending: '#2fc6f6', in_progress: '#468ee5', review: '#ffa900', completed: '#9dcf00', deferred: '#a8adb4' };

type TaskItem = CalendarItem & { task: Task; kind: 'deadline' | 'plan' };

const localDay = (iso: string) => isoDay(new Date(iso));

/** «Календарь»: the user's tasks by deadline (a day) and by planned dates (a bar), by month, week or day; a deadline is dragged to another day. */
export default function CalendarPage() {
  const { t } = useTasksT();
  const open = useOpenTask();
  const { update } = useTaskWrites();
  const [view, setView] = useState<CalendarView>('month');
  const [date, setDate] = useState(() => new Date());
  const [role, setRole] = useState<TaskRole | null>(null);
  const range = calendarRange(view, date);
  const cal = useTaskCalendar({ from: range.first.toISOString(), to: addDays(range.last, 1).toISOString(), role: role ?? undefined });

  const items = useMemo<TaskItem[] | undefined>(
    () =>
      cal.data?.items.flatMap((task) => {
        const out: TaskItem[] = [];
        const base = { task, title: task.title, color: STATUS_COLORS[task.status], muted: task.status === 'completed' };
        if (task.startPlan) {
          const end = task.endPlan ?? task.startPlan;
          out.push({
            ...base,
            id: `plan-${task.id}`,
            kind: 'plan',
            start: localDay(task.startPlan),
            end: localDay(end),
            meta: tasksT('calendar.planned', { from: formatDate(task.startPlan), to: formatDate(end) }),
          });
        }
        if (task.deadline)
          out.push({
            ...base,
            id: `deadline-${task.id}`,
            kind: 'deadline',
            start: localDay(task.deadline),
            time: formatTime(task.deadline),
            meta: `${tasksT('calendar.deadline')}: ${formatDateTime(task.deadline)}`,
            draggable: task.status !== 'completed' && (task.abilities.edit || task.abilities.changeDeadline),
          });
        return out;
      }),
    [cal.data],
  );

  const move = async (item: TaskItem, day: string) => {
    const old = new Date(item.task.deadline!);
    const to = parseDay(day)!;
    to.setHours(old.getHours(), old.getMinutes(), old.getSeconds(), 0);
    const saved = await update.mutateAsync({ id: item.task.id, patch: { deadline: to.toISOString(), version: item.task.version } });
    showUndoable(tasksT('calendar.moved', { title: saved.title, deadline: saved.deadline ? formatDateTime(saved.deadline) : '' }));
  };

  return (
    <TasksPage view="calendar">
      <Text size="sm" c="dimmed" mb="sm">
        {t('calendar.hint')}
      </Text>
      {cal.data?.truncated ? (
        <Alert color="yellow" variant="light" mb="sm">
          {t('calendar.truncated')}
        </Alert>
      ) : null}
      <Card p={0}>
        <CalendarToolbar view={view} date={date} onDate={setDate} views={VIEWS} onView={setView}>
          <Select
            aria-label={t('calendar.role')}
            size="xs"
            w={170}
            data={[{ value: '', label: t('calendar.allRoles') }, ...ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))]}
            value={role ?? ''}
            onChange={(v) => setRole((v || null) as TaskRole | null)}
            allowDeselect={false}
          />
        </CalendarToolbar>
        <CalendarGrid<TaskItem>
          label={t('calendar.grid')}
          view={view}
          date={date}
          items={items}
          error={cal.isError ? cal.error : undefined}
          onRetry={() => void cal.refetch()}
          stale={cal.isPlaceholderData}
          onOpen={(item) => open(item.task.id)}
          onMove={move}
          onShowDay={(d) => {
            setView('day');
            setDate(d);
          }}
          countLabel={(n) => t('calendar.count', { count: n })}
          agendaLabel={t('calendar.agenda')}
          emptyText={t('calendar.empty')}
        />
      </Card>
    </TasksPage>
  );
}
