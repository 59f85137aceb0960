import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { CommentInput, EntityParam, IdParam, Ok, Timeline, TimelineEntry } from '@vavilon/contracts';
import { timeline } from './timeline.js';
import * as comments from './comments.js';

/** An item's timeline: comments and the history of its changes. Reading the item is the right needed. */
export function timelineRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const member = { policy: 'member' as const };

  app.get('/api/crm/:entity/:id/timeline', { config: member, schema: { params: EntityParam, response: { 200: Timeline } } }, (req) => timeline(req.ctx, req.params.entity, req.params.id));
  app.post('/api/crm/:entity/:id/comments', { config: member, schema: { params: EntityParam, body: CommentInput, response: { 200: TimelineEntry } } }, (req) =>
    comments.addComment(req.ctx, req.params.entity, req.params.id, req.body),
  );
  app.patch('/api/crm/comments/:id', { config: member, schema: { params: IdParam, body: CommentInput, response: { 200: TimelineEntry } } }, (req) =>
    comments.editComment(req.ctx, req.params.id, req.body),
  );
  app.delete('/api/crm/comments/:id', { config: member, schema: { params: IdParam, response: { 200: Ok } } }, async (req) => {
    await comments.deleteComment(req.ctx, req.params.id);
    return { ok: true as const };
  });
}
