import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ReactionGroups, ReactionInput, ReactionItemParam, ReactionRemoveQuery, ReactionSummaries } from '@vavilon/contracts';
import * as reactions from './service.js';

/** An item's reactions (any reactable type): reading the item is the right needed to see and to react. */
export function reactionRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const member = { policy: 'member' as const };

  app.get('/api/reactions/:type/:id', { config: member, schema: { params: ReactionItemParam, response: { 200: ReactionSummaries } } }, (req) =>
    reactions.listReactions(req.ctx, req.params.type, req.params.id),
  );
  app.post('/api/reactions/:type/:id', { config: member, schema: { params: ReactionItemParam, body: ReactionInput, response: { 200: ReactionSummaries } } }, (req) =>
    reactions.addReaction(req.ctx, req.params.type, req.params.id, req.body.emoji),
  );
  app.delete('/api/reactions/:type/:id', { config: member, schema: { params: ReactionItemParam, querystring: ReactionRemoveQuery, response: { 200: ReactionSummaries } } }, (req) =>
    reactions.removeReaction(req.ctx, req.params.type, req.params.id, req.query.emoji),
  );
  app.get('/api/reactions/:type/:id/users', { config: member, schema: { params: ReactionItemParam, response: { 200: ReactionGroups } } }, (req) =>
    reactions.reactionUsers(req.ctx, req.params.type, req.params.id),
  );
}
