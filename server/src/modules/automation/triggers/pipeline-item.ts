import { crmEvents, triggerConfigs } from '@vavilon/contracts';
import { companyDeals, type DealPlace } from '../../crm/api.js';
import { defineTrigger, type Firing } from './def.js';

const PLACE_FIELDS = new Set(['company_id', 'stage_id', 'pipeline_id']);
const CLIENT_FIELDS = new Set(['company_id', 'pipeline_id']);

/**
 * «Сделка в другой воронке»: the deal's company has, or gets, a deal of `pipelineId` in one of
 * `stageKinds`. Heard from both sides, so the order of creation does not matter: a deal of that
 * pipeline created or changing company or stage moves every deal of the trigger's pipeline of
 * its company; a deal of the trigger's pipeline created or given a company moves when such a
 * deal exists already.
 */
export const pipelineItemTrigger = defineTrigger({
  type: 'pipeline.item',
  title: 'automation.triggers.type.pipeline_item',
  config: triggerConfigs['pipeline.item'],
  events: [crmEvents.dealCreated, crmEvents.dealUpdated],
  async fire({ ctx, events, rules, deals }) {
    const heard = events.filter((e) => e.entityType === 'deal' && (e.type === 'crm.deal.created' || e.changes.some((c) => PLACE_FIELDS.has(c.field))));
    if (!heard.length) return [];
    // Where the deals stand now: a deal moved again later in the batch counts where it is.
    await deals.load(heard.map((e) => Number(e.entityId)));
    // Only deals of a pipeline some trigger names, on either side, can make one fire.
    const pipelines = [...new Set(rules.flatMap((r) => [r.rule.pipelineId, r.config.pipelineId]))];
    const companies = [
      ...new Set(
        heard
          .map((e) => deals.get(Number(e.entityId)))
          .filter((d) => d && pipelines.includes(d.pipelineId))
          .map((d) => d!.companyId)
          .filter((c): c is number => c != null),
      ),
    ];
    if (!companies.length) return [];
    const related = await companyDeals(ctx, companies, pipelines);
    deals.put(related);
    const byCompany = new Map<number, DealPlace[]>();
    for (const d of related) byCompany.set(d.companyId!, [...(byCompany.get(d.companyId!) ?? []), d]);

    const out: Firing[] = [];
    for (const e of heard) {
      const d = deals.get(Number(e.entityId));
      if (!d?.companyId) continue;
      const gotClient = e.type === 'crm.deal.created' || e.changes.some((c) => CLIENT_FIELDS.has(c.field));
      // The company's deals as they stand now (the cache follows this batch's moves).
      const others = (byCompany.get(d.companyId) ?? []).map((x) => deals.get(x.id) ?? x).filter((x) => x.id !== d.id && x.companyId === d.companyId);
      for (const { rule, config } of rules) {
        const counts = (x: DealPlace) => x.pipelineId === config.pipelineId && config.stageKinds.includes(x.stageKind);
        if (counts(d)) {
          for (const x of others) if (x.pipelineId === rule.pipelineId) out.push({ event: e, rule, dealId: x.id });
        }
        if (gotClient && d.pipelineId === rule.pipelineId && others.some(counts)) out.push({ event: e, rule, dealId: d.id });
      }
    }
    return out;
  },
});
