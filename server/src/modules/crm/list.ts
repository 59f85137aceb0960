import { sql } from 'kysely';
import type { ListQuery } from '@vavilon/contracts';
import type { Ctx } from '../../platform/context.js';
import { scoped } from '../../platform/db/scoped.js';
import type { EntityType } from './schema.js';
import { hiddenTitle, nothingIn, scopeFilter, scopeWhere, type ScopeFilter } from './rights.js';
import { checkAccess } from '../../platform/access.js';
import { specOf } from './specs.js';
import { fromMinor, parseJson } from './values.js';
import { fieldDefs, visibleCustom } from './fields.js';
import { userRefs } from '../users/api.js';
import { activityCountsOf } from '../activities/api.js';
import { matchingItems } from '../search/api.js';
import { CurrencySums, ratesOn } from './currencies/rates.js';

/**
 * The one list query of every CRM item type: the actor's read scope, the filter panel, the
 * search box, the sort and the page. The total is a separate query, so the page never waits on it.
 */
export function filtered(ctx: Ctx, entity: EntityType, q: ListQuery, scope: ScopeFilter) {
  const spec = specOf(entity);
  const t = spec.table;
  let query = scoped(ctx).selectFrom(t) as any;
  // Deals across pipelines: (pipeline in … and responsible in …) or … as the roles set them per pipeline.
  const inScope = scopeWhere(scope, t);
  if (inScope) query = query.where(inScope);
  if (q.ids) {
    const ids = q.ids
      .split(',')
      .map(Number)
      .filter((n) => n > 0 && n <= 2_147_483_647);
    query = query.where(`${t}.id`, 'in', ids.length ? ids : [0]);
  }
  const mine = q.preset === 'mine' && ctx.actor ? ctx.actor.userId : undefined;
  const responsible = q.responsibleId ?? mine;
  if (responsible) query = query.where(`${t}.responsible_id`, '=', responsible);
  if (spec.stageKindColumn && q.preset === 'in_progress') query = query.where(`${t}.${spec.stageKindColumn}`, '=', 'progress');
  if (spec.stageKindColumn && q.preset === 'closed') query = query.where(`${t}.${spec.stageKindColumn}`, '!=', 'progress');
  if (entity === 'deal' && q.pipelineId) query = query.where('crm_deal.pipeline_id', '=', q.pipelineId);
  if (spec.stageColumn && q.stageId !== undefined) {
    const ids = Array.isArray(q.stageId) ? q.stageId : [q.stageId];
    query = query.where(`${t}.${spec.stageColumn}`, 'in', ids);
  }
  if (q.companyId) {
    if (entity === 'deal') query = query.where('crm_deal.company_id', '=', q.companyId);
    if (entity === 'contact') {
      query = query.where('crm_contact.id', 'in', (eb: any) => eb.selectFrom('crm_contact_company').select('contact_id').where('company_id', '=', q.companyId).where('portal_id', '=', ctx.portal.id));
    }
  }
  if (q.dateField && (q.dateFrom || q.dateTo)) {
    const col = `${t}.${q.dateField}`;
    const isDay = q.dateField === 'close_date' || q.dateField === 'begin_date';
    if ((q.dateField === 'close_date' || q.dateField === 'begin_date') && entity !== 'deal') {
      // only deals carry these dates
    } else {
      if (q.dateFrom) query = query.where(col, '>=', isDay ? q.dateFrom : `${q.dateFrom}T00:00:00.000Z`);
      if (q.dateTo) query = query.where(col, '<=', isDay ? q.dateTo : `${q.dateTo}T23:59:59.999Z`);
    }
  }
  // The search box asks the portal search index: word forms, phones and e-mails as the top bar finds them.
  if (q.search) query = query.where(`${t}.id`, 'in', matchingItems(ctx, `crm.${entity}`, q.search));
  return query;
}

/** The actor's read scope of the list: for deals filtered to one pipeline, that pipeline's. */
export const listScope = (ctx: Ctx, entity: EntityType, q: Pick<ListQuery, 'pipelineId'>): Promise<ScopeFilter> => scopeFilter(ctx, entity, 'read', entity === 'deal' ? q.pipelineId : undefined);

export async function listRows(ctx: Ctx, entity: EntityType, q: ListQuery): Promise<{ rows: Record<string, any>[]; hasMore: boolean }> {
  const scope = await listScope(ctx, entity, q);
  if (nothingIn(scope)) return { rows: [], hasMore: false };
  const spec = specOf(entity);
  const t = spec.table;
  const sortSpec = spec.columns.find((c) => c.key === q.sort && c.sortable && c.column) ?? spec.columns.find((c) => c.key === 'id')!;
  const rows = await filtered(ctx, entity, q, scope)
    .selectAll(t)
    .orderBy(`${t}.${sortSpec.column}`, q.order)
    .orderBy(`${t}.id`, q.order)
    .limit(q.pageSize + 1)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return { rows: rows.slice(0, q.pageSize), hasMore: rows.length > q.pageSize };
}

export async function countRows(ctx: Ctx, entity: EntityType, q: ListQuery): Promise<number> {
  const scope = await listScope(ctx, entity, q);
  if (nothingIn(scope)) return 0;
  const r = await filtered(ctx, entity, q, scope)
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Turns item rows into list rows: references resolved in one query per kind. */
export async function toListRows(ctx: Ctx, entity: EntityType, rows: Record<string, any>[]): Promise<Record<string, unknown>[]> {
  const spec = specOf(entity);
  const userIds = [...new Set(rows.map((r) => r.responsible_id).filter(Boolean))] as number[];
  const stageIds = spec.stageColumn ? ([...new Set(rows.map((r) => r[spec.stageColumn!]))] as number[]) : [];
  const companyIds = entity === 'deal' ? ([...new Set(rows.map((r) => r.company_id).filter(Boolean))] as number[]) : [];
  const [userBy, stages, companies, defs, readable, activities] = await Promise.all([
    userRefs(ctx, userIds),
    stageIds.length ? scoped(ctx).selectFrom('crm_stage').select(['id', 'name', 'color', 'kind']).where('id', 'in', stageIds).execute() : [],
    companyIds.length ? scoped(ctx).selectFrom('crm_company').select(['id', 'title', 'responsible_id']).where('id', 'in', companyIds).execute() : [],
    fieldDefs(ctx, entity),
    checkAccess(ctx, 'read', 'company', companyIds),
    // The rows are the actor's readable items, and whoever reads an item reads its activities.
    activityCountsOf(
      ctx,
      entity,
      rows.map((r) => Number(r.id)),
    ),
  ]);
  const stageBy = new Map(stages.map((s) => [s.id, s]));
  // A company the viewer may not read keeps its id (no link in the list) and reads «Скрыто», in the export too.
  const hidden = hiddenTitle(ctx);
  const companyBy = new Map(companies.map((c) => [c.id, readable.has(c.id) ? { id: c.id, title: c.title } : { id: c.id, title: hidden, hidden: true }]));
  return rows.map((r) => {
    const out: Record<string, unknown> = { id: r.id, version: r.version, url: spec.url(r.id) };
    for (const c of spec.columns) {
      const v = c.column ? r[c.column] : undefined;
      switch (c.kind) {
        case 'user':
          out[c.key] = v ? (userBy.get(v) ?? null) : null;
          break;
        case 'stage':
          out[c.key] = stageBy.get(v) ?? null;
          break;
        case 'company':
          out[c.key] = v ? (companyBy.get(v) ?? null) : null;
          break;
        case 'money':
          out[c.key] = fromMinor(v);
          out[`${c.key}Currency`] = r.currency ?? r.revenue_currency ?? 'RUB';
          break;
        case 'typed':
          out[c.key] = parseJson(v, []);
          break;
        case 'activities':
          out[c.key] = activities.get(Number(r.id)) ?? { planned: 0, overdue: 0, nearest: null };
          break;
        case 'path':
          out[c.key] = { source: r.source, utmSource: r.utm_source, utmMedium: r.utm_medium, utmCampaign: r.utm_campaign, firstTouchAt: r.first_touch_at };
          break;
        default:
          out[c.key] = v ?? null;
      }
    }
    if (entity === 'contact' || entity === 'lead') out.name = [r.last_name, r.first_name, r.middle_name].filter(Boolean).join(' ');
    out.title = r.title ?? out.name;
    const custom = visibleCustom(defs, parseJson(r.custom, {}));
    for (const [k, v] of Object.entries(custom)) out[k] = v;
    return out;
  });
}

/** The sum of the amounts of the list's deals or leads: added up per currency, converted to the base currency at today's rates. */
export async function sumRows(ctx: Ctx, entity: 'deal' | 'lead', q: ListQuery) {
  const rates = await ratesOn(ctx);
  const scope = await listScope(ctx, entity, q);
  const rows = nothingIn(scope)
    ? []
    : ((await filtered(ctx, entity, q, scope)
        .select([`${specOf(entity).table}.currency as currency`, sql<number>`coalesce(sum(${sql.ref(`${specOf(entity).table}.amount`)}), 0)`.as('s')])
        .groupBy(`${specOf(entity).table}.currency`)
        .execute()) as { currency: string; s: number }[]);
  const sums = new CurrencySums();
  for (const r of rows) sums.add(r.currency, Number(r.s));
  return {
    sum: fromMinor(sums.inBase(rates))!,
    currency: rates.base,
    byCurrency: [...sums.entries()].filter(([, s]) => s !== 0).map(([currency, s]) => ({ currency, sum: fromMinor(s)! })),
  };
}
