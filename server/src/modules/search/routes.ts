import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { SearchPage, SearchPageQuery, SearchQuery, SearchResults } from '@vavilon/contracts';
import { errors } from '../../platform/errors.js';
import { searchBox, searchPage } from './service.js';

export function searchRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const member = { policy: 'member' as const };
  app.get('/api/search', { config: member, schema: { querystring: SearchQuery, response: { 200: SearchResults } } }, (req) => searchBox(req.ctx, req.query.q, req.query.limit));
  app.get('/api/search/page', { config: member, schema: { querystring: SearchPageQuery, response: { 200: SearchPage } } }, (req) => {
    const q = req.query;
    if (q.from && q.to && q.to < q.from) throw errors.field('to', 'search.dates');
    // «по» is the whole day: the hits before the next one.
    const to = q.to ? new Date(Date.parse(`${q.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10) : undefined;
    return searchPage(req.ctx, q.q, { kind: q.kind, module: q.module, authorId: q.author, from: q.from, to, before: q.before, limit: q.limit });
  });
}
