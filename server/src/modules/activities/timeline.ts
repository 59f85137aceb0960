import type { Ctx } from '../../platform/context.js';
import { scoped } from '../../platform/db/scoped.js';
import { t, type MessageKey } from '../../platform/i18n/index.js';
import type { LinkedEntry } from '../../platform/registry/registry.js';
import { userNameSql } from '../users/api.js';
import { isCrmType } from './access.js';

/**
 * A CRM item's timeline lists its activities («Звонок: Обсудить КП · Запланировано»); the caller
 * has checked that the actor reads the item, and whoever reads an item reads its activities.
 */
export async function linkedActivities(ctx: Ctx, target: { type: string; id: number }): Promise<LinkedEntry[]> {
  if (!isCrmType(target.type) || !ctx.actor) return [];
  const rows = await scoped(ctx)
    .selectFrom('crm_activity')
    .select((eb) => ['id', 'type', 'subject', 'completed', 'deadline', 'created_at', userNameSql(ctx, eb, 'crm_activity.responsible_id').as('responsible_name')])
    .where('owner_type', '=', target.type)
    .where('owner_id', '=', target.id)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => ({
    itemKind: 'activity',
    id: r.id,
    title: `${t(ctx.lang, `activities.type.${r.type}` as MessageKey)}: ${r.subject}`,
    url: `/crm/activity?id=${r.id}`,
    state: t(ctx.lang, r.completed ? 'activities.state.done' : 'activities.state.planned'),
    done: !!r.completed,
    responsible: r.responsible_name,
    createdAt: r.created_at,
    due: r.deadline,
  }));
}
