import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { PortalModule } from '../../platform/registry/registry.js';
import type { Platform } from '../../platform/platform.js';
import type { Config } from '../../platform/config.js';
import type { PortalRow } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { SESSION_COOKIE, loadSession } from '../../platform/auth/sessions.js';
import { sessionEndChannel } from '../../platform/realtime/hub.js';
import type { ProcessorTx } from '../../platform/events/processors.js';
import { deliveriesOf, readersChannel, ReadersMemo, rightsGate } from '../../platform/realtime/audience.js';
import type { DomainEvent } from '../../platform/events/outbox.js';

/**
 * Whether a socket's `Origin` is one of the portal's own addresses: the PUBLIC_URL origin (which
 * also serves the path form `/p/<portal>/`) or `<portal>.<host>` with the same scheme and port.
 * A browser always sends Origin with a WebSocket handshake, so a page of another site is refused
 * here even though the browser would send the session cookie along. A request without Origin is
 * not a browser's (a script or a command-line client holding the cookie itself): allowed, since
 * it can do nothing a page could be tricked into; the session and membership checks still apply.
 */
export function socketOriginAllowed(config: Pick<Config, 'publicUrl' | 'baseHost'>, portal: Pick<PortalRow, 'name'> | null, origin: string | undefined): boolean {
  if (origin === undefined) return true;
  let u: URL;
  try {
    u = new URL(origin);
  } catch {
    return false; // "null" (sandboxed frames, files) and anything else unparsable
  }
  const own = new URL(config.publicUrl);
  if (u.protocol !== own.protocol || u.port !== own.port || u.pathname !== '/' || u.username || u.password) return false;
  if (u.hostname === own.hostname) return true;
  return !!portal && u.hostname === `${portal.name}.${config.baseHost}`.toLowerCase();
}

/**
 * The browser's live channel. A socket listens to its user's channel, its portal's (what is public
 * within it) and its portal's readers channel, where each change is sent on only when the socket's
 * user may read the item; what is published in any server process reaches it (through Redis when configured).
 */
function realtimeRoutes(app: FastifyInstance, platform: Platform): void {
  const readers = new ReadersMemo();
  // Runs after the request context: the portal is known, the session and membership checked.
  const checkOrigin = async (req: FastifyRequest) => {
    const origin = req.headers.origin;
    if (!socketOriginAllowed(platform.config, req.portal, Array.isArray(origin) ? origin[0] : origin)) throw errors.forbidden();
  };
  app.get('/api/realtime', { websocket: true, config: { policy: 'member' }, preValidation: checkOrigin }, (socket, req) => {
    const actor = req.actor!;
    const endSocket = () => socket.close(4401, 'session ended');
    const send = (m: unknown) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(m));
    };
    const unsubscribe = [
      platform.realtime.subscribe(`user:${actor.userId}`, send),
      platform.realtime.subscribe(`portal:${actor.portalId}`, send),
      // A fresh ctx per batch: rights changed since the socket opened apply to the next change.
      platform.realtime.subscribe(
        readersChannel(actor.portalId),
        rightsGate(
          platform.registry,
          () => ({ ...req.ctx, requestId: `${req.ctx.requestId}:rt` }),
          send,
          (err) => req.log.warn({ err }, 'realtime rights check failed'),
          readers,
        ),
      ),
      // Sign-out, deactivation or a new password on any process closes the socket at once.
      platform.realtime.subscribe(sessionEndChannel({ sessionId: req.session!.id }), endSocket),
      platform.realtime.subscribe(sessionEndChannel({ accountId: actor.accountId }), endSocket),
      platform.realtime.subscribe(sessionEndChannel({ userId: actor.userId }), endSocket),
    ];
    // A socket lives longer than the session may: besides the announcements above, each heartbeat
    // checks that the session and the membership still hold (expiry, a missed announcement).
    const token = req.cookies[SESSION_COOKIE] ?? '';
    const ping = setInterval(async () => {
      const auth = await loadSession(platform.db, token, actor.portalId).catch(() => undefined);
      if (auth === null || (auth && !auth.user)) {
        endSocket();
        return;
      }
      socket.ping();
    }, platform.config.socketCheckMs);
    socket.on('close', () => {
      clearInterval(ping);
      unsubscribe.forEach((u) => u());
    });
    // An end announced between the request's session check and the subscriptions above is caught here.
    void loadSession(platform.db, token, actor.portalId).then(
      (auth) => (auth?.user ? send({ type: 'ready' }) : endSocket()),
      () => send({ type: 'ready' }),
    );
  });
}

/** Publishes an item's change to the channels of those who may hear it (its module's `realtime` audience). */
async function publishChange(platform: Platform, event: DomainEvent): Promise<void> {
  for (const [channel, message] of deliveriesOf(platform.registry, event)) await platform.realtime.publish(channel, message);
}

/** Tells open pages that an item changed, so they refresh what they show: only the pages whose user may read it. */
function entityChanges(platform: Platform) {
  return {
    name: 'realtime.entity-changes',
    async handle(event: DomainEvent, tx: ProcessorTx) {
      if (event.entityType === 'notification') return; // personal: pushed to its user only
      // An import writes thousands of items: it reports its own progress instead of one push per item.
      if (event.payload.source === 'import') return;
      // The push leaves once the batch has committed: no handler waits on Redis inside its transaction.
      tx.afterCommit(() => publishChange(platform, event));
    },
  };
}

export const realtimeModule: PortalModule = {
  name: 'realtime',
  processors: (platform) => [entityChanges(platform)],
  routes: realtimeRoutes,
};
