import type { SearchPage, SearchResults } from '@vavilon/contracts';
import type { Ctx } from '../../platform/context.js';
import type { MenuEntry, SearchKind, SearchReadFilter } from '../../platform/registry/registry.js';
import { userRefs } from '../users/api.js';
import { engineFor, type IndexHit, type SearchEngine } from './engine.js';
import { alternativesOf, hasPrefix, queryKeys, termsOf, whole, type Term } from './terms.js';
import { fromWrongLayout, nameKey, normalize, stem } from './text.js';

/** Fewer hits than this and the query is tried in the other keyboard layout, then with typos corrected. */
const FEW = 3;
/** Counts of the results page stop here («1000+»). */
const COUNT_CAP = 1000;

type Mark = [number, number];

/**
 * Where the query's words are in `text`: the words whose stem (or name key) begins with one of
 * the query's forms, as [start, end) in UTF-16 units, for the results to show in bold.
 */
export function marksOf(text: string, terms: Term[]): Mark[] {
  const out: Mark[] = [];
  if (!terms.length) return out;
  for (const m of text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)) {
    const w = normalize(m[0]);
    if (!w) continue;
    const forms = { words: stem(w), names: nameKey(w) };
    const hit = terms.some((t) => t.alternatives.some((a) => (a.prefix ? forms[a.in].startsWith(a.text) : forms[a.in] === a.text) || (a.in === 'words' && w.startsWith(t.word))));
    if (hit) out.push([m.index!, m.index! + m[0].length]);
  }
  return out;
}

/** The kinds the actor may find anything of, with their rights filter. */
async function readableKinds(ctx: Ctx, only?: (k: SearchKind) => boolean): Promise<{ kind: SearchKind; readable: Exclude<SearchReadFilter, 'none'> }[]> {
  const kinds = ctx.sys.registry.searchKinds().filter((k) => !only || only(k));
  const filters = await Promise.all(kinds.map((k) => k.readable(ctx)));
  return kinds.flatMap((kind, i) => (filters[i] === 'none' ? [] : [{ kind, readable: filters[i] as Exclude<SearchReadFilter, 'none'> }]));
}

/** The query's words with each long word's look-alikes among the portal's titles added (a typo forgiven). */
async function withTypos(ctx: Ctx, engine: SearchEngine, terms: Term[]): Promise<Term[] | null> {
  let changed = false;
  const out: Term[] = [];
  for (const t of terms) {
    if (t.word.length < 4 || /\d/.test(t.word)) {
      out.push(t);
      continue;
    }
    const similar = await engine.similarWords(ctx, t.word, 3);
    if (similar.length) changed = true;
    out.push({ ...t, alternatives: [...t.alternatives, ...similar.flatMap((w) => alternativesOf(w, false))] });
  }
  return changed ? out : null;
}

interface Attempt {
  terms: Term[];
  keys: string[];
  /** The query as it was understood, when not as typed (the other layout). */
  corrected: string | null;
}

/**
 * The ways a query is tried, in order, while they find little: as typed, in the other keyboard
 * layout («cltkrf» → «сделка»), then with the long words' typos forgiven.
 */
async function* attempts(ctx: Ctx, engine: SearchEngine, query: string): AsyncGenerator<Attempt> {
  const terms = termsOf(query);
  // Whole words first: an exact stem is one list of the index, a beginning may be thousands merged.
  yield { terms: whole(terms), keys: queryKeys(query), corrected: null };
  if (hasPrefix(terms)) yield { terms, keys: [], corrected: null };
  const other = fromWrongLayout(query);
  const otherTerms = other ? termsOf(other) : [];
  if (other && otherTerms.length) yield { terms: otherTerms, keys: [], corrected: other };
  const typos = await withTypos(ctx, engine, whole(terms));
  if (typos) yield { terms: typos, keys: [], corrected: null };
}

/** The box's hits of one kind: title matches first, then the rest, newest first within each. */
async function boxHits(ctx: Ctx, engine: SearchEngine, k: { kind: SearchKind; readable: Exclude<SearchReadFilter, 'none'> }, a: Attempt, limit: number): Promise<IndexHit[]> {
  const base = { kind: k.kind.kind, readable: k.readable, limit };
  const out = new Map<number, IndexHit>();
  for (const h of await engine.findByKeys(ctx, { ...base, keys: a.keys })) out.set(h.rowId, h);
  if (out.size < limit) for (const h of await engine.find(ctx, { ...base, terms: a.terms, titleOnly: true })) out.set(h.rowId, h);
  if (out.size < limit) for (const h of await engine.find(ctx, { ...base, terms: a.terms, titleOnly: false, limit: limit * 2 })) if (out.size < limit) out.set(h.rowId, h);
  return [...out.values()].slice(0, limit);
}

function menuHits(ctx: Ctx, terms: Term[], limit: number) {
  if (!terms.length) return [];
  const visible = ctx.sys.registry.menu().filter((e: MenuEntry) => !e.adminOnly || ctx.actor?.role === 'admin');
  const out: SearchResults['groups'][number]['items'] = [];
  for (const e of visible) {
    const text = `${e.title.ru} ${e.title.en} ${e.description[ctx.lang]}`;
    // Every word of the query is in the item's title or description, in some form.
    if (terms.every((t) => marksOf(text, [t]).length)) {
      out.push({ id: e.id, title: e.title[ctx.lang], subtitle: e.description[ctx.lang], url: e.path, marks: marksOf(e.title[ctx.lang], terms) });
    }
  }
  return out.slice(0, limit);
}

/**
 * The top bar's box: up to `limit` hits per kind, menu items and sections first, only what the
 * actor may open. While the query finds little, the other layout's and the corrected typos' hits
 * are added after the typed query's own.
 */
export async function searchBox(ctx: Ctx, query: string, limit: number): Promise<SearchResults> {
  const engine = engineFor(ctx.sys.dialect);
  const kinds = await readableKinds(ctx);
  const menuTitle = ctx.lang === 'en' ? 'Menu items and sections' : 'Пункты меню и разделы';
  const byKind = new Map<string, { title: string; items: Map<string, SearchResults['groups'][number]['items'][number]> }>();
  let total = 0;
  let corrected: string | null = null;
  for await (const a of attempts(ctx, engine, query)) {
    const add = (kind: string, title: string, items: SearchResults['groups'][number]['items']) => {
      const g = byKind.get(kind) ?? { title, items: new Map() };
      byKind.set(kind, g);
      for (const item of items) {
        if (g.items.size >= limit || g.items.has(item.id)) continue;
        g.items.set(item.id, item);
        total++;
      }
    };
    const before = total;
    add('menu', menuTitle, menuHits(ctx, a.terms, limit));
    for (const k of kinds) {
      const found = await boxHits(ctx, engine, k, a, limit);
      add(
        k.kind.kind,
        k.kind.title[ctx.lang],
        found.map((h) => ({ id: String(h.itemId), title: h.title, subtitle: h.subtitle, url: h.url, marks: marksOf(h.title, a.terms) })),
      );
    }
    // The other layout is named when it alone found something.
    if (a.corrected && before === 0 && total > 0) corrected = a.corrected;
    if (total >= FEW) break;
  }
  const groups = [...byKind].filter(([, g]) => g.items.size).map(([kind, g]) => ({ kind, title: g.title, items: [...g.items.values()] }));
  return { groups, corrected };
}

export interface PageFilters {
  kind?: string;
  module?: string;
  authorId?: number;
  from?: string;
  to?: string;
  /** The `next` of the page before: `<attempt>.<row id>`. */
  before?: string;
  limit: number;
}

/**
 * «Показать все»: every readable hit newest first across the kinds asked, a page at a time, with
 * counts by kind. The first way of trying the query that finds anything is kept for its next pages.
 */
export async function searchPage(ctx: Ctx, query: string, f: PageFilters): Promise<SearchPage> {
  const engine = engineFor(ctx.sys.dialect);
  const all = await readableKinds(ctx, (k) => !f.module || k.module === f.module);
  const asked = all.filter((k) => !f.kind || k.kind.kind === f.kind);
  const filters = { authorId: f.authorId, from: f.from, to: f.to };
  const cursor = /^(\d)\.(\d+)$/.exec(f.before ?? '');
  const before = cursor ? Number(cursor[2]) : undefined;
  const find = async (a: Attempt) => {
    const lists = await Promise.all(
      asked.map(async (k) => {
        const base = { kind: k.kind.kind, readable: k.readable, before, limit: f.limit + 1, ...filters };
        return [...(await engine.findByKeys(ctx, { ...base, keys: a.keys })), ...(await engine.find(ctx, { ...base, terms: a.terms, titleOnly: false }))];
      }),
    );
    const seen = new Set<number>();
    return lists
      .flat()
      .filter((h) => !seen.has(h.rowId) && seen.add(h.rowId))
      .sort((x, y) => y.rowId - x.rowId);
  };
  let chosen: { attempt: Attempt; n: number; hits: IndexHit[] } | null = null;
  let n = 0;
  for await (const a of attempts(ctx, engine, query)) {
    if (!cursor || n === Number(cursor[1])) {
      const hits = await find(a);
      if (!chosen || hits.length) chosen = { attempt: a, n, hits };
      if (hits.length || cursor) break;
    }
    n++;
  }
  const { attempt, hits } = chosen ?? { attempt: { terms: [], keys: [], corrected: null }, n: 0, hits: [] };
  const page = hits.slice(0, f.limit);
  const authors = await userRefs(
    ctx,
    page.map((h) => h.authorId),
  );
  const kindOf = new Map(all.map((k) => [k.kind.kind, k.kind]));
  // The counts by kind, for the filter chips: on the first page only, each up to COUNT_CAP.
  const counts = cursor
    ? null
    : await Promise.all(
        all.map(async (k) => {
          const base = { kind: k.kind.kind, readable: k.readable, ...filters };
          const byWords = await engine.count(ctx, { ...base, terms: attempt.terms, titleOnly: false }, COUNT_CAP);
          const byKeys = attempt.keys.length ? (await engine.findByKeys(ctx, { ...base, keys: attempt.keys, limit: COUNT_CAP })).length : 0;
          return { kind: k.kind.kind, title: k.kind.title[ctx.lang], count: Math.min(COUNT_CAP, Math.max(byWords, byKeys)) };
        }),
      );
  return {
    items: page.map((h) => {
      const author = h.authorId ? authors.get(h.authorId) : undefined;
      return {
        kind: h.kind,
        kindTitle: kindOf.get(h.kind)?.title[ctx.lang] ?? h.kind,
        id: String(h.itemId),
        title: h.title,
        subtitle: h.subtitle,
        url: h.url,
        date: h.date,
        author: author ? { id: author.id, name: author.fullName } : null,
        marks: marksOf(h.title, attempt.terms),
      };
    }),
    next: hits.length > f.limit ? `${chosen!.n}.${page[page.length - 1]!.rowId}` : null,
    kinds: counts ? counts.filter((c) => c.count > 0).map((c) => ({ ...c, capped: c.count >= COUNT_CAP })) : null,
    corrected: attempt.corrected,
  };
}
