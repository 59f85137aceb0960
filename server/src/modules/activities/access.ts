import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { EntityType } from '@vavilon/contracts';
import { checkAccess, type AccessChecker, type AccessRegistrations } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import type { Database } from '../../platform/db/schema.js';
import { scoped } from '../../platform/db/scoped.js';
import type { DomainEvent } from '../../platform/events/outbox.js';
import type { RealtimeAudience } from '../../platform/realtime/audience.js';
import { ENTITY_TYPES, nothingIn, scopeFilter, scopeWhere } from '../crm/api.js';

/**
 * Who may do what to an activity: its responsible reads and edits it; whoever may read its owner
 * item (the CRM role) reads it, whoever may edit the owner edits and deletes it. Creating one
 * needs read of the owner. Portal administrators and the portal itself (robots) may do everything.
 */

const TABLE: Record<EntityType, 'crm_lead' | 'crm_deal' | 'crm_contact' | 'crm_company'> = { lead: 'crm_lead', deal: 'crm_deal', contact: 'crm_contact', company: 'crm_company' };

export const isCrmType = (type: string): type is EntityType => (ENTITY_TYPES as string[]).includes(type);

const everything = () => sql<SqlBool>`1 = 1`;

/**
 * The activities whose owner the actor may read, as a condition on `crm_activity` (one subquery
 * per item type, narrowed by the CRM role's responsible scope); `null` when every owner is readable.
 */
export async function readableOwners(ctx: Ctx): Promise<((eb: ExpressionBuilder<Database, 'crm_activity'>) => Expression<SqlBool>) | null> {
  if (!ctx.actor || ctx.actor.role === 'admin') return null;
  const parts: { type: EntityType; where: ReturnType<typeof scopeWhere> }[] = [];
  let all = true;
  for (const type of ENTITY_TYPES) {
    const f = await scopeFilter(ctx, type, 'read');
    if (nothingIn(f)) {
      all = false;
      continue;
    }
    const where = scopeWhere(f, TABLE[type]);
    if (where) all = false;
    parts.push({ type, where });
  }
  if (all) return null;
  return (eb) => {
    const or = parts.map(({ type, where }) => {
      const ofType = eb('crm_activity.owner_type', '=', type);
      if (!where) return ofType;
      const ids = (scoped(ctx) as any).selectFrom(TABLE[type]).select(`${TABLE[type]}.id`).where(where);
      return eb.and([ofType, eb('crm_activity.owner_id', 'in', ids)]);
    });
    return or.length ? eb.or(or) : sql<SqlBool>`1 = 0`;
  };
}

/** The condition of what the actor reads: their own activities and those of readable owners. */
export async function readableActivities(ctx: Ctx): Promise<(eb: ExpressionBuilder<Database, 'crm_activity'>) => Expression<SqlBool>> {
  const owners = await readableOwners(ctx);
  if (!owners) return everything;
  const me = ctx.actor!.userId;
  return (eb) => eb.or([eb('crm_activity.responsible_id', '=', me), owners(eb)]);
}

export interface OwnerRef {
  owner_type: EntityType;
  owner_id: number;
}

/** Per owner (`type:id`), whether the actor may `permission` it: one batched check per item type. */
export async function ownerRights(ctx: Ctx, rows: OwnerRef[], permission: 'read' | 'update'): Promise<Set<string>> {
  const out = new Set<string>();
  if (!rows.length) return out;
  if (!ctx.actor) {
    // The portal itself (robots, jobs): every item of the portal.
    for (const r of rows) out.add(`${r.owner_type}:${r.owner_id}`);
    return out;
  }
  const byType = new Map<string, number[]>();
  for (const r of rows) byType.set(r.owner_type, [...(byType.get(r.owner_type) ?? []), r.owner_id]);
  for (const [type, ids] of byType) for (const id of await checkAccess(ctx, permission, type, ids)) out.add(`${type}:${id}`);
  return out;
}

export interface Abilities {
  read: boolean;
  edit: boolean;
}

/** What the actor may do to each of the activities (rows with their responsible and owner). */
export async function abilitiesOf<R extends OwnerRef & { id: number; responsible_id: number | null }>(ctx: Ctx, rows: R[]): Promise<Map<number, Abilities>> {
  const me = ctx.actor?.userId ?? null;
  const admin = !ctx.actor || ctx.actor.role === 'admin';
  const [read, edit] = admin ? [null, null] : await Promise.all([ownerRights(ctx, rows, 'read'), ownerRights(ctx, rows, 'update')]);
  const out = new Map<number, Abilities>();
  for (const r of rows) {
    const key = `${r.owner_type}:${r.owner_id}`;
    const mine = me !== null && r.responsible_id === me;
    out.set(r.id, { read: admin || mine || read!.has(key), edit: admin || mine || edit!.has(key) });
  }
  return out;
}

const checker =
  (test: (a: Abilities) => boolean): AccessChecker =>
  async (ctx, ids) => {
    const rows = await scoped(ctx).selectFrom('crm_activity').select(['id', 'owner_type', 'owner_id', 'responsible_id']).where('id', 'in', ids).execute();
    const map = await abilitiesOf(ctx, rows);
    return [...map].filter(([, a]) => test(a)).map(([id]) => id);
  };

export const activitiesAccess: AccessRegistrations = {
  activity: { table: 'crm_activity', read: checker((a) => a.read), update: checker((a) => a.edit), delete: checker((a) => a.edit) },
};

/** A change is heard by the activity's readers; a deleted one by the readers of its owner and its responsible. */
export const activitiesRealtime: Record<string, RealtimeAudience> = {
  activity: {
    gone: async (ctx: Ctx, e: DomainEvent) => {
      if (e.type !== 'activity.deleted' || !ctx.actor) return false;
      const p = e.payload as { owner?: { type: string; id: number }; responsibleId?: number | null };
      if (p.responsibleId === ctx.actor.userId) return true;
      return !!p.owner && (await checkAccess(ctx, 'read', p.owner.type, [p.owner.id])).has(p.owner.id);
    },
  },
};
