import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParam, Ok, Pipeline, PipelineInput, PipelineList, PipelineQuery, PipelineUpdate, Stage, StageDelete, StageInput, StageList, StageOrder, StageUpdate } from '@vavilon/contracts';
import * as pipelines from './service.js';

/** Pipelines («воронки»), their stages and the lead statuses: read by members, changed by administrators. */
export function pipelineRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const member = { policy: 'member' as const };
  const admin = { policy: 'admin' as const };

  app.get('/api/crm/pipelines', { config: member, schema: { querystring: PipelineQuery, response: { 200: PipelineList } } }, async (req) => ({
    items: await pipelines.listPipelines(req.ctx),
  }));
  app.get('/api/crm/pipelines/:id', { config: member, schema: { params: IdParam, response: { 200: Pipeline } } }, (req) => pipelines.getPipeline(req.ctx, req.params.id));
  app.post('/api/crm/pipelines', { config: admin, schema: { body: PipelineInput, response: { 200: Pipeline } } }, (req) => pipelines.createPipeline(req.ctx, req.body));
  app.patch('/api/crm/pipelines/:id', { config: admin, schema: { params: IdParam, body: PipelineUpdate, response: { 200: Pipeline } } }, (req) =>
    pipelines.updatePipeline(req.ctx, req.params.id, req.body),
  );
  app.delete('/api/crm/pipelines/:id', { config: admin, schema: { params: IdParam, response: { 200: Ok } } }, async (req) => {
    await pipelines.deletePipeline(req.ctx, req.params.id);
    return { ok: true as const };
  });

  app.post('/api/crm/pipelines/:id/stages', { config: admin, schema: { params: IdParam, body: StageInput, response: { 200: Stage } } }, (req) =>
    pipelines.createStage(req.ctx, req.params.id, req.body),
  );
  app.put('/api/crm/pipelines/:id/stage-order', { config: admin, schema: { params: IdParam, body: StageOrder, response: { 200: StageList } } }, async (req) => ({
    items: await pipelines.reorderStages(req.ctx, req.params.id, req.body.stageIds),
  }));

  app.get('/api/crm/lead-statuses', { config: member, schema: { response: { 200: StageList } } }, async (req) => ({
    items: await pipelines.listLeadStatuses(req.ctx),
  }));
  app.post('/api/crm/lead-statuses', { config: admin, schema: { body: StageInput, response: { 200: Stage } } }, (req) => pipelines.createStage(req.ctx, null, req.body));
  app.put('/api/crm/lead-statuses/order', { config: admin, schema: { body: StageOrder, response: { 200: StageList } } }, async (req) => ({
    items: await pipelines.reorderStages(req.ctx, null, req.body.stageIds),
  }));

  app.patch('/api/crm/stages/:id', { config: admin, schema: { params: IdParam, body: StageUpdate, response: { 200: Stage } } }, (req) => pipelines.updateStage(req.ctx, req.params.id, req.body));
  // Where the items go comes in the body or the query; a stage without items needs neither.
  app.delete(
    '/api/crm/stages/:id',
    {
      config: admin,
      schema: {
        params: IdParam,
        querystring: z.object({ moveToStageId: z.coerce.number().int().positive().max(2_147_483_647).optional() }),
        body: StageDelete.nullish(),
        response: { 200: z.object({ ok: z.literal(true), moved: z.number().int() }) },
      },
    },
    async (req) => {
      const target = req.body?.moveToStageId ?? req.query.moveToStageId;
      const { moved } = await pipelines.deleteStage(req.ctx, req.params.id, target);
      return { ok: true as const, moved };
    },
  );
}
