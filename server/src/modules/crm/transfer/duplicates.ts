import type { Ctx } from '../../../platform/context.js';
import { sql } from 'kysely';
import { isPostgres } from '../../../platform/db/bulk.js';
import { scoped } from '../../../platform/db/scoped.js';
import type { EntityType } from '../schema.js';
import { specOf } from '../specs.js';
import { typedList } from './item-values.js';
import type { ItemRow } from './writers.js';
import { normalizeCompanyTitle, normalizeEmailKey, normalizeInn, normalizePhoneKey } from '../duplicates/normalize.js';

/**
 * Which existing item a row duplicates. Phones and e-mails live in JSON columns without an
 * index, so the keys of the portal's items are read once per import run into a compact
 * sorted array of (31-bit hash, id) pairs — 8 bytes a key, about 16 MB for a million
 * contacts with a phone and an e-mail — and every hit is confirmed on the real row.
 */
export class KeyIndex {
  private packed: BigInt64Array = new BigInt64Array(0);
  /** Keys added by this import (hash → ids), merged into `packed` in bulk so memory stays at 8 bytes a key. */
  private added = new Map<number, number[]>();
  private addedCount = 0;
  private static readonly MERGE_AT = 20_000;

  static async load(ctx: Ctx, entity: EntityType, keysOf: (row: ItemRow) => string[], columns: string[]): Promise<KeyIndex> {
    const index = new KeyIndex();
    let buf = new BigInt64Array(1024);
    // Written through 32-bit words (hash high, id low): no BigInt made per key.
    let words = new Uint32Array(buf.buffer);
    let n = 0;
    const put = (key: string, id: number) => {
      if (n === buf.length) {
        const bigger = new BigInt64Array(buf.length * 2);
        bigger.set(buf);
        buf = bigger;
        words = new Uint32Array(buf.buffer);
      }
      words[2 * n + LOW] = id;
      words[2 * n + 1 - LOW] = hash31(key);
      n++;
    };
    const table = specOf(entity).table;
    const typed = keysOf === typedKeys && isPostgres(ctx);
    let after = 0;
    for (;;) {
      let count: number;
      if (typed) {
        // PostgreSQL takes the values out of the JSON text itself: one string a row, no JSON.parse here.
        const res = await sql<{ id: number; k: string | null }>`select "id", (select string_agg(k, chr(31)) from (
            select 'e:' || (x->>'value') as k from json_array_elements("emails"::json) x
            union all select 'p:' || (x->>'value') from json_array_elements("phones"::json) x) s) as k
          from ${sql.table(table)} where "portal_id" = ${ctx.portal.id} and "id" > ${after} order by "id" limit ${PAGE}`.execute(ctx.db);
        for (const r of res.rows) {
          if (r.k === null) continue;
          for (const k of r.k.split('\x1f')) {
            const key = k.charCodeAt(0) === 101 ? emailKey(k.slice(2)) : phoneKey(k.slice(2));
            if (key) put(key, r.id);
          }
        }
        count = res.rows.length;
        if (count) after = res.rows[count - 1]!.id;
      } else {
        const rows = await (scoped(ctx).selectFrom(table) as any)
          .select(['id', ...columns])
          .where('id', '>', after)
          .orderBy('id')
          .limit(PAGE)
          .execute();
        for (const r of rows as ItemRow[]) for (const k of keysOf(r)) put(k, r.id);
        count = rows.length;
        if (count) after = rows[count - 1].id;
      }
      if (count < PAGE) break;
    }
    index.packed = buf.slice(0, n).sort();
    return index;
  }

  /** Ids of items that may carry the key (confirm on the rows). */
  candidates(key: string): number[] {
    const h = BigInt(hash31(key));
    const lo = h << 32n;
    const a = this.packed;
    let l = 0;
    let r = a.length;
    while (l < r) {
      const mid = (l + r) >>> 1;
      if (a[mid]! < lo) l = mid + 1;
      else r = mid;
    }
    const out: number[] = [];
    for (let i = l; i < a.length && a[i]! >> 32n === h; i++) out.push(Number(a[i]! & 0xffffffffn));
    const more = this.added.get(Number(h));
    return more ? [...out, ...more] : out;
  }

  /** Keys of items written by this import, so later rows find them too. */
  add(key: string, id: number): void {
    const h = hash31(key);
    const list = this.added.get(h);
    if (list) list.push(id);
    else this.added.set(h, [id]);
    // Merging copies and sorts the whole array: only once the additions are a sizeable share of it.
    if (++this.addedCount >= Math.max(KeyIndex.MERGE_AT, this.packed.length >> 2)) this.merge();
  }

  private merge(): void {
    const next = new BigInt64Array(this.packed.length + this.addedCount);
    next.set(this.packed);
    let i = this.packed.length;
    for (const [h, ids] of this.added) for (const id of ids) next[i++] = (BigInt(h) << 32n) | BigInt(id);
    this.packed = next.sort();
    this.added.clear();
    this.addedCount = 0;
  }
}

/** Items read per query while loading the index. */
const PAGE = 20_000;

/** Which 32-bit word of a 64-bit one holds its low half on this machine. */
const LOW = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1 ? 0 : 1;

/** FNV-1a, 31 bits: a positive hash that packs beside a 32-bit id. */
function hash31(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) & 0x7fffffff;
}

const norm = (s: string | null | undefined) => (s ?? '').toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ').trim();

/**
 * What makes two items the same: e-mail or phone for contacts and leads; for companies the
 * ИНН, or the name when the row has no ИНН; title and company for deals. `indexed` are the
 * keys an existing item is found by, `sought` those a new row looks for.
 */
export const DUPLICATE_KEYS: Record<EntityType, { columns: string[]; indexed: (row: ItemRow) => string[]; sought: (row: ItemRow) => string[] }> = {
  contact: { columns: ['phones', 'emails'], indexed: typedKeys, sought: typedKeys },
  lead: { columns: ['phones', 'emails'], indexed: typedKeys, sought: typedKeys },
  company: {
    columns: ['inn', 'title'],
    indexed: (r) => [innKey(r.inn), titleKey(r.title)].filter((k): k is string => k !== null),
    sought: (r) => {
      const inn = innKey(r.inn);
      const title = titleKey(r.title);
      return inn ? [inn] : title ? [title] : [];
    },
  },
  deal: { columns: ['title', 'company_id'], indexed: dealKeys, sought: dealKeys },
};

function dealKeys(r: ItemRow): string[] {
  return [`t:${norm(r.title)}|${r.company_id ?? 0}`];
}

function typedKeys(r: ItemRow): string[] {
  const phones = typedList(r.phones);
  const emails = typedList(r.emails);
  return [...emails.map((e) => emailKey(e.value)), ...phones.map((p) => phoneKey(p.value))].filter((k): k is string => k !== null);
}

// The duplicate index's normal forms (crm/duplicates/normalize.ts), so an import and the «Дубликаты» page agree on what a duplicate is.
const phoneKey = (v: string) => {
  const k = normalizePhoneKey(v);
  return k ? `p:${k}` : null;
};
const emailKey = (v: string) => {
  const k = normalizeEmailKey(v);
  return k ? `e:${k}` : null;
};
const innKey = (v: string | null | undefined) => {
  const k = normalizeInn(v);
  return k ? `i:${k}` : null;
};
const titleKey = (v: string | null | undefined) => {
  const k = normalizeCompanyTitle(v);
  return k ? `t:${k}` : null;
};

/** Companies by their name, for the «Компания» column of contacts and deals. */
export const companyTitleKey = (title: string) => `t:${norm(title)}`;
export const companyTitleKeys = (r: ItemRow) => [companyTitleKey(r.title)];
