import { RuleInput } from '@vavilon/contracts';
import type { z } from 'zod';
import type { BuiltApp } from '../../../app.js';
import { systemCtx, type Ctx, type PortalRow } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import { changeDeal } from '../../crm/api.js';
import { createTask } from '../../tasks/api.js';
import { defineRobot, type RobotDef } from '../core/types.js';
import { robotDefs, robotDef } from '../robots/index.js';
import { insertRule } from '../rules/store.js';

/**
 * What the engine's tests and its benchmark share: rules written through the rules' store, deals
 * created and moved through the CRM's own service, and the counts they assert. «Создать задачу»
 * is the robots' own; while it is not registered (a build without them) a plain one stands in.
 */
export function ensureTaskRobot(): void {
  if (robotDef('task.create')) return;
  const def: RobotDef = defineRobot({
    type: 'task.create',
    async run({ ctx, config, deal, dryRun }) {
      const responsibleId = config.responsible.kind === 'user' ? config.responsible.userId : (deal.responsibleId ?? undefined);
      if (!dryRun) {
        const task = await createTask(
          ctx,
          { title: config.title, description: config.description, responsibleId, crmLinks: [{ type: 'deal', id: deal.id }], allowChangeDeadline: !config.deadlineLocked },
          { source: 'automation', creatorId: responsibleId ?? deal.responsibleId ?? undefined },
        );
        return { status: 'done', message: { key: 'automation.engine.error', params: { reason: task.title } }, state: { taskId: task.id } };
      }
      return { status: 'done', message: { key: 'automation.engine.error', params: { reason: config.title } } };
    },
  });
  robotDefs.push(def);
}

export function sysCtx(t: BuiltApp, portal: PortalRow): Ctx {
  return systemCtx({ db: t.platform.db, sys: t.platform.sys }, portal);
}

export async function addRule(t: BuiltApp, portal: PortalRow, pipelineId: number, input: z.input<typeof RuleInput>): Promise<number> {
  return t.platform.transaction(sysCtx(t, portal), (tx) => insertRule(tx, pipelineId, RuleInput.parse(input)));
}

export async function moveDeal(t: BuiltApp, portal: PortalRow, dealId: number, stageId: number): Promise<void> {
  await t.platform.transaction(sysCtx(t, portal), (tx) => changeDeal(tx, dealId, { stageId }));
}

export async function runsOf(t: BuiltApp, portal: PortalRow, dealId: number) {
  return scoped(sysCtx(t, portal))
    .selectFrom('automation_run')
    .select(['id', 'rule_id', 'rule_name', 'status', 'stage_id', 'entry_key', 'message_key', 'message_params', 'after_run_id', 'due_at'])
    .where('entity_id', '=', dealId)
    .orderBy('id')
    .execute();
}

export async function tasksOf(t: BuiltApp, portal: PortalRow, dealId: number) {
  return scoped(sysCtx(t, portal))
    .selectFrom('task_crm_link')
    .innerJoin('task', 'task.id', 'task_crm_link.task_id')
    .select(['task.id', 'task.title', 'task.responsible_id'])
    .where('task_crm_link.entity_type', '=', 'deal')
    .where('task_crm_link.entity_id', '=', dealId)
    .orderBy('task.id')
    .execute();
}
