import { sql } from 'kysely';
import type { z } from 'zod';
import type { DealCalendarQuery, KanbanColumnQuery, KanbanQuery } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import { errors } from '../../../platform/errors.js';
import { canAdd, responsibleFilter } from '../rights.js';
import { defaultPipeline, findPipeline, findStage, stageRows, toPipeline, toStage, type StageRow } from '../pipelines/repository.js';
import { fromMinor } from '../values.js';
import { isDay } from './input.js';
import { personName, userRefs } from './mapping.js';
import type { DealRow } from './store.js';

const PAGE = 20;

type CardRow = Pick<DealRow, 'id' | 'title' | 'amount' | 'currency' | 'company_id' | 'responsible_id' | 'version'>;
const CARD_COLUMNS = ['id', 'title', 'amount', 'currency', 'company_id', 'responsible_id', 'version'] as const;

/** Kanban cards: company title, primary contact and responsible resolved in one query per kind. */
export async function cardsOf(ctx: Ctx, rows: CardRow[]) {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const companyIds = [...new Set(rows.map((r) => r.company_id).filter((c): c is number => !!c))];
  const [companies, contacts, users] = await Promise.all([
    companyIds.length ? scoped(ctx).selectFrom('crm_company').select(['id', 'title']).where('id', 'in', companyIds).execute() : [],
    scoped(ctx)
      .selectFrom('crm_deal_contact')
      .innerJoin('crm_contact', 'crm_contact.id', 'crm_deal_contact.contact_id')
      .select(['crm_deal_contact.deal_id', 'crm_contact.id', 'crm_contact.last_name', 'crm_contact.first_name'])
      .where('crm_deal_contact.deal_id', 'in', ids)
      .where('crm_deal_contact.is_primary', '=', 1)
      .execute(),
    userRefs(ctx, rows.map((r) => r.responsible_id)),
  ]);
  const companyBy = new Map(companies.map((c) => [c.id, c.title]));
  const contactBy = new Map(contacts.map((c) => [c.deal_id, personName(c, c.id)]));
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    amount: fromMinor(Number(r.amount))!,
    currency: r.currency,
    company: r.company_id ? companyBy.get(r.company_id) ?? null : null,
    contact: contactBy.get(r.id) ?? null,
    responsible: r.responsible_id ? users.get(r.responsible_id) ?? null : null,
    version: r.version,
  }));
}

/** Whose deals the board shows: the actor's read scope narrowed by the responsible filter; null: everyone's. */
async function responsibleScope(ctx: Ctx, responsibleId: number | undefined): Promise<number[] | null> {
  const scope = await responsibleFilter(ctx, 'deal', 'read');
  if (scope === 'none') return [];
  if (scope === 'all') return responsibleId ? [responsibleId] : null;
  return responsibleId ? scope.filter((u) => u === responsibleId) : scope;
}

function dealQuery(ctx: Ctx, who: number[], search: string | undefined) {
  let q = scoped(ctx).selectFrom('crm_deal');
  if (who.length) q = q.where('crm_deal.responsible_id', 'in', who);
  for (const word of (search ?? '').toLowerCase().split(/\s+/).filter(Boolean).slice(0, 5)) {
    q = q.where('crm_deal.search_text', 'like', `%${word.replace(/[%_\\]/g, '')}%`);
  }
  return q;
}

/** Count and sum per stage: from the kept totals, or counted live when a search narrows the board. */
async function columnTotals(ctx: Ctx, pipelineId: number, stageIds: number[], who: number[] | null, search: string | undefined) {
  const out = new Map<number, { count: number; sum: number }>();
  if (!stageIds.length || (who && !who.length)) return out;
  const rows = search
    ? await dealQuery(ctx, who ?? [], search)
        .select(['crm_deal.stage_id', sql<number>`count(*)`.as('n'), sql<number>`coalesce(sum(crm_deal.amount), 0)`.as('s')])
        .where('crm_deal.pipeline_id', '=', pipelineId)
        .groupBy('crm_deal.stage_id')
        .execute()
    : await (who ? scoped(ctx).selectFrom('crm_deal_totals').where('responsible_id', 'in', who) : scoped(ctx).selectFrom('crm_deal_totals'))
        .select(['stage_id', sql<number>`sum(deal_count)`.as('n'), sql<number>`sum(amount_sum)`.as('s')])
        .where('stage_id', 'in', stageIds)
        .groupBy('stage_id')
        .execute();
  for (const r of rows) out.set(r.stage_id, { count: Number(r.n), sum: Number(r.s) });
  return out;
}

/**
 * The order of a column: `kanban_sort` higher first, then the newer id. A card's place, `below`
 * another card: further down the column than it.
 */
type Place = { id: number; kanban_sort: number };

function below<Q extends { where: (...a: any[]) => Q }>(q: Q, anchor: Place): Q {
  return q.where((eb: any) =>
    eb.or([
      eb('crm_deal.kanban_sort', '<', anchor.kanban_sort),
      eb.and([eb('crm_deal.kanban_sort', '=', anchor.kanban_sort), eb('crm_deal.id', '<', anchor.id)]),
    ]),
  );
}

/** The deal rows of a column's next page, below the card `afterId`. */
async function columnRows(ctx: Ctx, stage: StageRow, who: number[] | null, search: string | undefined, afterId?: number): Promise<{ rows: CardRow[]; hasMore: boolean }> {
  if (who && !who.length) return { rows: [], hasMore: false };
  // pipeline + stage + sort + id: the order of the Kanban index, so a column is read from the index alone.
  let q = dealQuery(ctx, who ?? [], search)
    .select(CARD_COLUMNS.map((c) => `crm_deal.${c}` as const))
    .where('crm_deal.pipeline_id', '=', stage.pipeline_id!)
    .where('crm_deal.stage_id', '=', stage.id);
  if (afterId) {
    const anchor = await scoped(ctx).selectFrom('crm_deal').select(['id', 'kanban_sort']).where('id', '=', afterId).executeTakeFirst();
    if (!anchor) return { rows: [], hasMore: false };
    q = below(q, { id: anchor.id, kanban_sort: Number(anchor.kanban_sort) });
  }
  const rows = await q.orderBy('crm_deal.kanban_sort', 'desc').orderBy('crm_deal.id', 'desc').limit(PAGE + 1).execute();
  return { rows: rows.slice(0, PAGE), hasMore: rows.length > PAGE };
}

/** The first card of a column by its order (not counting `except`). */
async function firstOf(ctx: Ctx, stageId: number, except: number, anchor?: Place): Promise<Place | undefined> {
  let q = scoped(ctx).selectFrom('crm_deal').select(['crm_deal.id', 'crm_deal.kanban_sort']).where('crm_deal.stage_id', '=', stageId).where('crm_deal.id', '<>', except);
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
  const anchorRow = afterId && afterId !== dealId
    ? await scoped(ctx).selectFrom('crm_deal').select(['id', 'kanban_sort']).where('id', '=', afterId).where('stage_id', '=', stageId).executeTakeFirst()
    : undefined;
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
    scoped(ctx).updateTable('crm_deal').set((eb: any) => ({ kanban_sort: eb('kanban_sort', '-', 1) })).where('stage_id', '=', stageId).where('id', '<>', dealId),
    anchor,
  ).execute();
  next = { ...next, kanban_sort: next.kanban_sort - 1 };
  mid = (anchor.kanban_sort + next.kanban_sort) / 2;
  return mid;
}

async function columnCards(ctx: Ctx, stage: StageRow, who: number[] | null, search: string | undefined, afterId?: number) {
  const { rows, hasMore } = await columnRows(ctx, stage, who, search, afterId);
  return { cards: await cardsOf(ctx, rows), hasMore };
}

/** A search that matches at most this many deals is answered from one scan of the pipeline. */
const SEARCH_SCAN = 2000;

type Board = Map<number, { count: number; sum: number; cards: CardRow[]; hasMore: boolean }>;

/**
 * A searched board: `like '%word%'` reads every deal of the pipeline, so the matches are read
 * once and counted, summed and split into columns here; only a search matching very many
 * deals falls back to a count query and a query per column (which then stop early).
 */
async function searchedBoard(ctx: Ctx, pipelineId: number, who: number[] | null, search: string): Promise<Board | null> {
  if (who && !who.length) return new Map();
  const rows = await dealQuery(ctx, who ?? [], search)
    .select([...CARD_COLUMNS.map((c) => `crm_deal.${c}` as const), 'crm_deal.stage_id'])
    .where('crm_deal.pipeline_id', '=', pipelineId)
    .orderBy('crm_deal.kanban_sort', 'desc')
    .orderBy('crm_deal.id', 'desc')
    .limit(SEARCH_SCAN + 1)
    .execute();
  if (rows.length > SEARCH_SCAN) return null;
  const board: Board = new Map();
  for (const r of rows) {
    const col = board.get(r.stage_id) ?? { count: 0, sum: 0, cards: [], hasMore: false };
    col.count += 1;
    col.sum += Number(r.amount);
    if (col.cards.length < PAGE) col.cards.push(r);
    else col.hasMore = true;
    board.set(r.stage_id, col);
  }
  return board;
}

export async function kanban(ctx: Ctx, q: z.infer<typeof KanbanQuery>) {
  const pipeline = q.pipelineId ? await findPipeline(ctx, q.pipelineId) : await defaultPipeline(ctx);
  if (!pipeline) throw errors.notFound();
  const stages = await stageRows(ctx, pipeline.id);
  const who = await responsibleScope(ctx, q.responsibleId);
  const searched = q.search ? await searchedBoard(ctx, pipeline.id, who, q.search) : null;
  const totals = searched ? null : await columnTotals(ctx, pipeline.id, stages.map((s) => s.id), who, q.search);
  const pages = await Promise.all(
    stages.map((s) => {
      const found = searched?.get(s.id);
      return searched ? { rows: found?.cards ?? [], hasMore: found?.hasMore ?? false } : columnRows(ctx, s, who, q.search);
    }),
  );
  // The cards of every column resolved together: one query per kind for the board, not per column.
  const cards = await cardsOf(ctx, pages.flatMap((p) => p.rows));
  let at = 0;
  const columns = stages.map((s, i) => {
    const t = searched?.get(s.id) ?? totals?.get(s.id) ?? { count: 0, sum: 0 };
    const page = pages[i]!;
    const own = cards.slice(at, at + page.rows.length);
    at += page.rows.length;
    return { stage: toStage(s), count: t.count, sum: fromMinor(t.sum)!, cards: own, hasMore: page.hasMore };
  });
  return { pipeline: toPipeline(pipeline, stages), columns, canAdd: await canAdd(ctx, 'deal') };
}

/** The next cards of one column, below `afterId`. */
export async function kanbanColumn(ctx: Ctx, q: z.infer<typeof KanbanColumnQuery>) {
  const stage = await findStage(ctx, q.stageId);
  if (!stage || stage.entity_type !== 'deal') throw errors.notFound();
  return columnCards(ctx, stage, await responsibleScope(ctx, q.responsibleId), q.search, q.afterId);
}

const CALENDAR_LIMIT = 1000;

/** Deals of a pipeline whose close date (or another date) falls in the range, within the actor's rights. */
export async function dealCalendar(ctx: Ctx, q: z.infer<typeof DealCalendarQuery>) {
  if (!isDay(q.from)) throw errors.field('from', 'crm.date_invalid');
  if (!isDay(q.to)) throw errors.field('to', 'crm.date_invalid');
  const pipeline = q.pipelineId ? await findPipeline(ctx, q.pipelineId) : await defaultPipeline(ctx);
  if (!pipeline) throw errors.notFound();
  const who = await responsibleScope(ctx, q.responsibleId);
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
  const [stages, users] = await Promise.all([stageRows(ctx, pipeline.id), userRefs(ctx, page.map((r) => r.responsible_id))]);
  const stageBy = new Map(stages.map((s) => [s.id, s]));
  return {
    items: page.map((r) => {
      const s = stageBy.get(r.stage_id)!;
      return {
        id: r.id, title: r.title, date: String((r as Record<string, unknown>)[q.field]), amount: fromMinor(Number(r.amount))!, currency: r.currency,
        stage: { id: s.id, name: s.name, color: s.color, kind: s.kind }, responsible: r.responsible_id ? users.get(r.responsible_id) ?? null : null,
        version: r.version,
      };
    }),
    truncated: rows.length > CALENDAR_LIMIT,
  };
}
