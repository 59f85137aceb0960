import type { Actor } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';

/** Fields an employee may change in their own profile; the rest are an administrator's. */
export const SELF_EDITABLE = ['firstName', 'lastName', 'middleName', 'photoUrl', 'phones', 'emails', 'language', 'timeZone'] as const;

export const userPolicy = {
  isAdmin: (actor: Actor) => actor.role === 'admin',
  canEdit: (actor: Actor, targetId: number) => actor.role === 'admin' || actor.userId === targetId,
  canEditField: (actor: Actor, targetId: number, field: string) => actor.role === 'admin' || (actor.userId === targetId && (SELF_EDITABLE as readonly string[]).includes(field)),
  canDeactivate: (actor: Actor, targetId: number) => actor.role === 'admin' && actor.userId !== targetId,
  canChangeRole: (actor: Actor, targetId: number) => actor.role === 'admin' && actor.userId !== targetId,
  /** Everyone sees invited and inactive colleagues only if they administer the portal. */
  canSeeStatus: (actor: Actor, status: string) => status === 'active' || actor.role === 'admin',
};

export function requireAdmin(actor: Actor): void {
  if (actor.role !== 'admin') throw errors.forbidden();
}
