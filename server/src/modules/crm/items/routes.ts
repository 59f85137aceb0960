import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { BulkAction, BulkResult, CrmEntityParam, ListColumns, ListCount, ListPage, ListQuery, ListSettings, ListSettingsInput } from '@vavilon/contracts';
import { countRows, listRows, toListRows } from '../list.js';
import { bulkAction } from './bulk.js';
import { checkListQuery } from './query.js';
import { listColumns, readListSettings, writeListSettings } from './settings.js';

/** The lists of leads, deals, contacts and companies: page, total, columns, the user's settings, group actions. */
export function itemRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const member = { policy: 'member' as const };

  app.get('/api/crm/:entity/list', { config: member, schema: { params: CrmEntityParam, querystring: ListQuery, response: { 200: ListPage } } }, async (req) => {
    const { rows, hasMore } = await listRows(req.ctx, req.params.entity, checkListQuery(req.query));
    return { items: await toListRows(req.ctx, req.params.entity, rows), page: req.query.page, pageSize: req.query.pageSize, hasMore };
  });
  // Separate from the page, so the page never waits for the count.
  app.get('/api/crm/:entity/count', { config: member, schema: { params: CrmEntityParam, querystring: ListQuery, response: { 200: ListCount } } }, async (req) => ({
    total: await countRows(req.ctx, req.params.entity, checkListQuery(req.query)),
  }));
  app.get('/api/crm/:entity/columns', { config: member, schema: { params: CrmEntityParam, response: { 200: ListColumns } } }, async (req) => ({
    items: await listColumns(req.ctx, req.params.entity),
  }));
  app.get('/api/crm/:entity/list-settings', { config: member, schema: { params: CrmEntityParam, response: { 200: ListSettings } } }, (req) => readListSettings(req.ctx, req.params.entity));
  app.put('/api/crm/:entity/list-settings', { config: member, schema: { params: CrmEntityParam, body: ListSettingsInput, response: { 200: ListSettings } } }, (req) =>
    writeListSettings(req.ctx, req.params.entity, req.body),
  );
  app.post('/api/crm/:entity/bulk', { config: member, schema: { params: CrmEntityParam, body: BulkAction, response: { 200: BulkResult } } }, (req) => bulkAction(req.ctx, req.params.entity, req.body));
}
