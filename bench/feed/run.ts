/**
 * News-feed benchmark: the «Speed» targets of the feed issue, measured on the server's own
 * service functions (the routes' code without HTTP) over a portal of 5,000 employees in 25
 * departments and 50 groups, 1,000,000 posts (two in five to everyone, the rest to a department,
 * a group or a person), 5,000,000 comments (a fifth of them answers), 20,000,000 views and
 * 1,000,000 reactions, on SQLite and on PostgreSQL. Each figure is printed beside the raw SQL of
 * its main statement, and that SQL timed alone.
 *
 *   npx tsx bench/feed/run.ts                      (SQLite, then PostgreSQL when BENCH_DATABASE_URL is set)
 *   BENCH_ONLY=postgres BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/feed/run.ts
 *   BENCH_SCALE=0.1 …                             (a tenth of the posts, comments, views and reactions)
 *
 * Figures:
 *   first page — a user's first page: 20 posts with their counts, last 3 comments and reactions (≤ 50 ms p95);
 *   next page  — the page after it, by the cursor (≤ 50 ms p95);
 *   view       — recording that a user saw a post (≤ 5 ms p95).
 * Each run takes another user, so no run reads only what the one before left in memory.
 * Exit code 0 when every target holds, 1 when one fails, 2 when the bench itself failed.
 */
import fs from 'node:fs';
import { sql } from 'kysely';
import { buildApp, type BuiltApp } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/platform/config.js';
import { actorCtx, systemCtx, type Ctx, type PortalRow } from '../../server/src/platform/context.js';
import { insertMany } from '../../server/src/platform/db/bulk.js';
import { addDepartment, addMember, createPortal } from '../../server/src/modules/users/provision.js';
import { actorFor } from '../../server/src/modules/users/api.js';
import { listFeed } from '../../server/src/modules/feed/page.js';
import { recordViews } from '../../server/src/modules/feed/service.js';
import { readerKeys } from '../../server/src/modules/feed/audience.js';
import { scoped } from '../../server/src/platform/db/scoped.js';
import { freshDatabase } from '../fresh-database.js';
import { inline, printFigures, Rng, runOnEachDatabase, step, timed, type Figure } from '../measure.js';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const RUNS = Number(process.env.BENCH_RUNS ?? 100);
const SIZES = {
  users: 5_000,
  departments: 25,
  groups: 50,
  groupSize: 100,
  posts: Math.round(1_000_000 * SCALE),
  comments: Math.round(5_000_000 * SCALE),
  views: Math.round(20_000_000 * SCALE),
  reactions: Math.round(1_000_000 * SCALE),
};
const int = (name: string) => ({ name, pg: 'int4' });
const text = (name: string) => ({ name, pg: 'text' });
const time = (name: string) => ({ name, pg: 'timestamptz' });

interface Bench {
  app: BuiltApp;
  dialect: 'sqlite' | 'postgres';
  portal: PortalRow;
  users: number[];
  close(): Promise<void>;
}

async function generate(pgUrl: string | null): Promise<Bench> {
  const r = new Rng(20261204);
  const db0 = await freshDatabase(pgUrl, 'feed');
  const app = await buildApp(loadConfig({}, { databaseUrl: db0.url, dataDir: db0.dataDir, logLevel: 'silent', pollMs: 60_000 }), { logger: false });
  const dialect = app.platform.dialect as 'sqlite' | 'postgres';
  const db = app.platform.db;
  const sys = app.platform.sys;
  step(`${dialect}: portal, ${SIZES.users.toLocaleString('en')} employees in ${SIZES.departments} departments, ${SIZES.groups} groups`);
  const portal = await db.transaction().execute((tx) => createPortal({ db: tx, sys }, 'benchfeed', 'Бенчмарк новостей'));
  const root = await db.transaction().execute((tx) => addDepartment(systemCtx({ db: tx, sys }, portal), 'Компания', null));
  const depts: number[] = [];
  const users: number[] = [];
  const deptOf = new Map<number, number>();
  for (let d = 0; d < SIZES.departments; d++) {
    await db.transaction().execute(async (tx) => {
      const ctx = systemCtx({ db: tx, sys }, portal);
      const dep = await addDepartment(ctx, `Отдел ${d + 1}`, root);
      depts.push(dep);
      for (let i = 0; i < SIZES.users / SIZES.departments; i++) {
        const n = users.length + 1;
        const id = await addMember(ctx, { email: `user${n}@benchfeed.example`, password: null, firstName: 'Анна', lastName: `Сотрудник${n}`, departmentId: dep, role: n === 1 ? 'admin' : 'employee' });
        users.push(id);
        deptOf.set(id, dep);
      }
    });
  }
  await app.platform.portals.reload();
  const at = new Date(Date.UTC(2026, 11, 4)).toISOString();
  const groups: number[] = [];
  const members = new Map<number, number[]>();
  await db.transaction().execute(async (tx) => {
    for (let g = 0; g < SIZES.groups; g++) {
      const row = await tx
        .insertInto('work_group')
        .values({
          portal_id: portal.id,
          name: `Группа ${g + 1}`,
          description: '',
          kind: 'group',
          visibility: g % 2 ? 'closed' : 'open',
          archived: 0,
          owner_id: users[g]!,
          version: 1,
          created_at: at,
          updated_at: at,
        } as any)
        .returning('id')
        .executeTakeFirstOrThrow();
      groups.push(row.id);
      const who = users.slice((g * SIZES.groupSize) % SIZES.users, ((g * SIZES.groupSize) % SIZES.users) + SIZES.groupSize);
      members.set(row.id, who);
      await insertMany(
        { db: tx },
        'work_group_member',
        [int('portal_id'), int('group_id'), int('user_id'), text('role'), text('status'), time('created_at')],
        who.map((u, i) => [portal.id, row.id, u, i === 0 ? 'owner' : 'member', 'member', at]),
      );
    }
  });

  step(`${dialect}: ${SIZES.posts.toLocaleString('en')} posts with their audience`);
  const start = Date.UTC(2024, 0, 1);
  const span = Date.UTC(2026, 11, 4) - start;
  const CHUNK = 20_000;
  const postCols = [
    int('id'),
    int('portal_id'),
    text('kind'),
    int('source'),
    int('author_id'),
    text('html'),
    text('text'),
    text('mentions'),
    text('files'),
    text('audience'),
    int('view_count'),
    int('read_count'),
    int('version'),
    time('created_at'),
    time('updated_at'),
  ];
  const audCols = [int('portal_id'), int('post_id'), text('key'), text('kind'), int('source')];
  for (let made = 0; made < SIZES.posts; made += CHUNK) {
    const posts: unknown[][] = [];
    const aud: unknown[][] = [];
    for (let k = 0; k < Math.min(CHUNK, SIZES.posts - made); k++) {
      const id = made + k + 1;
      const author = r.pick(users);
      const x = r.next();
      const item = x < 0.4 ? { type: 'all' } : x < 0.7 ? { type: 'department', id: deptOf.get(author)! } : x < 0.9 ? { type: 'group', id: r.pick(groups) } : { type: 'user', id: r.pick(users) };
      const key = item.type === 'all' ? 'A' : `${item.type[0]!.toUpperCase()}${(item as { id: number }).id}`;
      const kind = r.chance(0.01) ? 'important' : 'message';
      const when = new Date(start + Math.floor((span * id) / SIZES.posts)).toISOString();
      const words = `Сообщение ${id}: планы отдела, итоги недели и новости компании`;
      posts.push([id, portal.id, kind, 0, author, `<p>${words}</p>`, words, '[]', '[]', JSON.stringify([item]), 0, 0, 1, when, when]);
      aud.push([portal.id, id, key, kind, 0]);
      if (key !== `U${author}`) aud.push([portal.id, id, `U${author}`, kind, 0]);
    }
    await db.transaction().execute(async (tx) => {
      await insertMany({ db: tx }, 'feed_post', postCols, posts);
      await insertMany({ db: tx }, 'feed_audience', audCols, aud);
    });
    if ((made + CHUNK) % 200_000 === 0) step(`  ${(made + CHUNK).toLocaleString('en')} posts`);
  }

  step(`${dialect}: ${SIZES.comments.toLocaleString('en')} comments`);
  const comCols = [
    int('id'),
    int('portal_id'),
    text('entity_type'),
    int('entity_id'),
    int('parent_id'),
    int('author_id'),
    text('html'),
    text('files'),
    text('mentions'),
    time('created_at'),
    time('updated_at'),
    int('version'),
  ];
  const CCHUNK = 50_000;
  for (let made = 0; made < SIZES.comments; made += CCHUNK) {
    const rows: unknown[][] = [];
    for (let k = 0; k < Math.min(CCHUNK, SIZES.comments - made); k++) {
      const id = made + k + 1;
      const post = 1 + r.int(SIZES.posts);
      const parent = id > 10 && r.chance(0.2) ? id - 1 - r.int(5) : null;
      rows.push([id, portal.id, 'feed_post', post, parent, r.pick(users), '<p>Согласен, давайте обсудим</p>', '[]', '[]', at, at, 1]);
    }
    await db.transaction().execute((tx) => insertMany({ db: tx }, 'comment', comCols, rows));
    if ((made + CCHUNK) % 1_000_000 === 0) step(`  ${(made + CCHUNK).toLocaleString('en')} comments`);
  }

  step(`${dialect}: ${SIZES.views.toLocaleString('en')} views, ${SIZES.reactions.toLocaleString('en')} reactions`);
  // Views: the newest posts are seen by most; each (post, user) once.
  const VCHUNK = 200_000;
  const perPost = Math.max(1, Math.round(SIZES.views / SIZES.posts));
  const viewCols = [int('portal_id'), int('post_id'), int('user_id'), time('viewed_at')];
  let views = 0;
  for (let post = 1; post <= SIZES.posts && views < SIZES.views;) {
    const rows: unknown[][] = [];
    while (rows.length < VCHUNK && post <= SIZES.posts && views < SIZES.views) {
      const first = r.int(SIZES.users);
      for (let k = 0; k < perPost; k++) rows.push([portal.id, post, users[(first + k * 7) % SIZES.users]!, at]);
      views += perPost;
      post++;
    }
    await db.transaction().execute((tx) => insertMany({ db: tx }, 'feed_view', viewCols, rows));
    if (views % 2_000_000 < perPost * (VCHUNK / perPost)) step(`  ${views.toLocaleString('en')} views`);
  }
  await sql`update feed_post set view_count = ${perPost}`.execute(db);
  const EMOJI = ['👍', '👍', '👍', '❤️', '😂', '🎉', '👏'];
  const reactCols = [int('portal_id'), text('entity_type'), int('entity_id'), int('user_id'), text('emoji'), time('created_at')];
  for (let made = 0; made < SIZES.reactions; made += VCHUNK) {
    const rows: unknown[][] = [];
    const count = Math.min(VCHUNK, SIZES.reactions - made);
    for (let k = 0; k < count; k++) {
      const i = made + k;
      // Distinct (post, user, emoji): post i % posts, users stepping by the round.
      rows.push([portal.id, 'feed_post', 1 + (i % SIZES.posts), users[(Math.floor(i / SIZES.posts) * 13 + (i % 97)) % SIZES.users]!, EMOJI[Math.floor(i / SIZES.posts) % EMOJI.length]!, at]);
    }
    await db.transaction().execute((tx) => insertMany({ db: tx }, 'reaction', reactCols, rows));
  }
  if (dialect === 'postgres') {
    for (const table of ['feed_post', 'comment']) await sql.raw(`select setval(pg_get_serial_sequence('${table}', 'id'), (select max(id) from ${table}))`).execute(db);
    step('postgres: VACUUM ANALYZE');
    await sql`vacuum analyze`.execute(db);
  } else {
    step('sqlite: ANALYZE');
    await sql`analyze`.execute(db);
  }
  return { app, dialect, portal, users, close: async () => (await app.close(), await db0.drop()) };
}

async function figures(b: Bench): Promise<Figure[]> {
  const base = { db: b.app.platform.db, sys: b.app.platform.sys };
  const sys = systemCtx(base, b.portal);
  const ctxs = new Map<number, Ctx>();
  // Ordinary employees (not the administrator, who reads the whole portal).
  const mod = (i: number, n: number) => ((i % n) + n) % n;
  const who = (i: number) => b.users[1 + mod(i * 37, b.users.length - 1)]!;
  const ctxOf = async (u: number) => ctxs.get(u) ?? (ctxs.set(u, actorCtx(base, b.portal, (await actorFor(sys, u))!)), ctxs.get(u)!);
  for (let i = -5; i < RUNS + 5; i++) await ctxOf(who(i));
  const out: Figure[] = [];

  let shown = 0;
  const cursors = new Map<number, number | null>();
  const first = await timed(RUNS, async (i) => {
    const page = await listFeed(await ctxOf(who(i)), {});
    shown += page.items.length + page.pinned.length;
    cursors.set(i, page.nextCursor);
  });
  const ctx0 = await ctxOf(who(0));
  const keys = await readerKeys(ctx0, who(0));
  const raw = (k: string[], cursor?: number) =>
    sql`select distinct id from (${sql.join(
      k.map((key) => {
        let q = scoped(ctx0).selectFrom('feed_audience').select('post_id as id').where('key', '=', key);
        if (cursor) q = q.where('post_id', '<', cursor);
        return sql`select id from (${q.orderBy('post_id', 'desc').limit(21)}) as k`;
      }),
      sql` union all `,
    )}) as u order by id desc limit 21`;
  const rawFirst = await timed(RUNS, async (i) => {
    const c = await ctxOf(who(i));
    await raw(await readerKeys(c, who(i))).execute(b.app.platform.db);
  });
  out.push({
    name: "first page: a user's 20 newest posts with counts, last 3 comments and reactions",
    target: 50,
    ...first,
    rawP95: rawFirst.p95,
    sql: inline({ compile: () => raw(keys).compile(b.app.platform.db) }),
    note: `${Math.round(shown / (RUNS + 5))} posts a page; ${keys.length} audience keys for run 0`,
  });

  const next = await timed(RUNS, async (i) => {
    const cursor = cursors.get(mod(i, RUNS)) ?? undefined;
    await listFeed(await ctxOf(who(mod(i, RUNS))), cursor ? { cursor } : {});
  });
  const c0 = cursors.get(0) ?? undefined;
  const rawNext = await timed(RUNS, async (i) => {
    const c = await ctxOf(who(mod(i, RUNS)));
    await raw(await readerKeys(c, who(mod(i, RUNS))), cursors.get(mod(i, RUNS)) ?? undefined).execute(b.app.platform.db);
  });
  out.push({ name: 'next page: the 20 posts after the first page, by its cursor', target: 50, ...next, rawP95: rawNext.p95, sql: inline({ compile: () => raw(keys, c0).compile(b.app.platform.db) }) });

  // Views of posts nobody of them has seen: the newest ones are under «A» for everyone.
  const fresh = (
    await scoped(sys)
      .selectFrom('feed_audience')
      .select('post_id')
      .where('key', '=', 'A')
      .orderBy('post_id', 'desc')
      .limit(RUNS + 5)
      .execute()
  ).map((r) => r.post_id);
  await scoped(sys)
    .deleteFrom('feed_view')
    .where('post_id', 'in', fresh)
    .where(
      'user_id',
      'in',
      Array.from({ length: RUNS + 10 }, (_, i) => who(i - 5)),
    )
    .execute();
  const view = await timed(RUNS, async (i) => {
    await recordViews(await ctxOf(who(i)), [fresh[mod(i, fresh.length)]!]);
  });
  const vq = scoped(sys)
    .insertInto('feed_view', { post_id: fresh[0]!, user_id: who(0), viewed_at: new Date().toISOString() })
    .onConflict((oc) => oc.columns(['post_id', 'user_id']).doNothing());
  const rawView = await timed(RUNS, async (i) => {
    await scoped(sys)
      .insertInto('feed_view', { post_id: fresh[mod(i, fresh.length)]!, user_id: who(i + 1), viewed_at: new Date().toISOString() })
      .onConflict((oc) => oc.columns(['post_id', 'user_id']).doNothing())
      .execute();
  });
  out.push({ name: 'view: recording that a user saw a post (once per post and person, the total kept)', target: 5, ...view, rawP95: rawView.p95, sql: inline(vq) });
  return out;
}

runOnEachDatabase(async (pgUrl) => {
  const t0 = performance.now();
  const b = await generate(pgUrl);
  step(`${b.dialect}: data ready in ${((performance.now() - t0) / 1000).toFixed(0)} s; measuring`);
  try {
    const count = async (table: string) => Number(((await sql.raw(`select count(*) as n from ${table}`).execute(b.app.platform.db)).rows[0] as { n: number | string }).n);
    const counts = Object.fromEntries(await Promise.all(['feed_post', 'feed_audience', 'comment', 'feed_view', 'reaction', 'app_user'].map(async (t) => [t, await count(t)] as const)));
    console.log(
      `\n=== ${b.dialect}: ${Object.entries(counts)
        .map(([t, n]) => `${t} ${n.toLocaleString('en')}`)
        .join(', ')} (BENCH_SCALE=${SCALE}, ${RUNS} runs) ===`,
    );
    const ok = printFigures(await figures(b));
    if (process.env.BENCH_OUT) fs.appendFileSync(process.env.BENCH_OUT, `${b.dialect} ${ok ? 'ok' : 'fail'}\n`);
    return ok;
  } finally {
    await b.close();
  }
});
