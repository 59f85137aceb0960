import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { DuplicateCheckInput, DuplicateCheckResult, DuplicateGroupList, DuplicateListQuery, DuplicateRebuildResult, DuplicateType } from '@vavilon/contracts';
import { z } from 'zod';
import { checkDuplicates, listDuplicateGroups } from './finder.js';
import { REBUILD_JOB } from './processor.js';

/** The «Дубликаты» page's groups, the card's warning while it is filled, and a rebuild of the index. */
export function duplicateRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const member = { policy: 'member' as const };
  const admin = { policy: 'admin' as const };

  app.get('/api/crm/duplicates', { config: member, schema: { querystring: DuplicateListQuery, response: { 200: DuplicateGroupList } } }, (req) => listDuplicateGroups(req.ctx, req.query));
  app.post('/api/crm/duplicates/check', { config: member, schema: { body: DuplicateCheckInput, response: { 200: DuplicateCheckResult } } }, (req) => checkDuplicates(req.ctx, req.body));
  app.post('/api/crm/duplicates/rebuild', { config: admin, schema: { body: z.object({ type: DuplicateType.optional() }), response: { 200: DuplicateRebuildResult } } }, async (req) => ({
    jobId: await req.ctx.sys.scheduleJob(req.ctx, { type: REBUILD_JOB, portalId: req.ctx.portal.id, payload: req.body.type ? { type: req.body.type } : {} }),
  }));
}
