/**
 * The search benchmark's data: a fresh database migrated by the server's own migrations, one
 * portal with 1,000 employees in 20 departments of 50 (50 portal administrators, 300 with a CRM
 * role that reads only their own items, the rest with the default role that reads their
 * department's), and an index of 5,000,000 items: the employees (indexed by `rebuildPortal`
 * from their real rows) and 1,500,000 deals, 1,000,000 leads, 1,500,000 contacts and 999,000
 * companies.
 *
 * The CRM items are real rows with the columns the rights condition reads (responsible, pipeline,
 * title, names), written in bulk, so each CRM kind's own `readable` (an `exists` over its table,
 * correlated on the index row's item id) is what a query carries. Their documents are synthetic,
 * in the shape `crm/search.ts` makes them (titles, a stage and company subtitle, comments of
 * Russian business words drawn with a Zipf-like law, phones, e-mails), and go into the index
 * through `prepare` and the engine's `replace` in batches of 1,000, one transaction each:
 * what `rebuildPortal` does once a kind's `documents` are read. That time is the rebuild figure.
 * `BENCH_SCALE` (e.g. 0.1) makes the CRM part smaller; the employees stay 1,000.
 * The random generator is seeded, so SQLite and PostgreSQL get the same data.
 * `BENCH_KEEP=1` keeps the database and prints its address; `BENCH_REUSE_URL=<that address>`
 * measures on it again without generating.
 */
import fs from 'node:fs';
import { sql } from 'kysely';
import type { BuiltApp } from '../../server/src/app.js';
import { actorCtx, systemCtx, type Actor, type Ctx, type PortalRow } from '../../server/src/platform/context.js';
import { insertMany } from '../../server/src/platform/db/bulk.js';
import type { SearchDocument } from '../../server/src/platform/registry/registry.js';
import { addDepartment, addMember, createPortal } from '../../server/src/modules/users/provision.js';
import { actorFor } from '../../server/src/modules/users/api.js';
import { engineFor } from '../../server/src/modules/search/engine.js';
import { prepare } from '../../server/src/modules/search/terms.js';
import { accessTokens } from '../../server/src/modules/crm/rights.js';
import { rebuildPortal } from '../../server/src/modules/search/indexer.js';
import { companyTitle, mobilePhone, person, Rng, translit } from '../crm/generate.js';
import { freshBenchApp, reopenedBenchApp } from '../bench-app.js';
import { step } from '../measure.js';

export const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const scaled = (n: number) => Math.max(1000, Math.round(n * SCALE));
export const SIZES = {
  users: 1_000,
  departments: 20,
  admins: 50,
  ownScope: 300,
  deals: scaled(1_500_000),
  leads: scaled(1_000_000),
  contacts: scaled(1_500_000),
  companies: scaled(999_000),
};
const PORTAL = 'benchsearch';
/** Documents per `replace`, one transaction each, as `rebuildPortal` batches them. */
const BATCH = 1000;
/** Rows generated (and written to the CRM tables) at a time. */
const CHUNK = 20_000;

export type Scope = 'all' | 'department' | 'own';

export interface SearchBench {
  app: BuiltApp;
  dialect: 'sqlite' | 'postgres';
  portal: PortalRow;
  /** Employees by their CRM read scope. */
  users: Record<Scope, number[]>;
  /** What indexing took: documents through `prepare` + `replace`, and the milliseconds of that alone. */
  indexed: { items: number; ms: number } | null;
  /** A ctx of a new request by `userId` (its rights are read again, as for every request). */
  as(userId: number): Promise<Ctx>;
  system(): Ctx;
  close(): Promise<void>;
}

// ---------------------------------------------------------------- vocabulary

/** Words of deals' and leads' comments, the commonest first: drawn with weight 1/rank. */
const WORDS = (
  'договор сделка поставка звонок счёт оплата клиент заказ встреча предложение коммерческое согласование цена скидка ' +
  'доставка оборудование услуги проект менеджер документы акт подписание отгрузка склад товар партия срок условия ' +
  'контракт тендер закупка спецификация счёт-фактура накладная предоплата рассрочка гарантия сервис монтаж установка ' +
  'консультация презентация демонстрация расчёт смета бюджет объём заявка повторный перезвонить уточнить отправить ' +
  'письмо почта реквизиты директор бухгалтерия юрист согласовать утвердить продление пролонгация лицензия подписка ' +
  'интеграция внедрение обучение техническое задание этап оплачено выставлен ожидаем ответ перенос неделя месяц ' +
  'квартал годовой региональный федеральный филиал офис московский петербургский казанский новосибирский уральский ' +
  'строительство ремонт материалы металл древесина бетон кабель электрика сантехника вентиляция кондиционер отопление ' +
  'логистика перевозка транспорт контейнер таможня импорт экспорт дистрибьютор дилер розница опт маркетплейс реклама ' +
  'сайт лендинг продвижение рассылка выставка конференция семинар вебинар партнёрство аренда помещение лизинг кредит ' +
  'страхование аудит отчёт налог возврат претензия рекламация замена ремонтный брак качество сертификат декларация'
).split(' ');
const WORD_CUM = (() => {
  const out: number[] = [];
  let s = 0;
  for (let i = 0; i < WORDS.length; i++) out.push((s += 1 / (i + 1)));
  return out;
})();
const DEAL_TITLES = ['Поставка', 'Договор поставки', 'Монтаж', 'Сервисный договор', 'Лицензии', 'Аренда', 'Обслуживание', 'Проект', 'Заказ', 'Тендер'];
const DEAL_OBJECTS = ['оборудования', 'материалов', 'кабеля', 'металла', 'мебели', 'ПО', 'вентиляции', 'кондиционеров', 'техники', 'запчастей'];
const LEAD_TITLES = ['Заявка с сайта', 'Входящий звонок', 'Запрос КП', 'Заявка с выставки', 'Письмо на почту', 'Рекомендация', 'Повторное обращение'];
const POSITIONS = ['Менеджер по продажам', 'Директор', 'Главный бухгалтер', 'Инженер', 'Закупщик', 'Логист', 'Юрист', 'Руководитель отдела'];

function word(r: Rng): string {
  const x = r.next() * WORD_CUM[WORD_CUM.length - 1]!;
  let lo = 0;
  let hi = WORD_CUM.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (WORD_CUM[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return WORDS[lo]!;
}
const text = (r: Rng, n: number) => Array.from({ length: n }, () => word(r)).join(' ');
const fullName = (p: { last: string; first: string; middle: string }) => `${p.last} ${p.first} ${p.middle}`;
const email = (r: Rng, p: { last: string; first: string }) => `${translit(p.first)[0]}.${translit(p.last)}${r.int(100)}@${r.pick(['mail.ru', 'yandex.ru', 'gmail.com', 'bk.ru'])}`;

// ---------------------------------------------------------------- generation

const iso = (ms: number) => new Date(ms).toISOString();
const T0 = Date.UTC(2024, 11, 1);
const SPAN = 2 * 365 * 86_400_000;

const COLS = {
  crm_company: [
    { name: 'id', pg: 'int4' },
    { name: 'portal_id', pg: 'int4' },
    { name: 'title', pg: 'text' },
    { name: 'responsible_id', pg: 'int4' },
    { name: 'created_by', pg: 'int4' },
    { name: 'created_at', pg: 'timestamptz' },
    { name: 'updated_at', pg: 'timestamptz' },
  ],
  crm_contact: [
    { name: 'id', pg: 'int4' },
    { name: 'portal_id', pg: 'int4' },
    { name: 'last_name', pg: 'text' },
    { name: 'first_name', pg: 'text' },
    { name: 'middle_name', pg: 'text' },
    { name: 'responsible_id', pg: 'int4' },
    { name: 'created_by', pg: 'int4' },
    { name: 'created_at', pg: 'timestamptz' },
    { name: 'updated_at', pg: 'timestamptz' },
  ],
  crm_deal: [
    { name: 'id', pg: 'int4' },
    { name: 'portal_id', pg: 'int4' },
    { name: 'title', pg: 'text' },
    { name: 'pipeline_id', pg: 'int4' },
    { name: 'stage_id', pg: 'int4' },
    { name: 'responsible_id', pg: 'int4' },
    { name: 'created_by', pg: 'int4' },
    { name: 'created_at', pg: 'timestamptz' },
    { name: 'updated_at', pg: 'timestamptz' },
  ],
  crm_lead: [
    { name: 'id', pg: 'int4' },
    { name: 'portal_id', pg: 'int4' },
    { name: 'title', pg: 'text' },
    { name: 'status_id', pg: 'int4' },
    { name: 'last_name', pg: 'text' },
    { name: 'first_name', pg: 'text' },
    { name: 'company_title', pg: 'text' },
    { name: 'responsible_id', pg: 'int4' },
    { name: 'created_by', pg: 'int4' },
    { name: 'created_at', pg: 'timestamptz' },
    { name: 'updated_at', pg: 'timestamptz' },
  ],
};
type Table = keyof typeof COLS;

interface Made {
  row: unknown[];
  doc: SearchDocument;
}

export async function generate(opts: { pgUrl: string | null; seed?: number }): Promise<SearchBench> {
  const reuse = process.env.BENCH_REUSE_URL;
  if (reuse) return reopen(reuse);
  const r = new Rng(opts.seed ?? 20261206);
  const { db0, app } = await freshBenchApp(opts.pgUrl, 'search', step);
  const dialect = app.platform.dialect as 'sqlite' | 'postgres';
  const db = app.platform.db;
  const base = { db, sys: app.platform.sys };

  step(`${dialect}: portal, ${SIZES.users} employees in ${SIZES.departments} departments`);
  const portal = await db.transaction().execute((tx) => createPortal({ db: tx, sys: app.platform.sys }, PORTAL, 'Бенчмарк поиска'));
  const root = await db.transaction().execute((tx) => addDepartment(systemCtx({ db: tx, sys: app.platform.sys }, portal), 'Компания', null));
  const all: number[] = [];
  const departmentOf = new Map<number, number>();
  for (let d = 0; d < SIZES.departments; d++) {
    await db.transaction().execute(async (tx) => {
      const ctx = systemCtx({ db: tx, sys: app.platform.sys }, portal);
      const dep = await addDepartment(ctx, `Отдел продаж ${d + 1}`, root);
      let head: number | null = null;
      for (let i = 0; i < SIZES.users / SIZES.departments; i++) {
        const n = all.length;
        const p = person(r);
        const id = await addMember(ctx, {
          email: `${translit(p.first)}.${translit(p.last)}.${n}@benchsearch.example`,
          password: null,
          firstName: p.first,
          lastName: p.last,
          middleName: p.middle,
          phone: mobilePhone(r),
          position: r.pick(POSITIONS),
          departmentId: dep,
          // Every twentieth a portal administrator: they read everything.
          role: n % 20 === 0 ? 'admin' : 'employee',
          managerId: head,
        });
        head ??= id;
        all.push(id);
        departmentOf.set(id, dep);
      }
    });
  }
  await app.platform.portals.reload();
  const users: Record<Scope, number[]> = { all: [], department: [], own: [] };
  all.forEach((u, n) => (n % 20 === 0 ? users.all : (n % 20) % 3 === 1 && users.own.length < SIZES.ownScope ? users.own : users.department).push(u));
  const own = Object.fromEntries(['lead', 'deal', 'contact', 'company'].map((e) => [e, Object.fromEntries(['read', 'add', 'edit', 'delete', 'export', 'import'].map((a) => [a, 'own']))]));
  await db.transaction().execute(async (tx) => {
    const role = await (tx as any)
      .insertInto('crm_role')
      .values({ portal_id: portal.id, name: 'Телемаркетинг (только свои)', permissions: JSON.stringify(own), is_default: 0, version: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    await (tx as any)
      .insertInto('crm_role_user')
      .values(users.own.map((u) => ({ portal_id: portal.id, role_id: role.id, user_id: u })))
      .execute();
  });
  // The employees' index from their rows, as the product builds it; the outbox's user events are then done.
  await rebuildPortal(systemCtx(base, portal), ['employees']);
  await app.platform.events.drain();

  const pipeline = await (db as any).selectFrom('crm_pipeline').select('id').where('portal_id', '=', portal.id).where('entity_type', '=', 'deal').orderBy('id').executeTakeFirstOrThrow();
  const dealStages: { id: number; name: string }[] = await (db as any).selectFrom('crm_stage').select(['id', 'name']).where('pipeline_id', '=', pipeline.id).orderBy('sort').execute();
  const leadStages: { id: number }[] = await (db as any).selectFrom('crm_stage').select('id').where('portal_id', '=', portal.id).where('entity_type', '=', 'lead').execute();

  const engine = engineFor(dialect);
  const indexed = { items: 0, ms: 0 };
  const sys = systemCtx(base, portal);
  const at = (i: number, n: number) => iso(T0 + Math.floor((SPAN * i) / n));
  const responsible = () => all[r.int(all.length)]!;

  const kinds: { kind: string; table: Table; count: number; make(id: number): Made }[] = [
    {
      kind: 'crm.company',
      table: 'crm_company',
      count: SIZES.companies,
      make(id) {
        const title = companyTitle(id);
        const who = responsible();
        const date = at(id, SIZES.companies);
        return {
          row: [id, portal.id, title, who, who, date, date],
          doc: {
            id,
            title,
            subtitle: null,
            body: `${7700000000 + id} ${r.chance(0.3) ? text(r, 3 + r.int(8)) : ''}`,
            url: `/crm/company/details/${id}/`,
            phones: [mobilePhone(r)],
            emails: [`info${id}@company${id % 997}.ru`],
            authorId: who,
            date,
            access: accessTokens(who, departmentOf.get(who) ?? null),
          },
        };
      },
    },
    {
      kind: 'crm.contact',
      table: 'crm_contact',
      count: SIZES.contacts,
      make(id) {
        const p = person(r);
        const who = responsible();
        const date = at(id, SIZES.contacts);
        return {
          row: [id, portal.id, p.last, p.first, p.middle, who, who, date, date],
          doc: {
            id,
            title: fullName(p),
            subtitle: r.chance(0.6) ? companyTitle(1 + r.int(SIZES.companies)) : null,
            body: r.chance(0.2) ? text(r, 2 + r.int(6)) : '',
            url: `/crm/contact/details/${id}/`,
            phones: [mobilePhone(r), ...(r.chance(0.2) ? [mobilePhone(r)] : [])],
            emails: r.chance(0.7) ? [email(r, p)] : [],
            authorId: who,
            date,
            access: accessTokens(who, departmentOf.get(who) ?? null),
          },
        };
      },
    },
    {
      kind: 'crm.deal',
      table: 'crm_deal',
      count: SIZES.deals,
      make(id) {
        const company = companyTitle(1 + r.int(SIZES.companies));
        const title = r.chance(0.5) ? `${r.pick(DEAL_TITLES)} ${r.pick(DEAL_OBJECTS)} ${company}` : `${r.pick(DEAL_TITLES)} №${id}`;
        const stage = r.pick(dealStages);
        const who = responsible();
        const date = at(id, SIZES.deals);
        return {
          row: [id, portal.id, title, pipeline.id, stage.id, who, who, date, date],
          doc: {
            id,
            title,
            subtitle: `${stage.name} · ${company}`,
            body: `${company} ${text(r, 5 + r.int(25))}`,
            url: `/crm/deal/details/${id}/`,
            phones: [],
            emails: [],
            authorId: who,
            date,
            access: accessTokens(who, departmentOf.get(who) ?? null, pipeline.id),
          },
        };
      },
    },
    {
      kind: 'crm.lead',
      table: 'crm_lead',
      count: SIZES.leads,
      make(id) {
        const p = person(r);
        const company = companyTitle(1 + r.int(SIZES.companies));
        const title = `${r.pick(LEAD_TITLES)}: ${p.last}`;
        const who = responsible();
        const date = at(id, SIZES.leads);
        return {
          row: [id, portal.id, title, r.pick(leadStages).id, p.last, p.first, company, who, who, date, date],
          doc: {
            id,
            title,
            subtitle: `${p.last} ${p.first} · ${company}`,
            body: `${p.last} ${p.first} ${company} ${text(r, 3 + r.int(15))}`,
            url: `/crm/lead/details/${id}/`,
            phones: [mobilePhone(r)],
            emails: r.chance(0.5) ? [email(r, p)] : [],
            authorId: who,
            date,
            access: accessTokens(who, departmentOf.get(who) ?? null),
          },
        };
      },
    },
  ];

  for (const k of kinds) {
    step(`${dialect}: ${k.count.toLocaleString('en')} ${k.kind}: rows, then the index in batches of ${BATCH}`);
    for (let from = 1; from <= k.count; from += CHUNK) {
      const made: Made[] = [];
      for (let id = from; id < Math.min(k.count + 1, from + CHUNK); id++) made.push(k.make(id));
      await db.transaction().execute((tx) =>
        insertMany(
          { db: tx },
          k.table,
          COLS[k.table],
          made.map((m) => m.row),
        ),
      );
      const t0 = performance.now();
      for (let i = 0; i < made.length; i += BATCH) {
        const docs = made.slice(i, i + BATCH).map((m) => m.doc);
        await db.transaction().execute((tx) =>
          engine.replace(
            systemCtx({ db: tx, sys: app.platform.sys }, portal),
            k.kind,
            docs.map((d) => d.id),
            docs.map(prepare),
          ),
        );
      }
      indexed.ms += performance.now() - t0;
      indexed.items += made.length;
      const done = from + made.length - 1;
      if (done % 200_000 === 0 || done === k.count) step(`  ${k.kind} ${done.toLocaleString('en')}; indexing so far ${Math.round(indexed.items / (indexed.ms / 1000)).toLocaleString('en')} items/s`);
    }
  }
  if (dialect === 'postgres') {
    for (const t of Object.keys(COLS)) await sql.raw(`select setval(pg_get_serial_sequence('${t}', 'id'), (select max(id) from ${t}))`).execute(db);
    step('postgres: VACUUM ANALYZE');
    await sql`vacuum analyze`.execute(db);
  } else {
    step('sqlite: ANALYZE, FTS5 optimize');
    await sql`analyze`.execute(db);
  }
  void sys;
  return handle(app, portal, users, indexed, () => db0.drop());
}

function handle(app: BuiltApp, portal: PortalRow, users: Record<Scope, number[]>, indexed: SearchBench['indexed'], drop: () => Promise<void>): SearchBench {
  const base = { db: app.platform.db, sys: app.platform.sys };
  const actors = new Map<number, Actor>();
  return {
    app,
    dialect: app.platform.dialect as 'sqlite' | 'postgres',
    portal,
    users,
    indexed,
    async as(userId) {
      let a = actors.get(userId);
      if (!a) actors.set(userId, (a = (await actorFor(systemCtx(base, portal), userId))!));
      return actorCtx(base, portal, a);
    },
    system: () => systemCtx(base, portal),
    close: async () => {
      await app.close();
      await drop();
    },
  };
}

async function reopen(url: string): Promise<SearchBench> {
  const { app, dataDir } = await reopenedBenchApp(url, 'search');
  const db = app.platform.db as any;
  const portal = (await db.selectFrom('portal').select(['id', 'name', 'title']).where('name', '=', PORTAL).executeTakeFirstOrThrow()) as PortalRow;
  await app.platform.portals.reload();
  const people: { id: number; role: string }[] = await db.selectFrom('app_user').select(['id', 'role']).where('portal_id', '=', portal.id).orderBy('id').execute();
  const ownRole = await db.selectFrom('crm_role_user').select('user_id').where('portal_id', '=', portal.id).execute();
  const owners = new Set(ownRole.map((x: { user_id: number }) => x.user_id));
  const users: Record<Scope, number[]> = { all: [], department: [], own: [] };
  for (const p of people) (p.role === 'admin' ? users.all : owners.has(p.id) ? users.own : users.department).push(p.id);
  return handle(app, portal, users, null, async () => fs.rmSync(dataDir, { recursive: true, force: true }));
}
