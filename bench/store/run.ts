/**
 * Warehouses benchmark: the «Speed» targets of the warehouses measured on the server's own code
 * over 100,000 products, 20 warehouses and 1,000,000 stock movements, on SQLite and on PostgreSQL.
 *
 *   npx tsx bench/store/run.ts                                             (SQLite, then PostgreSQL when BENCH_DATABASE_URL is set)
 *   BENCH_SCALE=0.1 BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/store/run.ts
 *
 * Figures (p95 of BENCH_RUNS runs each):
 *   posting a 100-row document (≤ 50 ms): a receipt into one warehouse and a write-off from it, through `postDocument`;
 *   a product's stock in every warehouse (`GET /stock?productId=`), the stock table's first page and a search by name;
 *   a product's stock history: its first page and a later one (keyset on the movement's id).
 * Exit code 0 when every target holds, 1 when one fails, 2 when the bench itself failed.
 */
import type { StoreDocument } from '@vavilon/contracts';
import { sql } from 'kysely';
import { buildApp, type BuiltApp } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/platform/config.js';
import { systemCtx, type Ctx } from '../../server/src/platform/context.js';
import { insertRows } from '../../server/src/platform/db/bulk.js';
import { createPortal } from '../../server/src/modules/users/provision.js';
import { createDocument } from '../../server/src/modules/catalog/store/documents.js';
import { postDocument } from '../../server/src/modules/catalog/store/posting.js';
import { listStock, productMovements } from '../../server/src/modules/catalog/store/stock.js';
import { createWarehouse } from '../../server/src/modules/catalog/store/warehouses.js';
import { freshDatabase } from '../fresh-database.js';
import { pct, runOnEachDatabase, step } from '../measure.js';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const RUNS = Number(process.env.BENCH_RUNS ?? 60);
const PRODUCTS = Math.max(1000, Math.round(100_000 * SCALE));
const WAREHOUSES = 20;
const MOVEMENTS = Math.max(10_000, Math.round(1_000_000 * SCALE));
/** Rows per historical document: 10,000 posted documents make the million movements. */
const ROWS_PER_DOC = 100;
const TARGET_POST_MS = 50;

/** p95 and p50 of `runs` calls after three warm-up calls (given negative indexes). */
async function p95(runs: number, fn: (i: number) => Promise<unknown>): Promise<{ p95: number; p50: number }> {
  for (let i = 0; i < 3; i++) await fn(-1 - i);
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn(i);
    ms.push(performance.now() - t0);
  }
  return { p95: pct(ms, 0.95), p50: pct(ms, 0.5) };
}

/** A deterministic pseudo-random sequence, so both databases get the same data. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const WORDS = ['Бумага', 'Картон', 'Плёнка', 'Краска', 'Баннер', 'Холст', 'Папка', 'Конверт', 'Наклейка', 'Визитка', 'Буклет', 'Блокнот'];

/** Products, warehouses, 10,000 posted documents' movements with their running balances, and the stock they leave. */
async function generate(app: BuiltApp, ctx: Ctx): Promise<{ products: number[]; warehouses: number[] }> {
  const db = app.platform.db;
  const portal = ctx.portal.id;
  const pgDialect = app.platform.dialect === 'postgres';
  const chunk = pgDialect ? 4000 : 2000;
  const at = new Date().toISOString();
  step(`${PRODUCTS} products`);
  const productIds: number[] = [];
  for (let i = 0; i < PRODUCTS; i += chunk) {
    const rows = [];
    for (let j = i; j < Math.min(PRODUCTS, i + chunk); j++) {
      rows.push([portal, 'product', `${WORDS[j % WORDS.length]} ${j + 1}`, `SKU-${String(j + 1).padStart(6, '0')}`, '', 'шт', 10000 + (j % 500) * 100, 'RUB', 20, 1, 1, 500, 1, at, at]);
    }
    productIds.push(
      ...(await insertRows(
        { db },
        'catalog_product',
        ['portal_id', 'kind', 'name', 'sku', 'description', 'unit', 'price', 'currency', 'vat_rate', 'vat_included', 'active', 'sort', 'version', 'created_at', 'updated_at'],
        rows,
        true,
      )),
    );
  }
  step(`${WAREHOUSES} warehouses`);
  const warehouseIds: number[] = [];
  for (let i = 0; i < WAREHOUSES; i++) warehouseIds.push((await createWarehouse(ctx, { name: `Склад ${i + 1}`, isDefault: i === 0 })).id);
  const docs = Math.ceil(MOVEMENTS / ROWS_PER_DOC);
  step(`${docs} posted receipts with ${MOVEMENTS} movements`);
  const docIds: number[] = [];
  const random = rng(42);
  const balances = new Map<string, number>();
  for (let d = 0; d < docs; d += 500) {
    const heads = [];
    for (let k = d; k < Math.min(docs, d + 500); k++) heads.push([portal, k + 1, 'receipt', 'posted', warehouseIds[k % WAREHOUSES], at.slice(0, 10), '', at, 2, at, at]);
    docIds.push(
      ...(await insertRows(
        { db },
        'store_document',
        ['portal_id', 'number', 'type', 'status', 'warehouse_id', 'doc_date', 'comment', 'posted_at', 'version', 'created_at', 'updated_at'],
        heads,
        true,
      )),
    );
  }
  let rows: unknown[][] = [];
  for (let m = 0; m < MOVEMENTS; m++) {
    const doc = Math.floor(m / ROWS_PER_DOC);
    const w = warehouseIds[doc % WAREHOUSES]!;
    // Some products move often (the first thousand), most rarely: a history page of a busy product is a real page.
    const p = random() < 0.3 ? productIds[Math.floor(random() * 1000)]! : productIds[Math.floor(random() * productIds.length)]!;
    const delta = (1 + Math.floor(random() * 50)) * 1000;
    const key = `${p}:${w}`;
    const balance = (balances.get(key) ?? 0) + delta;
    balances.set(key, balance);
    rows.push([portal, p, w, docIds[doc], delta, balance, at]);
    if (rows.length === chunk) {
      await insertRows({ db }, 'store_movement', ['portal_id', 'product_id', 'warehouse_id', 'document_id', 'delta', 'balance', 'created_at'], rows);
      rows = [];
    }
    if (m % 200_000 === 0 && m) step(`  ${m} movements`);
  }
  if (rows.length) await insertRows({ db }, 'store_movement', ['portal_id', 'product_id', 'warehouse_id', 'document_id', 'delta', 'balance', 'created_at'], rows);
  step(`${balances.size} stock rows`);
  const stock = [...balances].map(([k, q]) => {
    const [p, w] = k.split(':').map(Number);
    return [portal, w, p, q];
  });
  for (let i = 0; i < stock.length; i += chunk) await insertRows({ db }, 'store_stock', ['portal_id', 'warehouse_id', 'product_id', 'quantity'], stock.slice(i, i + chunk));
  await sql`analyze`.execute(db);
  return { products: productIds, warehouses: warehouseIds };
}

interface Figure {
  name: string;
  ms: { p95: number; p50: number };
  target?: number;
}

async function measure(pgUrl: string | null): Promise<boolean> {
  const database = await freshDatabase(pgUrl, 'store');
  const config = loadConfig({}, { databaseUrl: database.url, dataDir: database.dataDir, logLevel: 'silent', pollMs: 60_000 });
  const app = await buildApp(config, { logger: false });
  const dialect = app.platform.dialect;
  const t0 = performance.now();
  const portal = await app.platform.db.transaction().execute((tx) => createPortal({ db: tx, sys: app.platform.sys }, 'benchstore', 'Бенчмарк складов'));
  const ctx = systemCtx({ db: app.platform.db, sys: app.platform.sys }, portal);
  const { products, warehouses } = await generate(app, ctx);
  step(`${dialect}: data ready in ${((performance.now() - t0) / 1000).toFixed(0)} s; measuring`);
  const figures: Figure[] = [];
  const random = rng(7);
  const pick = (n: number) => {
    const out = new Set<number>();
    while (out.size < n) out.add(products[Math.floor(random() * products.length)]!);
    return [...out];
  };
  const w = warehouses[0]!;

  // Drafts first (not measured), then their posting alone.
  const receipts: StoreDocument[] = [];
  for (let i = 0; i < RUNS + 3; i++) receipts.push(await createDocument(ctx, { type: 'receipt', warehouseId: w, rows: pick(100).map((productId) => ({ productId, quantity: 10, price: '100.00' })) }));
  let r = 0;
  figures.push({ name: 'posting a 100-row «Приход»', ms: await p95(RUNS, () => postDocument(ctx, receipts[r]!.id, receipts[r++]!.version)), target: TARGET_POST_MS });
  const writeoffs: StoreDocument[] = [];
  for (const d of receipts) writeoffs.push(await createDocument(ctx, { type: 'writeoff', warehouseId: w, rows: d.rows.map((row) => ({ productId: row.productId, quantity: 5 })) }));
  let k = 0;
  figures.push({ name: 'posting a 100-row «Списание»', ms: await p95(RUNS, () => postDocument(ctx, writeoffs[k]!.id, writeoffs[k++]!.version)), target: TARGET_POST_MS });

  const busy = products.slice(0, 1000);
  figures.push({ name: "a product's stock in every warehouse", ms: await p95(RUNS, (i) => listStock(ctx, { productId: busy[Math.abs(i) % busy.length]!, page: 1, pageSize: 50 })) });
  figures.push({ name: 'the stock table, first page (all products)', ms: await p95(RUNS, () => listStock(ctx, { page: 1, pageSize: 50 })) });
  figures.push({ name: 'the stock table of one warehouse, first page', ms: await p95(RUNS, (i) => listStock(ctx, { warehouseId: warehouses[Math.abs(i) % WAREHOUSES]!, page: 1, pageSize: 50 })) });
  figures.push({ name: 'the stock table searched by name', ms: await p95(RUNS, (i) => listStock(ctx, { q: `Бумага ${1 + (Math.abs(i) % 900)}`, page: 1, pageSize: 50 })) });
  figures.push({ name: "a product's stock history, first page", ms: await p95(RUNS, (i) => productMovements(ctx, busy[Math.abs(i) % busy.length]!, { limit: 50 })) });
  const later = await Promise.all(
    busy.slice(0, 50).map(async (id) => {
      const first = await productMovements(ctx, id, { limit: 50 });
      return { id, before: first.next ?? undefined };
    }),
  );
  figures.push({
    name: "a product's stock history, a later page",
    ms: await p95(RUNS, (i) => productMovements(ctx, later[Math.abs(i) % later.length]!.id, { limit: 50, before: later[Math.abs(i) % later.length]!.before })),
  });

  const count = await app.platform.db
    .selectFrom('store_movement')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  console.log(`\n=== ${dialect}: ${PRODUCTS.toLocaleString('en')} products, ${WAREHOUSES} warehouses, ${Number(count.n).toLocaleString('en')} movements (BENCH_SCALE=${SCALE}, p95 of ${RUNS}) ===`);
  let ok = true;
  for (const f of figures) {
    const pass = f.target === undefined || f.ms.p95 <= f.target;
    ok &&= pass;
    console.log(
      `${f.target === undefined ? '     ' : pass ? 'PASS ' : 'FAIL '} ${f.name}: p95 ${f.ms.p95.toFixed(1)} ms, p50 ${f.ms.p50.toFixed(1)} ms${f.target ? ` (target p95 ≤ ${f.target} ms)` : ''}`,
    );
  }
  await app.close();
  if (!process.env.BENCH_KEEP) await database.drop();
  return ok;
}

runOnEachDatabase(measure);
