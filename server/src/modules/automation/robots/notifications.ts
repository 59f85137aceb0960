import { automationEvents } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import type { DomainEvent } from '../../../platform/events/outbox.js';
import { t } from '../../../platform/i18n/index.js';
import { defineNotificationRules, type NotificationDraft } from '../../../platform/registry/registry.js';
import { people } from '../../users/api.js';

type Events = typeof automationEvents.notified | typeof automationEvents.requestCreated;

/** The deal's title and address for a notification's link. */
async function dealOf(ctx: Ctx, id: number): Promise<{ title: string; url: string | null }> {
  const d = (await ctx.sys.registry.describe(ctx, 'deal', [id])).get(id);
  return { title: d?.title ?? `#${id}`, url: d?.url ?? null };
}

/**
 * «Уведомить сотрудников» (and a failed check's notice): each active user named gets the text in
 * their bell under the robot's name, linked to the deal; a question a robot asks tells the one asked.
 */
async function build(ctx: Ctx, e: DomainEvent<Events>): Promise<NotificationDraft[]> {
  const dealId = Number(e.entityId);
  if (e.type === 'automation.notified') {
    const users = [...(await people(ctx, e.payload.userIds)).values()].filter((u) => u.active);
    if (!users.length) return [];
    const deal = await dealOf(ctx, dealId);
    return users.map((u) => ({
      userId: u.id,
      kind: 'automation.notified',
      title: t(u.language, 'automation.robots.notification.title', { rule: e.payload.ruleName }),
      body: `${deal.title}: ${e.payload.text}`.slice(0, 2000),
      url: deal.url,
    }));
  }
  const user = (await people(ctx, [e.payload.userId])).get(e.payload.userId);
  if (!user?.active) return [];
  const deal = await dealOf(ctx, dealId);
  return [{ userId: user.id, kind: 'automation.request', title: t(user.language, 'automation.robots.notification.request'), body: `${deal.title}: ${e.payload.prompt}`.slice(0, 2000), url: deal.url }];
}

export const robotsNotificationRules = defineNotificationRules({
  events: [automationEvents.notified, automationEvents.requestCreated],
  build,
});
