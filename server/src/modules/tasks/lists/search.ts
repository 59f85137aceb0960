import { groupsEvents } from '@vavilon/contracts';
import { sql } from 'kysely';
import type { ProfileLink, SearchKind } from '../../../platform/registry/registry.js';
import { scoped } from '../../../platform/db/scoped.js';
import { plainText } from '../../../platform/rich-text.js';
import { commentTexts } from '../../comments/api.js';
import { groupRefs } from '../../groups/api.js';
import { readableTasks, viewerFor } from '../access.js';
import type { TaskStatus } from '../schema.js';
import { idsAfter } from '../../search/api.js';

const STATUS: Record<TaskStatus, string> = {
  pending: 'Ждёт выполнения',
  in_progress: 'Выполняется',
  review: 'Ждёт контроля',
  completed: 'Завершена',
  deferred: 'Отложена',
};

/** Lines of each task's `rows` joined, by task. */
function byTask(rows: { task_id: number; text: string }[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const r of rows) out.set(r.task_id, `${out.get(r.task_id) ?? ''} ${r.text}`);
  return out;
}

/**
 * Tasks in the portal search: found by the title, the description, tags, checklist items and
 * comments; only by those who see the task (its participants, their heads, its group's members, administrators).
 */
export const taskSearch: SearchKind = {
  kind: 'tasks.task',
  title: { ru: 'Задачи', en: 'Tasks' },
  module: 'tasks',
  order: 20,
  entityType: 'task',
  async documents(ctx, ids) {
    const rows = await scoped(ctx).selectFrom('task').select(['id', 'title', 'description', 'status', 'group_id', 'creator_id', 'created_at']).where('id', 'in', ids).execute();
    if (!rows.length) return [];
    const found = rows.map((r) => r.id);
    const [tags, checklist, comments, groups] = await Promise.all([
      scoped(ctx).selectFrom('task_tag').select(['task_id', 'tag as text']).where('task_id', 'in', found).execute(),
      scoped(ctx).selectFrom('task_checklist_item').select(['task_id', 'title as text']).where('task_id', 'in', found).orderBy('sort').orderBy('id').execute(),
      commentTexts(ctx, 'task', found),
      groupRefs(
        ctx,
        rows.map((r) => r.group_id),
      ),
    ]);
    const tagsOf = byTask(tags);
    const itemsOf = byTask(checklist);
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      subtitle: [STATUS[r.status], r.group_id ? groups.get(r.group_id)?.name : null].filter(Boolean).join(' · '),
      body: [plainText(r.description), tagsOf.get(r.id), itemsOf.get(r.id), comments.get(r.id)].filter(Boolean).join(' '),
      url: `/tasks/task/${r.id}`,
      authorId: r.creator_id,
      date: r.created_at,
    }));
  },
  ids: idsAfter('task'),
  // The lists' rights condition: no condition for an administrator.
  async readable(ctx) {
    if (!ctx.actor) return 'none';
    const viewer = await viewerFor(ctx);
    if (!viewer) return 'all';
    return (eb, itemId) =>
      eb.exists(
        (scoped(ctx) as any)
          .selectFrom('task')
          .select(sql`1`.as('one'))
          .whereRef('task.id', '=', itemId)
          .where(readableTasks(ctx, viewer)),
      );
  },
  // A group renamed: its tasks' subtitle names it.
  touchedBy: {
    events: [groupsEvents.updated],
    async ids(ctx, e) {
      const rows = await scoped(ctx).selectFrom('task').select('id').where('group_id', '=', Number(e.entityId)).execute();
      return rows.map((r) => r.id);
    },
  },
};

/** The profile's «Задачи»: the person's tasks as responsible, those the viewer may see. */
export const taskProfileLink: ProfileLink = {
  id: 'tasks',
  title: { ru: 'Задачи', en: 'Tasks' },
  url: (userId) => `/tasks/list?responsible=${userId}`,
};
