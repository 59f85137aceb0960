import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ProcessorFailureList, ProcessorFailureParam, ProcessorFailureQuery, ProcessorFailureRetried, ProcessorFailureRetryAll } from '@vavilon/contracts';
import type { Platform } from '../../platform/platform.js';
import { listFailures, retryFailure, retryProcessorFailures } from '../../platform/events/failures.js';

/** «Ошибки обработки событий»: the portal's events a processor failed on, and another try for them. */
export function processorFailureRoutes(fastify: FastifyInstance, platform: Platform): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const admin = { policy: 'admin' } as const;
  app.get('/api/admin/processor-failures', { config: admin, schema: { querystring: ProcessorFailureQuery, response: { 200: ProcessorFailureList } } }, (req) => listFailures(req.ctx, req.query));
  app.post('/api/admin/processor-failures/:id/retry', { config: admin, schema: { params: ProcessorFailureParam, response: { 200: ProcessorFailureRetried } } }, async (req) => {
    const retried = await retryFailure(req.ctx, req.params.id);
    platform.events.wake();
    return { retried };
  });
  app.post('/api/admin/processor-failures/retry', { config: admin, schema: { body: ProcessorFailureRetryAll, response: { 200: ProcessorFailureRetried } } }, async (req) => {
    const retried = await retryProcessorFailures(req.ctx, req.body.processor);
    platform.events.wake();
    return { retried };
  });
}
