/**
 * Drive benchmark: the listing, «Общие со мной», trash, quota and search figures through the real
 * API routes (app.inject with a signed-in employee: the session, rights, queries and the JSON reply
 * of each request), each beside its page's raw SQL statement timed alone; then uploads by the tus
 * protocol over real HTTP to the built server run as a child process, its RSS sampled every 100 ms.
 *
 *   npx tsx bench/drive/run.ts                       (SQLite, then PostgreSQL when BENCH_DATABASE_URL is set)
 *   BENCH_ONLY=postgres BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/drive/run.ts
 *   BENCH_SCALE=0.1 …         (100 employees and 100,000 files portal-wide instead of 1,000 and 1,000,000)
 *   BENCH_RUNS=200            measured requests per figure (after a few to warm up)
 *   BENCH_UPLOAD_MB=2048      the large upload; BENCH_PARALLEL=50 uploads of BENCH_PARALLEL_MB=20 at once
 *   BENCH_UPLOADS=0           leave the uploads out; BENCH_SEARCH=0 leaves the search index out
 *   BENCH_SKIP_BUILD=1        use the existing server/dist (else `npm run build -w server` first)
 *   BENCH_SEARCH_RUNS=…       requests of the search figure (default BENCH_RUNS)
 *   BENCH_EXPLAIN=1           print each page statement's plan
 *   BENCH_KEEP=1              keep the database and DATA_DIR (their address is printed)
 *
 * Figures (targets):
 *   a folder of 10,000 files (and 100 folders): the first page, a page in the middle through the
 *   cursor, and each order the UI offers (name, changed, size; both directions) — ≤ 50 ms p95, on the
 *   10,000-file folder alone, then again with 1,000,000 files portal-wide;
 *   «Общие со мной», the trash (2,000 items) and the quota read — ≤ 50 ms p95;
 *   search by name (the results page, the drive's kind only) — ≤ 50 ms p95;
 *   a 2 GB upload: throughput ≥ 80 % of the disk's own write speed with fsync, server peak RSS < 200 MB;
 *   50 parallel uploads of 20 MB: all succeed, 0 errors, peak RSS < 200 MB.
 * Exit code 0 when every target holds, 1 when one fails, 2 when the bench itself failed.
 */
import os from 'node:os';
import { CompiledQuery, type KyselyPlugin, type RootOperationNode } from 'kysely';
import type { Ctx } from '../../server/src/platform/context.js';
import { listFolder, sharedWithMe } from '../../server/src/modules/drive/service.js';
import { listTrash } from '../../server/src/modules/drive/trash.js';
import { quotaOf } from '../../server/src/modules/drive/quota.js';
import { engineFor } from '../../server/src/modules/search/engine.js';
import { termsOf } from '../../server/src/modules/search/terms.js';
import { pct, printFigures, runOnEachDatabase, step, type Figure } from '../measure.js';
import { generate, PASSWORD, SCALE, SIZES, type DriveBench } from './data.js';
import { uploadFigures } from './upload.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const LIST_TARGET = 50;
const SEARCH_RUNS = Number(process.env.BENCH_SEARCH_RUNS ?? RUNS);

async function time(runs: number, fn: (i: number) => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 5; i++) await fn(runs + i);
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn(i);
    ms.push(performance.now() - t0);
  }
  return { p50: pct(ms, 0.5), p95: pct(ms, 0.95) };
}

/** The statements a service call runs, compiled as the database gets them. */
async function recorded(d: DriveBench, ctx: Ctx, fn: (ctx: Ctx) => Promise<unknown>): Promise<CompiledQuery[]> {
  const nodes: RootOperationNode[] = [];
  const plugin: KyselyPlugin = {
    transformQuery: (a) => (nodes.push(a.node), a.node),
    transformResult: async (a) => a.result,
  };
  await fn({ ...ctx, db: d.app.platform.db.withPlugin(plugin) });
  const exec = d.app.platform.db.getExecutor();
  return nodes.map((n) => exec.compileQuery(n, { queryId: '' } as never));
}

function inlined(c: CompiledQuery): string {
  let i = 0;
  return c.sql.replace(/\?|\$\d+/g, (m) => {
    const v = c.parameters[m === '?' ? i++ : Number(m.slice(1)) - 1];
    return typeof v === 'string' ? `'${v.replace(/'/g, "''")}'` : String(v);
  });
}

async function explain(d: DriveBench, c: CompiledQuery): Promise<string> {
  const text = d.dialect === 'postgres' ? `explain (analyze, buffers) ${c.sql}` : `explain query plan ${c.sql}`;
  const res = await d.app.platform.db.executeQuery(CompiledQuery.raw(text, [...c.parameters]));
  return res.rows.map((r: any) => r['QUERY PLAN'] ?? r.detail).join('\n');
}

/** A signed-in employee's requests through the app's router (app.inject): cookies and CSRF as the web app sends them. */
async function client(d: DriveBench) {
  const login = await d.app.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'x-portal': d.portal.name }, payload: { login: d.me.email, password: PASSWORD } });
  if (login.statusCode !== 200) throw new Error(`sign-in failed: ${login.statusCode} ${login.body}`);
  const cookies = Object.fromEntries((login.cookies as { name: string; value: string }[]).map((c) => [c.name, c.value]));
  const headers = {
    'x-portal': d.portal.name,
    'x-csrf-token': cookies.csrf ?? '',
    cookie: Object.entries(cookies)
      .map(([k, v]) => `${k}=${v}`)
      .join('; '),
  };
  return async (url: string): Promise<any> => {
    const res = await d.app.app.inject({ method: 'GET', url, headers });
    if (res.statusCode !== 200) throw new Error(`GET ${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    return res.json();
  };
}

type Route = { name: string; url: (i: number) => string; call: (ctx: Ctx) => Promise<unknown>; pick: (c: CompiledQuery) => boolean; note?: string };

async function figure(d: DriveBench, get: (url: string) => Promise<any>, ctx: Ctx, route: Route, target = LIST_TARGET, runs = RUNS): Promise<Figure> {
  step(`${d.dialect}: ${route.name}, ${runs} requests`);
  const api = await time(runs, (i) => get(route.url(i)));
  const statements = await recorded(d, ctx, route.call);
  const main = statements.find(route.pick) ?? statements[0]!;
  const raw = await time(RUNS, () => d.app.platform.db.executeQuery(main));
  const plan = process.env.BENCH_EXPLAIN ? `\n-- plan:\n${await explain(d, main)}` : '';
  return {
    name: route.name,
    target,
    p50: api.p50,
    p95: api.p95,
    rawP95: raw.p95,
    sql: `-- ${statements.length} statements a request (after the session's); timed alone:\n${inlined(main)}${plan}`,
    note: route.note,
  };
}

async function listingFigures(d: DriveBench, stage: string): Promise<Figure[]> {
  const get = await client(d);
  const ctx = await d.as(d.me.userId);
  const folder = d.me.bigFolderId;
  // A cursor from the middle of the folder: page 100 of 50 (names from «…» on), got by walking once.
  let cursor: string | null = null;
  {
    let c: string | null = null;
    for (let p = 0; p < 100; p++) {
      const page: { nextCursor: string | null } = await get(`/api/drive/items/${folder}/children?limit=50${c ? `&cursor=${c}` : ''}`);
      c = page.nextCursor;
    }
    cursor = c;
  }
  const page = (c: CompiledQuery) => /order by/i.test(c.sql) && /"parent_id"/.test(c.sql) && /limit/i.test(c.sql);
  const sorts: { sort: 'name' | 'updated' | 'size'; dir: 'asc' | 'desc' }[] = [
    { sort: 'name', dir: 'asc' },
    { sort: 'name', dir: 'desc' },
    { sort: 'updated', dir: 'asc' },
    { sort: 'updated', dir: 'desc' },
    { sort: 'size', dir: 'asc' },
    { sort: 'size', dir: 'desc' },
  ];
  const routes: Route[] = [
    {
      name: `${stage}: GET /api/drive/items/:id/children, first page (50, by name)`,
      url: () => `/api/drive/items/${folder}/children`,
      call: (c) => listFolder(c, folder, { sort: 'name', dir: 'asc', limit: 50 }),
      pick: page,
    },
    {
      name: `${stage}: the same, page 101 through the cursor`,
      url: () => `/api/drive/items/${folder}/children?cursor=${cursor}`,
      call: (c) => listFolder(c, folder, { sort: 'name', dir: 'asc', limit: 50, cursor: cursor! }),
      pick: page,
    },
    ...sorts.slice(1).flatMap((s): Route[] => [
      {
        name: `${stage}: first page by ${s.sort} ${s.dir}`,
        url: () => `/api/drive/items/${folder}/children?sort=${s.sort}&dir=${s.dir}`,
        call: (c) => listFolder(c, folder, { ...s, limit: 50 }),
        pick: page,
      },
    ]),
  ];
  // Later pages in the other orders: their cursor from the first page, one page on.
  for (const s of sorts.slice(1)) {
    const first = await get(`/api/drive/items/${folder}/children?sort=${s.sort}&dir=${s.dir}&limit=200`);
    let c: string = first.nextCursor;
    for (let p = 0; p < 25; p++) c = (await get(`/api/drive/items/${folder}/children?sort=${s.sort}&dir=${s.dir}&limit=200&cursor=${c}`)).nextCursor ?? c;
    routes.push({
      name: `${stage}: a later page (after 5,200 items) by ${s.sort} ${s.dir}`,
      url: () => `/api/drive/items/${folder}/children?sort=${s.sort}&dir=${s.dir}&cursor=${c}`,
      call: (x) => listFolder(x, folder, { ...s, limit: 50, cursor: c }),
      pick: page,
    });
  }
  const out: Figure[] = [];
  for (const r of routes) out.push(await figure(d, get, ctx, r));
  return out;
}

async function portalFigures(d: DriveBench): Promise<Figure[]> {
  const get = await client(d);
  const ctx = await d.as(d.me.userId);
  const out: Figure[] = [];
  out.push(
    await figure(d, get, ctx, {
      name: 'at scale: GET /api/drive/shared («Общие со мной», first page of 50)',
      url: () => '/api/drive/shared',
      call: (c) => sharedWithMe(c, undefined),
      pick: (c) => /drive_share/.test(c.sql) && /order by/i.test(c.sql),
      note: `${SIZES.sharedWithMe} items shared with the employee (a tenth through their department) among ${d.counts.drive_share?.toLocaleString('en')} shares`,
    }),
  );
  out.push(
    await figure(d, get, ctx, {
      name: 'at scale: GET /api/drive/trash (first page of 50)',
      url: () => `/api/drive/trash?storageId=${d.me.storageId}`,
      call: (c) => listTrash(c, d.me.storageId, null),
      pick: (c) => /trash_root/.test(c.sql) && /order by/i.test(c.sql),
      note: `${SIZES.myTrash.toLocaleString('en')} items in the employee's trash, ${Math.round(d.counts.drive_item! * 0.05).toLocaleString('en')} portal-wide`,
    }),
  );
  out.push(
    await figure(d, get, ctx, {
      name: 'at scale: GET /api/drive/quota (used bytes of the portal and of «Мой диск»)',
      url: () => '/api/drive/quota',
      call: (c) => quotaOf(c, 1),
      pick: (c) => /sum/i.test(c.sql),
    }),
  );
  if (d.indexed) {
    const words = ['отчёт', 'договор 12', 'смета', 'презентация', 'скан', 'бюджет'];
    const f = await figure(
      d,
      get,
      ctx,
      {
        name: 'at scale: GET /api/search/page?kind=drive.item (search by name, 20 a page)',
        url: (i) => `/api/search/page?kind=drive.item&q=${encodeURIComponent(words[i % words.length]!)}`,
        call: (c) => engineFor(d.dialect).find(c, { kind: 'drive.item', terms: termsOf('отчёт'), titleOnly: false, readable: 'all', limit: 21 }),
        pick: () => true,
        note: `${words.length} queries in turn as a non-administrator (the drive's rights condition in the statement), ${SEARCH_RUNS} runs; raw = the index alone, rights 'all', «отчёт»`,
      },
      LIST_TARGET,
      SEARCH_RUNS,
    );
    out.push(f);
  }
  return out;
}

runOnEachDatabase(async (pgUrl) => {
  const t0 = performance.now();
  const d = await generate({ pgUrl });
  step(`${d.dialect}: data ready in ${((performance.now() - t0) / 1000).toFixed(0)} s; measuring`);
  let keep = false;
  try {
    const list: Figure[] = [];
    list.push(...(await listingFigures(d, `alone: ${d.counts.drive_item!.toLocaleString('en')} items portal-wide`)));
    await d.grow();
    list.push(...(await listingFigures(d, `at scale: ${d.counts.drive_item!.toLocaleString('en')} items portal-wide`)));
    list.push(...(await portalFigures(d)));
    await d.close();
    const uploads = process.env.BENCH_UPLOADS === '0' ? null : await uploadFigures(d);
    console.log(
      `\n=== drive, ${d.dialect}: ${Object.entries(d.counts)
        .map(([k, n]) => `${k} ${n.toLocaleString('en')}`)
        .join(', ')}; ${SIZES.users} employees (BENCH_SCALE=${SCALE}, ${RUNS} runs; load average ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')} on ${os.cpus().length} cores) ===`,
    );
    if (d.indexed) console.log(`search index: ${d.indexed.items.toLocaleString('en')} drive items through rebuildPortal in ${(d.indexed.ms / 1000).toFixed(0)} s`);
    let ok = printFigures(list);
    if (uploads) {
      console.log('');
      for (const line of uploads.lines) console.log(line);
      ok &&= uploads.ok;
    }
    keep = !!process.env.BENCH_KEEP;
    return ok;
  } finally {
    await d.close().catch(() => {});
    if (!keep) await d.drop();
    else console.log(`kept: ${d.url} (DATA_DIR ${d.dataDir})`);
  }
});
