import type { Selectable } from 'kysely';
import type { ItemHolder } from '../../platform/registry/registry.js';
import { scoped } from '../../platform/db/scoped.js';
import { stillFree } from '../../platform/items/holders.js';
import { forgetFiles } from '../files/api.js';
import { deleteReactionsOf } from '../reactions/api.js';
import type { CommentTable } from './schema.js';

type CommentRow = Selectable<CommentTable>;
interface HeldComments {
  comments: Omit<CommentRow, 'portal_id'>[];
  /** The files attached to those comments: `[commentId, field, fileId]`. */
  files: [number, string, number][];
}

/** The CRM's items: the ones that go to a trash and are merged. */
const KINDS = ['lead', 'deal', 'contact', 'company'] as const;

/**
 * The comments written on an item: they go to the trash with it (with the links of their files)
 * and come back under their own ids (answers under the same top-level comments); a merge moves
 * them, threads and all, onto the surviving item.
 */
export const commentHolder: ItemHolder = {
  name: 'comments',
  kinds: KINDS,
  async detach(ctx, kind, ids) {
    const out: Record<number, HeldComments> = {};
    for (let i = 0; i < ids.length; i += 500) {
      const part = ids.slice(i, i + 500);
      const rows = await scoped(ctx).selectFrom('comment').selectAll().where('entity_type', '=', kind).where('entity_id', 'in', part).orderBy('id').execute();
      if (!rows.length) continue;
      const commentIds = rows.map((r) => r.id);
      const links = await scoped(ctx).selectFrom('file_link').select(['entity_id', 'field', 'file_id']).where('entity_type', '=', 'comment').where('entity_id', 'in', commentIds).execute();
      await scoped(ctx).deleteFrom('file_link').where('entity_type', '=', 'comment').where('entity_id', 'in', commentIds).execute();
      await scoped(ctx).deleteFrom('comment').where('id', 'in', commentIds).execute();
      const owner = new Map(rows.map((r) => [r.id, r.entity_id]));
      for (const { portal_id: _p, ...r } of rows) (out[r.entity_id] ??= { comments: [], files: [] }).comments.push(r);
      for (const l of links) out[owner.get(l.entity_id)!].files.push([l.entity_id, l.field, l.file_id]);
    }
    return out;
  },
  async reattach(ctx, kind, id, held) {
    const h = held as HeldComments;
    if (!h.comments.length) return;
    const free = await stillFree(ctx, 'comment', h.comments);
    const kept = new Set(free.map((c) => c.id));
    // An answer whose top-level comment could not come back under its id stays, as a top-level comment.
    const back = free.map((c) => ({ ...c, entity_type: kind, entity_id: id, parent_id: c.parent_id !== null && kept.has(c.parent_id) ? c.parent_id : null }));
    if (!back.length) return;
    await scoped(ctx).insertInto('comment', back).execute();
    const restored = new Set(back.map((c) => c.id));
    const files = h.files.filter(([commentId]) => restored.has(commentId));
    const existing = files.length
      ? new Set(
          (
            await scoped(ctx)
              .selectFrom('file')
              .select('id')
              .where('id', 'in', [...new Set(files.map((f) => f[2]))])
              .execute()
          ).map((f) => f.id),
        )
      : new Set<number>();
    const links = files.filter(([, , fileId]) => existing.has(fileId)).map(([commentId, field, fileId]) => ({ entity_type: 'comment', entity_id: commentId, field, file_id: fileId }));
    if (links.length) await scoped(ctx).insertInto('file_link', links).execute();
  },
  async move(ctx, kind, fromIds, toId) {
    await scoped(ctx).updateTable('comment').set({ entity_id: toId }).where('entity_type', '=', kind).where('entity_id', 'in', fromIds).execute();
  },
  async forget(ctx, _kind, held) {
    // Their reactions stayed while they were in the trash (they come back with the same ids); now they go.
    await deleteReactionsOf(
      ctx,
      'comment',
      (held as HeldComments[]).flatMap((h) => h.comments.map((c) => c.id)),
    );
    await forgetFiles(
      ctx,
      (held as HeldComments[]).flatMap((h) => h.files.map((f) => f[2])),
    );
  },
};
