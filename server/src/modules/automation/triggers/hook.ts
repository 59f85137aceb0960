import { automationEvents } from '@vavilon/contracts';
import { systemCtx, transaction, type PortalRow } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import { errors } from '../../../platform/errors.js';
import { recordEvent } from '../../../platform/events/outbox.js';
import type { Platform } from '../../../platform/platform.js';
import { dealPlaces, parseJson } from '../../crm/api.js';
import { sameToken, tokenPortal } from './token.js';

const MAX_ID = 2_147_483_647;

/**
 * An incoming webhook's call: the token names the portal and the trigger (404 when it names
 * none, or when the request addresses another portal), `dealId` a deal of the trigger's
 * pipeline (400 otherwise). The call is recorded as `automation.webhook.called`; the triggers'
 * processor moves the deal.
 */
export async function callWebhook(platform: Platform, input: { token: string; dealId: unknown; addressed: PortalRow | null; requestId: string }): Promise<void> {
  const portalId = tokenPortal(input.token);
  const portal = portalId === null ? null : await platform.portals.byId(portalId);
  if (!portal || (input.addressed && input.addressed.id !== portal.id)) throw errors.notFound();
  const ctx = systemCtx(platform, portal, { requestId: input.requestId });
  const hooks = await scoped(ctx).selectFrom('automation_rule').select(['id', 'pipeline_id', 'stage_id', 'config']).where('kind', '=', 'trigger').where('type', '=', 'webhook').execute();
  const rule = hooks.find((r) => {
    const token = parseJson<{ token?: unknown }>(r.config, {}).token;
    return typeof token === 'string' && sameToken(token, input.token);
  });
  if (!rule) throw errors.notFound();

  const raw = typeof input.dealId === 'string' ? input.dealId.trim() : '';
  if (!raw) throw errors.field('dealId', 'automation.triggers.hook_deal_missing');
  const dealId = /^[0-9]{1,10}$/.test(raw) ? Number(raw) : 0;
  const deal = dealId > 0 && dealId <= MAX_ID ? (await dealPlaces(ctx, [dealId]))[0] : undefined;
  if (!deal || deal.pipelineId !== rule.pipeline_id) throw errors.field('dealId', 'automation.triggers.hook_deal_unknown');

  await transaction(ctx, (tx) =>
    recordEvent(tx, automationEvents.webhookCalled, {
      entityType: 'deal',
      entityId: deal.id,
      payload: { ruleId: rule.id, pipelineId: rule.pipeline_id, stageId: rule.stage_id },
    }),
  );
}
