import type { Actor } from '../../platform/context.js';

/** What the signed-in user may do across the portal; the web app hides what is not allowed. */
export function abilitiesFor(actor: Actor): Record<string, boolean> {
  const admin = actor.role === 'admin';
  return {
    'users.invite': admin,
    'users.manage': admin,
    'departments.manage': admin,
    'settings.mail-outbox': admin,
  };
}
