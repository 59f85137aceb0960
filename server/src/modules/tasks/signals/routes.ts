import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CrmLinkList, CrmLinksInput, IdValue, ReminderInput, ReminderList } from '@vavilon/contracts';
import { crmLinksOf, setCrmLinks } from './crm-links.js';
import { addReminder, deleteReminder, remindersOf } from './reminders.js';

/** A task's CRM links and the actor's reminders of it. */
export function signalRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const member = { policy: 'member' as const };
  const Task = z.object({ id: IdValue });

  app.get('/api/tasks/:id/crm-links', { config: member, schema: { params: Task, response: { 200: CrmLinkList } } }, async (req) => ({ items: await crmLinksOf(req.ctx, req.params.id) }));
  app.put('/api/tasks/:id/crm-links', { config: member, schema: { params: Task, body: CrmLinksInput, response: { 200: CrmLinkList } } }, async (req) => ({
    items: await setCrmLinks(req.ctx, req.params.id, req.body.links),
  }));
  app.get('/api/tasks/:id/reminders', { config: member, schema: { params: Task, response: { 200: ReminderList } } }, (req) => remindersOf(req.ctx, req.params.id));
  app.post('/api/tasks/:id/reminders', { config: member, schema: { params: Task, body: ReminderInput, response: { 200: ReminderList } } }, (req) =>
    addReminder(req.ctx, req.params.id, req.body.remindAt),
  );
  app.delete('/api/tasks/:id/reminders/:reminderId', { config: member, schema: { params: Task.extend({ reminderId: IdValue }), response: { 200: ReminderList } } }, (req) =>
    deleteReminder(req.ctx, req.params.id, req.params.reminderId),
  );
}
