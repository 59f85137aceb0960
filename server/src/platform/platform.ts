import type { Config } from './config.js';
import type { Db, Dialect } from './db/database.js';
import type { Ctx, CtxServices } from './context.js';
import type { Logger } from './logger.js';
import type { ProcessorRunner } from './events/processors.js';
import type { JobRunner } from './jobs/jobs.js';
import type { RealtimeHub } from './realtime/hub.js';
import type { Mailer } from './mail/mailer.js';
import type { Registry } from './registry/registry.js';
import type { PortalCache } from './portals.js';

/** The services every module may use, built once per server process. */
export interface Platform {
  config: Config;
  db: Db;
  dialect: Dialect;
  log: Logger;
  events: ProcessorRunner;
  jobs: JobRunner;
  realtime: RealtimeHub;
  mailer: Mailer;
  registry: Registry;
  portals: PortalCache;
  /**
   * Runs `fn` in one transaction with a ctx bound to it; after the commit, local event
   * processors and jobs are woken so live consumers react at once.
   */
  transaction<T>(ctx: Ctx, fn: (tx: Ctx) => Promise<T>): Promise<T>;
  /** The handles every ctx carries (`ctx.sys`). */
  sys: CtxServices;
}
