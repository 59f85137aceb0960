import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AutomationVersion, DryRunResult, IdValue, PipelineAutomation, Rule, RuleInput, RuleOrder } from '@vavilon/contracts';
import * as rules from './service.js';
import { dryRun } from './dry-run.js';
import { Catalog, catalog } from './catalog.js';

/**
 * The designer «Роботы»: a pipeline's robots and triggers, their order, their history with
 * rollback, and the dry run on a deal. Every route is for members, and the service lets only
 * administrators (the portal's or the CRM's) through.
 */
export function rulesRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const member = { policy: 'member' as const };
  const PipelineParam = z.object({ pipelineId: IdValue });
  const RuleParam = z.object({ id: IdValue });
  const VersionQuery = z.object({ version: z.coerce.number().int().min(0).optional() });
  const Deleted = z.object({ ok: z.literal(true), version: z.number().int() });
  const DryRunInput = z.object({ dealId: z.number().int().positive().max(2_147_483_647), stageId: z.number().int().positive().max(2_147_483_647).optional() });
  const RestoreInput = z.object({ version: z.number().int().min(0).optional() }).nullish();

  app.get('/api/automation/pipelines/:pipelineId', { config: member, schema: { params: PipelineParam, response: { 200: PipelineAutomation } } }, (req) =>
    rules.getAutomation(req.ctx, req.params.pipelineId),
  );
  app.post('/api/automation/pipelines/:pipelineId/rules', { config: member, schema: { params: PipelineParam, body: RuleInput, response: { 200: Rule } } }, (req) =>
    rules.createRule(req.ctx, req.params.pipelineId, req.body),
  );
  app.patch('/api/automation/rules/:id', { config: member, schema: { params: RuleParam, body: RuleInput.extend({ version: z.number().int().min(0) }), response: { 200: Rule } } }, (req) =>
    rules.updateRule(req.ctx, req.params.id, req.body),
  );
  app.delete('/api/automation/rules/:id', { config: member, schema: { params: RuleParam, querystring: VersionQuery, response: { 200: Deleted } } }, (req) =>
    rules.deleteRule(req.ctx, req.params.id, req.query.version),
  );
  app.put('/api/automation/pipelines/:pipelineId/order', { config: member, schema: { params: PipelineParam, body: RuleOrder, response: { 200: PipelineAutomation } } }, (req) =>
    rules.reorderRules(req.ctx, req.params.pipelineId, req.body),
  );
  app.get('/api/automation/pipelines/:pipelineId/versions', { config: member, schema: { params: PipelineParam, response: { 200: z.array(AutomationVersion) } } }, (req) =>
    rules.listVersions(req.ctx, req.params.pipelineId),
  );
  app.post(
    '/api/automation/pipelines/:pipelineId/versions/:number/restore',
    { config: member, schema: { params: PipelineParam.extend({ number: IdValue }), body: RestoreInput, response: { 200: PipelineAutomation } } },
    (req) => rules.restoreVersion(req.ctx, req.params.pipelineId, req.params.number, req.body?.version),
  );
  app.post('/api/automation/pipelines/:pipelineId/dry-run', { config: member, schema: { params: PipelineParam, body: DryRunInput, response: { 200: DryRunResult } } }, (req) =>
    dryRun(req.ctx, req.params.pipelineId, req.body),
  );
  app.get('/api/automation/catalog', { config: member, schema: { response: { 200: Catalog } } }, (req) => catalog(req.ctx));
}
