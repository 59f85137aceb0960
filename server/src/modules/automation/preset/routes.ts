import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Deal, IdValue, ResultInput } from '@vavilon/contracts';
import { setResult } from './results.js';

/** «Результаты» of the deal card: a member sets a result field of a deal they may edit. */
export function presetRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.post('/api/automation/deals/:id/result', { config: { policy: 'member' as const }, schema: { params: z.object({ id: IdValue }), body: ResultInput, response: { 200: Deal } } }, (req) =>
    setResult(req.ctx, req.params.id, req.body),
  );
}
