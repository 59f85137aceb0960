import { robotConfigs, type RobotType } from '@vavilon/contracts';
import { buildPortal, signInAll, startTestApp, type Agent, type TestApp, type TestPortal } from '../../../../test/harness.js';
import { systemCtx, transaction, type Ctx } from '../../../platform/context.js';
import { nowIso } from '../../../platform/db/database.js';
import { scoped } from '../../../platform/db/scoped.js';
import { dealSnapshot, findPipeline, pipelineRows, stageRows } from '../../crm/api.js';
import type { RobotOutcome } from '../core/types.js';
import { insertRule, stageRules, toLoaded } from '../rules/store.js';
import { robotDef } from './index.js';

/** A portal to run robots in: its four people signed in, and its «Продажи» pipeline. */
export interface RobotsWorld {
  t: TestApp;
  p: TestPortal;
  as: Record<'admin' | 'head' | 'employee' | 'other', Agent>;
  pipelineId: number;
  stageIds: number[];
  /** A system ctx outside any transaction. */
  system(): Ctx;
  deal(body?: Record<string, unknown>): Promise<number>;
  company(body?: Record<string, unknown>): Promise<number>;
  contact(body?: Record<string, unknown>): Promise<number>;
  field(entityType: 'deal' | 'company' | 'contact', body: Record<string, unknown>): Promise<{ code: string; options: { id: string; label: string }[] }>;
  /**
   * Runs one robot on the deal as the engine does: a rule of the deal's stage (started by a field
   * nobody sets, so that the engine's own processing never runs it as well), a run row, the
   * robot's `run()` in a system ctx's transaction, the outcome written on the run. A dry run
   * is rolled back afterwards.
   */
  run<T extends RobotType>(type: T, config: unknown, dealId: number, opts?: { dryRun?: boolean; ruleId?: number; name?: string }): Promise<RobotOutcome & { ruleId: number; runId: number }>;
}

const ok = <T>(res: { statusCode: number; body: string; json(): unknown }): T => {
  if (res.statusCode !== 200) throw new Error(`${res.statusCode}: ${res.body}`);
  return res.json() as T;
};

/** The field the test rules start on: none is ever set, so the engine leaves these rules to the test. */
const NEVER_SET = 'uf_robots_test_never_set';

class RolledBack extends Error {
  constructor(public readonly outcome: RobotOutcome & { ruleId: number; runId: number }) {
    super('dry run');
  }
}

export async function robotsWorld(): Promise<RobotsWorld> {
  const t = await startTestApp();
  const p = await buildPortal(t);
  const as = await signInAll(t, p);
  const system = () => systemCtx({ db: t.platform.db, sys: t.platform.sys }, p.portal);
  const pipelines = await pipelineRows(system());
  const pipeline = await findPipeline(system(), pipelines[0]!.id);
  const stageIds = (await stageRows(system(), pipeline!.id)).map((s) => s.id);
  let seq = 0;
  return {
    t,
    p,
    as,
    pipelineId: pipeline!.id,
    stageIds,
    system,
    deal: async (body = {}) => ok<{ id: number }>(await as.admin.post('/api/crm/deals', { title: `Сделка ${++seq}`, responsibleId: p.users.employee.id, ...body })).id,
    company: async (body = {}) => ok<{ id: number }>(await as.admin.post('/api/crm/companies', { title: `ООО «Клиент ${++seq}»`, ...body })).id,
    contact: async (body = {}) => ok<{ id: number }>(await as.admin.post('/api/crm/contacts', { lastName: `Клиентов${++seq}`, ...body })).id,
    field: async (entityType, body) => ok(await as.admin.post('/api/crm/fields', { entityType, ...body })),
    async run(type, config, dealId, opts = {}) {
      const parsed = robotConfigs[type].parse(config) as Record<string, unknown>;
      const def = robotDef(type);
      if (!def) throw new Error(`no robot ${type}`);
      const go = async (ctx: Ctx) => {
        const deal = (await dealSnapshot(ctx, dealId, true))!;
        const ruleId =
          opts.ruleId ??
          (await insertRule(ctx, deal.pipelineId, {
            kind: 'robot',
            stageId: deal.stageId,
            type,
            name: opts.name ?? `Робот ${type}`,
            config: parsed,
            condition: null,
            start: { on: 'field', field: NEVER_SET, afterPrevious: false, delay: { mode: 'now' } },
          }));
        const rule =
          (await stageRules(ctx, deal.stageId, 'robot')).find((r) => r.id === ruleId) ??
          toLoaded((await scoped(ctx).selectFrom('automation_rule').selectAll().where('id', '=', ruleId).executeTakeFirstOrThrow()) as never);
        const run = await scoped(ctx)
          .insertInto('automation_run', {
            entity_type: 'deal',
            entity_id: deal.id,
            pipeline_id: deal.pipelineId,
            stage_id: deal.stageId,
            rule_id: ruleId,
            rule_type: type,
            rule_name: rule.name,
            entry_key: `test${++seq}`,
            after_run_id: null,
            status: 'pending',
            due_at: null,
            message_key: null,
            message_params: null,
            state: null,
            created_at: nowIso(),
            finished_at: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const outcome = await def.run({ ctx, rule, config: parsed as never, run: { id: run.id, entryKey: `test${seq}`, state: null }, deal, dryRun: !!opts.dryRun });
        await scoped(ctx)
          .updateTable('automation_run')
          .set({
            status: outcome.status,
            message_key: outcome.message.key,
            message_params: JSON.stringify(outcome.message.params ?? {}),
            state: outcome.state ? JSON.stringify(outcome.state) : null,
            finished_at: nowIso(),
          })
          .where('id', '=', run.id)
          .execute();
        return { ...outcome, ruleId, runId: run.id };
      };
      if (!opts.dryRun) return transaction(system(), go);
      try {
        await transaction(system(), async (ctx) => {
          throw new RolledBack(await go(ctx));
        });
      } catch (e) {
        if (e instanceof RolledBack) return e.outcome;
        throw e;
      }
      throw new Error('unreachable');
    },
  };
}

/** What the tests read back of the database, narrowed to the world's portal. */
export function reader(w: RobotsWorld) {
  const ctx = () => w.system();
  return {
    task: (id: number) => scoped(ctx()).selectFrom('task').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
    members: async (id: number) => scoped(ctx()).selectFrom('task_member').select(['user_id', 'role']).where('task_id', '=', id).orderBy('role').orderBy('user_id').execute(),
    checklist: async (id: number) => (await scoped(ctx()).selectFrom('task_checklist_item').select('title').where('task_id', '=', id).orderBy('sort').execute()).map((r) => r.title),
    links: async (id: number) => scoped(ctx()).selectFrom('task_crm_link').select(['entity_type', 'entity_id']).where('task_id', '=', id).execute(),
    dealTasks: async (dealId: number) =>
      (await scoped(ctx()).selectFrom('task_crm_link').select('task_id').where('entity_type', '=', 'deal').where('entity_id', '=', dealId).orderBy('task_id').execute()).map((r) => r.task_id),
    comments: async (dealId: number) => scoped(ctx()).selectFrom('comment').select(['author_id', 'html']).where('entity_type', '=', 'deal').where('entity_id', '=', dealId).orderBy('id').execute(),
    events: async (type: string, entityId: number) =>
      (await scoped(ctx()).selectFrom('domain_event').selectAll().where('type', '=', type).where('entity_id', '=', String(entityId)).orderBy('id').execute()).map((r) => ({
        ...r,
        payload: JSON.parse(r.payload) as Record<string, any>,
      })),
    deal: async (id: number) => (await dealSnapshot(ctx(), id))!,
  };
}

export { ok };
