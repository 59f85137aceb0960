import type { ProfileLink, SearchProvider } from '../../../platform/registry/registry.js';
import { scoped } from '../../../platform/db/scoped.js';
import { readableTasks, viewerFor } from '../access.js';
import { searchWords } from './list.js';

/** Tasks in the portal search: only those the user may see, by the words of their title, description and tags. */
export const taskSearch: SearchProvider = {
  kind: 'tasks.task',
  title: { ru: 'Задачи', en: 'Tasks' },
  async search(ctx, query, limit) {
    if (!ctx.actor || !query.trim()) return [];
    const viewer = await viewerFor(ctx);
    const rows = await searchWords(scoped(ctx).selectFrom('task').where(readableTasks(ctx, viewer)), query)
      .select(['task.id', 'task.title', 'task.status', 'task.deadline'])
      .orderBy('task.activity_at', 'desc')
      .orderBy('task.id', 'desc')
      .limit(limit)
      .execute();
    const status = {
      pending: { ru: 'Ждёт выполнения', en: 'Pending' },
      in_progress: { ru: 'Выполняется', en: 'In progress' },
      review: { ru: 'Ждёт контроля', en: 'Awaiting control' },
      completed: { ru: 'Завершена', en: 'Completed' },
      deferred: { ru: 'Отложена', en: 'Deferred' },
    } as const;
    return rows.map((r) => ({ id: String(r.id), title: r.title, subtitle: status[r.status][ctx.lang], url: `/tasks/task/${r.id}` }));
  },
};

/** The profile's «Задачи»: the person's tasks as responsible, those the viewer may see. */
export const taskProfileLink: ProfileLink = {
  id: 'tasks',
  title: { ru: 'Задачи', en: 'Tasks' },
  url: (userId) => `/tasks/list?responsible=${userId}`,
};
