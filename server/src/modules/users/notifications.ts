import type { Ctx } from '../../platform/context.js';
import type { DomainEvent } from '../../platform/events/outbox.js';
import { scoped } from '../../platform/db/scoped.js';
import { t, type MessageKey } from '../../platform/i18n/index.js';
import { defineNotificationRules, type NotificationDraft, defineFeedSource } from '../../platform/registry/registry.js';
import { usersEvents } from '@vavilon/contracts';

/** Profile fields whose change by someone else the employee hears about. */
const PROFILE_FIELDS: Record<string, MessageKey> = {
  position: 'user.field.position',
  department_id: 'user.field.department',
  manager_id: 'user.field.manager',
  role: 'user.field.role',
  first_name: 'user.field.first_name',
  last_name: 'user.field.last_name',
};

/** Tells an employee when someone else changed their profile, and administrators when someone joins. */
async function userNotifications(ctx: Ctx, event: DomainEvent<typeof usersEvents.userUpdated | typeof usersEvents.userActivated>): Promise<NotificationDraft[]> {
  const userId = Number(event.entityId);
  if (event.type === 'users.user.updated' && event.actorId && event.actorId !== userId) {
    const fields = event.changes.map((c) => c.field).filter((f) => f in PROFILE_FIELDS);
    if (!fields.length) return [];
    const user = await scoped(ctx).selectFrom('app_user').select(['language']).where('id', '=', userId).executeTakeFirst();
    const actor = await scoped(ctx).selectFrom('app_user').select(['first_name', 'last_name']).where('id', '=', event.actorId).executeTakeFirst();
    const lang = user?.language ?? 'ru';
    return [
      {
        userId,
        kind: 'users.profile_changed',
        title: t(lang, 'user.notification.profile_changed'),
        body: `${actor ? `${actor.first_name} ${actor.last_name}` : ''}: ${fields.map((f) => t(lang, PROFILE_FIELDS[f]!)).join(', ')}`,
        url: `/company/personal/user/${userId}`,
      },
    ];
  }
  if (event.type === 'users.user.activated') {
    const user = await scoped(ctx).selectFrom('app_user').select(['first_name', 'last_name']).where('id', '=', userId).executeTakeFirst();
    const admins = await scoped(ctx).selectFrom('app_user').select(['id', 'language']).where('role', '=', 'admin').where('status', '=', 'active').execute();
    return admins
      .filter((a) => a.id !== event.actorId)
      .map((a) => ({
        userId: a.id,
        kind: 'users.joined',
        title: t(a.language, 'notification.welcome.title'),
        body: t(a.language, 'notification.welcome.body', { name: `${user?.first_name ?? ''} ${user?.last_name ?? ''}`.trim() }),
        url: `/company/personal/user/${userId}`,
      }));
  }
  return [];
}

export const usersNotificationRules = defineNotificationRules({
  events: [usersEvents.userUpdated, usersEvents.userActivated],
  build: userNotifications,
});

/** A new employee (an invitation accepted) is announced in the news feed to everyone. */
export const newEmployeesFeed = defineFeedSource({
  kind: 'users.joined',
  title: { ru: 'Новые сотрудники', en: 'New employees' },
  events: [usersEvents.userActivated],
  async build(ctx, event) {
    const userId = Number(event.entityId);
    const user = await scoped(ctx).selectFrom('app_user').select(['first_name', 'last_name', 'position', 'department_id']).where('id', '=', userId).executeTakeFirst();
    if (!user) return null;
    const dept = user.department_id ? await scoped(ctx).selectFrom('department').select('name').where('id', '=', user.department_id).executeTakeFirst() : undefined;
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const name = `${user.first_name} ${user.last_name}`.trim();
    const about = [user.position, dept?.name].filter(Boolean).join(', ');
    return {
      key: `users.joined:${userId}`,
      authorId: null,
      title: t('ru', 'user.feed.joined', { name }),
      html: `<p>${esc(about ? t('ru', 'user.feed.joined_about', { about }) : t('ru', 'user.feed.welcome'))}</p>`,
      audience: [{ type: 'all' }],
      link: { url: `/company/personal/user/${userId}`, label: t('ru', 'user.feed.profile') },
    };
  },
});
