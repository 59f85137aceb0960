import type { EventProcessor } from '../../platform/events/processors.js';
import type { Platform } from '../../platform/platform.js';
import type { Ctx } from '../../platform/context.js';
import { scoped } from '../../platform/db/scoped.js';
import type { NotificationRules } from '../../platform/registry/registry.js';
import { notify, toNotification, unreadCount } from './service.js';

/** Pushes new and read notifications to the user's sockets, in whichever process holds them. */
export function realtimeNotifications(platform: Platform): EventProcessor {
  return {
    name: 'notifications.realtime',
    types: ['notifications.notification.created', 'notifications.notification.read'],
    async handle(event, tx) {
      const portal = await platform.portals.byId(event.portalId, tx);
      if (!portal) return;
      const ctx = { db: tx, portal } as Ctx;
      const userId = Number(event.payload.userId);
      const unread = await unreadCount(ctx, userId);
      if (event.type === 'notifications.notification.read') {
        await platform.realtime.publish(`user:${userId}`, { type: 'notifications.read', unread });
        return;
      }
      const row = await scoped(ctx).selectFrom('notification').selectAll().where('id', '=', Number(event.entityId)).executeTakeFirst();
      if (row) await platform.realtime.publish(`user:${userId}`, { type: 'notification', notification: toNotification(row), unread });
    },
  };
}

/**
 * The notifications of one module's events, by the rules it registers (`notifications` of its
 * registration): one processor per module, so one module's failing rule holds back no other's.
 */
export function moduleNotifications(platform: Platform, module: string, rules: NotificationRules): EventProcessor {
  return {
    name: `notifications.${module}`,
    types: rules.types,
    async handle(event, tx) {
      const portal = await platform.portals.byId(event.portalId, tx);
      if (!portal) return;
      const ctx = { db: tx, portal, actor: null, lang: 'ru', requestId: '', sys: platform.sys } as Ctx;
      for (const draft of await rules.build(ctx, event)) await notify(ctx, draft);
    },
  };
}
