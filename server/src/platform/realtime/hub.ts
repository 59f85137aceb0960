import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

type Listener = (message: unknown) => void;

/** Whose sessions ended: one session (by its id), every session of an account, or a portal user's. */
export type SessionsEnded = { sessionId: string } | { accountId: number } | { userId: number };

/** The channel a socket listens on to learn that its session ended (never forwarded to the page). */
export function sessionEndChannel(scope: SessionsEnded): string {
  if ('sessionId' in scope) return `session-end:session:${scope.sessionId}`;
  if ('accountId' in scope) return `session-end:account:${scope.accountId}`;
  return `session-end:user:${scope.userId}`;
}

/**
 * Fan-out of live messages to sockets by channel (`user:12`, `portal:3`). In one process it is
 * a map of listeners; with REDIS_URL every process publishes through Redis and delivers what
 * Redis sends it, so a message published in one process reaches sockets held by another.
 */
export class RealtimeHub {
  private listeners = new Map<string, Set<Listener>>();
  private pub: Redis | null = null;
  private sub: Redis | null = null;
  private static readonly PREFIX = 'portal-rt:';

  constructor(
    private log: Logger,
    redisUrl: string | null,
  ) {
    if (redisUrl) {
      this.pub = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 });
      this.sub = new Redis(redisUrl, { lazyConnect: true });
    }
  }

  async start(): Promise<void> {
    if (!this.pub || !this.sub) return;
    await Promise.all([this.pub.connect(), this.sub.connect()]);
    await this.sub.psubscribe(`${RealtimeHub.PREFIX}*`);
    this.sub.on('pmessage', (_pattern, channel, raw) => {
      try {
        this.deliver(channel.slice(RealtimeHub.PREFIX.length), JSON.parse(raw));
      } catch (err) {
        this.log.warn({ err }, 'bad realtime message');
      }
    });
  }

  async stop(): Promise<void> {
    await Promise.all([this.pub?.quit().catch(() => undefined), this.sub?.quit().catch(() => undefined)]);
  }

  get mode(): 'redis' | 'local' {
    return this.pub ? 'redis' : 'local';
  }

  async publish(channel: string, message: unknown): Promise<void> {
    if (this.pub) await this.pub.publish(RealtimeHub.PREFIX + channel, JSON.stringify(message));
    else this.deliver(channel, message);
  }

  /**
   * Tells every process that sessions ended (sign-out, deactivation, a new password): the
   * sockets opened with them close at once instead of at their next heartbeat. Never throws:
   * without Redis for a moment, the heartbeat still closes them.
   */
  async sessionsEnded(scope: SessionsEnded): Promise<void> {
    try {
      await this.publish(sessionEndChannel(scope), { type: 'session.ended' });
    } catch (err) {
      this.log.warn({ err }, 'could not announce the end of a session');
    }
  }

  subscribe(channel: string, fn: Listener): () => void {
    let set = this.listeners.get(channel);
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(fn);
    return () => {
      set!.delete(fn);
      if (!set!.size) this.listeners.delete(channel);
    };
  }

  private deliver(channel: string, message: unknown): void {
    for (const fn of this.listeners.get(channel) ?? []) {
      try {
        fn(message);
      } catch (err) {
        this.log.warn({ err }, 'realtime listener failed');
      }
    }
  }
}
