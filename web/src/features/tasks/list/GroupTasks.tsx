import { TaskList } from './TaskList';

/** The group page's «Задачи» tab: the list fixed to the group's tasks (those the viewer may see). */
export function GroupTasks({ groupId }: { groupId: number }) {
  return <TaskList groupId={groupId} counters={false} />;
}
