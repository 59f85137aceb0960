import { notificationsEvents, usersEvents } from '@vavilon/contracts';
import { defineProcessor, processorCtx, type EventProcessor } from '../../platform/events/processors.js';
import type { Platform } from '../../platform/platform.js';
import { scoped } from '../../platform/db/scoped.js';
import { t } from '../../platform/i18n/index.js';
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
        tx.afterCommit(() => platform.realtime.publish(`user:${userId}`, { type: 'notification', notification, unread }));
      }
    },
  });
}

const PROFILE_FIELDS: Record<string, { ru: string; en: string }> = {
  position: { ru: 'должность', en: 'position' },
  department_id: { ru: 'отдел', en: 'department' },
  manager_id: { ru: 'руководитель', en: 'manager' },
  role: { ru: 'роль', en: 'role' },
  first_name: { ru: 'имя', en: 'first name' },
  last_name: { ru: 'фамилия', en: 'last name' },
};

/** Tells an employee when someone else changed their profile, and administrators when someone joins. */
export function userNotifications(platform: Platform): EventProcessor {
  return defineProcessor({
    name: 'notifications.users',
    events: [usersEvents.userUpdated, usersEvents.userActivated],
    async handle(event, tx) {
      const portal = await platform.portals.byId(event.portalId, tx.db);
      if (!portal) return;
      const ctx = processorCtx(tx, portal);
      const userId = Number(event.entityId);
      if (event.type === 'users.user.updated' && event.actorId && event.actorId !== userId) {
        const fields = event.changes.map((c) => c.field).filter((f) => f in PROFILE_FIELDS);
        if (!fields.length) return;
        const user = await scoped(ctx).selectFrom('app_user').select(['language']).where('id', '=', userId).executeTakeFirst();
        const actor = await scoped(ctx).selectFrom('app_user').select(['first_name', 'last_name']).where('id', '=', event.actorId).executeTakeFirst();
        const lang = user?.language ?? 'ru';
        await notify(ctx, {
          userId,
          kind: 'users.profile_changed',
          title: lang === 'en' ? 'Your profile was changed' : 'Ваш профиль изменён',
          body: `${actor ? `${actor.first_name} ${actor.last_name}` : ''}: ${fields.map((f) => PROFILE_FIELDS[f]![lang]).join(', ')}`,
          url: `/company/personal/user/${userId}`,
        });
      }
      if (event.type === 'users.user.activated') {
        const user = await scoped(ctx).selectFrom('app_user').select(['first_name', 'last_name']).where('id', '=', userId).executeTakeFirst();
        const admins = await scoped(ctx).selectFrom('app_user').select(['id', 'language']).where('role', '=', 'admin').where('status', '=', 'active').execute();
        for (const a of admins.filter((a) => a.id !== event.actorId)) {
          await notify(ctx, {
            userId: a.id,
            kind: 'users.joined',
            title: t(a.language, 'notification.welcome.title'),
            body: t(a.language, 'notification.welcome.body', { name: `${user?.first_name ?? ''} ${user?.last_name ?? ''}`.trim() }),
            url: `/company/personal/user/${userId}`,
          });
        }
      }
    },
  });
}
