import type { DuplicateCandidate, DuplicateCheckInput, DuplicateGroup, DuplicateGroupList, DuplicateListQuery, DuplicateMatch } from '@vavilon/contracts';
import { sql } from 'kysely';
import { checkAccess } from '../../../platform/access.js';
import type { Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import { crmDescribe } from '../describe.js';
import { companyKeys, contactKeys, scoreOf, type DupKey } from './keys.js';
import type { DupType } from './store.js';
import './schema.js';

/** The most likely duplicates a card's warning lists. */
const CHECK_LIMIT = 10;
/** Items a check reads before rights: a key shared by thousands of items (a switchboard number) says little. */
const CHECK_SCAN = 200;
/** Shared keys the «Дубликаты» page reads at most, so the page answers in bounded time on a big portal. */
const GROUP_KEYS = 20_000;

const pairId = (k: DupKey) => `${k.kind}\u0001${k.key}`;

async function describe(ctx: Ctx, type: DupType, ids: number[]) {
  return ids.length ? crmDescribe[type]!(ctx, ids) : new Map<number, { title: string; url: string }>();
}

/** Keys of what a card holds so far, by the same functions as the index. */
export function keysOfDraft(input: DuplicateCheckInput): DupKey[] {
  const phones = input.phones ?? [];
  const emails = input.emails ?? [];
  if (input.type === 'contact') {
    return contactKeys({ phones, emails, lastName: input.lastName ?? null, firstName: input.name ?? null, companyTitles: input.companyTitle ? [input.companyTitle] : [] });
  }
  return companyKeys({ phones, emails, title: input.title ?? null, inn: input.inn ?? null });
}

/** Ids and matched keys of the items holding any of `keys` (the lookup index serves each kind's list). */
async function holders(ctx: Ctx, type: DupType, keys: DupKey[], limit: number): Promise<{ entity_id: number; kind: string; key: string }[]> {
  if (!keys.length) return [];
  const byKind = new Map<string, string[]>();
  for (const k of keys) byKind.set(k.kind, [...(byKind.get(k.kind) ?? []), k.key]);
  return scoped(ctx)
    .selectFrom('crm_dup_key')
    .select(['entity_id', 'kind', 'key'])
    .where('entity_type', '=', type)
    .where((eb) => eb.or([...byKind].map(([kind, list]) => eb.and([eb('kind', '=', kind), eb('key', 'in', list)]))))
    .limit(limit)
    .execute();
}

/** The card's warning: up to ten readable items sharing a phone, e-mail, name or ИНН with the draft, likeliest first. */
export async function checkDuplicates(ctx: Ctx, input: DuplicateCheckInput): Promise<{ items: DuplicateCandidate[] }> {
  const hits = await holders(ctx, input.type, keysOfDraft(input), CHECK_SCAN);
  const byItem = new Map<number, DupKey[]>();
  for (const h of hits) {
    if (h.entity_id === input.excludeId) continue;
    const list = byItem.get(h.entity_id) ?? [];
    if (!list.some((k) => k.kind === h.kind && k.key === h.key)) list.push({ kind: h.kind as DupKey['kind'], key: h.key });
    byItem.set(h.entity_id, list);
  }
  const readable = await checkAccess(ctx, 'read', input.type, byItem.keys());
  const ranked = [...byItem]
    .filter(([id]) => readable.has(id))
    .map(([id, matches]) => ({ id, matches, score: scoreOf(matches) }))
    .sort((a, b) => b.score - a.score || a.id - b.id)
    .slice(0, CHECK_LIMIT);
  const names = await describe(
    ctx,
    input.type,
    ranked.map((r) => r.id),
  );
  return {
    items: ranked.flatMap((r) => {
      const d = names.get(r.id);
      return d ? [{ id: r.id, title: d.title, url: d.url, reasons: r.matches.map(match), score: r.score }] : [];
    }),
  };
}

const match = (k: DupKey): DuplicateMatch => ({ reason: k.kind, value: k.key });

/**
 * Groups of likely duplicates among the items the actor may read: items sharing a key are one
 * group (and so, through them, are items sharing another key with one of them), with every
 * shared key as a reason; the surest groups first.
 */
export async function listDuplicateGroups(ctx: Ctx, q: DuplicateListQuery): Promise<DuplicateGroupList> {
  const type = q.type;
  const shared = await scoped(ctx)
    .selectFrom('crm_dup_key')
    .select(['kind', 'key'])
    .where('entity_type', '=', type)
    .groupBy(['kind', 'key'])
    .having(sql`count(distinct entity_id)`, '>', 1)
    .orderBy('kind')
    .orderBy('key')
    .limit(GROUP_KEYS)
    .execute();
  const rows: { entity_id: number; kind: string; key: string }[] = [];
  for (let i = 0; i < shared.length; i += 500) rows.push(...(await holders(ctx, type, shared.slice(i, i + 500) as DupKey[], 1_000_000)));
  const readable = await checkAccess(ctx, 'read', type, new Set(rows.map((r) => r.entity_id)));

  // Items by the keys they share, among the readable ones only (a hidden item links nobody).
  const members = new Map<string, { key: DupKey; ids: Set<number> }>();
  for (const r of rows) {
    if (!readable.has(r.entity_id)) continue;
    const k = { kind: r.kind as DupKey['kind'], key: r.key };
    const m = members.get(pairId(k)) ?? { key: k, ids: new Set<number>() };
    m.ids.add(r.entity_id);
    members.set(pairId(k), m);
  }
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let p = parent.get(x) ?? x;
    while (p !== (parent.get(p) ?? p)) p = parent.get(p) ?? p;
    parent.set(x, p);
    return p;
  };
  const linking = [...members.values()].filter((m) => m.ids.size > 1);
  for (const m of linking) {
    const [first, ...rest] = [...m.ids];
    for (const id of rest) {
      const a = find(first!);
      const b = find(id);
      if (a !== b) parent.set(Math.max(a, b), Math.min(a, b));
    }
  }
  const groups = new Map<number, { ids: Set<number>; keys: DupKey[] }>();
  for (const m of linking) {
    const root = find([...m.ids][0]!);
    const g = groups.get(root) ?? { ids: new Set<number>(), keys: [] };
    m.ids.forEach((id) => g.ids.add(id));
    g.keys.push(m.key);
    groups.set(root, g);
  }
  const ranked = [...groups.entries()].map(([root, g]) => ({ root, ids: [...g.ids].sort((a, b) => a - b), keys: g.keys, score: scoreOf(g.keys) })).sort((a, b) => b.score - a.score || a.root - b.root);
  const start = (q.page - 1) * q.pageSize;
  const pageOf = ranked.slice(start, start + q.pageSize);
  const names = await describe(
    ctx,
    type,
    pageOf.flatMap((g) => g.ids),
  );
  const out: DuplicateGroup[] = pageOf.map((g) => ({
    items: g.ids.flatMap((id) => {
      const d = names.get(id);
      return d ? [{ id, title: d.title, url: d.url }] : [];
    }),
    reasons: g.keys.map(match),
    score: g.score,
  }));
  return { groups: out, page: q.page, hasMore: start + q.pageSize < ranked.length };
}
