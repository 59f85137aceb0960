import crypto from 'node:crypto';
import type { Ctx } from '../../../platform/context.js';

/** `<portal id>-<32 random characters>`: the portal is found from the address alone, the rule by the secret part. */
const TOKEN = /^([1-9][0-9]{0,9})-([A-Za-z0-9_-]{32})$/;

export function newWebhookToken(portalId: number): string {
  return `${portalId}-${crypto.randomBytes(24).toString('base64url')}`;
}

/** The portal a token belongs to, or null when it is no token of ours. */
export function tokenPortal(token: string): number | null {
  const m = TOKEN.exec(token);
  return m ? Number(m[1]) : null;
}

/** Whether two tokens are the same, in a time that does not tell how much of them matched. */
export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/**
 * The configuration of a rule about to be saved, with its webhook token: a webhook trigger
 * keeps the token it has (its address stays valid across edits and restored versions) and gets
 * a new one when it has none; a token sent by the client is never taken over. Other rule types
 * come back as they are. The rules API calls it on create (`previous` null) and update.
 */
export function ensureWebhookToken(
  ctx: Ctx,
  rule: { kind?: string; type: string; config: Record<string, unknown> },
  previous: { type: string; config: Record<string, unknown> } | null = null,
): Record<string, unknown> {
  if (rule.type !== 'webhook' || (rule.kind !== undefined && rule.kind !== 'trigger')) return rule.config;
  const kept = previous?.type === 'webhook' ? previous.config.token : undefined;
  const token = typeof kept === 'string' && tokenPortal(kept) === ctx.portal.id ? kept : newWebhookToken(ctx.portal.id);
  return { ...rule.config, token };
}

/** The address of a webhook trigger, from the portal's public address: `…/api/automation/hook/<token>?dealId=`. */
export function webhookPath(token: string): string {
  return `/api/automation/hook/${encodeURIComponent(token)}`;
}
