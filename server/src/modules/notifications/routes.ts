import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParam, NotificationList, NotificationListQuery } from '@vavilon/contracts';
import * as notifications from './service.js';

export function notificationRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const member = { policy: 'member' as const };
  const Unread = z.object({ unread: z.number().int() });

  app.get('/api/notifications', { config: member, schema: { querystring: NotificationListQuery, response: { 200: NotificationList } } }, (req) =>
    notifications.list(req.ctx, req.query.cursor, req.query.limit),
  );
  app.post('/api/notifications/:id/read', { config: member, schema: { params: IdParam, response: { 200: Unread } } }, async (req) => ({
    unread: await notifications.markRead(req.ctx, req.params.id),
  }));
  app.post('/api/notifications/read-all', { config: member, schema: { response: { 200: Unread } } }, async (req) => ({
    unread: await notifications.markRead(req.ctx, 'all'),
  }));
}
