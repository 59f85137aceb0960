/**
 * Duplicates benchmark: the «Speed» targets of the duplicate search over 1,000,000 contacts
 * (100,000 companies, a third of the contacts linked to one, one contact in fifty sharing a
 * phone or e-mail with another), on SQLite and on PostgreSQL, through the server's own code.
 *
 *   npx tsx bench/duplicates/run.ts                     (SQLite, then PostgreSQL when BENCH_DATABASE_URL is set)
 *   BENCH_SCALE=0.1 BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/duplicates/run.ts
 *
 * Figures:
 *   the index built for every contact (`rebuildKeys`, ≤ 120 s) and for every company;
 *   the card's check while typing (`checkDuplicates` with a phone, e-mail and name; p95 ≤ 20 ms),
 *   as an administrator and as an employee whose rights are checked over the found ids,
 *   with the lookup query alone beside it; the «Дубликаты» page's first page (no target).
 * Exit code 0 when every target holds, 1 when one fails, 2 when the bench itself failed.
 */
import { sql } from 'kysely';
import { buildApp, type BuiltApp } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/platform/config.js';
import { actorCtx, systemCtx, type Ctx } from '../../server/src/platform/context.js';
import { insertRows } from '../../server/src/platform/db/bulk.js';
import { addMember, createPortal } from '../../server/src/modules/users/provision.js';
import { actorFor } from '../../server/src/modules/users/api.js';
import { rebuildKeys } from '../../server/src/modules/crm/duplicates/store.js';
import { checkDuplicates, draftLookups, keysOfDraft, listDuplicateGroups } from '../../server/src/modules/crm/duplicates/finder.js';
import { freshDatabase } from '../fresh-database.js';
import { inline, runOnEachDatabase, step, timed } from '../measure.js';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const CONTACTS = Math.max(10_000, Math.round(1_000_000 * SCALE));
const COMPANIES = Math.max(1_000, Math.round(100_000 * SCALE));
const TARGET_BUILD_S = 120;
const TARGET_CHECK_MS = 20;

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const FIRST = ['Иван', 'Пётр', 'Анна', 'Ольга', 'Сергей', 'Мария', 'Алексей', 'Елена', 'Дмитрий', 'Наталья', 'Михаил', 'Татьяна'];
const LAST = ['Иванов', 'Петров', 'Смирнов', 'Кузнецов', 'Попов', 'Соколов', 'Лебедев', 'Козлов', 'Новиков', 'Морозов', 'Волков', 'Зайцев'];
const WORDS = ['Ромашка', 'Вектор', 'Альфа', 'Север', 'Гранит', 'Сфера', 'Импульс', 'Орион', 'Атлант', 'Меридиан'];

const phoneOf = (n: number) => `+79${String(100_000_000 + n).slice(-9)}`;
const emailOf = (n: number) => `person${n}@mail${n % 97}.ru`;

/** Companies, contacts (with their phones, e-mails and links), in bulk; one in fifty contacts repeats an earlier one's phone or e-mail. */
async function generate(app: BuiltApp, ctx: Ctx, responsibles: number[]): Promise<void> {
  const db = app.platform.db;
  const portal = ctx.portal.id;
  const at = new Date().toISOString();
  const random = rng(42);
  const chunk = 1000;
  step(`${COMPANIES} companies`);
  const companyCols = [
    'portal_id',
    'title',
    'industry',
    'revenue',
    'revenue_currency',
    'address',
    'inn',
    'kpp',
    'ogrn',
    'phones',
    'emails',
    'websites',
    'messengers',
    'responsible_id',
    'comments',
    'custom',
    'search_text',
    'created_by',
    'created_at',
    'updated_at',
    'version',
  ];
  const companyIds: number[] = [];
  for (let i = 0; i < COMPANIES; i += chunk) {
    const rows: unknown[][] = [];
    for (let j = i; j < Math.min(COMPANIES, i + chunk); j++) {
      const title = `ООО «${WORDS[j % WORDS.length]} ${Math.floor(j / WORDS.length)}»`;
      rows.push([
        portal,
        title,
        null,
        null,
        'RUB',
        '',
        String(7_700_000_000 + j),
        null,
        null,
        '[]',
        '[]',
        '[]',
        '[]',
        responsibles[j % responsibles.length],
        '',
        '{}',
        title.toLowerCase(),
        null,
        at,
        at,
        1,
      ]);
    }
    companyIds.push(...(await insertRows({ db }, 'crm_company', companyCols, rows, true)));
  }
  step(`${CONTACTS} contacts`);
  const contactCols = [
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
    'comments',
    'custom',
    'search_text',
    'created_by',
    'created_at',
    'updated_at',
    'version',
  ];
  for (let i = 0; i < CONTACTS; i += chunk) {
    const rows: unknown[][] = [];
    const links: unknown[][] = [];
    for (let j = i; j < Math.min(CONTACTS, i + chunk); j++) {
      // One in fifty repeats the phone (or e-mail) of an earlier contact: the duplicates to find.
      const twin = j > 100 && j % 50 === 0 ? Math.floor(random() * j) : j;
      const phone = phoneOf(j % 100 === 0 ? twin : j);
      const email = emailOf(j % 100 === 50 ? twin : j);
      const last = LAST[Math.floor(random() * LAST.length)]!;
      const first = FIRST[Math.floor(random() * FIRST.length)]!;
      rows.push([
        portal,
        last,
        first,
        '',
        '',
        null,
        null,
        JSON.stringify([{ type: 'work', value: phone }]),
        JSON.stringify([{ type: 'work', value: email }]),
        '[]',
        '[]',
        responsibles[j % responsibles.length],
        '',
        '{}',
        `${last} ${first}`.toLowerCase(),
        null,
        at,
        at,
        1,
      ]);
    }
    const ids = await insertRows({ db }, 'crm_contact', contactCols, rows, true);
    ids.forEach((id, k) => {
      if ((i + k) % 3 === 0) links.push([portal, id, companyIds[Math.floor(random() * companyIds.length)]]);
    });
    await insertRows({ db }, 'crm_contact_company', ['portal_id', 'contact_id', 'company_id'], links);
    if (i % 200_000 === 0 && i) step(`  ${i} contacts`);
  }
  await sql`analyze`.execute(db);
}

async function measure(pgUrl: string | null): Promise<boolean> {
  const database = await freshDatabase(pgUrl, 'duplicates');
  const config = loadConfig({}, { databaseUrl: database.url, dataDir: database.dataDir, logLevel: 'silent', pollMs: 60_000 });
  const app = await buildApp(config, { logger: false });
  const dialect = app.platform.dialect;
  const base = { db: app.platform.db, sys: app.platform.sys };
  const portal = await app.platform.db.transaction().execute((tx) => createPortal({ db: tx, sys: app.platform.sys }, 'benchdups', 'Бенчмарк дубликатов'));
  const sys = systemCtx(base, portal);
  const adminId = await addMember(sys, { email: 'admin@dups.bench', password: null, firstName: 'Админ', lastName: 'Бенчев', role: 'admin' });
  const employeeId = await addMember(sys, { email: 'employee@dups.bench', password: null, firstName: 'Сотрудник', lastName: 'Бенчев', role: 'employee' });
  const t0 = performance.now();
  await generate(app, sys, [adminId, employeeId]);
  step(`${dialect}: data ready in ${((performance.now() - t0) / 1000).toFixed(0)} s; building the index`);

  const lines: string[] = [];
  let ok = true;
  const report = (name: string, value: string, pass: boolean | null, query?: string) => {
    if (pass === false) ok = false;
    lines.push(`${pass === null ? '     ' : pass ? 'PASS ' : 'FAIL '} ${name}: ${value}`);
    if (query) lines.push(`        ${query}`);
  };

  let b0 = performance.now();
  const contacts = await rebuildKeys(sys, 'contact');
  const contactS = (performance.now() - b0) / 1000;
  report(
    `the index of every contact (${contacts.items.toLocaleString('en')} contacts, ${contacts.keys.toLocaleString('en')} keys)`,
    `${contactS.toFixed(1)} s (target ≤ ${TARGET_BUILD_S} s)`,
    contactS <= TARGET_BUILD_S,
    'per 10,000 ids: delete from crm_dup_key where portal_id = ? and entity_type = ? and entity_id between ? and ?; select … from crm_contact / crm_contact_company ⋈ crm_company by id range; ' +
      (dialect === 'postgres' ? 'insert into crm_dup_key (…) select * from unnest($1::integer[], $2::text[], $3::integer[], $4::text[], $5::text[])' : 'insert into crm_dup_key … values (…) × 6000'),
  );
  b0 = performance.now();
  const companies = await rebuildKeys(sys, 'company');
  report(`the index of every company (${companies.items.toLocaleString('en')} companies)`, `${((performance.now() - b0) / 1000).toFixed(1)} s`, null);
  await sql`analyze`.execute(app.platform.db);

  const admin = actorCtx(base, portal, (await actorFor(sys, adminId))!);
  const employee = actorCtx(base, portal, (await actorFor(sys, employeeId))!);
  const random = rng(7);
  // A card being typed: a phone of an existing contact written another way, someone's e-mail, a common name.
  const draft = (i: number) => {
    const n = Math.floor(random() * CONTACTS);
    const digits = phoneOf(n).slice(2);
    return {
      type: 'contact' as const,
      phones: [`8 (${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6, 8)}-${digits.slice(8)}`],
      emails: [emailOf((n + 7) % CONTACTS)],
      name: FIRST[Math.abs(i) % FIRST.length],
      lastName: LAST[Math.abs(i) % LAST.length],
    };
  };
  let found = 0;
  const asAdmin = await timed(RUNS, async (i) => {
    found += (await checkDuplicates(admin, draft(i))).items.length;
  });
  const sample = draft(0);
  const raw = draftLookups(admin, 'contact', keysOfDraft(sample))
    .map((q) => inline(q))
    .join(';\n        ');
  report(
    `the card's check, as an administrator (${(found / (RUNS + 5)).toFixed(1)} found on average)`,
    `p95 ${asAdmin.p95.toFixed(1)} ms, p50 ${asAdmin.p50.toFixed(1)} ms (target p95 ≤ ${TARGET_CHECK_MS} ms)`,
    asAdmin.p95 <= TARGET_CHECK_MS,
  );
  const asEmployee = await timed(RUNS, (i) => checkDuplicates(employee, draft(i)));
  report(
    `the card's check, as an employee (rights over the found ids)`,
    `p95 ${asEmployee.p95.toFixed(1)} ms, p50 ${asEmployee.p50.toFixed(1)} ms (target p95 ≤ ${TARGET_CHECK_MS} ms)`,
    asEmployee.p95 <= TARGET_CHECK_MS,
  );
  const lookup = await timed(RUNS, (i) => Promise.all(draftLookups(admin, 'contact', keysOfDraft(draft(i))).map((q) => q.execute())));
  report(`its lookup queries alone`, `p95 ${lookup.p95.toFixed(1)} ms, p50 ${lookup.p50.toFixed(1)} ms`, null, raw);

  const g0 = performance.now();
  const page = await listDuplicateGroups(admin, { type: 'contact', pageSize: 20 });
  report(`the «Дубликаты» page, first 20 groups (${page.groups.length} shown, more: ${page.next !== null})`, `${(performance.now() - g0).toFixed(0)} ms`, null);

  console.log(`\n=== ${dialect}: ${CONTACTS.toLocaleString('en')} contacts, ${COMPANIES.toLocaleString('en')} companies (BENCH_SCALE=${SCALE}, p95 of ${RUNS}) ===`);
  for (const l of lines) console.log(l);
  await app.close();
  if (!process.env.BENCH_KEEP) await database.drop();
  return ok;
}

runOnEachDatabase(measure);
