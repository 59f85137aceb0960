/**
 * Portal search benchmark: the «Speed» targets of the search issue over the index of `data.ts`
 * (5,000,000 items across employees, deals, leads, contacts and companies; 1,000 users, of them
 * 50 administrators who read everything, 300 who read only their own CRM items and the rest
 * their department's), on SQLite and on PostgreSQL. Each figure is printed beside the raw index
 * query (the engine's `find` with readable 'all': the FTS5 MATCH or the tsvector @@ alone), timed too.
 *
 *   npm run bench:search -w bench                  (SQLite, then PostgreSQL when BENCH_DATABASE_URL is set)
 *   BENCH_ONLY=postgres BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/search/run.ts
 *   BENCH_SCALE=0.4 …                              (2,000,000 items instead of 5,000,000)
 *   BENCH_KEEP=1 …, then BENCH_REUSE_URL=<printed address> npx tsx bench/search/run.ts   (measure again, no generating)
 *
 * Figures:
 *   page    — the results page (`searchPage`, 20 a page, with the counts by kind) of a typed query (≤ 50 ms p95);
 *   box     — the top bar's box (`searchBox`, 5 a kind) (≤ 30 ms p95);
 *   fresh   — a deal created through the CRM service (as POST /api/crm/deals does) is found by
 *             its responsible's box within 1 s (p95 of 20), the outbox processor indexing it;
 *   rebuild — 5,000,000 documents through `prepare` + `replace` in batches of 1,000, one
 *             transaction each, as the rebuild writes them (≤ 10 min; projected from the items/s
 *             when BENCH_SCALE is below 1).
 * The queries go round a mix (a surname, the same with a typo, a company name, a common word, two
 * words, a phone number, a prefix being typed, a word in the wrong keyboard layout), each as
 * another user, the three kinds of rights in turn; every call is a new request's ctx, so the
 * user's rights are read again as a request does. BENCH_EXPLAIN=1 adds the plans of the statements.
 * Exit code 0 when every target holds, 1 when one fails, 2 when the bench itself failed.
 */
import os from 'node:os';
import { CompiledQuery, sql, type KyselyPlugin, type RootOperationNode } from 'kysely';
import type { Ctx } from '../../server/src/platform/context.js';
import { engineFor } from '../../server/src/modules/search/engine.js';
import { searchBox, searchPage } from '../../server/src/modules/search/service.js';
import { termsOf } from '../../server/src/modules/search/terms.js';
import { pct, printFigures, runOnEachDatabase, step, type Figure } from '../measure.js';
import { generate, SCALE, type Scope, type SearchBench } from './data.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 240);
const FRESH_RUNS = 20;
const KINDS = ['employees', 'crm.deal', 'crm.lead', 'crm.contact', 'crm.company'];
const SCOPES: Scope[] = ['all', 'department', 'own'];
const FULL = 5_000_000;

async function time(runs: number, fn: (i: number) => Promise<unknown>): Promise<{ p50: number; p95: number; ms: number[] }> {
  for (let i = 0; i < 8; i++) await fn(runs + i); // warm: statement caches, code paths
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn(i);
    ms.push(performance.now() - t0);
  }
  return { p50: pct(ms, 0.5), p95: pct(ms, 0.95), ms };
}

/** The statements a call runs, compiled as the database gets them (a plugin sees each one on its way). */
async function recorded(d: SearchBench, ctx: Ctx, fn: (ctx: Ctx) => Promise<unknown>): Promise<CompiledQuery[]> {
  const nodes: RootOperationNode[] = [];
  const plugin: KyselyPlugin = {
    transformQuery: (a) => (nodes.push(a.node), a.node),
    transformResult: async (a) => a.result,
  };
  const db = d.app.platform.db.withPlugin(plugin);
  await fn({ ...ctx, db });
  const exec = d.app.platform.db.getExecutor();
  return nodes.map((n) => exec.compileQuery(n, { queryId: '' } as any));
}

function inlined(c: CompiledQuery): string {
  let i = 0;
  return c.sql.replace(/\?|\$\d+/g, (m) => {
    const v = c.parameters[m === '?' ? i++ : Number(m.slice(1)) - 1];
    return typeof v === 'string' ? `'${v.replace(/'/g, "''")}'` : String(v);
  });
}

async function explain(d: SearchBench, c: CompiledQuery): Promise<string> {
  const text = d.dialect === 'postgres' ? `explain (analyze, buffers) ${c.sql}` : `explain query plan ${c.sql}`;
  const res = await d.app.platform.db.executeQuery(CompiledQuery.raw(text, [...c.parameters]));
  return res.rows.map((r: any) => r['QUERY PLAN'] ?? r.detail).join('\n');
}

async function figures(d: SearchBench): Promise<{ list: Figure[]; breakdown: string[] }> {
  const sys = d.system();
  const db = d.app.platform.db as any;
  // A phone of a contact, written as people type it.
  const tel = await db
    .selectFrom('search_key as k')
    .innerJoin('search_item as s', 's.id', 'k.row_id')
    .select('k.key')
    .where('s.kind', '=', 'crm.contact')
    .where('k.key', 'like', 'tel:79%')
    .orderBy('k.row_id', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  const digits = String(tel.key).slice(4);
  const phone = `+7 (${digits.slice(1, 4)}) ${digits.slice(4, 7)}-${digits.slice(7, 9)}-${digits.slice(9)}`;
  const QUERIES: { name: string; q: string }[] = [
    { name: 'surname', q: 'Кузнецова' },
    { name: 'surname, typo', q: 'Кузнецвоа' },
    { name: 'company', q: 'Волга' },
    { name: 'common word', q: 'договор' },
    { name: 'two words', q: 'поставка оборудования' },
    { name: 'phone', q: phone },
    { name: 'prefix', q: 'пет' },
    { name: 'wrong layout', q: 'cltkrf' },
  ];
  const who = (i: number) => {
    const scope = SCOPES[i % 3]!;
    const list = d.users[scope];
    return { scope, user: list[Math.floor(i / 3) % list.length]! };
  };
  const queryOf = (i: number) => QUERIES[Math.floor(i / 3) % QUERIES.length]!;
  const cells = new Map<string, number[]>();
  const cell = (what: string, i: number, ms: number) => {
    const k = `${what}|${queryOf(i).name}|${who(i).scope}`;
    cells.set(k, [...(cells.get(k) ?? []), ms]);
  };
  const found = { box: 0, page: 0 };

  step(`${d.dialect}: page, ${RUNS} runs`);
  const page = await time(RUNS, async (i) => {
    const ctx = await d.as(who(i).user);
    const t0 = performance.now();
    const res = await searchPage(ctx, queryOf(i).q, { limit: 20 });
    if (i < RUNS) cell('page', i, performance.now() - t0);
    if (i < RUNS && res.items.length) found.page++;
  });
  step(`${d.dialect}: box, ${RUNS} runs`);
  const box = await time(RUNS, async (i) => {
    const ctx = await d.as(who(i).user);
    const t0 = performance.now();
    const res = await searchBox(ctx, queryOf(i).q, 5);
    if (i < RUNS) cell('box', i, performance.now() - t0);
    if (i < RUNS && res.groups.length) found.box++;
  });

  // The index alone: every kind's `find` of the query's words, rights 'all', as the page asks it.
  const engine = engineFor(d.dialect);
  const raw = await time(RUNS, async (i) => {
    const terms = termsOf(queryOf(i).q);
    for (const kind of KINDS) await engine.find(sys, { kind, terms, titleOnly: false, readable: 'all', limit: 21 });
  });
  const rawBox = await time(RUNS, async (i) => {
    const terms = termsOf(queryOf(i).q);
    for (const kind of KINDS) await engine.find(sys, { kind, terms, titleOnly: true, readable: 'all', limit: 5 });
  });
  const [rawSql] = await recorded(d, sys, (c) => engine.find(c, { kind: 'crm.deal', terms: termsOf('договор'), titleOnly: false, readable: 'all', limit: 21 }));
  // The same statement as an own-scope user's page runs it: with the kind's rights condition.
  const ownCtx = await d.as(d.users.own[0]!);
  const ownStatements = await recorded(d, ownCtx, (c) => searchPage(c, 'договор', { limit: 20 }));
  const ownFind = ownStatements.find((c) => /crm_deal/.test(c.sql) && /order by/i.test(c.sql))!;
  const ownCount = ownStatements.find((c) => /crm_deal/.test(c.sql) && /count/i.test(c.sql));
  const plans = process.env.BENCH_EXPLAIN ? [await explain(d, ownFind), ownCount ? await explain(d, ownCount) : ''] : [];
  const sqlText = (extra: CompiledQuery[]) =>
    [
      `-- the index alone (crm.deal, «договор», rights 'all'):`,
      inlined(rawSql!),
      `-- an own-scope user's page, the deals' statements:`,
      ...extra.map(inlined),
      ...plans.filter(Boolean).map((p) => `-- plan:\n${p}`),
    ].join('\n');

  const list: Figure[] = [
    {
      name: `page: searchPage, 20 a page with counts by kind (${QUERIES.length} queries × 3 kinds of rights)`,
      target: 50,
      p50: page.p50,
      p95: page.p95,
      rawP95: raw.p95,
      sql: sqlText([ownFind, ...(ownCount ? [ownCount] : [])]),
      note: `${found.page} of ${RUNS} runs found something; raw = ${KINDS.length} kinds' find with rights 'all'`,
    },
    {
      name: 'box: searchBox, 5 a kind',
      target: 30,
      p50: box.p50,
      p95: box.p95,
      rawP95: rawBox.p95,
      sql: `-- the box runs, per kind, findByKeys, then find of titles, then find of titles and bodies, as the page's statement above with limit 5`,
      note: `${found.box} of ${RUNS} runs found something; raw = ${KINDS.length} kinds' title find with rights 'all'`,
    },
  ];
  const breakdown: string[] = [];
  for (const what of ['page', 'box']) {
    breakdown.push(`  ${what}: p50 / p95 ms by query and rights (all | department | own)`);
    for (const q of QUERIES) {
      const parts = SCOPES.map((s) => {
        const ms = cells.get(`${what}|${q.name}|${s}`) ?? [];
        return ms.length ? `${pct(ms, 0.5).toFixed(1)} / ${pct(ms, 0.95).toFixed(1)}` : '—';
      });
      breakdown.push(`    ${q.name.padEnd(14)} «${q.q}»`.padEnd(48) + parts.join(' | '));
    }
  }

  // ---------------------------------------------------------------- fresh
  step(`${d.dialect}: fresh, ${FRESH_RUNS} deals created and looked for`);
  await d.app.startWorkers();
  // Loaded after the app: the CRM's modules import each other in the registry's order.
  const { createDeal } = await import('../../server/src/modules/crm/deals/service.js');
  const fresh: number[] = [];
  const pipeline = await db.selectFrom('crm_pipeline').select('id').where('portal_id', '=', d.portal.id).where('entity_type', '=', 'deal').orderBy('id').executeTakeFirstOrThrow();
  for (let i = 0; i < FRESH_RUNS; i++) {
    const user = d.users.department[i % d.users.department.length]!;
    // A word no other item has: letters only, from the run's number.
    const mark = `зенит${[...String(100 + i)].map((c) => 'абвгдежзик'[Number(c)]).join('')}`;
    const t0 = performance.now();
    const deal = await createDeal(await d.as(user), { title: `Поставка ${mark} для ООО «Волга»`, pipelineId: pipeline.id, responsibleId: user, comments: 'Договор на поставку, счёт выставлен' });
    for (;;) {
      const res = await searchBox(await d.as(user), mark, 5);
      if (res.groups.some((g) => g.items.some((it) => it.id === String(deal.id)))) break;
      if (performance.now() - t0 > 10_000) throw new Error(`deal ${deal.id} not found 10 s after its write`);
      await new Promise((r) => setTimeout(r, 10));
    }
    fresh.push(performance.now() - t0);
  }
  list.push({
    name: 'fresh: a deal created through the CRM service, found by its responsible in the box',
    target: 1000,
    p50: pct(fresh, 0.5),
    p95: pct(fresh, 0.95),
    rawP95: 0,
    sql: '-- createDeal (POST /api/crm/deals) commits, the outbox processor search.index reindexes it, searchBox is asked every 10 ms',
    note: `${FRESH_RUNS} deals, from the call that writes to the first box that shows it; raw n/a`,
  });

  // ---------------------------------------------------------------- rebuild
  if (d.indexed) {
    const perSecond = d.indexed.items / (d.indexed.ms / 1000);
    const full = (FULL / perSecond) * 1000;
    list.push({
      name: `rebuild: ${FULL.toLocaleString('en')} documents through prepare + replace, batches of 1,000, one transaction each`,
      target: 600_000,
      p50: full,
      p95: full,
      rawP95: 0,
      sql: '-- per batch: select of the old rows, insert of search_item (and search_fts on SQLite), search_key, search_word, search_trgm',
      note: `${d.indexed.items.toLocaleString('en')} indexed in ${(d.indexed.ms / 1000).toFixed(0)} s = ${Math.round(perSecond).toLocaleString('en')} items/s${d.indexed.items < FULL ? `; ${FULL.toLocaleString('en')} projected at that rate` : ''} (the time is for all, not a percentile; reading the modules' documents is not in it)`,
    });
  }
  return { list, breakdown };
}

runOnEachDatabase(async (pgUrl) => {
  const t0 = performance.now();
  const d = await generate({ pgUrl });
  step(`${d.dialect}: data ready in ${((performance.now() - t0) / 1000).toFixed(0)} s; measuring`);
  try {
    const db = d.app.platform.db;
    const rows = (await sql<{ kind: string; n: number | string }>`select kind, count(*) as n from search_item group by kind order by kind`.execute(db)).rows;
    const total = rows.reduce((s, r) => s + Number(r.n), 0);
    const { list, breakdown } = await figures(d);
    console.log(
      `\n=== ${d.dialect}: ${total.toLocaleString('en')} indexed items (${rows.map((r) => `${r.kind} ${Number(r.n).toLocaleString('en')}`).join(', ')}); ${d.users.all.length + d.users.department.length + d.users.own.length} users: ${d.users.all.length} all, ${d.users.department.length} department, ${d.users.own.length} own (BENCH_SCALE=${SCALE}, ${RUNS} runs; load average ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')} on ${os.cpus().length} cores) ===`,
    );
    console.log("Rights: each CRM kind's own readable (exists over crm_deal / crm_lead / crm_contact / crm_company rows, one per indexed item); employees are 'all'.");
    const ok = printFigures(list);
    console.log(`\n${breakdown.join('\n')}`);
    return ok;
  } finally {
    await d.close();
  }
});
