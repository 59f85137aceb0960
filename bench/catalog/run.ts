/**
 * Catalogue benchmark: «product search at most 30 ms p95» over 100,000 products, measured on the
 * server's own search (`searchProducts`, as `GET /api/crm/catalog/products/search` runs it for an
 * employee: rights, the word index, the first photo) beside the raw statement alone, on SQLite
 * and on PostgreSQL.
 *
 *   npx tsx bench/catalog/run.ts                                   (SQLite, then PostgreSQL when BENCH_DATABASE_URL is set)
 *   BENCH_SQLITE=0 leaves SQLite out; BENCH_SCALE=0.1 BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/catalog/run.ts
 *
 * Queries: Russian word forms of names' words («визитки», «бумагой», «печати баннеров»), SKU prefixes
 * («PR-0012», «MT-01»), and a word with a rare second word. Exit code 0 when the target holds, 1 when not.
 */
import { sql } from 'kysely';
import { buildApp } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/platform/config.js';
import { actorCtx, systemCtx, type Ctx } from '../../server/src/platform/context.js';
import { insertRows } from '../../server/src/platform/db/bulk.js';
import { scoped } from '../../server/src/platform/db/scoped.js';
import { addDepartment, addMember, createPortal } from '../../server/src/modules/users/provision.js';
import { searchProducts } from '../../server/src/modules/catalog/products/service.js';
import { searchQuery } from '../../server/src/modules/catalog/products/search.js';
import { productWords } from '../../server/src/modules/catalog/products/words.js';
import { freshDatabase } from '../fresh-database.js';
import { pct, inline } from '../measure.js';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const PRODUCTS = Math.max(1000, Math.round(100_000 * SCALE));
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const TARGET_MS = 30;

const NOUNS = [
  'Визитка',
  'Бумага',
  'Печать',
  'Баннер',
  'Плакат',
  'Листовка',
  'Буклет',
  'Папка',
  'Конверт',
  'Наклейка',
  'Плёнка',
  'Картон',
  'Блокнот',
  'Календарь',
  'Открытка',
  'Брошюра',
  'Каталог',
  'Этикетка',
  'Пакет',
  'Кружка',
];
const ADJECTIVES = ['мелованная', 'глянцевая', 'матовая', 'цветная', 'офисная', 'дизайнерская', 'крафтовая', 'самоклеящаяся', 'односторонняя', 'двусторонняя', 'премиальная', 'фирменная'];
const TAILS = ['A4', 'A3', 'A5', '80 г/м²', '300 г/м²', '1000 шт', '100 шт', 'рулон', 'для печати', 'с логотипом', 'с тиснением', 'на заказ'];
const PREFIXES = ['PR', 'MT', 'DS', 'PP', 'SV'];

async function runOn(pgUrl: string | null): Promise<boolean> {
  const db = await freshDatabase(pgUrl, 'catalog');
  const app = await buildApp(loadConfig({}, { databaseUrl: db.url, dataDir: db.dataDir, logLevel: 'silent', pollMs: 60_000 }), { logger: false });
  const dialect = app.platform.dialect;
  try {
    const base = { db: app.platform.db, sys: app.platform.sys };
    const portal = await createPortal(base, 'benchcatalog', 'Бенчмарк каталога');
    const sys = systemCtx(base, portal);
    const root = await addDepartment(sys, 'Компания', null);
    const employee = await addMember(sys, { email: 'employee@benchcatalog.example', password: null, firstName: 'Иван', lastName: 'Сотрудников', departmentId: root });

    const t0 = performance.now();
    const at = new Date().toISOString();
    const BATCH = 500;
    let seed = 1;
    const rnd = (n: number) => {
      seed = (Math.imul(seed ^ (seed >>> 15), 2654435761) + 0x9e3779b9) >>> 0;
      return seed % n;
    };
    for (let from = 0; from < PRODUCTS; from += BATCH) {
      const rows: unknown[][] = [];
      const names: [string, string][] = [];
      for (let i = from; i < Math.min(PRODUCTS, from + BATCH); i++) {
        const name = `${NOUNS[rnd(NOUNS.length)]} ${ADJECTIVES[rnd(ADJECTIVES.length)]} ${TAILS[rnd(TAILS.length)]} №${i}`;
        const sku = `${PREFIXES[i % PREFIXES.length]}-${String(i).padStart(6, '0')}`;
        names.push([name, sku]);
        rows.push([portal.id, null, i % 7 ? 'product' : 'service', name, sku, '', 'шт', 100 + (i % 5000) * 10, 'RUB', 20, 1, i % 50 ? 1 : 0, 500, 1, null, at, at]);
      }
      const cols = [
        'portal_id',
        'section_id',
        'kind',
        'name',
        'sku',
        'description',
        'unit',
        'price',
        'currency',
        'vat_rate',
        'vat_included',
        'active',
        'sort',
        'version',
        'created_by',
        'created_at',
        'updated_at',
      ];
      const ids = await insertRows({ db: app.platform.db }, 'catalog_product', cols, rows, true);
      const words: unknown[][] = [];
      ids.forEach((id, k) => {
        for (const w of productWords(names[k]![0], names[k]![1])) words.push([portal.id, w, id]);
      });
      for (let w = 0; w < words.length; w += 900) await insertRows({ db: app.platform.db }, 'catalog_product_word', ['portal_id', 'word', 'product_id'], words.slice(w, w + 900));
    }
    await sql`analyze`.execute(app.platform.db);
    const wordCount = await scoped(sys)
      .selectFrom('catalog_product_word')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    console.log(`${dialect}: ${PRODUCTS} products, ${Number(wordCount.n)} indexed words, made in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const actor = { userId: employee, accountId: 0, portalId: portal.id, role: 'employee' as const, departmentId: root, language: 'ru' as const };
    const request = (): Ctx => actorCtx(base, portal, actor);
    const QUERIES = ['визитки', 'бумагой', 'печати', 'баннеров матовых', 'плакат a3', 'наклейки самоклеящиеся', 'кружку с логотипом', 'PR-0012', 'MT-01', 'ds-00999', 'календари 1000'];
    let pass = true;
    for (const q of QUERIES) {
      await searchProducts(request(), q, 20);
      const ms: number[] = [];
      let found = 0;
      for (let i = 0; i < RUNS; i++) {
        const s = performance.now();
        found = (await searchProducts(request(), q, 20)).length;
        ms.push(performance.now() - s);
      }
      const raw = searchQuery(sys, q, false)!.select(['catalog_product.id', 'catalog_product.name']).limit(40);
      const text = inline(raw);
      const rawMs: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const s = performance.now();
        await sql.raw(text).execute(app.platform.db);
        rawMs.push(performance.now() - s);
      }
      const p95 = pct(ms, 0.95);
      const ok = p95 <= TARGET_MS;
      pass &&= ok;
      console.log(
        `  ${ok ? 'ok  ' : 'FAIL'} «${q}»: search p95 ${p95.toFixed(2)} ms (p50 ${pct(ms, 0.5).toFixed(2)}), raw query p95 ${pct(rawMs, 0.95).toFixed(2)} ms, ${found} found (target ≤ ${TARGET_MS} ms)`,
      );
    }
    return pass;
  } finally {
    await app.close();
    await db.drop();
  }
}

let pass = process.env.BENCH_SQLITE === '0' ? true : await runOn(null);
if (process.env.BENCH_DATABASE_URL) pass = (await runOn(process.env.BENCH_DATABASE_URL)) && pass;
process.exit(pass ? 0 : 1);
