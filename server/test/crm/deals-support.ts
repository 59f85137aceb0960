import { sql } from 'kysely';
import type { BuiltApp } from '../../src/app.js';
import { scoped } from '../../src/platform/db/scoped.js';
import { uniformPermissions, type Permissions } from '../../src/modules/crm/rights.js';
import { systemCtxFor } from '../support.js';
import { reindexItems } from '../../src/modules/search/api.js';
import type { TestPortal } from '../harness.js';

/** Test data written straight to the database, so these tests do not depend on the client cards. */
export function crmData(t: BuiltApp, p: TestPortal) {
  const ctx = systemCtxFor(t, p.portal);
  const now = () => new Date().toISOString();
  return {
    async company(title: string, responsibleId: number | null = p.users.admin.id): Promise<number> {
      const r = await scoped(ctx)
        .insertInto('crm_company', { title, responsible_id: responsibleId, search_text: title.toLowerCase(), created_at: now(), updated_at: now() } as never)
        .returning('id')
        .executeTakeFirstOrThrow();
      // Written past the services: indexed for the search as the services' events would have it.
      await reindexItems(ctx, 'crm.company', [r.id]);
      return r.id;
    },
    async contact(lastName: string, firstName: string, responsibleId: number | null = p.users.admin.id): Promise<number> {
      const r = await scoped(ctx)
        .insertInto('crm_contact', {
          last_name: lastName,
          first_name: firstName,
          responsible_id: responsibleId,
          search_text: `${lastName} ${firstName}`.toLowerCase(),
          created_at: now(),
          updated_at: now(),
        } as never)
        .returning('id')
        .executeTakeFirstOrThrow();
      await reindexItems(ctx, 'crm.contact', [r.id]);
      return r.id;
    },
    async lead(title: string, statusId: number, responsibleId: number | null = p.users.admin.id): Promise<number> {
      const r = await scoped(ctx)
        .insertInto('crm_lead', { title, status_id: statusId, responsible_id: responsibleId, search_text: title.toLowerCase(), created_at: now(), updated_at: now() } as never)
        .returning('id')
        .executeTakeFirstOrThrow();
      await reindexItems(ctx, 'crm.lead', [r.id]);
      return r.id;
    },
    /** Gives a user one CRM role with these permissions (the widest scope of a user's roles applies). */
    async role(userId: number, edit: (p: Permissions) => void, name = 'Тестовая роль'): Promise<number> {
      const perms = uniformPermissions('all');
      edit(perms);
      const role = await scoped(ctx)
        .insertInto('crm_role', { name, permissions: JSON.stringify(perms), is_default: 0, version: 1 })
        .returning('id')
        .executeTakeFirstOrThrow();
      await scoped(ctx).insertInto('crm_role_user', { role_id: role.id, user_id: userId }).execute();
      return role.id;
    },
    /** Count and sum per stage counted from the deals themselves, for comparing with the kept totals. */
    async liveTotals(pipelineId: number, responsibleIds?: number[]): Promise<Map<number, { count: number; sum: number }>> {
      let q = scoped(ctx)
        .selectFrom('crm_deal')
        .select(['stage_id', sql<number>`count(*)`.as('n'), sql<number>`coalesce(sum(amount), 0)`.as('s')])
        .where('pipeline_id', '=', pipelineId);
      if (responsibleIds) q = q.where('responsible_id', 'in', responsibleIds);
      const rows = await q.groupBy('stage_id').execute();
      return new Map(rows.map((r) => [r.stage_id, { count: Number(r.n), sum: Number(r.s) }]));
    },
    async events(type: string, entityId: number) {
      const rows = await scoped(ctx).selectFrom('domain_event').selectAll().where('type', '=', type).where('entity_id', '=', String(entityId)).orderBy('id').execute();
      return rows.map((r) => ({ ...r, payload: JSON.parse(r.payload) as Record<string, any> }));
    },
    ctx,
  };
}

/** "1250.50" → 125050 kopecks, to compare API sums with database sums. */
export const kopecks = (s: string) => Math.round(Number(s) * 100);
