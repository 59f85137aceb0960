import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { Comment, CommentIdParam, CommentInput, CommentItemParam, CommentListQuery, CommentPage, CommentUpdate, Ok } from '@vavilon/contracts';
import * as comments from './service.js';

/** An item's comments (any commentable type); reading the item is the right needed, changing one is its author's or an administrator's. */
export function commentRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const member = { policy: 'member' as const };

  app.get('/api/comments/:type/:id', { config: member, schema: { params: CommentItemParam, querystring: CommentListQuery, response: { 200: CommentPage } } }, (req) =>
    comments.listComments(req.ctx, req.params.type, req.params.id, req.query),
  );
  app.post('/api/comments/:type/:id', { config: member, schema: { params: CommentItemParam, body: CommentInput, response: { 200: Comment } } }, (req) =>
    comments.addComment(req.ctx, req.params.type, req.params.id, req.body),
  );
  app.patch('/api/comments/item/:commentId', { config: member, schema: { params: CommentIdParam, body: CommentUpdate, response: { 200: Comment } } }, (req) =>
    comments.updateComment(req.ctx, req.params.commentId, req.body),
  );
  app.delete('/api/comments/item/:commentId', { config: member, schema: { params: CommentIdParam, response: { 200: Ok } } }, async (req) => {
    await comments.deleteComment(req.ctx, req.params.commentId);
    return { ok: true as const };
  });
}
