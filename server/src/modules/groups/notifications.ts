import { groupsEvents } from '@vavilon/contracts';
import type { Ctx } from '../../platform/context.js';
import type { DomainEvent } from '../../platform/events/outbox.js';
import { t, type MessageKey } from '../../platform/i18n/index.js';
import { defineNotificationRules, type NotificationDraft } from '../../platform/registry/registry.js';
import { people } from '../users/api.js';
import { moderatorIdsOf } from './service.js';

/**
 * Who hears of a membership change: the invitee of an invitation, the moderators of a join
 * request and of an answered invitation, the requester of an answered request.
 */
async function membershipNotifications(ctx: Ctx, event: DomainEvent<typeof groupsEvents.memberChanged>): Promise<NotificationDraft[]> {
  const { userId, status, previous } = event.payload;
  const groupId = Number(event.entityId);
  const name = event.payload.name ?? '';
  const url = `/groups/${groupId}`;
  const actor = event.actorId;
  let to: number[] = [];
  let key: MessageKey | null = null;
  if (status === 'invited') [to, key] = [[userId], 'groups.notify.invited'];
  else if (status === 'requested') [to, key] = [await moderatorIdsOf(ctx, groupId), 'groups.notify.requested'];
  else if (previous === 'requested' && status === 'member' && actor !== userId) [to, key] = [[userId], 'groups.notify.request_accepted'];
  else if (previous === 'requested' && status === null && actor !== userId) [to, key] = [[userId], 'groups.notify.request_declined'];
  else if (previous === 'invited' && status === 'member' && actor === userId) [to, key] = [await moderatorIdsOf(ctx, groupId), 'groups.notify.invitation_accepted'];
  else if (previous === 'invited' && status === null && actor === userId) [to, key] = [await moderatorIdsOf(ctx, groupId), 'groups.notify.invitation_declined'];
  else if (previous === 'member' && status === null && actor !== userId) [to, key] = [[userId], 'groups.notify.removed'];
  if (!key) return [];
  const persons = await people(ctx, [...to, userId, actor]);
  const who = persons.get(userId)?.fullName ?? '';
  const by = actor ? (persons.get(actor)?.fullName ?? '') : '';
  return to
    .filter((u) => u !== actor && persons.get(u)?.active)
    .map((u) => {
      const lang = persons.get(u)!.language;
      return { userId: u, kind: key, title: t(lang, 'groups.notify.title', { name }), body: t(lang, key, { name, user: who, by }), url: status === null && u === userId ? '/groups' : url };
    });
}

export const groupsNotificationRules = defineNotificationRules({
  events: [groupsEvents.memberChanged],
  build: membershipNotifications,
});
