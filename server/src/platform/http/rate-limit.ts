import crypto from 'node:crypto';
import type { FastifyInstance, RouteOptions } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { Redis } from 'ioredis';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';

const WINDOW_MS = 60_000;

/**
 * The routes that take a password, send a reset link or open a one-time link: every public
 * route under /api/auth/ but sign-out, which must always work. Signed-in requests (/api/auth/me
 * on every page) are not limited. Any other route asks for it with `config.rateLimited` (anonymous
 * downloads by a public link).
 */
function limited(route: RouteOptions): boolean {
  if (route.config?.rateLimited) return true;
  return route.url.startsWith('/api/auth/') && route.config?.policy === 'public' && route.url !== '/api/auth/logout';
}

/**
 * Requests per minute from one address to those routes (AUTH_RATE_LIMIT), counted in Redis when
 * REDIS_URL is set, so that every process of the install shares the count, and in memory
 * otherwise. Past the limit: 429 in the one error shape, with Retry-After. The per-account and
 * per-address lockout still decides on passwords; this bounds the work anyone can ask for.
 * Must be registered before the routes.
 */
export async function registerRateLimit(app: FastifyInstance, config: Config): Promise<void> {
  if (!(config.authRateLimit > 0)) return;
  const redis = config.redisUrl ? new Redis(config.redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 2000 }) : null;
  if (redis) {
    redis.on('error', (err) => app.log.warn({ err }, 'rate limit: redis error'));
    app.addHook('onClose', async () => {
      await redis.quit().catch(() => redis.disconnect());
    });
  }
  // One install, one count: the processes of an install share its database.
  const install = crypto
    .createHash('sha256')
    .update(config.databaseUrl ?? config.dataDir)
    .digest('hex')
    .slice(0, 12);
  await app.register(rateLimit, {
    global: false,
    max: config.authRateLimit,
    timeWindow: WINDOW_MS,
    ...(redis ? { redis, nameSpace: `portal:rate:${install}:` } : {}),
    // Redis away: the lockout still guards the passwords; sign-in does not stop.
    skipOnError: true,
    errorResponseBuilder: () => new AppError(429, 'rate_limited', 'error.rate_limited'),
  });
  // One count per address shared by all of those routes, not one per route.
  const check = app.rateLimit();
  app.addHook('onRoute', (route) => {
    if (!limited(route)) return;
    const hooks = route.onRequest;
    route.onRequest = [...(Array.isArray(hooks) ? hooks : hooks ? [hooks] : []), check as never];
  });
}
