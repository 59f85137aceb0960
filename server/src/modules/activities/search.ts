import { sql } from 'kysely';
import type { SearchKind } from '../../platform/registry/registry.js';
import { scoped } from '../../platform/db/scoped.js';
import { plainText } from '../../platform/rich-text.js';
import { t } from '../../platform/i18n/index.js';
import { readableActivities, readableOwners } from './access.js';
import { idsAfter } from '../search/api.js';

const OWNER: Record<string, string> = { deal: 'Сделка', lead: 'Лид', contact: 'Контакт', company: 'Компания' };

/**
 * CRM activities in the portal search, found by their subject, description and result, at their
 * item's card; only by who reads them as «Мои дела» does: their responsible and the readers of the item.
 */
export const activitiesSearch: SearchKind = {
  kind: 'activities',
  title: { ru: 'Дела', en: 'Activities' },
  module: 'crm',
  order: 34,
  entityType: 'activity',
  async documents(ctx, ids) {
    const rows = await scoped(ctx)
      .selectFrom('crm_activity')
      .select(['id', 'type', 'subject', 'description', 'result', 'owner_type', 'owner_id', 'author_id', 'deadline', 'created_at'])
      .where('id', 'in', ids)
      .execute();
    // The item is named by its kind only: the responsible may read an activity whose item they do not.
    return rows.map((r) => ({
      id: r.id,
      title: r.subject || t('ru', `activities.type.${r.type}`),
      subtitle: [t('ru', `activities.type.${r.type}`), OWNER[r.owner_type]].filter(Boolean).join(' · '),
      body: [plainText(r.description), plainText(r.result)].filter(Boolean).join(' '),
      url: `/crm/${r.owner_type}/details/${r.owner_id}`,
      authorId: r.author_id,
      date: r.deadline ?? r.created_at,
    }));
  },
  ids: idsAfter('crm_activity'),
  // The list's own condition (the CRM roles' read scope over the items, or the responsible).
  async readable(ctx) {
    if (!ctx.actor) return 'none';
    if (!(await readableOwners(ctx))) return 'all';
    const rights = await readableActivities(ctx);
    return (eb, itemId) =>
      eb.exists(
        scoped(ctx)
          .selectFrom('crm_activity')
          .select(sql`1`.as('one'))
          .whereRef('crm_activity.id', '=', itemId as any)
          .where(rights),
      );
  },
};
