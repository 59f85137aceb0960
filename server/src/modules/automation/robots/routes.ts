import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AutomationRequest, IdValue, Ok, RequestAnswer } from '@vavilon/contracts';
import { answerRequest, openRequests } from './requests.js';

/** The robots' questions to employees: the deal card asks for its open ones and sends the answer. */
export function robotsRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const member = { policy: 'member' as const };

  app.get('/api/automation/requests', { config: member, schema: { querystring: z.object({ dealId: IdValue }), response: { 200: z.array(AutomationRequest) } } }, (req) =>
    openRequests(req.ctx, req.query.dealId),
  );
  app.post('/api/automation/requests/:id/answer', { config: member, schema: { params: z.object({ id: IdValue }), body: RequestAnswer, response: { 200: Ok } } }, async (req) => {
    await answerRequest(req.ctx, req.params.id, req.body);
    return { ok: true as const };
  });
}
