import { Anchor, Badge, Divider, Group, Skeleton, Stack, Text } from '@mantine/core';
import type { TaskListPage } from '@vavilon/contracts';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, withQuery } from '../../api/client';
import i18n from '../../i18n';
import { taskPath } from './navigation';

const words = {
  ru: { title: 'Задачи на сегодня', none: 'На сегодня задач нет', all: 'Все задачи', overdue: 'Просрочена' },
  en: { title: 'Tasks for today', none: 'No tasks for today', all: 'All tasks', overdue: 'Overdue' },
};
const localDay = () => new Date().toLocaleDateString('en-CA');

/** The workday panel's «Задачи на сегодня»: the open tasks the user is doing with a deadline today or passed. */
export function TodayTasks() {
  const w = i18n.language === 'en' ? words.en : words.ru;
  const q = { role: 'responsible', status: 'pending,in_progress', deadlineTo: localDay(), sort: 'deadline', order: 'asc', pageSize: 10 };
  const list = useQuery({ queryKey: ['tasks', 'today', q], queryFn: () => api.get<TaskListPage>(withQuery('/api/tasks/list', q)), staleTime: 60_000 });
  return (
    <Stack gap={4} data-testid="workday-today-tasks">
      <Divider label={w.title} labelPosition="left" />
      {list.isPending ? (
        <Skeleton h={40} />
      ) : !list.data?.items.length ? (
        <Text size="sm" c="dimmed">
          {w.none}
        </Text>
      ) : (
        <>
          {list.data.items.slice(0, 5).map((task) => (
            <Group key={task.id} gap={6} wrap="nowrap" justify="space-between">
              <Anchor component={Link} to={taskPath(task.id)} size="sm" lineClamp={1}>
                {task.title}
              </Anchor>
              {task.overdue ? (
                <Badge size="xs" color="red" variant="light" style={{ flexShrink: 0 }}>
                  {w.overdue}
                </Badge>
              ) : (
                task.deadline && (
                  <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
                    {new Date(task.deadline).toLocaleTimeString(i18n.language === 'en' ? 'en-GB' : 'ru-RU', { hour: '2-digit', minute: '2-digit' })}
                  </Text>
                )
              )}
            </Group>
          ))}
          {list.data.total > 5 && (
            <Anchor component={Link} to="/tasks/list" size="xs">
              {w.all} ({list.data.total})
            </Anchor>
          )}
        </>
      )}
    </Stack>
  );
}
