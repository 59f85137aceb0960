import type { ItemHolder } from '../../platform/registry/registry.js';
import { scoped } from '../../platform/db/scoped.js';
import { forgetFiles } from './service.js';

/** The files attached to one item: `[field, fileId]`. */
type HeldLinks = [string, number][];

/** The CRM's items: the ones that go to a trash and are merged. */
const KINDS = ['lead', 'deal', 'contact', 'company'] as const;

/**
 * The links of the files attached to an item (its file custom fields): they go to the trash with
 * it, so its files are readable by nobody meanwhile, and come back with it (a file deleted since
 * stays out); a merge moves them onto the surviving item, once each.
 */
export const fileLinkHolder: ItemHolder = {
  name: 'files',
  kinds: KINDS,
  async detach(ctx, kind, ids) {
    const out: Record<number, HeldLinks> = {};
    for (let i = 0; i < ids.length; i += 500) {
      const part = ids.slice(i, i + 500);
      const rows = await scoped(ctx).selectFrom('file_link').select(['entity_id', 'field', 'file_id']).where('entity_type', '=', kind).where('entity_id', 'in', part).execute();
      if (!rows.length) continue;
      await scoped(ctx).deleteFrom('file_link').where('entity_type', '=', kind).where('entity_id', 'in', part).execute();
      for (const r of rows) (out[r.entity_id] ??= []).push([r.field, r.file_id]);
    }
    return out;
  },
  async reattach(ctx, kind, id, held) {
    const links = held as HeldLinks;
    if (!links.length) return;
    const existing = new Set(
      (
        await scoped(ctx)
          .selectFrom('file')
          .select('id')
          .where('id', 'in', [...new Set(links.map((l) => l[1]))])
          .execute()
      ).map((f) => f.id),
    );
    const have = new Set(
      (await scoped(ctx).selectFrom('file_link').select(['field', 'file_id']).where('entity_type', '=', kind).where('entity_id', '=', id).execute()).map((l) => `${l.field}:${l.file_id}`),
    );
    const rows = links.filter(([field, fileId]) => existing.has(fileId) && !have.has(`${field}:${fileId}`)).map(([field, fileId]) => ({ entity_type: kind, entity_id: id, field, file_id: fileId }));
    if (rows.length) await scoped(ctx).insertInto('file_link', rows).execute();
  },
  async move(ctx, kind, fromIds, toId) {
    const rows = await scoped(ctx).selectFrom('file_link').select(['field', 'file_id']).where('entity_type', '=', kind).where('entity_id', 'in', fromIds).execute();
    if (!rows.length) return;
    await scoped(ctx).deleteFrom('file_link').where('entity_type', '=', kind).where('entity_id', 'in', fromIds).execute();
    const have = new Set(
      (await scoped(ctx).selectFrom('file_link').select(['field', 'file_id']).where('entity_type', '=', kind).where('entity_id', '=', toId).execute()).map((l) => `${l.field}:${l.file_id}`),
    );
    const add = new Map<string, { entity_type: string; entity_id: number; field: string; file_id: number }>();
    for (const r of rows) if (!have.has(`${r.field}:${r.file_id}`)) add.set(`${r.field}:${r.file_id}`, { entity_type: kind, entity_id: toId, field: r.field, file_id: r.file_id });
    if (add.size)
      await scoped(ctx)
        .insertInto('file_link', [...add.values()])
        .execute();
  },
  async forget(ctx, _kind, held) {
    await forgetFiles(
      ctx,
      (held as HeldLinks[]).flatMap((links) => links.map((l) => l[1])),
    );
  },
};
