import type { ActivityList, DealActivityQuery } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import { errors } from '../../../platform/errors.js';
import { ownerActivityPage, toActivities, type OwnerIds } from '../../activities/api.js';
import { authorize, nothingIn, scopeFilter, scopeWhere } from '../rights.js';
import { defaultPipeline, findPipeline } from '../pipelines/repository.js';

/** The deals whose activities a query lists: one deal the actor may read, or the readable deals of a pipeline; null: none. */
async function ownersOf(ctx: Ctx, q: DealActivityQuery): Promise<OwnerIds | null> {
  if (q.dealId) {
    const deal = await scoped(ctx).selectFrom('crm_deal').select(['id', 'responsible_id', 'pipeline_id']).where('id', '=', q.dealId).executeTakeFirst();
    if (!deal) throw errors.notFound();
    await authorize(ctx, 'deal', 'read', deal.responsible_id, deal.pipeline_id);
    return [deal.id];
  }
  const pipeline = q.pipelineId ? await findPipeline(ctx, q.pipelineId) : await defaultPipeline(ctx);
  if (!pipeline) throw errors.notFound();
  const scope = await scopeFilter(ctx, 'deal', 'read', pipeline.id);
  if (nothingIn(scope)) return null;
  const inScope = scopeWhere(scope, 'crm_deal');
  return (eb) => {
    let deals = eb.selectFrom('crm_deal').select('crm_deal.id').where('crm_deal.portal_id', '=', ctx.portal.id).where('crm_deal.pipeline_id', '=', pipeline.id);
    if (inScope) deals = deals.where(inScope);
    return deals;
  };
}

/**
 * The deals' «Дела» and «Календарь»: the activities of the deals of a pipeline (or of one deal)
 * the actor may read, everyone's unless narrowed to a responsible.
 */
export async function dealActivities(ctx: Ctx, q: DealActivityQuery): Promise<ActivityList> {
  const owners = await ownersOf(ctx, q);
  if (!owners) return { items: [], next: null, total: 0 };
  const me = ctx.actor!.userId;
  const page = await ownerActivityPage(ctx, 'deal', owners, {
    view: q.view,
    type: q.type,
    responsibleId: q.responsible === 'me' ? me : q.responsible,
    q: q.q,
    from: q.from,
    to: q.to,
    cursor: q.cursor,
    limit: q.limit,
  });
  return { items: await toActivities(ctx, page.rows), next: page.next, total: page.total };
}
