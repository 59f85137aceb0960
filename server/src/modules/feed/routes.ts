import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  FeedPage,
  FeedPost,
  FeedPostInput,
  FeedPostParam,
  FeedPostUpdate,
  FeedQuery,
  FeedViewers,
  FeedViewsInput,
  FeedViewsResult,
  IdValue,
  ImportantReaders,
  ImportantReadersQuery,
  Ok,
  PeoplePageQuery,
  PollVoteInput,
  ThanksList,
} from '@vavilon/contracts';
import { listFeed } from './page.js';
import * as feed from './service.js';

/** The news feed: every route is a member's; what a post's audience may not read answers 404. */
export function feedRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const member = { policy: 'member' as const };

  app.get('/api/feed', { config: member, schema: { querystring: FeedQuery, response: { 200: FeedPage } } }, (req) => listFeed(req.ctx, req.query));
  app.post('/api/feed/posts', { config: member, schema: { body: FeedPostInput, response: { 200: FeedPost } } }, (req) => feed.createPost(req.ctx, req.body));
  app.get('/api/feed/posts/:postId', { config: member, schema: { params: FeedPostParam, response: { 200: FeedPost } } }, (req) => feed.getPost(req.ctx, req.params.postId));
  app.patch('/api/feed/posts/:postId', { config: member, schema: { params: FeedPostParam, body: FeedPostUpdate, response: { 200: FeedPost } } }, (req) =>
    feed.updatePost(req.ctx, req.params.postId, req.body),
  );
  app.delete('/api/feed/posts/:postId', { config: member, schema: { params: FeedPostParam, response: { 200: Ok } } }, async (req) => {
    await feed.deletePost(req.ctx, req.params.postId);
    return { ok: true as const };
  });
  app.post('/api/feed/views', { config: member, schema: { body: FeedViewsInput, response: { 200: FeedViewsResult } } }, async (req) => ({
    recorded: await feed.recordViews(req.ctx, req.body.postIds),
  }));
  app.get('/api/feed/posts/:postId/viewers', { config: member, schema: { params: FeedPostParam, querystring: PeoplePageQuery, response: { 200: FeedViewers } } }, (req) =>
    feed.viewers(req.ctx, req.params.postId, req.query),
  );
  app.post('/api/feed/posts/:postId/read', { config: member, schema: { params: FeedPostParam, response: { 200: FeedPost } } }, (req) => feed.markRead(req.ctx, req.params.postId));
  app.get('/api/feed/posts/:postId/readers', { config: member, schema: { params: FeedPostParam, querystring: ImportantReadersQuery, response: { 200: ImportantReaders } } }, (req) =>
    feed.importantReaders(req.ctx, req.params.postId, req.query),
  );
  app.post('/api/feed/posts/:postId/vote', { config: member, schema: { params: FeedPostParam, body: PollVoteInput, response: { 200: FeedPost } } }, (req) =>
    feed.vote(req.ctx, req.params.postId, req.body.optionIds),
  );
  app.get('/api/feed/thanks/:userId', { config: member, schema: { params: z.object({ userId: IdValue }), response: { 200: ThanksList } } }, (req) => feed.thanksOf(req.ctx, req.params.userId));
}
