import type { Ctx } from '../../../platform/context.js';
import { transaction } from '../../../platform/context.js';
import { insertMany } from '../../../platform/db/bulk.js';
import { scoped } from '../../../platform/db/scoped.js';
import { companyRowKeys, contactRowKeys, type DupKey } from './keys.js';
import './schema.js';

export type DupType = 'contact' | 'company';

const COLUMNS = [
  { name: 'portal_id', pg: 'integer' },
  { name: 'entity_type', pg: 'text' },
  { name: 'entity_id', pg: 'integer' },
  { name: 'kind', pg: 'text' },
  { name: 'key', pg: 'text' },
];

/** The keys of the items among `ids` that exist (contacts with the titles of their companies). */
async function keysOf(ctx: Ctx, type: DupType, ids: number[] | { from: number; to: number }): Promise<Map<number, DupKey[]>> {
  const out = new Map<number, DupKey[]>();
  const range = !Array.isArray(ids);
  if (type === 'company') {
    let q = scoped(ctx).selectFrom('crm_company').select(['id', 'phones', 'emails', 'title', 'inn']);
    q = range ? q.where('id', '>=', ids.from).where('id', '<=', ids.to) : q.where('id', 'in', ids);
    for (const r of await q.execute()) out.set(r.id, companyRowKeys(r));
    return out;
  }
  let q = scoped(ctx).selectFrom('crm_contact').select(['id', 'phones', 'emails', 'last_name', 'first_name']);
  q = range ? q.where('id', '>=', ids.from).where('id', '<=', ids.to) : q.where('id', 'in', ids);
  const rows = await q.execute();
  if (!rows.length) return out;
  let links = scoped(ctx)
    .selectFrom('crm_contact_company')
    .innerJoin('crm_company', 'crm_company.id', 'crm_contact_company.company_id')
    .select(['crm_contact_company.contact_id', 'crm_company.title']);
  links = range ? links.where('crm_contact_company.contact_id', '>=', ids.from).where('crm_contact_company.contact_id', '<=', ids.to) : links.where('crm_contact_company.contact_id', 'in', ids);
  const titles = new Map<number, string[]>();
  for (const l of await links.execute()) {
    const list = titles.get(l.contact_id);
    if (list) list.push(l.title);
    else titles.set(l.contact_id, [l.title]);
  }
  for (const r of rows) out.set(r.id, contactRowKeys(r, titles.get(r.id) ?? []));
  return out;
}

async function writeKeys(ctx: Ctx, type: DupType, keys: Map<number, DupKey[]>): Promise<number> {
  const rows: unknown[][] = [];
  for (const [id, list] of keys) for (const k of list) rows.push([ctx.portal.id, type, id, k.kind, k.key]);
  await insertMany(ctx, 'crm_dup_key', COLUMNS, rows);
  return rows.length;
}

/** Re-reads the keys of `ids` (gone items lose theirs), in the caller's transaction. */
export async function reindexItems(ctx: Ctx, type: DupType, ids: number[]): Promise<void> {
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 1000) {
    const part = unique.slice(i, i + 1000);
    await scoped(ctx).deleteFrom('crm_dup_key').where('entity_type', '=', type).where('entity_id', 'in', part).execute();
    await writeKeys(ctx, type, await keysOf(ctx, type, part));
  }
}

/** The contacts working at `companyIds`: their name keys carry the company's name. */
export async function contactsOf(ctx: Ctx, companyIds: number[]): Promise<number[]> {
  if (!companyIds.length) return [];
  const rows = await scoped(ctx).selectFrom('crm_contact_company').select('contact_id').where('company_id', 'in', companyIds).execute();
  return [...new Set(rows.map((r) => r.contact_id))];
}

/** Past every id (an integer column): the last step also clears keys of items above the last one. */
const MAX_ID = 2_147_483_647;

/** Items read per rebuild step; each step replaces the keys of its id range in one transaction. */
const REBUILD_PAGE = 10_000;

/**
 * Builds the keys of every item of `type` in the portal anew, a range of ids at a time: each
 * range's keys are replaced in its own short transaction, so writers wait at most one step.
 */
export async function rebuildKeys(ctx: Ctx, type: DupType, opts: { page?: number } = {}): Promise<{ items: number; keys: number }> {
  const table = type === 'contact' ? 'crm_contact' : 'crm_company';
  const page = opts.page ?? REBUILD_PAGE;
  let after = 0;
  let items = 0;
  let keys = 0;
  for (;;) {
    const ids = await scoped(ctx).selectFrom(table).select('id').where('id', '>', after).orderBy('id').limit(page).execute();
    const last = ids.length < page ? MAX_ID : ids[ids.length - 1]!.id;
    const from = after + 1;
    keys += await transaction(ctx, async (tx) => {
      await scoped(tx).deleteFrom('crm_dup_key').where('entity_type', '=', type).where('entity_id', '>=', from).where('entity_id', '<=', last).execute();
      return ids.length ? writeKeys(tx, type, await keysOf(tx, type, { from, to: last })) : 0;
    });
    items += ids.length;
    if (ids.length < page) break;
    after = last;
  }
  return { items, keys };
}
