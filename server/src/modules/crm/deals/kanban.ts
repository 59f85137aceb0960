import { sql } from 'kysely';
import type { z } from 'zod';
import type { DealCalendarQuery, KanbanColumnQuery, KanbanQuery } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import { matchingItems } from '../../search/api.js';
import { errors } from '../../../platform/errors.js';
import { canAdd, hiddenTitle, responsibleFilter, rightsOf, scopeTest } from '../rights.js';
import { defaultPipeline, findPipeline, findStage, stageRows, toPipeline, toStage, type PipelineRow, type StageRow } from '../pipelines/repository.js';
import { fromMinor } from '../values.js';
import { prepared } from '../prepared.js';
import { isDay } from './input.js';
import { personName } from './mapping.js';
import { userNameSql, userPhotoSql, userRefs } from '../../users/api.js';
import type { DealRow } from './store.js';
import { activityCountsOf } from '../../activities/api.js';
import { CurrencySums, ratesOn, type Rates } from '../currencies/index.js';

const PAGE = 20;

type DealCardColumns = Pick<DealRow, 'id' | 'title' | 'amount' | 'currency' | 'company_id' | 'responsible_id' | 'version' | 'kanban_sort'>;
const CARD_COLUMNS = ['id', 'title', 'amount', 'currency', 'company_id', 'responsible_id', 'version', 'kanban_sort'] as const;

/** A card's deal columns with its company, primary contact and responsible joined in. */
export type CardRow = DealCardColumns & {
  company_title: string | null;
  company_responsible_id: number | null;
  contact_id: number | null;
  contact_last_name: string | null;
  contact_first_name: string | null;
  contact_responsible_id: number | null;
  user_name: string | null;
  user_photo_url: string | null;
};

/**
 * Joins what a Kanban card shows to a deal query: the company, the primary contact and the
 * responsible come with the deal rows in the same statement (the deal table stays the outer
 * one, so a column is still read in the order of its index and stops at the page).
 */
function withCardJoins(ctx: Ctx, q: ReturnType<typeof dealQuery>) {
  return q
    .leftJoin('crm_company', (j) => j.onRef('crm_company.id', '=', 'crm_deal.company_id').onRef('crm_company.portal_id', '=', 'crm_deal.portal_id'))
    .leftJoin('crm_deal_contact', (j) =>
      j.onRef('crm_deal_contact.deal_id', '=', 'crm_deal.id').onRef('crm_deal_contact.portal_id', '=', 'crm_deal.portal_id').on('crm_deal_contact.is_primary', '=', 1),
    )
    .leftJoin('crm_contact', (j) => j.onRef('crm_contact.id', '=', 'crm_deal_contact.contact_id').onRef('crm_contact.portal_id', '=', 'crm_deal.portal_id'))
    .select((eb) => [
      ...CARD_COLUMNS.map((c) => `crm_deal.${c}` as const),
      'crm_company.title as company_title',
      'crm_company.responsible_id as company_responsible_id',
      'crm_contact.id as contact_id',
      'crm_contact.last_name as contact_last_name',
      'crm_contact.first_name as contact_first_name',
      'crm_contact.responsible_id as contact_responsible_id',
      userNameSql(ctx, eb, 'crm_deal.responsible_id').as('user_name'),
      userPhotoSql(ctx, eb, 'crm_deal.responsible_id').as('user_photo_url'),
    ]);
}

/** The card of one deal, as the Kanban shows it (after a move). */
export async function cardOf(ctx: Ctx, id: number) {
  const row = await withCardJoins(ctx, dealQuery(ctx, [], undefined))
    .where('crm_deal.id', '=', id)
    .executeTakeFirst();
  return row ? (await cardsOf(ctx, [row]))[0] : undefined;
}

const NO_ACTIVITIES = { planned: 0, overdue: 0, nearest: null };

/**
 * Kanban cards from joined rows, with the deals' planned activities counted in one query for
 * the whole board. A company or contact the viewer may not read shows as «Скрыто».
 */
export async function cardsOf(ctx: Ctx, rows: CardRow[]) {
  if (!rows.length) return [];
  const [readCompany, readContact, activities] = await Promise.all([
    scopeTest(ctx, 'company', 'read'),
    scopeTest(ctx, 'contact', 'read'),
    activityCountsOf(
      ctx,
      'deal',
      rows.map((r) => r.id),
    ),
  ]);
  const hidden = hiddenTitle(ctx);
  return rows.map((r) => {
    const companyHidden = r.company_id !== null && r.company_title !== null && !readCompany(r.company_responsible_id);
    const contactHidden = r.contact_id !== null && !readContact(r.contact_responsible_id);
    return {
      id: r.id,
      title: r.title,
      amount: fromMinor(Number(r.amount))!,
      currency: r.currency,
      company: r.company_title === null ? null : companyHidden ? hidden : r.company_title,
      contact: r.contact_id === null ? null : contactHidden ? hidden : personName({ last_name: r.contact_last_name ?? '', first_name: r.contact_first_name ?? '' }, r.contact_id),
      ...(companyHidden ? { companyHidden: true } : {}),
      ...(contactHidden ? { contactHidden: true } : {}),
      responsible: r.responsible_id && r.user_name !== null ? { id: r.responsible_id, fullName: r.user_name, photoUrl: r.user_photo_url } : null,
      version: r.version,
      activities: activities.get(r.id) ?? NO_ACTIVITIES,
    };
  });
}

/** Whose deals of the pipeline the board shows: the actor's read scope there narrowed by the responsible filter; null: everyone's. */
async function responsibleScope(ctx: Ctx, responsibleId: number | undefined, pipelineId: number | null): Promise<number[] | null> {
  const scope = await responsibleFilter(ctx, 'deal', 'read', pipelineId);
  if (scope === 'none') return [];
  if (scope === 'all') return responsibleId ? [responsibleId] : null;
  return responsibleId ? scope.filter((u) => u === responsibleId) : scope;
}

function dealQuery(ctx: Ctx, who: number[], search: string | undefined) {
  let q = scoped(ctx).selectFrom('crm_deal');
  if (who.length) q = q.where('crm_deal.responsible_id', 'in', who);
  // The search box asks the portal search index, as the lists do.
  if (search?.trim()) q = q.where('crm_deal.id', 'in', matchingItems(ctx, 'crm.deal', search));
  return q;
}

/**
 * Count and sum per stage: from the kept totals, or counted live when a search narrows the board.
 * Sums are added up per currency and converted to the base currency at today's rates.
 */
async function columnTotals(ctx: Ctx, pipelineId: number, stageIds: number[], who: number[] | null, search: string | undefined, rates: Rates) {
  const out = new Map<number, { count: number; sum: number }>();
  if (!stageIds.length || (who && !who.length)) return out;
  const rows = search
    ? await dealQuery(ctx, who ?? [], search)
        .select(['crm_deal.stage_id', 'crm_deal.currency', sql<number>`count(*)`.as('n'), sql<number>`coalesce(sum(crm_deal.amount), 0)`.as('s')])
        .where('crm_deal.pipeline_id', '=', pipelineId)
        .groupBy(['crm_deal.stage_id', 'crm_deal.currency'])
        .execute()
    : await (who ? scoped(ctx).selectFrom('crm_deal_totals').where('responsible_id', 'in', who) : scoped(ctx).selectFrom('crm_deal_totals'))
        .select(['stage_id', 'currency', sql<number>`sum(deal_count)`.as('n'), sql<number>`sum(amount_sum)`.as('s')])
        .where('stage_id', 'in', stageIds)
        .groupBy(['stage_id', 'currency'])
        .execute();
  for (const r of rows) {
    const t = out.get(r.stage_id) ?? { count: 0, sum: 0 };
    out.set(r.stage_id, { count: t.count + Number(r.n), sum: t.sum + rates.toBase(r.currency, Number(r.s)) });
  }
  return out;
}

/**
 * The order of a column: `kanban_sort` higher first, then the newer id. A card's place, `below`
 * another card: further down the column than it.
 */
type Place = { id: number; kanban_sort: number };

function below<Q extends { where: (...a: any[]) => Q }>(q: Q, anchor: Place): Q {
  return q.where((eb: any) => eb.or([eb('crm_deal.kanban_sort', '<', anchor.kanban_sort), eb.and([eb('crm_deal.kanban_sort', '=', anchor.kanban_sort), eb('crm_deal.id', '<', anchor.id)])]));
}

/**
 * The deal rows of a column's next page, below the card `afterId`. The column's pipeline is the
 * stage's: given, or read by a subquery of the same statement (the next page of a column); so is
 * the place of the card `afterId`.
 */
function columnQuery(ctx: Ctx, stageId: number, pipelineId: number | null, who: number[] | null, search: string | undefined, afterId?: number) {
  // pipeline + stage + sort + id: the order of the Kanban index, so a column is read from the index alone.
  let q = withCardJoins(ctx, dealQuery(ctx, who ?? [], search))
    .where('crm_deal.pipeline_id', '=', (eb) =>
      pipelineId !== null
        ? eb.val(pipelineId)
        : eb.selectFrom('crm_stage').select('crm_stage.pipeline_id').where('crm_stage.portal_id', '=', ctx.portal.id).where('crm_stage.id', '=', stageId).where('crm_stage.entity_type', '=', 'deal'),
    )
    .where('crm_deal.stage_id', '=', stageId);
  if (afterId) {
    const anchorSort = (eb: any) => eb.selectFrom('crm_deal as anchor').select('anchor.kanban_sort').where('anchor.portal_id', '=', ctx.portal.id).where('anchor.id', '=', afterId);
    q = q.where((eb) => eb.or([eb('crm_deal.kanban_sort', '<', anchorSort(eb)), eb.and([eb('crm_deal.kanban_sort', '=', anchorSort(eb)), eb('crm_deal.id', '<', afterId)])]));
  }
  return q
    .orderBy('crm_deal.kanban_sort', 'desc')
    .orderBy('crm_deal.id', 'desc')
    .limit(PAGE + 1);
}

type Page = { rows: CardRow[]; hasMore: boolean };
const columnOrder = (a: CardRow, b: CardRow) => Number(b.kanban_sort) - Number(a.kanban_sort) || b.id - a.id;
const pageOf = (rows: CardRow[]): Page => ({ rows: rows.slice(0, PAGE), hasMore: rows.length > PAGE });

/** The first page of every column of a board in one statement: each column's own indexed query, put together. */
async function boardPages(ctx: Ctx, stages: StageRow[], who: number[] | null, search: string | undefined): Promise<Map<number, Page>> {
  const out = new Map<number, Page>();
  if (!stages.length || (who && !who.length)) return out;
  const db = ctx.db;
  const branch = (s: StageRow, i: number) => db.selectFrom(columnQuery(ctx, s.id, s.pipeline_id, who, search).select('crm_deal.stage_id').as(`c${i}`)).selectAll();
  let q = branch(stages[0]!, 0);
  stages.slice(1).forEach((s, i) => (q = q.unionAll(branch(s, i + 1))));
  const rows = (await q.execute()) as (CardRow & { stage_id: number })[];
  const byStage = new Map<number, CardRow[]>();
  for (const r of rows) byStage.set(r.stage_id, [...(byStage.get(r.stage_id) ?? []), r]);
  for (const s of stages) out.set(s.id, pageOf((byStage.get(s.id) ?? []).sort(columnOrder)));
  return out;
}

/** The first card of a column by its order (not counting `except`). */
async function firstOf(ctx: Ctx, stageId: number, except: number, anchor?: Place): Promise<Place | undefined> {
  // The stage's pipeline too: the column's index begins with it (without it a move reads every deal of the portal).
  let q = scoped(ctx)
    .selectFrom('crm_deal')
    .select(['crm_deal.id', 'crm_deal.kanban_sort'])
    .where('crm_deal.pipeline_id', '=', (eb) => eb.selectFrom('crm_stage').select('crm_stage.pipeline_id').where('crm_stage.id', '=', stageId))
    .where('crm_deal.stage_id', '=', stageId)
    .where('crm_deal.id', '<>', except);
  if (anchor) q = below(q, anchor);
  const row = await q.orderBy('crm_deal.kanban_sort', 'desc').orderBy('crm_deal.id', 'desc').limit(1).executeTakeFirst();
  return row ? { id: row.id, kanban_sort: Number(row.kanban_sort) } : undefined;
}

/**
 * The `kanban_sort` that puts deal `dealId` in column `stageId` right under the card `afterId`,
 * or at the top when there is none (or it is no longer in that column). Between two cards it
 * takes the middle of theirs; when there is no room left between them (or they are level), the
 * cards below move down by one first, in one statement. Called in the move's transaction.
 */
export async function placeInColumn(ctx: Ctx, stageId: number, dealId: number, afterId?: number | null): Promise<number> {
  const anchorRow =
    afterId && afterId !== dealId ? await scoped(ctx).selectFrom('crm_deal').select(['id', 'kanban_sort']).where('id', '=', afterId).where('stage_id', '=', stageId).executeTakeFirst() : undefined;
  if (!anchorRow) {
    // The top: above the first card, and at most "now", so that deals created later still come in above.
    const top = await firstOf(ctx, stageId, dealId);
    return top ? Math.max(Date.now(), top.kanban_sort + 1) : Date.now();
  }
  const anchor: Place = { id: anchorRow.id, kanban_sort: Number(anchorRow.kanban_sort) };
  let next = await firstOf(ctx, stageId, dealId, anchor);
  if (!next) return anchor.kanban_sort - 1;
  let mid = (anchor.kanban_sort + next.kanban_sort) / 2;
  if (mid < anchor.kanban_sort && mid > next.kanban_sort) return mid;
  await below(
    scoped(ctx)
      .updateTable('crm_deal')
      .set((eb: any) => ({ kanban_sort: eb('kanban_sort', '-', 1) }))
      .where('stage_id', '=', stageId)
      .where('id', '<>', dealId),
    anchor,
  ).execute();
  next = { ...next, kanban_sort: next.kanban_sort - 1 };
  mid = (anchor.kanban_sort + next.kanban_sort) / 2;
  return mid;
}

/** A search that matches at most this many deals is answered from one scan of the pipeline. */
const SEARCH_SCAN = 2000;

type Board = Map<number, { count: number; sum: number; cards: CardRow[]; hasMore: boolean }>;

/**
 * A searched board: `like '%word%'` reads every deal of the pipeline, so the matches are read
 * once and counted, summed and split into columns here; only a search matching very many
 * deals falls back to a count query and a query per column (which then stop early).
 */
async function searchedBoard(ctx: Ctx, pipelineId: number, who: number[] | null, search: string, rates: Rates): Promise<Board | null> {
  if (who && !who.length) return new Map();
  const rows = await dealQuery(ctx, who ?? [], search)
    .select(['crm_deal.id', 'crm_deal.amount', 'crm_deal.currency', 'crm_deal.stage_id'])
    .where('crm_deal.pipeline_id', '=', pipelineId)
    .orderBy('crm_deal.kanban_sort', 'desc')
    .orderBy('crm_deal.id', 'desc')
    .limit(SEARCH_SCAN + 1)
    .execute();
  if (rows.length > SEARCH_SCAN) return null;
  const board = new Map<number, { count: number; sums: CurrencySums; ids: number[]; hasMore: boolean }>();
  for (const r of rows) {
    const col = board.get(r.stage_id) ?? { count: 0, sums: new CurrencySums(), ids: [], hasMore: false };
    col.count += 1;
    col.sums.add(r.currency, Number(r.amount));
    if (col.ids.length < PAGE) col.ids.push(r.id);
    else col.hasMore = true;
    board.set(r.stage_id, col);
  }
  // The shown cards' companies, contacts and responsibles: one statement for the whole board.
  const shown = [...board.values()].flatMap((c) => c.ids);
  const cards = shown.length
    ? await withCardJoins(ctx, dealQuery(ctx, [], undefined))
        .where('crm_deal.id', 'in', shown)
        .execute()
    : [];
  const byId = new Map(cards.map((c) => [c.id, c]));
  return new Map([...board].map(([stageId, c]) => [stageId, { count: c.count, sum: c.sums.inBase(rates), hasMore: c.hasMore, cards: c.ids.map((id) => byId.get(id)!).filter(Boolean) }]));
}

/** The board's pipeline (the one asked for, or the default one) with its stages in board order, in one statement. */
async function boardPipeline(ctx: Ctx, pipelineId: number | undefined): Promise<{ pipeline: PipelineRow; stages: StageRow[] } | null> {
  const rows = await scoped(ctx)
    .selectFrom('crm_pipeline')
    .leftJoin('crm_stage', (j) => j.onRef('crm_stage.pipeline_id', '=', 'crm_pipeline.id').onRef('crm_stage.portal_id', '=', 'crm_pipeline.portal_id').on('crm_stage.entity_type', '=', 'deal'))
    .select([
      'crm_pipeline.id as p_id',
      'crm_pipeline.portal_id as p_portal_id',
      'crm_pipeline.entity_type as p_entity_type',
      'crm_pipeline.name as p_name',
      'crm_pipeline.code as p_code',
      'crm_pipeline.sort as p_sort',
      'crm_pipeline.is_default as p_is_default',
      'crm_pipeline.version as p_version',
      'crm_pipeline.created_at as p_created_at',
      'crm_stage.id',
      'crm_stage.portal_id',
      'crm_stage.entity_type',
      'crm_stage.pipeline_id',
      'crm_stage.name',
      'crm_stage.code',
      'crm_stage.color',
      'crm_stage.sort',
      'crm_stage.kind',
      'crm_stage.version',
    ])
    .where('crm_pipeline.entity_type', '=', 'deal')
    .where('crm_pipeline.id', '=', (eb) =>
      pipelineId !== undefined
        ? eb.val(pipelineId)
        : eb
            .selectFrom('crm_pipeline as dp')
            .select('dp.id')
            .where('dp.portal_id', '=', ctx.portal.id)
            .where('dp.entity_type', '=', 'deal')
            .orderBy('dp.is_default', 'desc')
            .orderBy('dp.sort')
            .orderBy('dp.id')
            .limit(1),
    )
    .orderBy('crm_stage.sort')
    .orderBy('crm_stage.id')
    .execute();
  const p = rows[0];
  if (!p) return null;
  const pipeline: PipelineRow = {
    id: p.p_id,
    portal_id: p.p_portal_id,
    entity_type: p.p_entity_type,
    name: p.p_name,
    code: p.p_code,
    sort: p.p_sort,
    is_default: p.p_is_default,
    version: p.p_version,
    created_at: p.p_created_at,
  };
  const stages = rows
    .filter((r) => r.id !== null)
    .map((r) => ({
      id: r.id!,
      portal_id: r.portal_id!,
      entity_type: r.entity_type!,
      pipeline_id: r.pipeline_id,
      name: r.name!,
      code: r.code,
      color: r.color!,
      sort: r.sort!,
      kind: r.kind!,
      version: r.version!,
    }));
  return { pipeline, stages };
}

export async function kanban(ctx: Ctx, q: z.infer<typeof KanbanQuery>) {
  const board = await boardPipeline(ctx, q.pipelineId);
  if (!board) throw errors.notFound();
  const { pipeline, stages } = board;
  const who = await responsibleScope(ctx, q.responsibleId, pipeline.id);
  const rates = await ratesOn(ctx);
  const searched = q.search ? await searchedBoard(ctx, pipeline.id, who, q.search, rates) : null;
  const totals = searched
    ? null
    : await columnTotals(
        ctx,
        pipeline.id,
        stages.map((s) => s.id),
        who,
        q.search,
        rates,
      );
  const first = searched ? null : await boardPages(ctx, stages, who, q.search);
  const pages = stages.map((s) => {
    const found = searched?.get(s.id);
    return searched ? { rows: found?.cards ?? [], hasMore: found?.hasMore ?? false } : (first!.get(s.id) ?? { rows: [], hasMore: false });
  });
  // The cards of every column resolved together: one query per kind for the board, not per column.
  const cards = await cardsOf(
    ctx,
    pages.flatMap((p) => p.rows),
  );
  let at = 0;
  const columns = stages.map((s, i) => {
    const t = searched?.get(s.id) ?? totals?.get(s.id) ?? { count: 0, sum: 0 };
    const page = pages[i]!;
    const own = cards.slice(at, at + page.rows.length);
    at += page.rows.length;
    return { stage: toStage(s), count: t.count, sum: fromMinor(t.sum)!, cards: own, hasMore: page.hasMore };
  });
  return { pipeline: toPipeline(pipeline, stages), columns, currency: rates.base, canAdd: await canAdd(ctx, 'deal', pipeline.id) };
}

/** The next page of a column without a search, compiled once per shape (how many responsibles, whether below an id). */
const nextPage = prepared((ctx, a: Record<string, number>) => {
  const who = Object.keys(a)
    .filter((k) => k.startsWith('w'))
    .sort((x, y) => Number(x.slice(1)) - Number(y.slice(1)))
    .map((k) => a[k]!);
  return columnQuery(ctx as Ctx, a.stage!, null, who.length ? who : null, undefined, a.after);
});

/** The next cards of one column, below `afterId`: the rights, then one statement (a stage is looked up only for an empty page). */
export async function kanbanColumn(ctx: Ctx, q: z.infer<typeof KanbanColumnQuery>) {
  // The column's pipeline is looked up only when some role of the actor sets scopes per pipeline.
  const perPipeline = (await rightsOf(ctx)).dealPipelines.size > 0;
  const stage = perPipeline ? await findStage(ctx, q.stageId) : undefined;
  if (perPipeline && (!stage || stage.entity_type !== 'deal')) throw errors.notFound();
  const who = await responsibleScope(ctx, q.responsibleId, stage?.pipeline_id ?? null);
  let rows: CardRow[] = [];
  if (!who || who.length) {
    if (q.search) rows = await columnQuery(ctx, q.stageId, null, who, q.search, q.afterId).execute();
    else {
      const args: Record<string, number> = { stage: q.stageId, ...(q.afterId ? { after: q.afterId } : {}) };
      (who ?? []).forEach((u, i) => (args[`w${i}`] = u));
      rows = await nextPage(ctx, args, `${who?.length ?? 'all'}:${q.afterId ? 1 : 0}`);
    }
  }
  const page = pageOf(rows);
  if (!page.rows.length && !perPipeline) {
    const found = await findStage(ctx, q.stageId);
    if (!found || found.entity_type !== 'deal') throw errors.notFound();
  }
  return { cards: await cardsOf(ctx, page.rows), hasMore: page.hasMore };
}

const CALENDAR_LIMIT = 1000;

/** Deals of a pipeline whose close date (or another date) falls in the range, within the actor's rights. */
export async function dealCalendar(ctx: Ctx, q: z.infer<typeof DealCalendarQuery>) {
  if (!isDay(q.from)) throw errors.field('from', 'crm.date_invalid');
  if (!isDay(q.to)) throw errors.field('to', 'crm.date_invalid');
  const pipeline = q.pipelineId ? await findPipeline(ctx, q.pipelineId) : await defaultPipeline(ctx);
  if (!pipeline) throw errors.notFound();
  const who = await responsibleScope(ctx, q.responsibleId, pipeline.id);
  if (who && !who.length) return { items: [], truncated: false };
  const [from, to] = q.field === 'created_at' ? [`${q.from}T00:00:00.000Z`, `${q.to}T23:59:59.999Z`] : [q.from, q.to];
  const rows = await dealQuery(ctx, who ?? [], undefined)
    .select([...CARD_COLUMNS.map((c) => `crm_deal.${c}` as const), 'crm_deal.stage_id', `crm_deal.${q.field}` as 'crm_deal.close_date'])
    .where('crm_deal.pipeline_id', '=', pipeline.id)
    .where(`crm_deal.${q.field}`, '>=', from)
    .where(`crm_deal.${q.field}`, '<=', to)
    .orderBy(`crm_deal.${q.field}`)
    .orderBy('crm_deal.id')
    .limit(CALENDAR_LIMIT + 1)
    .execute();
  const page = rows.slice(0, CALENDAR_LIMIT);
  const [stages, users] = await Promise.all([
    stageRows(ctx, pipeline.id),
    userRefs(
      ctx,
      page.map((r) => r.responsible_id),
    ),
  ]);
  const stageBy = new Map(stages.map((s) => [s.id, s]));
  return {
    items: page.map((r) => {
      const s = stageBy.get(r.stage_id)!;
      return {
        id: r.id,
        title: r.title,
        date: String((r as Record<string, unknown>)[q.field]),
        amount: fromMinor(Number(r.amount))!,
        currency: r.currency,
        stage: { id: s.id, name: s.name, color: s.color, kind: s.kind },
        responsible: r.responsible_id ? (users.get(r.responsible_id) ?? null) : null,
        version: r.version,
      };
    }),
    truncated: rows.length > CALENDAR_LIMIT,
  };
}
