import { CompiledQuery, sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { nowIso } from '../../platform/db/database.js';
import type { SearchAccessClause, SearchReadFilter } from '../../platform/registry/registry.js';
import type { PreparedDocument, Term } from './terms.js';
import { similarity, trigrams } from './text.js';

/**
 * The search index behind one interface: `SqliteEngine` (FTS5) and `PostgresEngine` (tsvector, GIN).
 * Both store the stems `terms.ts` makes and answer the same queries with the same items, newest
 * first; a large install may put another engine here without touching the modules.
 * The index's tables are the engine's own: every statement names the portal itself.
 */
export interface SearchEngine {
  /** Replaces what the index holds of `ids` of `kind` with `docs` (an id without a document leaves). */
  replace(ctx: Ctx, kind: string, ids: number[], docs: PreparedDocument[]): Promise<void>;
  /** Takes every item of `kind` out (a rebuild starts so). */
  clear(ctx: Ctx, kind: string): Promise<void>;
  /** The readable items matching every term, newest first. */
  find(ctx: Ctx, q: IndexQuery): Promise<IndexHit[]>;
  /** How many readable items match, counting up to `cap`. */
  count(ctx: Ctx, q: Omit<IndexQuery, 'limit' | 'before'>, cap: number): Promise<number>;
  /** The readable items with one of the exact keys (a phone, an e-mail), newest first. */
  findByKeys(ctx: Ctx, q: Omit<IndexQuery, 'terms' | 'titleOnly'> & { keys: string[] }): Promise<IndexHit[]>;
  /** Title words of the portal that look like `word` (a typo corrected), the likest first. */
  similarWords(ctx: Ctx, word: string, limit: number): Promise<string[]>;
  /** The item ids of `kind` matching every term (or one of `keys`), as a subquery for a module's own list: its rights are the list's. */
  matchingIds(ctx: Ctx, kind: string, terms: Term[], keys: string[]): SelectQueryBuilder<any, any, { item_id: number }>;
}

export interface IndexQuery {
  kind: string;
  terms: Term[];
  /** Titles (and their names) only; otherwise bodies too. */
  titleOnly: boolean;
  /** Not 'none': such a kind is not asked. */
  readable: Exclude<SearchReadFilter, 'none'>;
  /** Rows older than this row id (the next page). */
  before?: number;
  limit: number;
  authorId?: number;
  /** `item_date` within, ISO. */
  from?: string;
  to?: string;
}

export interface IndexHit {
  rowId: number;
  kind: string;
  itemId: number;
  title: string;
  subtitle: string | null;
  url: string;
  authorId: number | null;
  date: string | null;
}

/** How alike a corrected word must be to the typed one (pg_trgm's default is 0.3). */
const SIMILAR = 0.34;

const db = (ctx: Ctx) => ctx.db as unknown as Kysely<any>;

/** The columns of a hit, from `search_item as s`. */
function hits(q: SelectQueryBuilder<any, any, {}>) {
  return q.select(['s.id as rowId', 's.kind', 's.item_id as itemId', 's.title', 's.subtitle', 's.url', 's.author_id as authorId', 's.item_date as date']);
}

function toHit(r: any): IndexHit {
  return {
    rowId: Number(r.rowId),
    kind: r.kind,
    itemId: Number(r.itemId),
    title: r.title,
    subtitle: r.subtitle ?? null,
    url: r.url,
    authorId: r.authorId === null || r.authorId === undefined ? null : Number(r.authorId),
    date: r.date === null || r.date === undefined ? null : r.date instanceof Date ? r.date.toISOString() : String(r.date),
  };
}

/**
 * Every word of the index is written with its portal and kind in front (`p1kcrmdeal_договор`): a
 * word's list holds one kind of one portal, so a query of deals reads no contacts' matches and needs
 * no filter by kind inside the engine. The access tokens (`r12`) are written so too.
 */
const partitionOf = (portalId: number, kind: string) => `p${portalId}k${kind.replace(/[^a-z0-9]/gi, '').toLowerCase()}_`;
/** The token every item of a kind has: an access clause of no lists stands on it. */
const ANY = 'any';

/** The access clauses of a read filter, when it has them: the index narrows by them first. */
const accessOf = (readable: IndexQuery['readable']): SearchAccessClause[] | null => (typeof readable === 'object' ? readable.access : null);

/** What every query of the index narrows by besides its words: the portal, the kind, rights and the filters. */
function narrowed(ctx: Ctx, query: SelectQueryBuilder<any, any, {}>, q: Omit<IndexQuery, 'terms' | 'titleOnly' | 'limit'>) {
  let out = query.where('s.portal_id', '=', ctx.portal.id).where('s.kind', '=', q.kind);
  const readable = q.readable;
  const where = readable === 'all' ? null : typeof readable === 'function' ? readable : readable.where;
  if (where) out = out.where((eb) => where(eb, 's.item_id'));
  if (q.before !== undefined) out = out.where('s.id', '<', q.before);
  if (q.authorId !== undefined) out = out.where('s.author_id', '=', q.authorId);
  if (q.from) out = out.where('s.item_date', '>=', q.from);
  if (q.to) out = out.where('s.item_date', '<', q.to);
  return out;
}

/** What both engines share: the item rows, the exact keys and the vocabulary are plain tables. */
abstract class BaseEngine implements SearchEngine {
  abstract find(ctx: Ctx, q: IndexQuery): Promise<IndexHit[]>;
  /** The readable rows matching the query's words, before order and limit. */
  protected abstract matching(ctx: Ctx, q: Omit<IndexQuery, 'limit'>): SelectQueryBuilder<any, any, {}>;

  async count(ctx: Ctx, q: Omit<IndexQuery, 'limit' | 'before'>, cap: number): Promise<number> {
    if (!q.terms.length) return 0;
    const inner = this.matching(ctx, q).select('s.id').limit(cap);
    const row = await db(ctx)
      .selectFrom(inner.as('m'))
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }
  protected abstract removeWords(ctx: Ctx, rowIds: number[]): Promise<void>;
  protected abstract insert(ctx: Ctx, kind: string, docs: PreparedDocument[], now: string): Promise<{ id: number; itemId: number }[]>;

  async replace(ctx: Ctx, kind: string, ids: number[], docs: PreparedDocument[]): Promise<void> {
    if (!ids.length && !docs.length) return;
    const all = [...new Set([...ids, ...docs.map((d) => d.itemId)])];
    const old: number[] = [];
    for (let i = 0; i < all.length; i += 500) {
      const rows = await db(ctx)
        .selectFrom('search_item')
        .select('id')
        .where('portal_id', '=', ctx.portal.id)
        .where('kind', '=', kind)
        .where('item_id', 'in', all.slice(i, i + 500))
        .execute();
      old.push(...rows.map((r) => Number(r.id)));
    }
    for (let i = 0; i < old.length; i += 500) {
      const chunk = old.slice(i, i + 500);
      await this.removeWords(ctx, chunk);
      await db(ctx).deleteFrom('search_key').where('row_id', 'in', chunk).execute();
      await db(ctx).deleteFrom('search_item').where('id', 'in', chunk).execute();
    }
    if (!docs.length) return;
    const now = nowIso();
    const rows = await this.insert(ctx, kind, docs, now);
    const rowOf = new Map(rows.map((r) => [r.itemId, r.id]));
    const keys = docs.flatMap((d) => d.keys.map((k) => [ctx.portal.id, k, rowOf.get(d.itemId)!]));
    for (let i = 0; i < keys.length; i += 3000) await insertPlain(ctx, 'search_key', ['portal_id', 'key', 'row_id'], keys.slice(i, i + 3000));
    await this.addVocabulary(ctx, [...new Set(docs.flatMap((d) => d.vocabulary))]);
  }

  async clear(ctx: Ctx, kind: string): Promise<void> {
    for (;;) {
      const rows = await db(ctx).selectFrom('search_item').select('id').where('portal_id', '=', ctx.portal.id).where('kind', '=', kind).limit(2000).execute();
      if (!rows.length) return;
      const ids = rows.map((r) => Number(r.id));
      await this.removeWords(ctx, ids);
      await db(ctx).deleteFrom('search_key').where('row_id', 'in', ids).execute();
      await db(ctx).deleteFrom('search_item').where('id', 'in', ids).execute();
    }
  }

  async findByKeys(ctx: Ctx, q: Omit<IndexQuery, 'terms' | 'titleOnly'> & { keys: string[] }): Promise<IndexHit[]> {
    if (!q.keys.length) return [];
    const base = db(ctx).selectFrom('search_key as k').innerJoin('search_item as s', 's.id', 'k.row_id').where('k.portal_id', '=', ctx.portal.id).where('k.key', 'in', q.keys);
    const rows = await hits(narrowed(ctx, base as any, q))
      .distinct()
      .orderBy('s.id', 'desc')
      .limit(q.limit)
      .execute();
    return rows.map(toHit);
  }

  abstract matchingIds(ctx: Ctx, kind: string, terms: Term[], keys: string[]): SelectQueryBuilder<any, any, { item_id: number }>;

  /** The item ids of `kind` with one of `keys`. */
  protected keyIds(ctx: Ctx, kind: string, keys: string[]) {
    return db(ctx)
      .selectFrom('search_key as k')
      .innerJoin('search_item as s', 's.id', 'k.row_id')
      .select('s.item_id')
      .where('k.portal_id', '=', ctx.portal.id)
      .where('k.key', 'in', keys.length ? keys : [''])
      .where('s.kind', '=', kind);
  }

  private async addVocabulary(ctx: Ctx, words: string[]): Promise<void> {
    if (!words.length) return;
    const fresh: { id: number; word: string }[] = [];
    for (let i = 0; i < words.length; i += 500) {
      const rows = await db(ctx)
        .insertInto('search_word')
        .values(words.slice(i, i + 500).map((word) => ({ portal_id: ctx.portal.id, word })))
        .onConflict((oc) => oc.columns(['portal_id', 'word']).doNothing())
        .returning(['id', 'word'])
        .execute();
      fresh.push(...rows.map((r) => ({ id: Number(r.id), word: String(r.word) })));
    }
    const grams = fresh.flatMap((w) => [...trigrams(w.word)].map((g) => [ctx.portal.id, g, w.id]));
    for (let i = 0; i < grams.length; i += 3000) await insertPlain(ctx, 'search_trgm', ['portal_id', 'trgm', 'word_id'], grams.slice(i, i + 3000));
  }

  async similarWords(ctx: Ctx, word: string, limit: number): Promise<string[]> {
    const grams = [...trigrams(word)];
    if (grams.length < 3) return [];
    // Words sharing enough trigrams to reach the similarity at all: shared / (a + b - shared) ≥ SIMILAR needs shared ≥ SIMILAR·a.
    const rows = await db(ctx)
      .selectFrom('search_trgm as t')
      .innerJoin('search_word as w', 'w.id', 't.word_id')
      .select(['w.word', (eb) => eb.fn.countAll().as('n')])
      .where('t.portal_id', '=', ctx.portal.id)
      .where('t.trgm', 'in', grams)
      .groupBy(['w.id', 'w.word'])
      .having((eb) => eb.fn.countAll(), '>=', Math.ceil(SIMILAR * grams.length))
      .orderBy('n', 'desc')
      .limit(200)
      .execute();
    return rows
      .map((r) => ({ word: String(r.word), s: similarity(word, String(r.word)) }))
      .filter((r) => r.s >= SIMILAR && r.word !== word)
      .sort((a, b) => b.s - a.s || (a.word < b.word ? -1 : 1))
      .slice(0, limit)
      .map((r) => r.word);
  }
}

/** A multi-row insert of plain values, with ? or $n marks as the database wants. */
async function insertPlain(ctx: Ctx, table: string, columns: string[], rows: unknown[][], returning = ''): Promise<any[]> {
  if (!rows.length) return [];
  const pg = ctx.sys.dialect === 'postgres';
  let n = 0;
  const groups = rows.map((r) => `(${r.map(() => (pg ? `$${++n}` : '?')).join(', ')})`);
  const conflict = table === 'search_key' || table === 'search_trgm' ? ' on conflict do nothing' : '';
  const text = `insert into ${table} (${columns.join(', ')}) values ${groups.join(', ')}${conflict}${returning ? ` returning ${returning}` : ''}`;
  const res = await ctx.db.executeQuery<any>(CompiledQuery.raw(text, rows.flat()));
  return res.rows;
}

const ITEM_COLUMNS = ['portal_id', 'kind', 'item_id', 'title', 'subtitle', 'url', 'author_id', 'item_date', 'indexed_at'];
const itemValues = (ctx: Ctx, kind: string, d: PreparedDocument, now: string) => [ctx.portal.id, kind, d.itemId, d.title, d.subtitle, d.url, d.authorId, d.date, now];

/** A word for FTS5's query syntax: quoted, so nothing in it reads as an operator. */
const ftsWord = (s: string) => `"${s.replace(/"/g, '""')}"`;

/**
 * Access clauses in a query's syntax, any of them: one token of each list, none of `none`.
 * `token` writes one token; `and`, `or` and `not` join them as the engine's syntax does.
 */
function accessQuery(clauses: SearchAccessClause[], part: string, syntax: { token: (t: string) => string; and: string; or: string; not: (a: string, b: string) => string }): string {
  // `_none` is no item's token (theirs are letters and digits): a list of none is met by nothing.
  if (!clauses.length) return syntax.token(`${part}_none`);
  const anyOf = (tokens: string[]) => `(${(tokens.length ? tokens : ['_none']).map((t) => syntax.token(part + t)).join(` ${syntax.or} `)})`;
  const clause = (c: SearchAccessClause) => {
    const must = c.all.length ? c.all.map(anyOf).join(` ${syntax.and} `) : syntax.token(part + ANY);
    return c.none?.length ? syntax.not(`(${must})`, anyOf(c.none)) : `(${must})`;
  };
  return `(${clauses.map(clause).join(` ${syntax.or} `)})`;
}

export class SqliteEngine extends BaseEngine {
  protected async insert(ctx: Ctx, kind: string, docs: PreparedDocument[], now: string) {
    const out: { id: number; itemId: number }[] = [];
    for (let i = 0; i < docs.length; i += 300) {
      const chunk = docs.slice(i, i + 300);
      const rows = await insertPlain(
        ctx,
        'search_item',
        ITEM_COLUMNS,
        chunk.map((d) => itemValues(ctx, kind, d, now)),
        'id, item_id',
      );
      const rowOf = new Map(rows.map((r) => [Number(r.item_id), Number(r.id)]));
      const part = partitionOf(ctx.portal.id, kind);
      const words = (ws: string[]) => ws.map((w) => part + w).join(' ');
      const fts = chunk.map((d) => [rowOf.get(d.itemId)!, words([ANY, ...d.access]), words(d.titleStems), words(d.bodyStems), words(d.names)]);
      await insertPlain(ctx, 'search_fts', ['rowid', 'tags', 'title', 'body', 'names'], fts);
      out.push(...[...rowOf].map(([itemId, id]) => ({ id, itemId })));
    }
    return out;
  }

  protected async removeWords(ctx: Ctx, rowIds: number[]): Promise<void> {
    await sql`delete from search_fts where rowid in (${sql.join(rowIds)})`.execute(ctx.db);
  }

  private match(ctx: Ctx, q: Pick<IndexQuery, 'kind' | 'terms' | 'titleOnly'> & { readable?: IndexQuery['readable'] }): string {
    const part = partitionOf(ctx.portal.id, q.kind);
    const words = q.titleOnly ? 'title' : '{title body}';
    const term = (t: Term) => `(${t.alternatives.map((a) => `${a.in === 'names' ? 'names' : words} : ${ftsWord(part + a.text)}${a.prefix ? '*' : ''}`).join(' OR ')})`;
    const access = q.readable ? accessOf(q.readable) : null;
    const rights = access ? [`tags : ${accessQuery(access, part, { token: ftsWord, and: 'AND', or: 'OR', not: (a, b) => `(${a} NOT ${b})` })}`] : [];
    return [...q.terms.map(term), ...rights].join(' AND ');
  }

  protected matching(ctx: Ctx, q: Omit<IndexQuery, 'limit'>) {
    // CROSS JOIN: the matches drive, newest first, and the limit stops the walk (see matchingIds);
    // the portal and the kind are in every word already (`partitionOf`).
    const base = db(ctx)
      .selectFrom('search_fts as f')
      .crossJoin('search_item as s')
      .whereRef('s.id', '=', 'f.rowid')
      .where(sql<boolean>`f.search_fts match ${this.match(ctx, q)}`);
    return narrowed(ctx, base as any, q);
  }

  matchingIds(ctx: Ctx, kind: string, terms: Term[], keys: string[]) {
    // CROSS JOIN: SQLite keeps that order, so the words' matches drive and each row is read once;
    // otherwise it may walk the portal's rows and ask FTS5 once for each.
    const byWords = db(ctx)
      .selectFrom('search_fts as f')
      .crossJoin('search_item as s')
      .whereRef('s.id', '=', 'f.rowid')
      .select('s.item_id')
      .where(terms.length ? sql<boolean>`f.search_fts match ${this.match(ctx, { kind, terms, titleOnly: false })}` : sql<boolean>`1 = 0`)
      .where('s.portal_id', '=', ctx.portal.id);
    return (keys.length ? byWords.union(this.keyIds(ctx, kind, keys)) : byWords) as SelectQueryBuilder<any, any, { item_id: number }>;
  }

  async find(ctx: Ctx, q: IndexQuery): Promise<IndexHit[]> {
    if (!q.terms.length) return [];
    const rows = await hits(this.matching(ctx, q)).orderBy('f.rowid', 'desc').limit(q.limit).execute();
    return rows.map(toHit);
  }
}

/** A lexeme in PostgreSQL's tsvector and tsquery syntax: quoted, used as it is (the stems are made in JS). */
const pgLexeme = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/**
 * The tsvector of a document, each lexeme with its partition in front (`partitionOf`): title stems
 * weighted A, body B, name keys C, access tokens D; each lexeme once per weight.
 */
function tsvectorOf(d: PreparedDocument, part: string): string {
  const parts: string[] = [];
  let pos = 0;
  const add = (lexemes: string[], weight: string) => {
    for (const l of new Set(lexemes)) if (l && pos < 16000) parts.push(`${pgLexeme(part + l)}:${++pos}${weight}`);
  };
  add([ANY, ...d.access], 'D');
  add(d.titleStems, 'A');
  add(d.bodyStems, 'B');
  add(d.names, 'C');
  return parts.join(' ');
}

export class PostgresEngine extends BaseEngine {
  protected async insert(ctx: Ctx, kind: string, docs: PreparedDocument[], now: string) {
    const out: { id: number; itemId: number }[] = [];
    for (let i = 0; i < docs.length; i += 1000) {
      const chunk = docs.slice(i, i + 1000);
      const cols = [...ITEM_COLUMNS, 'doc'];
      const part = partitionOf(ctx.portal.id, kind);
      const arrays = cols.map((_, c) => chunk.map((d) => [...itemValues(ctx, kind, d, now), tsvectorOf(d, part)][c]));
      const types = ['int[]', 'text[]', 'int[]', 'text[]', 'text[]', 'text[]', 'int[]', 'timestamptz[]', 'timestamptz[]', 'text[]'];
      const text = `insert into search_item (${cols.join(', ')}) select portal_id, kind, item_id, title, subtitle, url, author_id, item_date, indexed_at, doc::tsvector from unnest(${types
        .map((t, n) => `$${n + 1}::${t}`)
        .join(', ')}) as u(${cols.join(', ')}) returning id, item_id`;
      const res = await ctx.db.executeQuery<any>(CompiledQuery.raw(text, arrays));
      out.push(...res.rows.map((r: any) => ({ id: Number(r.id), itemId: Number(r.item_id) })));
    }
    return out;
  }

  // The words are a column of the item row: deleting the row takes them.
  protected async removeWords(): Promise<void> {}

  private tsquery(ctx: Ctx, q: Pick<IndexQuery, 'kind' | 'terms' | 'titleOnly'> & { readable?: IndexQuery['readable'] }): string {
    const part = partitionOf(ctx.portal.id, q.kind);
    const words = q.titleOnly ? 'A' : 'AB';
    const term = (t: Term) => `(${t.alternatives.map((a) => `${pgLexeme(part + a.text)}:${a.prefix ? '*' : ''}${a.in === 'names' ? 'C' : words}`).join(' | ')})`;
    const access = q.readable ? accessOf(q.readable) : null;
    const rights = access ? [accessQuery(access, part, { token: (t) => `${pgLexeme(t)}:D`, and: '&', or: '|', not: (a, b) => `(${a} & !${b})` })] : [];
    return [...q.terms.map(term), ...rights].join(' & ');
  }

  protected matching(ctx: Ctx, q: Omit<IndexQuery, 'limit'>) {
    const base = db(ctx)
      .selectFrom('search_item as s')
      .where(sql<boolean>`s.doc @@ ${this.tsquery(ctx, q)}::tsquery`);
    return narrowed(ctx, base as any, q);
  }

  matchingIds(ctx: Ctx, kind: string, terms: Term[], keys: string[]) {
    const byWords = db(ctx)
      .selectFrom('search_item as s')
      .select('s.item_id')
      .where(terms.length ? sql<boolean>`s.doc @@ ${this.tsquery(ctx, { kind, terms, titleOnly: false })}::tsquery` : sql<boolean>`1 = 0`)
      .where('s.portal_id', '=', ctx.portal.id)
      .where('s.kind', '=', kind);
    return (keys.length ? byWords.union(this.keyIds(ctx, kind, keys)) : byWords) as SelectQueryBuilder<any, any, { item_id: number }>;
  }

  async find(ctx: Ctx, q: IndexQuery): Promise<IndexHit[]> {
    if (!q.terms.length) return [];
    // Ordered as the (portal, kind, id) index is, so the planner may walk the kind's rows newest
    // first instead of every kind's by the primary key.
    const rows = await hits(this.matching(ctx, q)).orderBy('s.portal_id', 'desc').orderBy('s.kind', 'desc').orderBy('s.id', 'desc').limit(q.limit).execute();
    return rows.map(toHit);
  }
}

export function engineFor(dialect: 'sqlite' | 'postgres'): SearchEngine {
  return dialect === 'postgres' ? new PostgresEngine() : new SqliteEngine();
}
