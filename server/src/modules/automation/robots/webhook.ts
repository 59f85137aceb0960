import { guardedFetch, OutboundRefused } from '../../../platform/http/outbound.js';
import { readField } from '../fields/values.js';
import { defineRobot, RobotRetry, type RobotOutcome } from '../core/types.js';

const TIMEOUT_MS = 10_000;

/**
 * An administrator's address, so private and loopback ones (and plain http to them) are refused
 * unless the operator allows them (WEBHOOK_ALLOW_PRIVATE=true: on-premise receivers, tests).
 */
const send = (url: URL, init: RequestInit) => guardedFetch({ allowPrivate: process.env.WEBHOOK_ALLOW_PRIVATE === 'true', allowHttp: true })(url, init);

/**
 * «Вызвать вебхук»: sends the deal (id, stage and the chosen fields) as JSON to an address.
 * External: the engine calls it from its job, outside any transaction; a network error or a
 * 5xx/429 answer is tried again by the job, and after the last try the run fails with the HTTP
 * status. A dry run only says what it would send.
 */
export const webhookRobot = defineRobot({
  type: 'webhook.call',
  external: true,
  async run({ ctx, config, deal, dryRun, rule }): Promise<RobotOutcome> {
    const fields: Record<string, unknown> = {};
    for (const f of config.fields) fields[f] = await readField(ctx, deal, 'item', f);
    const body = { event: 'automation.robot', rule: { id: rule.id, name: rule.name }, deal: { id: deal.id, title: deal.title, pipelineId: deal.pipelineId, stageId: deal.stageId, ...fields } };
    if (dryRun) return { status: 'done', message: { key: 'automation.webhook.dry', params: { method: config.method, url: config.url, body: JSON.stringify(body).slice(0, 1000) } } };
    let res: Response;
    try {
      const url = new URL(config.url);
      if (config.method === 'GET') url.searchParams.set('deal', JSON.stringify(body.deal));
      res = await send(url, {
        method: config.method,
        headers: config.method === 'POST' ? { 'content-type': 'application/json' } : {},
        body: config.method === 'POST' ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(TIMEOUT_MS),
        redirect: 'manual',
      });
      await res.body?.cancel().catch(() => undefined);
    } catch (err) {
      if (err instanceof OutboundRefused) return { status: 'failed', message: { key: 'automation.webhook.network', params: { reason: err.message } } };
      throw new RobotRetry({ key: 'automation.webhook.network', params: { reason: err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err) } });
    }
    if (res.status >= 500 || res.status === 429) throw new RobotRetry({ key: 'automation.webhook.http', params: { status: res.status } });
    if (res.status >= 300) return { status: 'failed', message: { key: 'automation.webhook.http', params: { status: res.status } } };
    return { status: 'done', message: { key: 'automation.webhook.sent', params: { status: res.status } } };
  },
});
