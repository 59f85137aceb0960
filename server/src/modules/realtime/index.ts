import type { FastifyInstance } from 'fastify';
import type { PortalModule } from '../../platform/registry/registry.js';
import type { Platform } from '../../platform/platform.js';
import { SESSION_COOKIE, loadSession } from '../../platform/auth/sessions.js';

/**
 * The browser's live channel. A socket listens to its user's channel and its portal's; what
 * is published to them in any server process reaches it (through Redis when configured).
 */
function realtimeRoutes(app: FastifyInstance, platform: Platform): void {
  app.get('/api/realtime', { websocket: true, config: { policy: 'member' } }, (socket, req) => {
    const actor = req.actor!;
    const send = (m: unknown) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(m));
    };
    const unsubscribe = [
      platform.realtime.subscribe(`user:${actor.userId}`, send),
      platform.realtime.subscribe(`portal:${actor.portalId}`, send),
    ];
    // A socket lives longer than the session may: each heartbeat checks that the session and the
    // membership still hold, and closes the socket when the user signed out or was deactivated.
    const token = req.cookies[SESSION_COOKIE] ?? '';
    const ping = setInterval(async () => {
      const auth = await loadSession(platform.db, token, actor.portalId).catch(() => undefined);
      if (auth === null || (auth && !auth.user)) {
        socket.close(4401, 'session ended');
        return;
      }
      socket.ping();
    }, platform.config.socketCheckMs);
    socket.on('close', () => {
      clearInterval(ping);
      unsubscribe.forEach((u) => u());
    });
    send({ type: 'ready' });
  });
}

/** Tells open pages of a portal that an item changed, so they refresh what they show. */
function entityChanges(platform: Platform) {
  return {
    name: 'realtime.entity-changes',
    async handle(event: { portalId: number; entityType: string; entityId: string; type: string; payload: Record<string, unknown> }) {
      if (event.entityType === 'notification') return; // personal: pushed to its user only
      // An import writes thousands of items: it reports its own progress instead of one push per item.
      if (event.payload.source === 'import') return;
      await platform.realtime.publish(`portal:${event.portalId}`, { type: 'entity.changed', entityType: event.entityType, entityId: event.entityId, event: event.type });
    },
  };
}

export const realtimeModule: PortalModule = {
  name: 'realtime',
  processors: (platform) => [entityChanges(platform)],
  routes: realtimeRoutes,
};
