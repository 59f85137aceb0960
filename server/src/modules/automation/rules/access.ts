import type { Ctx } from '../../../platform/context.js';
import { errors } from '../../../platform/errors.js';
import { rightsOf } from '../../crm/api.js';

/**
 * Who may see and change a pipeline's robots and triggers: the portal's administrators and the
 * CRM's administrators (a CRM role that edits every deal). The portal itself (a system ctx) may too.
 */
export async function mayConfigure(ctx: Ctx): Promise<boolean> {
  if (ctx.system) return true;
  if (!ctx.actor) return false;
  if (ctx.actor.role === 'admin') return true;
  const rights = await rightsOf(ctx);
  return rights.isAdmin || rights.permissions.deal.edit === 'all';
}

export async function requireConfigure(ctx: Ctx): Promise<void> {
  if (!(await mayConfigure(ctx))) throw errors.forbidden();
}
