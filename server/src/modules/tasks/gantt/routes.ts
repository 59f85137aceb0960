import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { GanttData, GanttLinkInput, GanttLinkPatch, GanttLinkSaved, GanttMove, GanttMoved, GanttQuery, IdValue, Ok, TaskLinks } from '@vavilon/contracts';
import * as gantt from './service.js';

/** «Гант»: a scope's bars and links, moving a bar with its dependents, and the links themselves. */
export function ganttRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const member = { policy: 'member' as const };
  const IdParams = z.object({ id: IdValue });

  app.get('/api/tasks/gantt', { config: member, schema: { querystring: GanttQuery, response: { 200: GanttData } } }, (req) => gantt.ganttData(req.ctx, req.query));
  app.post('/api/tasks/:id/plan', { config: member, schema: { params: IdParams, body: GanttMove, response: { 200: GanttMoved } } }, (req) => gantt.moveTask(req.ctx, req.params.id, req.body));
  app.get('/api/tasks/:id/links', { config: member, schema: { params: IdParams, response: { 200: TaskLinks } } }, (req) => gantt.taskLinks(req.ctx, req.params.id));
  app.post('/api/tasks/gantt/dependencies', { config: member, schema: { body: GanttLinkInput, response: { 200: GanttLinkSaved } } }, (req) => gantt.createLink(req.ctx, req.body));
  app.patch('/api/tasks/gantt/dependencies/:id', { config: member, schema: { params: IdParams, body: GanttLinkPatch, response: { 200: GanttLinkSaved } } }, (req) =>
    gantt.updateLink(req.ctx, req.params.id, req.body.kind),
  );
  app.delete('/api/tasks/gantt/dependencies/:id', { config: member, schema: { params: IdParams, response: { 200: Ok } } }, async (req) => {
    await gantt.deleteLink(req.ctx, req.params.id);
    return { ok: true as const };
  });
}
