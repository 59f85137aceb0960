import { PassThrough, Readable } from 'node:stream';
import { t } from '../../../platform/i18n/index.js';
import { once } from 'node:events';
import { sql } from 'kysely';
import { loadExcel } from './excel.js';
import type { FieldDef, ListQuery } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import { errors, type FieldError } from '../../../platform/errors.js';
import { formatPhone } from '../../../platform/auth/logins.js';
import type { Logger } from '../../../platform/logger.js';
import { fieldDefs } from '../fields.js';
import { filtered, toListRows } from '../list.js';
import { nothingIn, scopeFilter, type ScopeFilter } from '../rights.js';
import type { EntityType } from '../schema.js';
import { specOf, type ColumnSpec } from '../specs.js';
import { userRefs } from '../../users/api.js';
import { csvLines } from './csv.js';

export const EXPORT_PAGE = 1000;

export interface ExportColumn {
  key: string;
  label: string;
  spec?: ColumnSpec;
  def?: FieldDef;
}

/** Items the actor may both read and export (deals: per pipeline): the export scope narrows the list. */
export async function exportScope(ctx: Ctx, entity: EntityType, pipelineId?: number): Promise<ScopeFilter> {
  const scope = await scopeFilter(ctx, entity, ['read', 'export'], entity === 'deal' ? pipelineId : undefined);
  if (nothingIn(scope)) throw errors.forbidden();
  return scope;
}

/** The chosen columns (list column keys and custom field codes), or the list's default ones. */
export async function exportColumns(ctx: Ctx, entity: EntityType, param: string | undefined): Promise<ExportColumn[]> {
  const spec = specOf(entity);
  const defs = (await fieldDefs(ctx, entity)).filter((d) => d.canRead);
  const keys = param
    ? param
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean)
    : // «Дела» is a live counter of the list, not the item's data: a file gets it only when asked for.
      spec.columns.filter((c) => c.byDefault && c.kind !== 'activities').map((c) => c.key);
  const errs: FieldError[] = [];
  const out: ExportColumn[] = [];
  for (const key of [...new Set(keys)]) {
    const c = spec.columns.find((x) => x.key === key);
    const d = defs.find((x) => x.code === key);
    if (c) out.push({ key, label: c.label[ctx.lang], spec: c });
    else if (d) out.push({ key, label: d.label, def: d });
    else errs.push({ field: 'columns', message: 'crm.export.column_unknown', params: { key } });
  }
  if (errs.length) throw errors.validation(errs);
  return out;
}

/**
 * The current list page after page: its filter, search and sort, walked by key (the last
 * row's sort value and id) rather than by offset, so each page costs the same and memory stays flat.
 * Rows without a sort value come last in either direction.
 */
export async function* exportPages(ctx: Ctx, entity: EntityType, q: ListQuery, scope: ScopeFilter): AsyncGenerator<Record<string, any>[]> {
  const spec = specOf(entity);
  const t = spec.table;
  const sortSpec = spec.columns.find((c) => c.key === q.sort && c.sortable && c.column) ?? spec.columns.find((c) => c.key === 'id')!;
  const col = `${t}.${sortSpec.column}`;
  const id = `${t}.id`;
  const byId = sortSpec.column === 'id';
  const [gt, desc] = q.order === 'asc' ? (['>', false] as const) : (['<', true] as const);
  let last: { v: unknown; id: number } | null = null;
  for (;;) {
    let query = filtered(ctx, entity, q, scope).selectAll(t);
    if (last) {
      const l = last;
      if (byId) query = query.where(id, gt, l.id);
      else if (l.v === null || l.v === undefined) query = query.where(col, 'is', null).where(id, gt, l.id);
      else query = query.where((eb: any) => eb.or([eb(col, gt, l.v), eb.and([eb(col, '=', l.v), eb(id, gt, l.id)]), eb(col, 'is', null)]));
    }
    if (!byId) query = query.orderBy(sql`case when ${sql.ref(col)} is null then 1 else 0 end`).orderBy(col, desc ? 'desc' : 'asc');
    const rows: Record<string, any>[] = await query
      .orderBy(id, desc ? 'desc' : 'asc')
      .limit(EXPORT_PAGE)
      .execute();
    if (rows.length) yield rows;
    if (rows.length < EXPORT_PAGE) return;
    const tail = rows[rows.length - 1]!;
    last = { v: byId ? tail.id : tail[sortSpec.column!], id: tail.id };
  }
}

const moscow = new Intl.DateTimeFormat('ru-RU', { timeZone: 'Europe/Moscow', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
const ruDate = (iso: string) => (/^\d{4}-\d{2}-\d{2}/.test(iso) ? `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}` : iso);
const ruDateTime = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : moscow.format(d).replace(',', '');
};

/**
 * A list row's value as a spreadsheet cell: ids and numbers as numbers, money as its decimal
 * string (exact; each format writes it its own way), the rest as the text a person reads.
 */
function cell(c: ExportColumn, row: Record<string, any>, ctx: Ctx, users: Map<number, string>): string | number | null {
  const v = row[c.key];
  if (c.def) return customCell(c.def, v, ctx, users);
  if (v === null || v === undefined) return null;
  switch (c.spec!.kind) {
    case 'id':
      return Number(v);
    case 'money': {
      const currency = row[`${c.key}Currency`] ?? 'RUB';
      return currency === 'RUB' ? String(v) : `${v} ${currency}`;
    }
    case 'user':
    case 'stage':
      return v.fullName ?? v.name ?? null;
    case 'company':
      return v.title ?? null;
    case 'typed':
      return (v as { value: string }[]).map((x) => (c.key === 'phones' ? formatPhone(x.value) : x.value)).join(', ');
    case 'activities':
      return Number(v.planned) || null;
    case 'path':
      return [v.source, v.utmSource, v.utmMedium, v.utmCampaign].filter(Boolean).join(' / ') || null;
    case 'date':
      return ruDate(String(v));
    case 'datetime':
      return ruDateTime(String(v));
    default:
      return String(v);
  }
}

function customCell(def: FieldDef, v: unknown, ctx: Ctx, users: Map<number, string>): string | number | null {
  if (v === null || v === undefined) return null;
  const one = (x: unknown): string => {
    switch (def.type) {
      case 'list':
        return def.options.find((o) => o.id === x)?.label ?? '';
      case 'boolean':
        return t(ctx.lang, x ? 'value.yes' : 'value.no');
      case 'employee':
        return users.get(Number(x)) ?? String(x);
      case 'date':
        return ruDate(String(x));
      case 'datetime':
        return ruDateTime(String(x));
      default:
        return String(x);
    }
  };
  if (Array.isArray(v)) return v.map(one).filter(Boolean).join(', ');
  if (def.type === 'number' && Number.isFinite(Number(v))) return Number(v);
  if (def.type === 'money') return String(v);
  return one(v);
}

async function employeeNames(ctx: Ctx, columns: ExportColumn[], rows: Record<string, any>[]): Promise<Map<number, string>> {
  const ids = new Set<number>();
  for (const c of columns) if (c.def?.type === 'employee') for (const r of rows) for (const v of ([] as unknown[]).concat(r[c.key] ?? [])) ids.add(Number(v));
  if (!ids.size) return new Map();
  const users = await userRefs(ctx, ids);
  return new Map([...users.values()].map((u) => [u.id, u.fullName]));
}

async function* tableRows(ctx: Ctx, entity: EntityType, q: ListQuery, scope: ScopeFilter, columns: ExportColumn[]) {
  for await (const page of exportPages(ctx, entity, q, scope)) {
    const list = await toListRows(ctx, entity, page);
    const users = await employeeNames(ctx, columns, list);
    yield list.map((r) => columns.map((c) => cell(c, r as Record<string, any>, ctx, users)));
  }
}

const MONEY = /^-?\d+(\.\d+)?$/;
const isMoney = (c: ExportColumn) => c.spec?.kind === 'money' || c.def?.type === 'money';

export function exportFileName(ctx: Ctx, entity: EntityType, format: 'csv' | 'xlsx'): { ascii: string; full: string } {
  const day = new Date().toISOString().slice(0, 10);
  return { ascii: `crm-${entity}-${day}.${format}`, full: `${specOf(entity).title[ctx.lang]}-${day}.${format}` };
}

/** CSV for Excel users: a BOM so Excel reads UTF-8, `;` between cells, decimal commas in Russian. */
export function csvStream(ctx: Ctx, entity: EntityType, q: ListQuery, scope: ScopeFilter, columns: ExportColumn[]): Readable {
  const decimal = ctx.lang === 'ru' ? ',' : '.';
  const money = columns.map(isMoney);
  async function* lines() {
    yield '\uFEFF' + csvLines([columns.map((c) => c.label)]);
    for await (const rows of tableRows(ctx, entity, q, scope, columns)) {
      yield csvLines(rows.map((r) => r.map((v, i) => (v === null ? '' : typeof v === 'number' || (money[i] && MONEY.test(v)) ? String(v).replace('.', decimal) : v))));
    }
  }
  return Readable.from(lines());
}

/** xlsx written as it is read from the database (exceljs's streaming writer), page by page. */
export function xlsxStream(ctx: Ctx, entity: EntityType, q: ListQuery, scope: ScopeFilter, columns: ExportColumn[], log: Logger): Readable {
  const out = new PassThrough();
  const money = columns.map(isMoney);
  void (async () => {
    const { default: ExcelJS } = await loadExcel();
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
    const sheet = wb.addWorksheet(specOf(entity).title[ctx.lang].slice(0, 31));
    sheet.columns = columns.map((c) => ({ header: c.label, key: c.key, width: Math.min(60, Math.max(12, c.label.length + 4)) }));
    for await (const rows of tableRows(ctx, entity, q, scope, columns)) {
      if (out.destroyed) return; // the client went away: stop reading the database
      for (const r of rows) sheet.addRow(r.map((v, i) => (money[i] && typeof v === 'string' && MONEY.test(v) ? Number(v) : v))).commit();
      if (out.writableNeedDrain) await once(out, 'drain');
    }
    sheet.commit();
    await wb.commit();
  })().catch((err) => {
    log.error({ err }, 'export failed');
    out.destroy(err as Error);
  });
  return out;
}
