import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import multipart from '@fastify/multipart';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { ProductInput, ProductListQuery, type ProductListQuery as ListQuery } from '@vavilon/contracts';
import { transaction, type Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import { AppError, errors } from '../../../platform/errors.js';
import { recordEvent } from '../../../platform/events/outbox.js';
import { t, type MessageKey } from '../../../platform/i18n/index.js';
import { catalogProductEvents } from '@vavilon/contracts';
import { fileRecords, loadExcel, parseBoolean, parseCurrency, parseMoney, sniffFile } from '../../crm/api.js';
import { requireCatalog } from '../rights.js';
import { createSection, listSections } from './sections.js';
import { createProduct, listProducts, updateProduct } from './service.js';

const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
const COLUMNS = ['name', 'sku', 'kind', 'section', 'unit', 'price', 'currency', 'vat', 'vatIncluded', 'active', 'description'] as const;
type Column = (typeof COLUMNS)[number];
const label = (lang: 'ru' | 'en', c: Column) => t(lang, `catalog.col.${c === 'vatIncluded' ? 'vat_included' : c}` as MessageKey);

export const ImportResult = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), message: z.string() })),
});
type ImportResult = z.infer<typeof ImportResult>;
const ExportQuery = ProductListQuery.omit({ page: true, pageSize: true });

/** The list's products page by page, as the export reads them. */
async function* exportRows(ctx: Ctx, q: Omit<ListQuery, 'page' | 'pageSize'>) {
  for (let page = 1; ; page++) {
    const { items } = await listProducts(ctx, { ...q, page, pageSize: 200 });
    if (!items.length) return;
    yield items;
    if (items.length < 200) return;
  }
}

/** xlsx written as the products are read (exceljs's streaming writer), with the columns the import reads back. */
function exportStream(ctx: Ctx, q: Omit<ListQuery, 'page' | 'pageSize'>, log: FastifyInstance['log']): Readable {
  const out = new PassThrough();
  void (async () => {
    const { default: ExcelJS } = await loadExcel();
    const sections = new Map((await listSections(ctx)).map((s) => [s.id, s.name]));
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
    const sheet = wb.addWorksheet(t(ctx.lang, 'catalog.col.name').slice(0, 31));
    sheet.columns = COLUMNS.map((c) => ({ header: label(ctx.lang, c), key: c, width: c === 'name' || c === 'description' ? 40 : 14 }));
    const yes = t(ctx.lang, 'catalog.yes');
    const no = t(ctx.lang, 'catalog.no');
    for await (const rows of exportRows(ctx, q)) {
      if (out.destroyed) return;
      for (const p of rows) {
        sheet
          .addRow([
            p.name,
            p.sku,
            t(ctx.lang, `catalog.kind.${p.kind}`),
            (p.sectionId && sections.get(p.sectionId)) || '',
            p.unit,
            Number(p.price),
            p.currency,
            p.vatRate === null ? t(ctx.lang, 'catalog.vat.none') : p.vatRate,
            p.vatIncluded ? yes : no,
            p.active ? yes : no,
            '',
          ])
          .commit();
      }
      if (out.writableNeedDrain) await once(out, 'drain');
    }
    sheet.commit();
    await wb.commit();
  })().catch((err) => {
    log.error({ err }, 'catalogue export failed');
    out.destroy(err as Error);
  });
  return out;
}

/** Which column of the file holds what: headers in Russian or English, in any order. */
function headerMap(cells: string[]): Map<Column, number> {
  const out = new Map<Column, number>();
  const norm = (s: string) => s.trim().toLowerCase().replace(/ё/g, 'е');
  cells.forEach((cell, i) => {
    for (const c of COLUMNS) if ([label('ru', c), label('en', c)].map(norm).includes(norm(cell))) out.set(c, i);
  });
  return out;
}

function vatOf(raw: string): number | null | undefined {
  const s = raw.trim().toLowerCase().replace(/\s*%$/, '');
  if (!s || ['без ндс', 'no vat', 'нет', '-'].includes(s)) return null;
  return ['0', '10', '20'].includes(s) ? Number(s) : undefined;
}

/**
 * Reads an xlsx of products: a row whose SKU the catalogue has updates that product, any other
 * adds one; a section named in the file and missing is added at the top. Each batch of rows is one
 * transaction; a bad row is reported with its number and the message, the others go in.
 */
export async function importProducts(ctx: Ctx, file: string): Promise<ImportResult> {
  await requireCatalog(ctx, 'edit');
  if ((await sniffFile(file))?.format !== 'xlsx') throw errors.field('file', 'catalog.import_not_excel');
  const result: ImportResult = { created: 0, updated: 0, errors: [] };
  const sections = new Map((await listSections(ctx)).map((s) => [s.name.toLowerCase(), s.id]));
  let columns: Map<Column, number> | null = null;
  let batch: { n: number; cells: string[] }[] = [];
  const flush = async () => {
    const rows = batch;
    batch = [];
    if (!rows.length) return;
    await transaction(ctx, async (tx) => {
      const skus = rows.map((r) => cell(r.cells, 'sku')).filter(Boolean);
      const existing = new Map(skus.length ? (await scoped(tx).selectFrom('catalog_product').select(['id', 'sku', 'version']).where('sku', 'in', skus).execute()).map((p) => [p.sku, p]) : []);
      for (const r of rows) {
        const error = (key: MessageKey, value = '') => result.errors.push({ row: r.n, message: t(ctx.lang, key, { row: r.n, value }) });
        const name = cell(r.cells, 'name');
        if (!name) {
          error('catalog.import_no_name');
          continue;
        }
        const rawPrice = cell(r.cells, 'price');
        const price = rawPrice ? parseMoney(rawPrice) : '0';
        if (price === null || price.startsWith('-')) {
          error('catalog.import_bad_price', rawPrice);
          continue;
        }
        const rawVat = cell(r.cells, 'vat');
        const vatRate = vatOf(rawVat);
        if (vatRate === undefined) {
          error('catalog.import_bad_vat', rawVat);
          continue;
        }
        let sectionId: number | null = null;
        const sectionName = cell(r.cells, 'section');
        if (sectionName) {
          sectionId = sections.get(sectionName.toLowerCase()) ?? null;
          if (!sectionId) {
            sectionId = (await createSection(tx, { name: sectionName })).id;
            sections.set(sectionName.toLowerCase(), sectionId);
          }
        }
        const kindText = cell(r.cells, 'kind').toLowerCase();
        const parsed = ProductInput.safeParse({
          name,
          sku: cell(r.cells, 'sku'),
          kind: ['услуга', 'service'].includes(kindText) ? 'service' : 'product',
          sectionId,
          unit: cell(r.cells, 'unit') || undefined,
          price,
          currency: cell(r.cells, 'currency') ? parseCurrency(cell(r.cells, 'currency')) : undefined,
          vatRate,
          vatIncluded: parseBoolean(cell(r.cells, 'vatIncluded')) ?? true,
          active: parseBoolean(cell(r.cells, 'active')) ?? true,
          description: cell(r.cells, 'description'),
        });
        if (!parsed.success) {
          const issue = parsed.error.issues[0]!;
          result.errors.push({ row: r.n, message: `${label(ctx.lang, (issue.path[0] as Column) ?? 'name')}: ${t(ctx.lang, issue.message)}` });
          continue;
        }
        const same = parsed.data.sku ? existing.get(parsed.data.sku) : undefined;
        if (same) {
          const updated = await updateProduct(tx, same.id, { ...parsed.data, version: same.version });
          existing.set(updated.sku, { id: updated.id, sku: updated.sku, version: updated.version });
          result.updated++;
        } else {
          const created = await createProduct(tx, parsed.data);
          if (created.sku) existing.set(created.sku, { id: created.id, sku: created.sku, version: created.version });
          result.created++;
        }
      }
    });
  };
  const cell = (cells: string[], c: Column) => {
    const i = columns?.get(c);
    return i === undefined ? '' : (cells[i] ?? '').trim();
  };
  for await (const record of fileRecords(file, 'xlsx')) {
    if (!columns) {
      columns = headerMap(record.cells);
      if (!columns.has('name')) throw errors.field('file', 'catalog.import_no_name', { row: record.n });
      continue;
    }
    batch.push(record);
    if (batch.length >= 200) await flush();
  }
  await flush();
  if (result.created || result.updated) {
    await transaction(ctx, (tx) =>
      recordEvent(tx, catalogProductEvents.productsImported, { entityType: 'catalog.product', entityId: 0, payload: { created: result.created, updated: result.updated } }),
    );
  }
  return result;
}

/** «Экспорт» (xlsx of the list as filtered) and «Импорт» (an xlsx upload, read at once). */
export async function transferRoutes(fastify: FastifyInstance): Promise<void> {
  await fastify.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 5, parts: 10 } });
    const app = scope.withTypeProvider<ZodTypeProvider>();
    const member = { policy: 'member' as const };

    app.get('/api/crm/catalog/products/export', { config: member, schema: { querystring: ExportQuery } }, async (req, reply) => {
      await requireCatalog(req.ctx, 'read');
      const day = new Date().toISOString().slice(0, 10);
      const full = `${req.ctx.lang === 'ru' ? 'Каталог товаров' : 'Product catalogue'}-${day}.xlsx`;
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="catalog-${day}.xlsx"; filename*=UTF-8''${encodeURIComponent(full)}`)
        .header('cache-control', 'no-store')
        .send(exportStream(req.ctx, req.query, req.log));
    });

    app.post('/api/crm/catalog/products/import', { config: member, schema: { response: { 200: ImportResult } } }, async (req) => {
      await requireCatalog(req.ctx, 'edit');
      const noFile = () => new AppError(400, 'validation', 'error.validation', {}, [{ field: 'file', message: 'catalog.import_not_excel' }]);
      if (!req.isMultipart()) throw noFile();
      const part = await req.file();
      if (!part) throw noFile();
      const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'catalog-import-'));
      const file = path.join(dir, 'upload.xlsx');
      try {
        await pipeline(part.file, fs.createWriteStream(file));
        if (part.file.truncated) throw noFile();
        return await importProducts(req.ctx, file);
      } finally {
        await fs.promises.rm(dir, { recursive: true, force: true });
      }
    });
  });
}
