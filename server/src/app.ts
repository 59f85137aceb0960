import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyContextConfig, type FastifyInstance, type FastifySchema } from 'fastify';
import cookie from '@fastify/cookie';
import websocket from '@fastify/websocket';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './platform/config.js';
import { openDatabase, ping, type DbHandle } from './platform/db/database.js';
import { migrateToLatest } from './platform/db/migrate.js';
import { allMigrations } from './platform/db/migrations/index.js';
import { STATEMENTS_HEADER, countingServerFactory, countingStatements, statementsSoFar } from './platform/db/statement-counter.js';
import { ProcessorRunner } from './platform/events/processors.js';
import { JobRunner, scheduleJob } from './platform/jobs/jobs.js';
import { RealtimeHub } from './platform/realtime/hub.js';
import { Mailer } from './platform/mail/mailer.js';
import { Registry } from './platform/registry/registry.js';
import { PortalCache } from './platform/portals.js';
import type { Platform } from './platform/platform.js';
import { runAfterCommit, transaction, type CtxServices, type TxState } from './platform/context.js';
import { createBlobStore } from './platform/files/blob-stores.js';
import { responseSerializerCompiler, validatorCompiler } from './platform/http/validation.js';
import { registerErrorHandling, sendFrameworkError, sendRouteNotFound } from './platform/http/error-handler.js';
import { registerRequestContext } from './platform/http/request-context.js';
import { registerSecurityHeaders, sendAppPage } from './platform/http/security-headers.js';
import { registerRateLimit } from './platform/http/rate-limit.js';
import { webDistDir } from './platform/paths.js';
import { modules } from './modules/index.js';

/** One registered route, as the tests that walk every route see it. */
export interface RouteEntry {
  method: string;
  url: string;
  config: FastifyContextConfig;
  schema: FastifySchema | undefined;
  websocket: boolean;
}

export interface BuiltApp {
  app: FastifyInstance;
  platform: Platform;
  /** Every route in the order it was registered (HEAD twins of GET routes left out). */
  routes: RouteEntry[];
  /** Starts the background consumers (event processors, jobs, realtime). */
  startWorkers(): Promise<void>;
  close(): Promise<void>;
}

export const BODY_LIMIT = 1024 * 1024;

/** Whether an address that matched no route meant the API, however it is spelled (`/%41PI//x`). */
export function isApiAddress(url: string): boolean {
  let p = url.split('?')[0]!;
  try {
    p = decodeURIComponent(p);
  } catch {
    /* malformed escapes: judge the raw text */
  }
  p = p.replace(/\/+/g, '/').toLowerCase();
  return p === '/api' || p.startsWith('/api/');
}

export async function buildApp(config: Config, opts: { logger?: boolean | object; migrate?: boolean } = {}): Promise<BuiltApp> {
  const app = Fastify({
    logger: opts.logger ?? { level: config.logLevel },
    bodyLimit: BODY_LIMIT,
    genReqId: () => crypto.randomUUID(),
    // Client addresses from X-Forwarded-For only behind a known proxy: the sign-in lockout counts per address.
    trustProxy: config.trustProxy as boolean | string,
    routerOptions: { ignoreTrailingSlash: true },
    frameworkErrors: sendFrameworkError,
    // Benchmarks only (DB_COUNT_STATEMENTS): each request counts its SQL statements.
    ...(countingStatements() ? { serverFactory: countingServerFactory } : {}),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializerCompiler(config.validateResponses));

  const handle: DbHandle = openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  if (opts.migrate !== false) await migrateToLatest(handle.db, handle.dialect, allMigrations(modules));

  const log = app.log;
  const registry = new Registry();
  const jobs = new JobRunner(handle.db, handle.dialect, log, config.pollMs, config.jobLeaseMs);
  const events = new ProcessorRunner(handle.db, handle.dialect, log, {
    pollMs: config.pollMs,
    timeoutMs: config.processorTimeoutMs,
    services: () => platform.sys,
    onCommit: () => jobs.wake(),
  });
  const platform: Platform = {
    config,
    db: handle.db,
    dialect: handle.dialect,
    log,
    events,
    jobs,
    realtime: new RealtimeHub(log, config.redisUrl),
    mailer: new Mailer(handle.db, config.smtpUrl, `Портал <noreply@${config.baseHost}>`),
    registry,
    portals: new PortalCache(handle.db),
    sys: null as unknown as CtxServices,
    transaction: (ctx, fn) => transaction(ctx, fn),
  };
  platform.sys = {
    dialect: handle.dialect,
    registry,
    log,
    queueMail: (ctx, mail) => platform.mailer.queue(ctx.db, mail),
    config: { publicUrl: config.publicUrl, dataDir: config.dataDir, maxFileBytes: config.maxFileBytes },
    blobs: createBlobStore(config),
    sessionsEnded: (scope) => platform.realtime.sessionsEnded(scope),
    scheduleJob: (ctx, job) => scheduleJob(ctx.db, job),
    async openTransaction(ctx, fn) {
      const state: TxState = { afterCommit: [] };
      const result = await handle.db.transaction().execute((tx) => fn({ ...ctx, db: tx, tx: state }));
      events.wake();
      jobs.wake();
      await runAfterCommit(log, state);
      return result;
    },
  };
  jobs.register('mail.send', platform.mailer.sendJob);

  // Every API route must say who may call it.
  const routes: RouteEntry[] = [];
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/') && !route.url.startsWith('/api/docs') && !route.config?.policy) {
      throw new Error(`route ${route.method} ${route.url} declares no policy`);
    }
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      routes.push({ method, url: route.url, config: route.config ?? {}, schema: route.schema, websocket: !!(route as { websocket?: boolean }).websocket });
    }
  });

  await app.register(cookie);
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(swagger, {
    openapi: { info: { title: 'Vavilon portal API', version: '1.0.0' } },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  registerErrorHandling(app);
  registerSecurityHeaders(app);
  registerRequestContext(app, platform);
  await registerRateLimit(app, config);
  if (countingStatements()) {
    app.addHook('onSend', async (_req, reply) => {
      const n = statementsSoFar();
      if (n !== null) reply.header(STATEMENTS_HEADER, String(n));
    });
  }

  for (const m of modules) registry.add(m);
  registry.validate();
  for (const m of modules) {
    for (const p of m.processors?.(platform) ?? []) events.register(p);
    for (const [type, h] of Object.entries(m.jobs?.(platform) ?? {})) jobs.register(type, h);
    if (m.routes) await app.register(async (scope) => m.routes!(scope, platform));
  }

  app.get('/api/healthz', { config: { policy: 'public' } }, async (_req, reply) => {
    await ping(handle.db);
    return reply.header('cache-control', 'no-store').send({ ok: true, db: handle.dialect, realtime: platform.realtime.mode });
  });

  const webDir = webDistDir();
  const indexHtml = fs.existsSync(path.join(webDir, 'index.html')) ? fs.readFileSync(path.join(webDir, 'index.html')) : null;
  if (indexHtml) {
    await app.register(fastifyStatic, { root: webDir, wildcard: false, index: false, maxAge: '1h' });
    app.get('/', (_req, reply) => sendAppPage(reply, indexHtml));
  }
  // Page addresses of the single-page app get its index; everything else is a JSON 404.
  app.setNotFoundHandler((req, reply) => {
    if (indexHtml && req.method === 'GET' && !isApiAddress(req.url) && !path.extname(req.url.split('?')[0]!)) {
      return sendAppPage(reply, indexHtml);
    }
    return sendRouteNotFound(req, reply);
  });

  let workers = false;
  return {
    app,
    platform,
    routes,
    async startWorkers() {
      await platform.realtime.start();
      events.start();
      jobs.start();
      workers = true;
    },
    async close() {
      await app.close();
      if (workers) await Promise.all([events.stop(), jobs.stop()]);
      await platform.realtime.stop();
      await handle.close();
    },
  };
}
