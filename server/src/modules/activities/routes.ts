import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Activity, ActivityComplete, ActivityCounters, ActivityInput, ActivityList, ActivityListQuery, ActivityPatch, IdValue, Ok } from '@vavilon/contracts';
import * as activities from './service.js';
import { activityCounters, listActivities } from './list.js';

/** «Мои дела» and an item's activities: list, counters, create, read, change, complete, delete. */
export function activityRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const member = { policy: 'member' as const };
  const Param = z.object({ id: IdValue });
  const base = '/api/crm/activities';

  app.get(base, { config: member, schema: { querystring: ActivityListQuery, response: { 200: ActivityList } } }, (req) => listActivities(req.ctx, req.query));
  app.get(`${base}/counters`, { config: member, schema: { response: { 200: ActivityCounters } } }, (req) => activityCounters(req.ctx));
  app.post(base, { config: member, schema: { body: ActivityInput, response: { 200: Activity } } }, (req) => activities.createActivity(req.ctx, req.body));
  app.get(`${base}/:id`, { config: member, schema: { params: Param, response: { 200: Activity } } }, (req) => activities.getActivity(req.ctx, req.params.id));
  app.patch(`${base}/:id`, { config: member, schema: { params: Param, body: ActivityPatch, response: { 200: Activity } } }, (req) => activities.updateActivity(req.ctx, req.params.id, req.body));
  app.post(`${base}/:id/complete`, { config: member, schema: { params: Param, body: ActivityComplete, response: { 200: Activity } } }, (req) =>
    activities.completeActivity(req.ctx, req.params.id, req.body),
  );
  app.delete(`${base}/:id`, { config: member, schema: { params: Param, response: { 200: Ok } } }, async (req) => {
    await activities.deleteActivity(req.ctx, req.params.id);
    return { ok: true as const };
  });
}
