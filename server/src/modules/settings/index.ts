import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { PortalModule } from '../../platform/registry/registry.js';
import type { Platform } from '../../platform/platform.js';
import { processorFailureRoutes } from './processor-failures.js';

const OutboxItem = z.object({ id: z.number().int(), to: z.string(), subject: z.string(), text: z.string(), status: z.string(), createdAt: z.string() });

function settingsRoutes(fastify: FastifyInstance, platform: Platform): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  // Mail of this portal that went out or, with no SMTP configured, was kept for the administrator.
  app.get('/api/admin/mail-outbox', { config: { policy: 'admin' }, schema: { response: { 200: z.object({ items: z.array(OutboxItem) }) } } }, async (req) => {
    const rows = await platform.db.selectFrom('mail_outbox').selectAll().where('portal_id', '=', req.ctx.portal.id).orderBy('id', 'desc').limit(200).execute();
    // Once delivered, a letter's text (it may hold a one-time link) is no longer shown.
    return {
      items: rows.map((r) => ({ id: Number(r.id), to: r.to_address, subject: r.subject, text: r.status === 'sent' ? '' : r.text, status: r.status, createdAt: r.created_at })),
    };
  });
  processorFailureRoutes(fastify, platform);
}

export const settingsModule: PortalModule = {
  name: 'settings',
  menu: [
    {
      id: 'mail-outbox',
      title: { ru: 'Исходящие письма', en: 'Outgoing mail' },
      path: '/settings/mail-outbox',
      icon: 'mail',
      order: 9_000,
      section: 'settings',
      adminOnly: true,
      inMenu: false,
      description: { ru: 'Приглашения и письма портала, ожидающие отправки', en: 'Invitations and portal mail kept for sending' },
    },
    {
      id: 'processor-failures',
      title: { ru: 'Ошибки обработки событий', en: 'Event processing failures' },
      path: '/settings/processor-failures',
      icon: 'alert',
      order: 9_010,
      section: 'settings',
      adminOnly: true,
      inMenu: false,
      description: { ru: 'События, которые не удалось обработать, и повторная попытка', en: 'Events that could not be processed, and another try' },
    },
  ],
  routes: settingsRoutes,
};
