import { sql, type ExpressionBuilder } from 'kysely';
import { OPEN_TASK_STATUSES, taskPlanEvents, type BoardPage, type PlanBoard, type PlanMove, type PlanStage, type PlanStageInput, type PlanStagePatch } from '@vavilon/contracts';
import { transaction, type Ctx } from '../../../platform/context.js';
import { nowIso } from '../../../platform/db/database.js';
import type { Database } from '../../../platform/db/schema.js';
import { scoped } from '../../../platform/db/scoped.js';
import { AppError, errors } from '../../../platform/errors.js';
import { recordEvent } from '../../../platform/events/outbox.js';
import { t } from '../../../platform/i18n/index.js';
import { readableTasks, viewerFor, type Viewer } from '../access.js';
import { cardsOf, PAGE } from './cards.js';

/**
 * «Мой план»: a personal Kanban. Each user has their own stages (task_plan_stage) and places the
 * open tasks they take part in on them (task_plan_item); a task not placed yet sits in the first
 * stage, at its top.
 */

const DEFAULT_STAGES = [
  { key: 'tasks.boards.stage_new', color: '#00c4fb' },
  { key: 'tasks.boards.stage_doing', color: '#ffa900' },
  { key: 'tasks.boards.stage_done', color: '#7bd500' },
] as const;

const me = (ctx: Ctx) => ctx.actor!.userId;
const stageOf = (r: { id: number; title: string; color: string; sort: number }): PlanStage => ({ id: r.id, title: r.title, color: r.color, sort: r.sort });

async function stagesOf(ctx: Ctx): Promise<PlanStage[]> {
  const rows = await scoped(ctx).selectFrom('task_plan_stage').select(['id', 'title', 'color', 'sort']).where('user_id', '=', me(ctx)).orderBy('sort').orderBy('id').execute();
  return rows.map(stageOf);
}

/** The user's stages; on first use the default ones («Новые», «Выполняются», «Сделаны»). */
export async function planStages(ctx: Ctx): Promise<PlanStage[]> {
  const have = await stagesOf(ctx);
  if (have.length) return have;
  return transaction(ctx, async (tx) => {
    const again = await stagesOf(tx);
    if (again.length) return again;
    const now = nowIso();
    await scoped(tx)
      .insertInto(
        'task_plan_stage',
        DEFAULT_STAGES.map((s, i) => ({ user_id: me(tx), title: t(tx.lang, s.key), color: s.color, sort: (i + 1) * 10, created_at: now })),
      )
      .execute();
    return stagesOf(tx);
  });
}

/** The user's open tasks they take part in (any role) and may see, each with its stage (the first one when not placed). */
function placed(ctx: Ctx, viewer: Viewer | null, firstStage: number) {
  const readable = readableTasks(ctx, viewer) as unknown as (eb: ExpressionBuilder<Database, 'task' | 'task_plan_item'>) => ReturnType<ReturnType<typeof readableTasks>>;
  const user = me(ctx);
  return scoped(ctx)
    .selectFrom('task')
    .leftJoin('task_plan_item', (j) => j.onRef('task_plan_item.task_id', '=', 'task.id').on('task_plan_item.user_id', '=', user))
    .where('task.status', 'in', [...OPEN_TASK_STATUSES])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('task_member')
          .select(eb.lit(1).as('one'))
          .whereRef('task_member.task_id', '=', 'task.id')
          .where('task_member.portal_id', '=', ctx.portal.id)
          .where('task_member.user_id', '=', user),
      ),
    )
    .where(readable)
    .select([
      'task.id as task_id',
      sql<number>`coalesce(task_plan_item.stage_id, ${firstStage})`.as('stage_id'),
      // Not placed first (newest on top), then by the place the user gave.
      sql<number>`case when task_plan_item.sort is null then 0 else 1 end`.as('placed'),
      'task_plan_item.sort as sort',
    ]);
}

/** The board: every stage with its count and first cards, in one statement. */
export async function planBoard(ctx: Ctx): Promise<PlanBoard> {
  const stages = await planStages(ctx);
  const viewer = await viewerFor(ctx);
  const rows = await ctx.db
    .with('mine', () => placed(ctx, viewer, stages[0]!.id))
    .with('ranked', (db) =>
      db
        .selectFrom('mine')
        .select([
          'task_id',
          'stage_id',
          sql<number>`row_number() over (partition by stage_id order by placed, sort, task_id desc)`.as('rn'),
          sql<number>`count(*) over (partition by stage_id)`.as('cnt'),
        ]),
    )
    .selectFrom('ranked')
    .selectAll()
    .where('rn', '<=', PAGE + 1)
    .orderBy('stage_id')
    .orderBy('rn')
    .execute();
  const cards = await cardsOf(
    ctx,
    rows.filter((r) => Number(r.rn) <= PAGE).map((r) => r.task_id),
    viewer,
  );
  const byId = new Map(cards.map((c) => [c.id, c]));
  return {
    stages: stages.map((s) => {
      const of = rows.filter((r) => Number(r.stage_id) === s.id);
      return { ...s, count: Number(of[0]?.cnt ?? 0), cards: of.flatMap((r) => (Number(r.rn) <= PAGE ? (byId.get(r.task_id) ?? []) : [])), hasMore: of.length > PAGE };
    }),
  };
}

async function ownStage(ctx: Ctx, id: number): Promise<PlanStage> {
  const row = await scoped(ctx).selectFrom('task_plan_stage').select(['id', 'title', 'color', 'sort']).where('id', '=', id).where('user_id', '=', me(ctx)).executeTakeFirst();
  if (!row) throw errors.notFound();
  return stageOf(row);
}

/** The ids of a stage's tasks in the board's order. */
async function stageTaskIds(ctx: Ctx, stageId: number, first: number, offset = 0, limit?: number): Promise<number[]> {
  const viewer = await viewerFor(ctx);
  let q = ctx.db
    .with('mine', () => placed(ctx, viewer, first))
    .selectFrom('mine')
    .select('task_id')
    .where('stage_id', '=', stageId)
    .orderBy('placed')
    .orderBy('sort')
    .orderBy('task_id', 'desc')
    .offset(offset);
  if (limit !== undefined) q = q.limit(limit);
  else q = q.limit(100_000);
  return (await q.execute()).map((r) => r.task_id);
}

export async function planStageCards(ctx: Ctx, stageId: number, offset: number): Promise<BoardPage> {
  // A stage of the user's means their stages exist: nothing is created on the way to a 404.
  await ownStage(ctx, stageId);
  const stages = await stagesOf(ctx);
  const ids = await stageTaskIds(ctx, stageId, stages[0]!.id, offset, PAGE + 1);
  return { cards: await cardsOf(ctx, ids.slice(0, PAGE), await viewerFor(ctx)), hasMore: ids.length > PAGE };
}

const changed = (ctx: Ctx, what: 'stage_created' | 'stage_changed' | 'stage_deleted' | 'stages_ordered' | 'moved') =>
  recordEvent(ctx, taskPlanEvents.changed, { entityType: 'task_plan', entityId: me(ctx), payload: { userId: me(ctx), what } });

export async function createPlanStage(ctx: Ctx, input: PlanStageInput): Promise<PlanStage> {
  const stages = await planStages(ctx);
  return transaction(ctx, async (tx) => {
    const row = await scoped(tx)
      .insertInto('task_plan_stage', { user_id: me(tx), title: input.title, color: input.color ?? '#00c4fb', sort: (stages.at(-1)?.sort ?? 0) + 10, created_at: nowIso() })
      .returning(['id', 'title', 'color', 'sort'])
      .executeTakeFirstOrThrow();
    await changed(tx, 'stage_created');
    return stageOf(row);
  });
}

export async function updatePlanStage(ctx: Ctx, id: number, patch: PlanStagePatch): Promise<PlanStage> {
  return transaction(ctx, async (tx) => {
    await ownStage(tx, id);
    const set = { ...(patch.title !== undefined ? { title: patch.title } : {}), ...(patch.color !== undefined ? { color: patch.color } : {}) };
    if (Object.keys(set).length) {
      await scoped(tx).updateTable('task_plan_stage').set(set).where('id', '=', id).execute();
      await changed(tx, 'stage_changed');
    }
    return ownStage(tx, id);
  });
}

/** The stages in the order given: every one of the user's stages, once. */
export async function orderPlanStages(ctx: Ctx, ids: number[]): Promise<PlanStage[]> {
  return transaction(ctx, async (tx) => {
    const have = await stagesOf(tx);
    const same = ids.length === have.length && new Set(ids).size === ids.length && have.every((s) => ids.includes(s.id));
    if (!same) throw new AppError(400, 'validation', 'tasks.boards.order_invalid', {}, [{ field: 'ids', message: 'tasks.boards.order_invalid' }]);
    for (const [i, id] of ids.entries())
      await scoped(tx)
        .updateTable('task_plan_stage')
        .set({ sort: (i + 1) * 10 })
        .where('id', '=', id)
        .execute();
    await changed(tx, 'stages_ordered');
    return stagesOf(tx);
  });
}

/** Deletes a stage; its cards go to the first of the stages left. The last stage stays. */
export async function deletePlanStage(ctx: Ctx, id: number): Promise<void> {
  await transaction(ctx, async (tx) => {
    await ownStage(tx, id);
    const rest = (await stagesOf(tx)).filter((s) => s.id !== id);
    if (!rest.length) throw new AppError(400, 'validation', 'tasks.boards.last_stage', {}, [{ field: 'id', message: 'tasks.boards.last_stage' }]);
    const first = rest[0]!.id;
    const top = await scoped(tx)
      .selectFrom('task_plan_item')
      .select((eb) => eb.fn.max('sort').as('max'))
      .where('stage_id', '=', first)
      .executeTakeFirst();
    // The moved cards follow the first stage's own, in their old order.
    await scoped(tx)
      .updateTable('task_plan_item')
      .set({ stage_id: first, sort: sql<number>`sort + ${Number(top?.max ?? 0) + 1_000_000}` })
      .where('stage_id', '=', id)
      .execute();
    await scoped(tx).deleteFrom('task_plan_stage').where('id', '=', id).execute();
    await changed(tx, 'stage_deleted');
  });
}

/** Puts a task on a stage under the card `afterId`; the stage's order is written out (user-sized). */
export async function moveOnPlan(ctx: Ctx, taskId: number, move: PlanMove): Promise<void> {
  await transaction(ctx, async (tx) => {
    await ownStage(tx, move.stageId);
    const stages = await stagesOf(tx);
    const first = stages[0]!.id;
    const viewer = await viewerFor(tx);
    const mineRow = await tx.db
      .with('mine', () => placed(tx, viewer, first))
      .selectFrom('mine')
      .select('task_id')
      .where('task_id', '=', taskId)
      .executeTakeFirst();
    if (!mineRow) throw errors.notFound();
    const ids = (await stageTaskIds(tx, move.stageId, first)).filter((x) => x !== taskId);
    const at = move.afterId === null ? 0 : ids.indexOf(move.afterId) + 1;
    ids.splice(at, 0, taskId);
    const user = me(tx);
    for (const [i, id] of ids.entries())
      await scoped(tx)
        .insertInto('task_plan_item', { user_id: user, task_id: id, stage_id: move.stageId, sort: (i + 1) * 10 })
        .onConflict((oc) => oc.columns(['user_id', 'task_id']).doUpdateSet({ stage_id: move.stageId, sort: (i + 1) * 10 }))
        .execute();
    await changed(tx, 'moved');
  });
}
