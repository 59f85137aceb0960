import { automationEvents, Condition, RobotStart, type AutomationVersion, type PipelineAutomation, type Rule, type RuleInput, type RuleKind, type RuleOrder } from '@vavilon/contracts';
import { lockForUpdate, transaction, type Ctx } from '../../../platform/context.js';
import { nowIso } from '../../../platform/db/database.js';
import { scoped } from '../../../platform/db/scoped.js';
import { errors } from '../../../platform/errors.js';
import { recordEvent } from '../../../platform/events/outbox.js';
import { t, type MessageKey } from '../../../platform/i18n/index.js';
import { findPipeline, stageRows, type StageRow } from '../../crm/api.js';
import { userRefs } from '../../users/api.js';
import { requireConfigure } from './access.js';
import { loadKnown, ruleProblems } from './problems.js';
import { insertRule, recordVersion, toLoaded, type RuleRow, type SnapshotRule } from './store.js';
import { checkedInput } from './validate.js';

/** A version's summary as stored: a message key and its parameters, so each reader reads it in their language. */
interface Summary {
  key: MessageKey;
  params: Record<string, string | number>;
}

/** A stored summary in the reader's language; a plain text (written by set-up code) as it is. */
export function summaryText(lang: Ctx['lang'], stored: string): string {
  try {
    const s = JSON.parse(stored) as Partial<Summary>;
    if (s && typeof s.key === 'string') return t(lang, s.key, s.params ?? {});
  } catch {
    // plain text
  }
  return stored;
}

async function pipelineOf(ctx: Ctx, pipelineId: number) {
  const p = await findPipeline(ctx, pipelineId);
  if (!p) throw errors.notFound();
  return p;
}

/** The number of the pipeline's newest automation version (0 before the first change). */
export async function currentVersion(ctx: Ctx, pipelineId: number): Promise<number> {
  const row = await scoped(ctx)
    .selectFrom('automation_version')
    .select((eb) => eb.fn.max('number').as('max'))
    .where('pipeline_id', '=', pipelineId)
    .executeTakeFirst();
  return Number(row?.max ?? 0);
}

async function ruleRow(ctx: Ctx, id: number): Promise<RuleRow> {
  const row = await scoped(ctx).selectFrom('automation_rule').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw errors.notFound();
  return row;
}

const stageName = (ctx: Ctx, stages: StageRow[], id: number) => stages.find((s) => s.id === id)?.name ?? t(ctx.lang, 'automation.stage_deleted');

/**
 * One change of a pipeline's automation: at the version the client saw (409 when another
 * change came first), the change itself, its version in the history and its event, all in one
 * transaction. Changes of one pipeline take turns (its row is locked on PostgreSQL).
 */
async function change<T>(ctx: Ctx, pipelineId: number, expected: number | undefined, fn: (tx: Ctx) => Promise<{ summary: Summary; result: T; restoredFrom?: number }>) {
  return transaction(ctx, async (tx) => {
    await lockForUpdate(tx, scoped(tx).selectFrom('crm_pipeline').select('id').where('id', '=', pipelineId)).executeTakeFirst();
    if (expected !== undefined && expected !== (await currentVersion(tx, pipelineId))) throw errors.conflict();
    const { summary, result, restoredFrom } = await fn(tx);
    const version = await recordVersion(tx, pipelineId, JSON.stringify(summary), restoredFrom ?? null);
    await recordEvent(tx, automationEvents.configChanged, {
      entityType: 'pipeline',
      entityId: pipelineId,
      payload: { pipelineId, version, summary: t('ru', summary.key, summary.params) },
    });
    return { result, version };
  });
}

function toRule(row: RuleRow, problems: Rule['problems'], version: number): Rule {
  const r = toLoaded(row);
  return {
    id: r.id,
    pipelineId: r.pipelineId,
    kind: r.kind,
    stageId: r.stageId,
    type: r.type,
    name: r.name,
    config: r.config,
    condition: r.condition,
    start: r.start,
    sort: r.sort,
    problems,
    updatedAt: row.updated_at,
    version,
  };
}

async function rulesWithProblems(ctx: Ctx, rows: RuleRow[], version: number): Promise<Rule[]> {
  if (!rows.length) return [];
  const loaded = rows.map(toLoaded);
  const problems = await ruleProblems(ctx, loaded, await loadKnown(ctx, loaded));
  return rows.map((row) => toRule(row, problems.get(row.id) ?? [], version));
}

async function oneRule(ctx: Ctx, id: number): Promise<Rule> {
  const row = await ruleRow(ctx, id);
  return (await rulesWithProblems(ctx, [row], await currentVersion(ctx, row.pipeline_id)))[0]!;
}

/** The designer's view of a pipeline: its stages in board order, each with its triggers and robots in their order and what is broken in them. */
export async function getAutomation(ctx: Ctx, pipelineId: number): Promise<PipelineAutomation> {
  await requireConfigure(ctx);
  const pipeline = await pipelineOf(ctx, pipelineId);
  const [stages, rows, version] = await Promise.all([
    stageRows(ctx, pipelineId),
    scoped(ctx).selectFrom('automation_rule').selectAll().where('pipeline_id', '=', pipelineId).orderBy('sort').orderBy('id').execute(),
    currentVersion(ctx, pipelineId),
  ]);
  const rules = await rulesWithProblems(ctx, rows, version);
  const of = (stageId: number, kind: RuleKind) => rules.filter((r) => r.stageId === stageId && r.kind === kind);
  const ids = new Set(stages.map((s) => s.id));
  return {
    pipelineId,
    pipelineName: pipeline.name,
    version,
    stages: stages.map((s) => ({ id: s.id, name: s.name, color: s.color, kind: s.kind, triggers: of(s.id, 'trigger'), robots: of(s.id, 'robot') })),
    detached: rules.filter((r) => !ids.has(r.stageId)),
  };
}

const summaryOf = (kind: RuleKind, what: 'added' | 'changed' | 'deleted' | 'moved' | 'order') => `automation.version_${what}_${kind}` as MessageKey;

/** «Добавить робота» / «Добавить триггер»: at the end of its stage. */
export async function createRule(ctx: Ctx, pipelineId: number, raw: RuleInput): Promise<Rule> {
  await requireConfigure(ctx);
  await pipelineOf(ctx, pipelineId);
  const input = await checkedInput(ctx, pipelineId, raw);
  const stages = await stageRows(ctx, pipelineId);
  const { result } = await change(ctx, pipelineId, undefined, async (tx) => ({
    result: await insertRule(tx, pipelineId, input),
    summary: { key: summaryOf(input.kind, 'added'), params: { name: input.name, stage: stageName(ctx, stages, input.stageId) } },
  }));
  return oneRule(ctx, result);
}

/** Saves a rule's form; a new stage puts it at that stage's end. */
export async function updateRule(ctx: Ctx, id: number, raw: RuleInput & { version: number }): Promise<Rule> {
  await requireConfigure(ctx);
  const before = await ruleRow(ctx, id);
  if (raw.kind !== before.kind) throw errors.field('kind', 'automation.rules_kind_fixed');
  const { version, ...body } = raw;
  const input = await checkedInput(ctx, before.pipeline_id, body, toLoaded(before));
  const stages = await stageRows(ctx, before.pipeline_id);
  const moved = input.stageId !== before.stage_id;
  await change(ctx, before.pipeline_id, version, async (tx) => {
    let sort = before.sort;
    if (moved) {
      const last = await scoped(tx)
        .selectFrom('automation_rule')
        .select((eb) => eb.fn.max('sort').as('max'))
        .where('stage_id', '=', input.stageId)
        .where('kind', '=', input.kind)
        .executeTakeFirst();
      sort = Number(last?.max ?? 0) + 10;
    }
    await scoped(tx)
      .updateTable('automation_rule')
      .set({
        stage_id: input.stageId,
        type: input.type,
        name: input.name,
        config: JSON.stringify(input.config),
        condition: input.condition ? JSON.stringify(input.condition) : null,
        start: JSON.stringify(input.start),
        sort,
        updated_at: nowIso(),
        updated_by: ctx.actor?.userId ?? null,
      })
      .where('id', '=', id)
      .execute();
    const stage = stageName(ctx, stages, input.stageId);
    const summary: Summary = moved
      ? { key: summaryOf(input.kind, 'moved'), params: { name: input.name, from: stageName(ctx, stages, before.stage_id), stage } }
      : { key: summaryOf(input.kind, 'changed'), params: { name: input.name, stage } };
    return { result: id, summary };
  });
  return oneRule(ctx, id);
}

/** Removes a rule; its runs stay in the log. */
export async function deleteRule(ctx: Ctx, id: number, expected?: number): Promise<{ ok: true; version: number }> {
  await requireConfigure(ctx);
  const before = await ruleRow(ctx, id);
  const stages = await stageRows(ctx, before.pipeline_id);
  const { version } = await change(ctx, before.pipeline_id, expected, async (tx) => {
    await scoped(tx).deleteFrom('automation_rule').where('id', '=', id).execute();
    return { result: id, summary: { key: summaryOf(before.kind, 'deleted'), params: { name: before.name, stage: stageName(ctx, stages, before.stage_id) } } };
  });
  return { ok: true, version };
}

/** The new order of one stage's robots (or triggers): every one of them, each once. */
export async function reorderRules(ctx: Ctx, pipelineId: number, order: RuleOrder): Promise<PipelineAutomation> {
  await requireConfigure(ctx);
  await pipelineOf(ctx, pipelineId);
  const stages = await stageRows(ctx, pipelineId);
  if (!stages.some((s) => s.id === order.stageId)) throw errors.field('stageId', 'automation.rules_stage_foreign');
  await change(ctx, pipelineId, order.version, async (tx) => {
    const rows = await scoped(tx).selectFrom('automation_rule').select('id').where('pipeline_id', '=', pipelineId).where('stage_id', '=', order.stageId).where('kind', '=', order.kind).execute();
    const have = new Set(rows.map((r) => r.id));
    if (new Set(order.ids).size !== order.ids.length || order.ids.length !== have.size || order.ids.some((i) => !have.has(i))) {
      throw errors.field('ids', 'automation.rules_order_invalid');
    }
    for (const [i, ruleId] of order.ids.entries()) {
      await scoped(tx)
        .updateTable('automation_rule')
        .set({ sort: (i + 1) * 10 })
        .where('id', '=', ruleId)
        .execute();
    }
    return { result: null, summary: { key: summaryOf(order.kind, 'order'), params: { stage: stageName(ctx, stages, order.stageId) } } };
  });
  return getAutomation(ctx, pipelineId);
}

/** The pipeline's automation history, newest first: who changed what, and when. */
export async function listVersions(ctx: Ctx, pipelineId: number): Promise<AutomationVersion[]> {
  await requireConfigure(ctx);
  await pipelineOf(ctx, pipelineId);
  const rows = await scoped(ctx)
    .selectFrom('automation_version')
    .select(['number', 'author_id', 'summary', 'restored_from', 'created_at'])
    .where('pipeline_id', '=', pipelineId)
    .orderBy('number', 'desc')
    .limit(500)
    .execute();
  const names = await userRefs(
    ctx,
    rows.map((r) => r.author_id),
  );
  return rows.map((r) => ({
    number: r.number,
    authorId: r.author_id,
    authorName: r.author_id === null ? null : (names.get(r.author_id)?.fullName ?? null),
    createdAt: r.created_at,
    summary: summaryText(ctx.lang, r.summary),
    restoredFrom: r.restored_from,
  }));
}

/**
 * «Откатить»: the pipeline's rules become those of version `number` — rules added since are
 * removed, removed ones come back with their ids (so rules that name them still find them),
 * changed ones take their old form — as a new version «Восстановлена версия N».
 */
export async function restoreVersion(ctx: Ctx, pipelineId: number, number: number, expected?: number): Promise<PipelineAutomation> {
  await requireConfigure(ctx);
  await pipelineOf(ctx, pipelineId);
  const row = await scoped(ctx).selectFrom('automation_version').select('snapshot').where('pipeline_id', '=', pipelineId).where('number', '=', number).executeTakeFirst();
  if (!row) throw errors.notFound();
  const snapshot = JSON.parse(row.snapshot) as SnapshotRule[];
  await change(ctx, pipelineId, expected, async (tx) => {
    const now = await scoped(tx).selectFrom('automation_rule').select('id').where('pipeline_id', '=', pipelineId).execute();
    const keep = new Set(snapshot.map((r) => r.id));
    const gone = now.map((r) => r.id).filter((id) => !keep.has(id));
    if (gone.length) await scoped(tx).deleteFrom('automation_rule').where('id', 'in', gone).execute();
    const present = new Set(now.map((r) => r.id));
    const at = nowIso();
    for (const r of snapshot) {
      const values = {
        stage_id: r.stageId,
        kind: r.kind,
        type: r.type,
        name: r.name,
        config: JSON.stringify(r.config),
        condition: r.condition ? JSON.stringify(Condition.parse(r.condition)) : null,
        start: JSON.stringify(RobotStart.parse(r.start ?? {})),
        sort: r.sort,
        updated_at: at,
        updated_by: ctx.actor?.userId ?? null,
      };
      if (present.has(r.id)) await scoped(tx).updateTable('automation_rule').set(values).where('id', '=', r.id).execute();
      else
        await scoped(tx)
          .insertInto('automation_rule', { id: r.id, entity_type: 'deal', pipeline_id: pipelineId, created_at: at, ...values } as never)
          .execute();
    }
    return { result: null, restoredFrom: number, summary: { key: 'automation.version_restored', params: { number } } };
  });
  return getAutomation(ctx, pipelineId);
}
