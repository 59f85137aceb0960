import type { Ctx } from '../../../platform/context.js';
import { rightsOf } from '../../crm/api.js';

/**
 * Who administers stage automation (the designer, the run log): a portal administrator, or one
 * whose CRM role lets them edit every deal.
 */
export async function mayConfigure(ctx: Ctx): Promise<boolean> {
  if (!ctx.actor) return !!ctx.system;
  if (ctx.actor.role === 'admin') return true;
  return (await rightsOf(ctx)).permissions.deal.edit === 'all';
}
