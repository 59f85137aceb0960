import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ActivityList,
  Deal,
  DealActivityQuery,
  DealCalendar,
  DealCalendarQuery,
  DealInput,
  IdParam,
  Kanban,
  KanbanColumnQuery,
  KanbanMore,
  KanbanQuery,
  MovedCard,
  Ok,
  StageMove,
  withVersion,
} from '@vavilon/contracts';
import { itemRoutes } from '../items/routes.js';
import * as deals from './service.js';
import { dealCalendar, kanban, kanbanColumn } from './kanban.js';
import { dealActivities } from './activities.js';

const DealUpdate = withVersion(DealInput);

/** Deals: cards, the Kanban board and its drag, the calendar; and the generic lists of every item type. */
export function dealRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const member = { policy: 'member' as const };

  app.get('/api/crm/deals/kanban', { config: member, schema: { querystring: KanbanQuery, response: { 200: Kanban } } }, (req) => kanban(req.ctx, req.query));
  app.get('/api/crm/deals/kanban/column', { config: member, schema: { querystring: KanbanColumnQuery, response: { 200: KanbanMore } } }, (req) => kanbanColumn(req.ctx, req.query));
  app.get('/api/crm/deals/calendar', { config: member, schema: { querystring: DealCalendarQuery, response: { 200: DealCalendar } } }, (req) => dealCalendar(req.ctx, req.query));
  app.get('/api/crm/deals/activities', { config: member, schema: { querystring: DealActivityQuery, response: { 200: ActivityList } } }, (req) => dealActivities(req.ctx, req.query));

  app.post('/api/crm/deals', { config: member, schema: { body: DealInput, response: { 200: Deal } } }, (req) => deals.createDeal(req.ctx, req.body));
  app.get('/api/crm/deals/:id', { config: member, schema: { params: IdParam, response: { 200: Deal } } }, (req) => deals.getDeal(req.ctx, req.params.id));
  app.patch('/api/crm/deals/:id', { config: member, schema: { params: IdParam, body: DealUpdate, response: { 200: Deal } } }, (req) => deals.updateDeal(req.ctx, req.params.id, req.body));
  app.delete('/api/crm/deals/:id', { config: member, schema: { params: IdParam, response: { 200: Ok } } }, async (req) => {
    await deals.deleteDeal(req.ctx, req.params.id);
    return { ok: true as const };
  });
  app.post('/api/crm/deals/:id/stage', { config: member, schema: { params: IdParam, body: StageMove, response: { 200: MovedCard } } }, (req) => deals.moveDeal(req.ctx, req.params.id, req.body));

  itemRoutes(app);
}
