import { sql } from 'kysely';
import type { SearchKind } from '../../platform/registry/registry.js';
import { scoped } from '../../platform/db/scoped.js';
import { plainText } from '../../platform/rich-text.js';
import { t } from '../../platform/i18n/index.js';
import { idsAfter } from '../search/api.js';

/**
 * Groups and projects in the portal search, as «Группы» lists them: an archived one is not found;
 * a secret one only by its members and invitees (administrators see every group).
 */
export const groupsSearch: SearchKind = {
  kind: 'groups',
  title: { ru: 'Группы и проекты', en: 'Groups and projects' },
  module: 'groups',
  order: 15,
  entityType: 'work_group',
  async documents(ctx, ids) {
    const rows = await scoped(ctx)
      .selectFrom('work_group')
      .select(['id', 'name', 'description', 'kind', 'archived', 'created_by', 'created_at'])
      .where('id', 'in', ids)
      .where('archived', '=', 0)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      title: r.name,
      subtitle: t('ru', `groups.kind.${r.kind}`),
      body: plainText(r.description),
      url: `/groups/${r.id}`,
      authorId: r.created_by,
      date: r.created_at,
    }));
  },
  ids: idsAfter('work_group'),
  async readable(ctx) {
    if (!ctx.actor) return 'none';
    if (ctx.actor.role === 'admin') return 'all';
    const me = ctx.actor.userId;
    return (eb, itemId) =>
      eb.exists(
        scoped(ctx)
          .selectFrom('work_group')
          .select(sql`1`.as('one'))
          .whereRef('work_group.id', '=', itemId as any)
          .where((w) =>
            w.or([
              w('work_group.visibility', '!=', 'secret'),
              w(
                'work_group.id',
                'in',
                scoped(ctx)
                  .selectFrom('work_group_member')
                  .select('work_group_member.group_id')
                  .where('work_group_member.user_id', '=', me)
                  .where('work_group_member.status', 'in', ['member', 'invited']),
              ),
            ]),
          ),
      );
  },
};
