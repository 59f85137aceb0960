import { notificationsEvents } from '@vavilon/contracts';
import { defineProcessor, processorCtx, type EventProcessor } from '../../platform/events/processors.js';
import type { Platform } from '../../platform/platform.js';
import { scoped } from '../../platform/db/scoped.js';
import type { NotificationRules } from '../../platform/registry/registry.js';
import { notify, toNotification, unreadCount } from './service.js';

/** Pushes new and read notifications to the user's sockets, in whichever process holds them. */
export function realtimeNotifications(platform: Platform): EventProcessor {
  return defineProcessor({
    name: 'notifications.realtime',
    events: [notificationsEvents.notificationCreated, notificationsEvents.notificationRead],
    async handle(event, tx) {
      const portal = await platform.portals.byId(event.portalId, tx.db);
      if (!portal) return;
      const ctx = processorCtx(tx, portal);
      const userId = event.payload.userId;
      const unread = await unreadCount(ctx, userId);
      // The pushes leave once the batch has committed: no handler waits on Redis inside its transaction.
      if (event.type === 'notifications.notification.read') {
        tx.afterCommit(() => platform.realtime.publish(`user:${userId}`, { type: 'notifications.read', unread }));
        return;
      }
      const row = await scoped(ctx).selectFrom('notification').selectAll().where('id', '=', Number(event.entityId)).executeTakeFirst();
      if (row) {
        const notification = toNotification(row);
        const replaces = event.payload.replaces;
        tx.afterCommit(() => platform.realtime.publish(`user:${userId}`, { type: 'notification', notification, unread, ...(replaces === undefined ? {} : { replaces }) }));
      }
    },
  });
}

/**
 * The notifications of one module's events, by the rules it registers (`notifications` of its
 * registration): one processor per module, so one module's failing rule holds back no other's.
 */
export function moduleNotifications(platform: Platform, module: string, rules: NotificationRules): EventProcessor {
  return defineProcessor({
    name: `notifications.${module}`,
    events: rules.events,
    async handle(event, tx) {
      const portal = await platform.portals.byId(event.portalId, tx.db);
      if (!portal) return;
      const ctx = processorCtx(tx, portal);
      for (const draft of await rules.build(ctx, event)) await notify(ctx, draft);
    },
  });
}
