import { TasksPage } from '../TasksFrame';
import { TaskList } from './TaskList';

/** «Задачи и проекты» → «Список». */
export default function ListPage() {
  return (
    <TasksPage view="list">
      <TaskList />
    </TasksPage>
  );
}
