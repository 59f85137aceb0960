import { commentsEvents } from '@vavilon/contracts';
import { sql } from 'kysely';
import { nowIso } from '../../../platform/db/database.js';
import { scoped } from '../../../platform/db/scoped.js';
import { defineProcessor, processorCtx, type EventProcessor } from '../../../platform/events/processors.js';
import type { AuthorLookup, ItemDescriber } from '../../../platform/registry/registry.js';
import { taskUrl } from './notifications.js';

/** A task as other modules link to it (a mention in a comment, search, a deal's timeline). */
export const describeTasks: ItemDescriber = async (ctx, ids) => {
  const rows = await scoped(ctx).selectFrom('task').select(['id', 'title']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, { title: r.title, url: taskUrl(r.id) }]));
};

/** A task's author is whoever set it (its creator): they hear of reactions to it. */
export const taskAuthors: AuthorLookup = async (ctx, ids) => {
  const rows = await scoped(ctx).selectFrom('task').select(['id', 'creator_id']).where('id', 'in', ids).where('creator_id', 'is not', null).execute();
  return new Map(rows.map((r) => [r.id, Number(r.creator_id)]));
};

/** Keeps each task's comment count (the «new comments» counters read it) and its last activity. */
export function commentCounter(): EventProcessor {
  return defineProcessor({
    name: 'tasks.comment_counts',
    events: [commentsEvents.commentCreated, commentsEvents.commentDeleted],
    async handle(e, tx) {
      if (e.payload.itemType !== 'task') return;
      const ctx = processorCtx(tx, { id: e.portalId, name: '', title: '' });
      const step = e.type === 'comments.comment.created' ? 1 : -1;
      await scoped(ctx)
        .updateTable('task')
        .set({ comments_count: sql<number>`case when comments_count + ${step} < 0 then 0 else comments_count + ${step} end`, ...(step > 0 ? { activity_at: nowIso() } : {}) })
        .where('id', '=', e.payload.itemId)
        .execute();
    },
  });
}
