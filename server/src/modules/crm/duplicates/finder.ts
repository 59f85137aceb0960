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
/** Of those, by a name alone: a common name («Иван Иванов») would fill the warning and hide a shared phone. */
const WEAK_SCAN = 30;
/** A key shared by more items than this (a common name, a switchboard number) links no group on the page. */
const GROUP_MAX = 20;
const STRONG: DupKey['kind'][] = ['phone', 'email', 'inn'];

const pairId = (k: DupKey) => `${k.kind}\u0001${k.key}`;

async function describe(ctx: Ctx, type: DupType, ids: number[]) {
  return ids.length ? crmDescribe[type]!(ctx, ids) : new Map<number, { title: string; url: string }>();
}

/** The readable ones among `ids`, asked in sets the database takes as parameters. */
async function readableOf(ctx: Ctx, type: DupType, ids: Iterable<number>): Promise<Set<number>> {
  const all = [...new Set(ids)];
  const out = new Set<number>();
  for (let i = 0; i < all.length; i += 5000) for (const id of await checkAccess(ctx, 'read', type, all.slice(i, i + 5000))) out.add(id);
  return out;
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

/** The items holding any of `keys` with the keys they hold (the lookup index serves each kind's list); `keys` not empty. */
export function holdersQuery(ctx: Ctx, type: DupType, keys: DupKey[], limit: number) {
  const byKind = new Map<string, string[]>();
  for (const k of keys) byKind.set(k.kind, [...(byKind.get(k.kind) ?? []), k.key]);
  return scoped(ctx)
    .selectFrom('crm_dup_key')
    .select(['entity_id', 'kind', 'key'])
    .where('entity_type', '=', type)
    .where((eb) => eb.or([...byKind].map(([kind, list]) => eb.and([eb('kind', '=', kind), eb('key', 'in', list)]))))
    .limit(limit);
}

async function holders(ctx: Ctx, type: DupType, keys: DupKey[], limit: number): Promise<{ entity_id: number; kind: string; key: string }[]> {
  return keys.length ? holdersQuery(ctx, type, keys, limit).execute() : [];
}

/** A draft's lookups: by phone, e-mail and ИНН, and apart from them (so they are never crowded out) by name. */
export function draftLookups(ctx: Ctx, type: DupType, keys: DupKey[]) {
  const strong = keys.filter((k) => STRONG.includes(k.kind));
  const weak = keys.filter((k) => !STRONG.includes(k.kind));
  return [...(strong.length ? [holdersQuery(ctx, type, strong, CHECK_SCAN)] : []), ...(weak.length ? [holdersQuery(ctx, type, weak, WEAK_SCAN)] : [])];
}

async function draftHolders(ctx: Ctx, type: DupType, keys: DupKey[]) {
  const found = await Promise.all(draftLookups(ctx, type, keys).map((q) => q.execute()));
  return found.flat();
}

/** The card's warning: up to ten readable items sharing a phone, e-mail, name or ИНН with the draft, likeliest first. */
export async function checkDuplicates(ctx: Ctx, input: DuplicateCheckInput): Promise<{ items: DuplicateCandidate[] }> {
  const hits = await draftHolders(ctx, input.type, keysOfDraft(input));
  const byItem = new Map<number, DupKey[]>();
  for (const h of hits) {
    if (h.entity_id === input.excludeId) continue;
    const list = byItem.get(h.entity_id) ?? [];
    if (!list.some((k) => k.kind === h.kind && k.key === h.key)) list.push({ kind: h.kind as DupKey['kind'], key: h.key });
    byItem.set(h.entity_id, list);
  }
  const readable = await readableOf(ctx, input.type, byItem.keys());
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

/** The kinds in the order the page walks them: the surest first, so the first page holds the likeliest groups. */
const KIND_ORDER: DupKey['kind'][] = ['inn', 'email', 'phone', 'name', 'title'];
/** Shared keys read per step of the walk, and at most per request (a reader who sees few items gets a short page and a cursor). */
const KEY_STEP = 200;
const KEYS_PER_REQUEST = 5000;

type Cursor = { kind: number; key: string };
const readCursor = (s: string | undefined): Cursor => {
  if (!s) return { kind: 0, key: '' };
  const at = s.indexOf(':');
  const kind = KIND_ORDER.indexOf(s.slice(0, at) as DupKey['kind']);
  return kind < 0 ? { kind: 0, key: '' } : { kind, key: s.slice(at + 1) };
};
const writeCursor = (c: Cursor) => `${KIND_ORDER[c.kind]}:${c.key}`;

/** Keys of `kind` after `key` that two to GROUP_MAX items share, in key order (the lookup index serves the walk). */
function sharedKeys(ctx: Ctx, type: DupType, kind: string, after: string) {
  return scoped(ctx)
    .selectFrom('crm_dup_key')
    .select('key')
    .where('entity_type', '=', type)
    .where('kind', '=', kind)
    .where('key', '>', after)
    .groupBy('key')
    .having(sql`count(*)`, '>', 1)
    .having(sql`count(*)`, '<=', GROUP_MAX)
    .orderBy('key')
    .limit(KEY_STEP);
}

/**
 * Groups of likely duplicates among the items the actor may read: the items sharing a key, with
 * every key two of them share as a reason. The walk goes kind by kind, the surest first, and a
 * group whose items all share a surer key is left to that key; `after` continues where a page ended.
 */
export async function listDuplicateGroups(ctx: Ctx, q: DuplicateListQuery): Promise<DuplicateGroupList> {
  const type = q.type;
  let cur = readCursor(q.after);
  const found: { ids: number[]; keys: DupKey[]; score: number }[] = [];
  const seen = new Set<string>();
  let read = 0;
  let done = false;
  while (found.length < q.pageSize && read < KEYS_PER_REQUEST) {
    if (cur.kind >= KIND_ORDER.length) {
      done = true;
      break;
    }
    const kind = KIND_ORDER[cur.kind]!;
    const keys = (await sharedKeys(ctx, type, kind, cur.key).execute()).map((r) => r.key);
    read += keys.length;
    if (!keys.length) {
      cur = { kind: cur.kind + 1, key: '' };
      continue;
    }
    const members = await holders(
      ctx,
      type,
      keys.map((key) => ({ kind, key })),
      KEY_STEP * GROUP_MAX,
    );
    const readable = await readableOf(
      ctx,
      type,
      members.map((m) => m.entity_id),
    );
    const byKey = new Map<string, number[]>();
    for (const m of members) if (readable.has(m.entity_id)) byKey.set(m.key, [...(byKey.get(m.key) ?? []), m.entity_id]);
    const candidates = keys.flatMap((key) => {
      const ids = [...new Set(byKey.get(key) ?? [])].sort((a, b) => a - b);
      return ids.length > 1 ? [{ key, ids }] : [];
    });
    const keysOfItems = await itemKeys(
      ctx,
      type,
      candidates.flatMap((c) => c.ids),
    );
    for (const key of keys) {
      cur = { kind: cur.kind, key };
      const c = candidates.find((x) => x.key === key);
      if (!c) continue;
      const shared = sharedWithin(c.ids, keysOfItems);
      // Listed already (or to be) under a surer key all its items share.
      if (shared.some((k) => KIND_ORDER.indexOf(k.kind) < cur.kind && k.ids.length === c.ids.length)) continue;
      const id = c.ids.join(',');
      if (seen.has(id)) continue;
      seen.add(id);
      const reasons = shared.map((k) => ({ kind: k.kind, key: k.key }));
      found.push({ ids: c.ids, keys: reasons, score: scoreOf(reasons) });
      if (found.length >= q.pageSize) break;
    }
  }
  found.sort((a, b) => b.score - a.score);
  const names = await describe(
    ctx,
    type,
    found.flatMap((g) => g.ids),
  );
  const groups: DuplicateGroup[] = found.map((g) => ({
    items: g.ids.flatMap((id) => {
      const d = names.get(id);
      return d ? [{ id, title: d.title, url: d.url }] : [];
    }),
    reasons: g.keys.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind)).map(match),
    score: g.score,
  }));
  return { groups, next: done ? null : writeCursor(cur) };
}

/** Every key of the items among `ids`. */
async function itemKeys(ctx: Ctx, type: DupType, ids: number[]): Promise<Map<number, DupKey[]>> {
  const out = new Map<number, DupKey[]>();
  const all = [...new Set(ids)];
  for (let i = 0; i < all.length; i += 1000) {
    const rows = await scoped(ctx)
      .selectFrom('crm_dup_key')
      .select(['entity_id', 'kind', 'key'])
      .where('entity_type', '=', type)
      .where('entity_id', 'in', all.slice(i, i + 1000))
      .execute();
    for (const r of rows) out.set(r.entity_id, [...(out.get(r.entity_id) ?? []), { kind: r.kind as DupKey['kind'], key: r.key }]);
  }
  return out;
}

/** The keys at least two of `ids` hold, with which of them hold each. */
function sharedWithin(ids: number[], keys: Map<number, DupKey[]>): (DupKey & { ids: number[] })[] {
  const by = new Map<string, DupKey & { ids: number[] }>();
  for (const id of ids) {
    for (const k of keys.get(id) ?? []) {
      const e = by.get(pairId(k)) ?? { ...k, ids: [] };
      e.ids.push(id);
      by.set(pairId(k), e);
    }
  }
  return [...by.values()].filter((e) => e.ids.length > 1);
}
