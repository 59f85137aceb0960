/**
 * Merge benchmark: «Объединить» of two contacts that have 1,000 links each (deals, activities,
 * comments), among many other contacts, measured on the server's own merge (the route's code
 * without HTTP: rights, versions, the survivor's fields, every link moved, the other to the
 * trash, the history) on SQLite and on PostgreSQL, beside the raw statement that moves the links.
 *
 *   npx tsx bench/merge/run.ts                               (SQLite, then PostgreSQL when BENCH_DATABASE_URL is set)
 *   BENCH_CONTACTS=1000000 BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/merge/run.ts
 *
 * Data: one portal, its administrator, BENCH_CONTACTS other contacts (default 100,000), 800 deals;
 * per measured merge a fresh pair of contacts, each with 400 deal links, 300 activities and
 * 300 comments (1,000 links). Target: p95 ≤ 200 ms. Exit code 0 when it holds, 1 when not.
 */
import { sql } from 'kysely';
import { buildApp, type BuiltApp } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/platform/config.js';
import { actorCtx, systemCtx, type Ctx, type PortalRow } from '../../server/src/platform/context.js';
import { scoped } from '../../server/src/platform/db/scoped.js';
import { insertRows } from '../../server/src/platform/db/bulk.js';
import { ACTIVITY_COLUMNS, activityRow } from '../rows.js';
import { addDepartment, addMember, createPortal } from '../../server/src/modules/users/provision.js';
import { actorFor } from '../../server/src/modules/users/api.js';
import { createDeal } from '../../server/src/modules/crm/api.js';
import { mergeItems } from '../../server/src/modules/crm/merge/service.js';
import { freshDatabase } from '../fresh-database.js';
import { inline, pct, runOnEachDatabase, step } from '../measure.js';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const DEALS_EACH = 400;
const ACTIVITIES_EACH = 300;
const COMMENTS_EACH = 300;
const TARGET_MS = 200;

const CONTACT_COLUMNS = [
  'portal_id',
  'last_name',
  'first_name',
  'middle_name',
  'position',
  'photo_url',
  'birthday',
  'phones',
  'emails',
  'websites',
  'messengers',
  'responsible_id',
  'source',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_content',
  'utm_term',
  'first_touch_at',
  'comments',
  'custom',
  'search_text',
  'created_by',
  'created_at',
  'updated_at',
  'version',
];
const LAST = ['Иванов', 'Петров', 'Сидоров', 'Кузнецов', 'Смирнов', 'Попов', 'Васильев', 'Соколов'];
const FIRST = ['Иван', 'Пётр', 'Анна', 'Мария', 'Олег', 'Елена', 'Сергей', 'Ольга'];

function contactRow(portalId: number, owner: number, i: number, at: string): unknown[] {
  const last = LAST[i % LAST.length]!;
  const first = FIRST[(i >> 3) % FIRST.length]!;
  const phone = `+7916${String(1_000_000 + i).padStart(7, '0')}`;
  const phones = JSON.stringify([{ type: 'mobile', value: phone }]);
  const email = `c${i}@bench.example`;
  return [
    portalId,
    last,
    first,
    '',
    '',
    null,
    null,
    phones,
    JSON.stringify([{ type: 'work', value: email }]),
    '[]',
    '[]',
    owner,
    null,
    null,
    null,
    null,
    null,
    null,
    at,
    '',
    '{}',
    `${last} ${first} ${phone} ${email}`.toLowerCase(),
    owner,
    at,
    at,
    1,
  ];
}

interface Data {
  app: BuiltApp;
  portal: PortalRow;
  me: Ctx;
  deals: number[];
  next: number;
  drop(): Promise<void>;
}

async function generate(pgUrl: string | null): Promise<Data> {
  const db0 = await freshDatabase(pgUrl, 'merge');
  const config = loadConfig({}, { databaseUrl: db0.url, dataDir: db0.dataDir, logLevel: 'silent', pollMs: 60_000 });
  const app = await buildApp(config, { logger: false });
  const dialect = app.platform.dialect;
  const { portal, admin } = await app.platform.db.transaction().execute(async (tx) => {
    const b = { db: tx, sys: app.platform.sys };
    const portal = await createPortal(b, 'benchmerge', 'Бенчмарк объединения');
    const ctx = systemCtx(b, portal);
    const root = await addDepartment(ctx, 'Компания', null);
    const admin = await addMember(ctx, { email: 'admin@bench.example', password: null, firstName: 'Анна', lastName: 'Смирнова', departmentId: root, role: 'admin', managerId: null });
    return { portal, admin };
  });
  await app.platform.portals.reload();
  const sys = systemCtx({ db: app.platform.db, sys: app.platform.sys }, portal);
  step(`${dialect}: ${CONTACTS.toLocaleString('en')} contacts`);
  const at = new Date().toISOString();
  for (let made = 0; made < CONTACTS;) {
    await app.platform.db.transaction().execute(async (tx) => {
      for (let j = 0; j < 50 && made < CONTACTS; j++) {
        const rows: unknown[][] = [];
        for (let k = 0; k < 1000 && made < CONTACTS; k++, made++) rows.push(contactRow(portal.id, admin, made, at));
        await insertRows({ db: tx }, 'crm_contact', CONTACT_COLUMNS, rows);
      }
    });
  }
  step(`${dialect}: ${DEALS_EACH * 2} deals`);
  const deals: number[] = [];
  for (let i = 0; i < DEALS_EACH * 2; i++) deals.push((await createDeal(sys, { title: `Сделка №${i + 1}`, responsibleId: admin })).id);
  await sql.raw(dialect === 'postgres' ? 'vacuum analyze' : 'analyze').execute(app.platform.db);
  const actor = await actorFor(sys, admin);
  return { app, portal, me: actorCtx({ db: app.platform.db, sys: app.platform.sys }, portal, actor!), deals, next: CONTACTS, drop: db0.drop };
}

/** Two new contacts (the same person twice, one phone differing), each with 1,000 links. */
async function pair(d: Data): Promise<{ ids: number[]; versions: Record<string, number> }> {
  const db = d.app.platform.db;
  const owner = d.me.actor!.userId;
  const at = new Date().toISOString();
  const ids: number[] = [];
  await db.transaction().execute(async (tx) => {
    for (let k = 0; k < 2; k++) {
      const row = contactRow(d.portal.id, owner, d.next++, at);
      const values = Object.fromEntries(CONTACT_COLUMNS.map((c, i) => [c, row[i]]));
      const r = await scoped({ db: tx, portal: d.portal })
        .insertInto('crm_contact', { ...(values as Record<string, unknown>), portal_id: undefined, last_name: 'Дубликатов', first_name: 'Иван' } as never)
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.push(Number(r.id));
    }
    for (const [k, id] of ids.entries()) {
      const deals = d.deals.slice(k * DEALS_EACH, (k + 1) * DEALS_EACH);
      await insertRows(
        { db: tx },
        'crm_deal_contact',
        ['portal_id', 'deal_id', 'contact_id', 'is_primary'],
        deals.map((deal) => [d.portal.id, deal, id, 0]),
      );
      const acts: unknown[][] = [];
      for (let i = 0; i < ACTIVITIES_EACH; i++)
        acts.push(activityRow({ portal_id: d.portal.id, type: 'todo', subject: `Дело ${i}`, owner_type: 'contact', owner_id: id, responsible_id: owner, deadline: at, created_at: at }));
      await insertRows({ db: tx }, 'crm_activity', [...ACTIVITY_COLUMNS], acts);
      const comments: unknown[][] = [];
      for (let i = 0; i < COMMENTS_EACH; i++) comments.push([d.portal.id, 'contact', id, owner, `<p>Комментарий ${i}</p>`, '[]', '[]', at, at, 1]);
      await insertRows({ db: tx }, 'comment', ['portal_id', 'entity_type', 'entity_id', 'author_id', 'html', 'files', 'mentions', 'created_at', 'updated_at', 'version'], comments);
    }
  });
  return { ids, versions: Object.fromEntries(ids.map((id) => [String(id), 1])) };
}

async function measure(pgUrl: string | null): Promise<boolean> {
  const d = await generate(pgUrl);
  try {
    const dialect = d.app.platform.dialect;
    const ms: number[] = [];
    for (let i = 0; i < RUNS + 3; i++) {
      const p = await pair(d);
      const t0 = performance.now();
      const r = await mergeItems(d.me, 'contact', { ids: p.ids, primaryId: p.ids[0]!, choices: {}, versions: p.versions });
      const took = performance.now() - t0;
      if (i >= 3) ms.push(took);
      if (i === 0) {
        const left = await scoped(d.me)
          .selectFrom('crm_deal_contact')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('contact_id', '=', r.id)
          .executeTakeFirstOrThrow();
        const acts = await scoped(d.me)
          .selectFrom('crm_activity')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('owner_type', '=', 'contact')
          .where('owner_id', '=', r.id)
          .executeTakeFirstOrThrow();
        const comments = await scoped(d.me)
          .selectFrom('comment')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('entity_type', '=', 'contact')
          .where('entity_id', '=', r.id)
          .executeTakeFirstOrThrow();
        step(`${dialect}: survivor holds ${Number(left.n)} deal links, ${Number(acts.n)} activities, ${Number(comments.n)} comments`);
      }
    }
    // The raw statement beside it: the one update that moves one contact's 300 activities.
    const p = await pair(d);
    const move = scoped(d.me).updateTable('crm_activity').set({ owner_id: p.ids[0]! }).where('owner_type', '=', 'contact').where('owner_id', '=', p.ids[1]!);
    const t0 = performance.now();
    await move.execute();
    const raw = performance.now() - t0;
    const p95 = pct(ms, 0.95);
    const pass = p95 <= TARGET_MS;
    console.log(`\n## ${dialect}: ${CONTACTS.toLocaleString('en')} contacts; merging two with ${DEALS_EACH + ACTIVITIES_EACH + COMMENTS_EACH} links each, ${RUNS} runs`);
    console.log(`merge p50 ${pct(ms, 0.5).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (target ≤ ${TARGET_MS} ms) ${pass ? 'PASS' : 'FAIL'}`);
    console.log(`  raw: ${raw.toFixed(1)} ms  ${inline(move)}`);
    return pass;
  } finally {
    await d.app.close();
    await d.drop();
  }
}

runOnEachDatabase(measure);
