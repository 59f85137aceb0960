import { driveEvents } from '@vavilon/contracts';
import { t } from '../../platform/i18n/index.js';
import { defineNotificationRules, type NotificationDraft } from '../../platform/registry/registry.js';
import { scoped } from '../../platform/db/scoped.js';
import { people, userRefs } from '../users/api.js';
import { itemUrl } from './search.js';

/** Who was given access to a folder or file hears of it, with a link to open it. */
export const driveNotificationRules = defineNotificationRules({
  events: [driveEvents.shared],
  async build(ctx, e) {
    const p = e.payload as { name: string; userIds: number[] };
    if (!p.userIds.length) return [];
    const item = await scoped(ctx).selectFrom('drive_item').select(['id', 'kind', 'parent_id', 'trashed_at']).where('id', '=', Number(e.entityId)).executeTakeFirst();
    if (!item || item.trashed_at) return [];
    const actor = e.actorId ? ((await userRefs(ctx, [e.actorId])).get(e.actorId)?.fullName ?? '') : '';
    const out: NotificationDraft[] = [];
    for (const person of (await people(ctx, p.userIds)).values()) {
      if (person.status !== 'active') continue;
      out.push({ userId: person.id, kind: 'drive.shared', title: t(person.language, 'drive.shared_notice', { actor, name: p.name }), body: '', url: itemUrl(item) });
    }
    return out;
  },
});
