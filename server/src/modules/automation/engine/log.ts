import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { RunFilter, RunPage, type AutomationRun } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import { errors } from '../../../platform/errors.js';
import { mayConfigure } from '../core/access.js';
import { runMessage } from './timeline.js';

const moment = (v: string | undefined, field: string): string | undefined => {
  if (v === undefined || v === '') return undefined;
  const d = new Date(v.length === 10 ? `${v}T00:00:00Z` : v);
  if (Number.isNaN(d.getTime())) throw errors.field(field, 'error.validation');
  return d.toISOString();
};

/**
 * «Журнал роботов»: every run of the portal's robots, newest first, filtered and paged by id.
 * Administrators only (they see every deal, so titles and stages are read as the portal).
 */
export async function listRuns(ctx: Ctx, f: RunFilter): Promise<RunPage> {
  if (!(await mayConfigure(ctx))) throw errors.forbidden();
  const from = moment(f.from, 'from');
  // A bare day as the end: the whole day is in.
  const to = f.to && f.to.length === 10 ? moment(`${f.to}T23:59:59.999Z`, 'to') : moment(f.to, 'to');
  let q = scoped(ctx)
    .selectFrom('automation_run')
    .leftJoin('crm_stage', (j) => j.onRef('crm_stage.id', '=', 'automation_run.stage_id').on('crm_stage.portal_id', '=', ctx.portal.id))
    .leftJoin('crm_deal', (j) => j.onRef('crm_deal.id', '=', 'automation_run.entity_id').on('crm_deal.portal_id', '=', ctx.portal.id))
    .select([
      'automation_run.id',
      'automation_run.entity_id',
      'automation_run.pipeline_id',
      'automation_run.stage_id',
      'automation_run.rule_id',
      'automation_run.rule_type',
      'automation_run.rule_name',
      'automation_run.status',
      'automation_run.message_key',
      'automation_run.message_params',
      'automation_run.due_at',
      'automation_run.created_at',
      'automation_run.finished_at',
      'crm_stage.name as stage_name',
      'crm_deal.title as deal_title',
    ]);
  if (f.pipelineId !== undefined) q = q.where('automation_run.pipeline_id', '=', f.pipelineId);
  if (f.stageId !== undefined) q = q.where('automation_run.stage_id', '=', f.stageId);
  if (f.dealId !== undefined) q = q.where('automation_run.entity_type', '=', 'deal').where('automation_run.entity_id', '=', f.dealId);
  if (f.status !== undefined) q = q.where('automation_run.status', '=', f.status);
  if (f.ruleType !== undefined) q = q.where('automation_run.rule_type', '=', f.ruleType);
  if (from) q = q.where('automation_run.created_at', '>=', from);
  if (to) q = q.where('automation_run.created_at', '<=', to);
  if (f.before !== undefined) q = q.where('automation_run.id', '<', f.before);
  const rows = await q
    .orderBy('automation_run.id', 'desc')
    .limit(f.limit + 1)
    .execute();
  const page = rows.slice(0, f.limit);
  const runs: AutomationRun[] = page.map((r) => ({
    id: r.id,
    entityType: 'deal',
    entityId: r.entity_id,
    entityTitle: r.deal_title ?? `#${r.entity_id}`,
    pipelineId: r.pipeline_id,
    stageId: r.stage_id,
    stageName: r.stage_name ?? null,
    ruleId: r.rule_id,
    ruleType: r.rule_type,
    ruleName: r.rule_name,
    status: r.status,
    message: runMessage(ctx, r),
    dueAt: r.due_at,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
  }));
  return { runs, next: rows.length > f.limit ? page[page.length - 1]!.id : null };
}

export function runLogRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get('/api/automation/runs', { config: { policy: 'member' }, schema: { querystring: RunFilter, response: { 200: RunPage } } }, (req) => listRuns(req.ctx, req.query));
}
