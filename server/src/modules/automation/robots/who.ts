import type { Who } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import type { DealSnapshot } from '../../crm/api.js';
import { activeUserIds, administrators, departmentHead, headsOfUser } from '../../users/api.js';

/**
 * The active member a robot means, or null when there is none: a named user who left, a deal
 * without a responsible, a department without a head.
 */
export async function resolveWho(ctx: Ctx, deal: DealSnapshot, who: Who): Promise<number | null> {
  let id: number | null;
  switch (who.kind) {
    case 'user':
      id = who.userId;
      break;
    case 'responsible':
      id = deal.responsibleId;
      break;
    case 'department_head':
      id = await departmentHead(ctx, who.departmentId);
      break;
    case 'responsible_head':
      id = deal.responsibleId ? ((await headsOfUser(ctx, deal.responsibleId))[0] ?? null) : null;
      break;
  }
  if (id === null) return null;
  return (await activeUserIds(ctx, [id])).has(id) ? id : null;
}

/** Each one meant, once, in the order given; those that resolve to nobody are left out. */
export async function resolveAll(ctx: Ctx, deal: DealSnapshot, list: Who[]): Promise<number[]> {
  const out: number[] = [];
  for (const w of list) {
    const id = await resolveWho(ctx, deal, w);
    if (id !== null && !out.includes(id)) out.push(id);
  }
  return out;
}

/**
 * Who sets a robot's task («Постановщик»): the one configured, else the deal's responsible, else
 * (when the task is theirs) their nearest head, else an administrator — someone other than the
 * task's responsible where the portal has one, so that a locked deadline stays locked for them.
 */
export async function creatorFor(ctx: Ctx, deal: DealSnapshot, responsibleId: number, configured?: Who): Promise<number> {
  if (configured) {
    const id = await resolveWho(ctx, deal, configured);
    if (id !== null) return id;
  }
  const candidates: number[] = [];
  if (deal.responsibleId) candidates.push(deal.responsibleId, ...(await headsOfUser(ctx, deal.responsibleId)));
  candidates.push(...(await headsOfUser(ctx, responsibleId)));
  const active = await activeUserIds(ctx, candidates);
  const pick = candidates.find((c) => c !== responsibleId && active.has(c));
  if (pick !== undefined) return pick;
  const admin = (await administrators(ctx)).find((a) => a.id !== responsibleId);
  return admin?.id ?? responsibleId;
}
