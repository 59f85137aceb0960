import type { BuiltApp } from '../src/app.js';
import type { Ctx, PortalRow } from '../src/platform/context.js';
import type { Agent } from './harness.js';

/** Polls `check` until it returns something other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const started = Date.now();
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Runs the event processors until `check` holds (on PostgreSQL a hole in the ids is waited for). */
export async function drainUntil<T>(t: BuiltApp, check: () => Promise<T | undefined | false>, timeoutMs = 15_000, what = 'processed events'): Promise<T> {
  return waitFor(
    async () => {
      await t.platform.events.drain();
      return check();
    },
    timeoutMs,
    what,
  );
}

/** A service context acting as the system (no user) on a portal. */
export function systemCtxFor(t: BuiltApp, portal: PortalRow): Ctx {
  return { db: t.platform.db, portal, actor: null, lang: 'ru', requestId: 'test', sys: t.platform.sys };
}

/** The newest mail of the portal's outbox sent to `to`, read as its administrator reads it. */
export async function lastMailTo(admin: Agent, to: string): Promise<{ id: number; to: string; subject: string; text: string; status: string } | undefined> {
  const res = await admin.get('/api/admin/mail-outbox');
  if (res.statusCode !== 200) throw new Error(`mail outbox: ${res.statusCode} ${res.body}`);
  return (res.json().items as { id: number; to: string; subject: string; text: string; status: string }[]).find((m) => m.to === to);
}

/** The one-time token of a `/p/<portal>/<kind>/<token>` link in a mail text. */
export function linkToken(text: string, portal: string, kind: 'invite' | 'reset'): string {
  const m = text.match(new RegExp(`/p/${portal}/${kind}/([A-Za-z0-9_-]{20,})`));
  if (!m) throw new Error(`no ${kind} link for ${portal} in: ${text}`);
  return m[1]!;
}
