import type { Task } from '@vavilon/contracts';
import { CommentThread } from '../../../ui/comments';
import { tasksKeys } from '../api';

/** The task's comments: the portal's one comment thread, for items of type 'task'. */
export function Comments({ task }: { task: Task }) {
  return <CommentThread itemType="task" itemId={task.id} alsoRefresh={[tasksKeys.task(task.id)]} />;
}
