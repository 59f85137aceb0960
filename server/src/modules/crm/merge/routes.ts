import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { MergeBatchInput, MergeBatchResult, MergeInput, MergePreview, MergePreviewInput, MergeResult, MergeTypeParam } from '@vavilon/contracts';
import { mergeBatch, mergeItems, mergePreview } from './service.js';

/** Merging contacts or companies: the comparison, the merge, and a batch of merges for API clients. */
export function mergeRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const member = { policy: 'member' as const };
  app.post('/api/crm/:entity/merge/preview', { config: member, schema: { params: MergeTypeParam, body: MergePreviewInput, response: { 200: MergePreview } } }, (req) =>
    mergePreview(req.ctx, req.params.entity, req.body),
  );
  app.post('/api/crm/:entity/merge', { config: member, schema: { params: MergeTypeParam, body: MergeInput, response: { 200: MergeResult } } }, (req) =>
    mergeItems(req.ctx, req.params.entity, req.body),
  );
  app.post('/api/crm/merge/batch', { config: member, schema: { body: MergeBatchInput, response: { 200: MergeBatchResult } } }, (req) => mergeBatch(req.ctx, req.body));
}
