import type { Lang } from './i18n/index.js';
import type { Dialect, Queryable } from './db/database.js';
import type { Logger } from './logger.js';
import type { OutgoingMail } from './mail/mailer.js';
import type { ScheduleInput } from './jobs/jobs.js';
import type { Registry } from './registry/registry.js';
import type { Config } from './config.js';
import type { BlobStore } from './files/store.js';
import type { SessionsEnded } from './realtime/hub.js';

export interface PortalRow {
  id: number;
  name: string;
  title: string;
}

export interface Actor {
  userId: number;
  accountId: number;
  portalId: number;
  role: 'admin' | 'employee';
  departmentId: number | null;
  language: Lang;
}

/**
 * The narrow part of the platform a service may reach through its ctx: the dialect, the
 * module registry, the log, and mail and jobs that are written in the caller's transaction.
 * Built once per process; the HTTP layer, jobs and processors put it into every ctx.
 */
export interface CtxServices {
  dialect: Dialect;
  registry: Registry;
  log: Logger;
  /** Queues a mail in `ctx`'s transaction: it leaves only if that commits. */
  queueMail(ctx: Ctx, mail: OutgoingMail): Promise<void>;
  /** Schedules a job in `ctx`'s transaction. */
  scheduleJob(ctx: Ctx, job: ScheduleInput): Promise<number>;
  /** Opens a transaction on the process's database (see `transaction()` below). */
  openTransaction<T>(ctx: Ctx, fn: (tx: Ctx) => Promise<T>): Promise<T>;
  /** The configuration values services read: links in mails, where files live, how large they may be. */
  config: Pick<Config, 'publicUrl' | 'dataDir' | 'maxFileBytes'>;
  /** The content-addressed file store (DATA_DIR or an S3 bucket). */
  blobs: BlobStore;
  /** Tells the sockets of ended sessions to go (a member deactivated); best effort, never throws. */
  sessionsEnded(scope: SessionsEnded): Promise<void>;
}

/** What one open transaction collects to do once it has committed. */
export interface TxState {
  afterCommit: (() => void | Promise<void>)[];
}

/** What a service needs to act on a portal's behalf: the database, the portal, who acts, and the platform's handles. */
export interface Ctx {
  db: Queryable;
  portal: PortalRow;
  actor: Actor | null;
  lang: Lang;
  requestId: string;
  sys: CtxServices;
  /** Set inside `transaction()`: the hooks to run after its commit. */
  tx?: TxState;
  /** Set by `systemCtx` only: the portal itself acts (a robot, a job), and modules' rights let it do what the rule needs. */
  system?: true;
}

export function withDb(ctx: Ctx, db: Queryable): Ctx {
  return { ...ctx, db };
}

/**
 * Runs `fn` in one transaction with a ctx bound to it. Inside a transaction already, `fn`
 * joins it (a service calling another never opens a second one). After the commit the
 * `afterCommit` hooks run and local event processors and jobs are woken.
 */
export function transaction<T>(ctx: Ctx, fn: (tx: Ctx) => Promise<T>): Promise<T> {
  if (ctx.tx) return fn(ctx);
  return ctx.sys.openTransaction(ctx, fn);
}

/**
 * Runs `fn` once `ctx`'s transaction has committed (never if it rolls back); outside a
 * transaction, at once. For side effects a transaction must not wait on: HTTP calls,
 * Redis publishes. A failing hook is logged, never thrown into the caller.
 */
export function afterCommit(ctx: Ctx, fn: () => void | Promise<void>): void {
  if (ctx.tx) ctx.tx.afterCommit.push(fn);
  else void runHook(ctx.sys.log, fn);
}

export async function runAfterCommit(log: Logger, state: TxState): Promise<void> {
  for (const fn of state.afterCommit) await runHook(log, fn);
}

async function runHook(log: Logger, fn: () => void | Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    log.error({ err }, 'after-commit hook failed');
  }
}

/** A ctx for work no user does (jobs, processors, robots, set-up): the portal acts itself. */
export function systemCtx(base: { db: Queryable; sys: CtxServices }, portal: PortalRow, opts: { lang?: Lang; requestId?: string } = {}): Ctx {
  return { db: base.db, portal, actor: null, lang: opts.lang ?? 'ru', requestId: opts.requestId ?? 'system', sys: base.sys, system: true };
}

/** A ctx acting as `actor` (a robot acting for a deal's responsible, a job for its requester). */
export function actorCtx(base: { db: Queryable; sys: CtxServices }, portal: PortalRow, actor: Actor, opts: { requestId?: string } = {}): Ctx {
  return { db: base.db, portal, actor, lang: actor.language, requestId: opts.requestId ?? 'system', sys: base.sys };
}

/**
 * Locks the selected rows until the transaction ends: `FOR UPDATE` on PostgreSQL; SQLite
 * holds one writer at a time already, so there it changes nothing.
 */
export function lockForUpdate<Q extends { forUpdate(): Q }>(ctx: Ctx, query: Q): Q {
  return ctx.sys.dialect === 'postgres' ? query.forUpdate() : query;
}
