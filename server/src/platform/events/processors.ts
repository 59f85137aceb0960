import { sql } from 'kysely';
import type { EventDef } from '@vavilon/contracts';
import type { Db, Dialect, Tx } from '../db/database.js';
import { nowIso } from '../db/database.js';
import { systemCtx, type Ctx, type CtxServices, type PortalRow, type TxState } from '../context.js';
import type { Logger } from '../logger.js';
import type { DomainEvent } from './outbox.js';
import { guardedTx, type GuardedTx } from './guard.js';

/**
 * What a processor's `handle()` works with: the batch's transaction and its after-commit
 * hooks. A handler only writes to the database; anything else (a Redis publish, an HTTP
 * call, mail) goes into `afterCommit` or a job, so no handler waits on something else while
 * it holds the transaction (on SQLite: the one writer every request waits for).
 */
export interface ProcessorTx {
  db: Tx;
  sys: CtxServices;
  state: TxState;
  /** Runs `fn` once this handler's writes have committed; never when they are rolled back. */
  afterCommit(fn: () => void | Promise<void>): void;
}

/** A system ctx of `portal` bound to the processor's transaction (services called with it join it). */
export function processorCtx(tx: ProcessorTx, portal: PortalRow): Ctx {
  return { ...systemCtx({ db: tx.db, sys: tx.sys }, portal), tx: tx.state };
}

export interface EventProcessor<D extends EventDef = EventDef> {
  /** Stable name: its cursor and its failures in the database are kept under it. */
  name: string;
  /** The definitions of the events it wants (read by their names in SQL); all events when omitted. */
  events?: readonly D[];
  /** Runs inside the transaction that advances the cursor: its writes and the cursor commit together. */
  handle(event: DomainEvent<D>, tx: ProcessorTx): Promise<void>;
  /**
   * Optional: the same for many events at once (one multi-row write instead of one per event).
   * When it throws, the events are handled one by one with `handle`, so one bad event holds back no other.
   */
  handleBatch?(events: DomainEvent<D>[], tx: ProcessorTx): Promise<void>;
  /**
   * Woken before the others after a commit (higher first; 0 when omitted): a consumer someone
   * waits for (robots creating the tasks of a stage) takes the database before bookkeeping does.
   */
  priority?: number;
}

/** A processor typed by the definitions it lists: `handle()` gets their payloads, told apart by `type`. */
export function defineProcessor<D extends EventDef>(p: EventProcessor<D>): EventProcessor {
  return p as unknown as EventProcessor;
}

export interface RunnerOptions {
  pollMs: number;
  /** The longest a handler may hold its transaction; past it the event counts as failed. */
  timeoutMs: number;
  /** The handles every ctx carries; read when a batch starts (the platform builds them after the runner). */
  services: () => CtxServices;
  /** After a batch that handled events committed: wakes the jobs its handlers may have scheduled. */
  onCommit?: () => void;
}

const BATCH = 500;
/** Ids read at once to find the first hole on PostgreSQL (ids only, from the primary key). */
const ID_SCAN = 5000;
const RETRIES_PER_BATCH = 50;
export const MAX_ATTEMPTS = 5;
const MAX_BACKOFF_MS = 60 * 60_000;
const GAP_WAIT_MS = 5000;
/** How often a quiet processor looks for retries that came due (a retry asked for here wakes it at once). */
const RETRY_CHECK_MS = 5000;

type EventRow = { id: number; portal_id: number; type: string; entity_type: string; entity_id: string; actor_id: number | null; payload: string; created_at: string };
type FailureRow = { id: number; event_id: number; attempts: number };
type Outcome = { ok: true } | { ok: false; err: unknown; timedOut: boolean };

export class HandlerTimeout extends Error {}

/**
 * Drives every processor over the outbox. Each processor has its own loop (timer, wake-up,
 * one transaction per batch) over a cursor row whose lock it takes (SKIP LOCKED on
 * PostgreSQL), so with several processes each event is handled once per processor, and
 * handled again after a crash until its effects commit. A slow or failing processor holds
 * back no other: a failing event is written to `processor_failure` and retried with back-off.
 */
export class ProcessorRunner {
  private loops = new Map<string, ProcessorLoop>();
  /** The loops in the order a commit wakes them: by priority, then as registered. */
  private woken: ProcessorLoop[] = [];
  private stopped = true;

  constructor(
    readonly db: Db,
    readonly dialect: Dialect,
    readonly log: Logger,
    readonly opts: RunnerOptions,
  ) {}

  register(p: EventProcessor): void {
    if (this.loops.has(p.name)) throw new Error(`processor ${p.name} registered twice`);
    const loop = new ProcessorLoop(this, p);
    this.loops.set(p.name, loop);
    this.woken = [...this.loops.entries()].sort(([, a], [, b]) => b.priority - a.priority).map(([, l]) => l);
    if (!this.stopped) loop.start();
  }

  list(): string[] {
    return [...this.loops.keys()];
  }

  start(): void {
    this.stopped = false;
    for (const l of this.loops.values()) l.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.loops.values()].map((l) => l.stop()));
  }

  /** Called after a commit that recorded events (or asked for retries), so local consumers react at once. */
  wake(): void {
    for (const l of this.woken) l.wake();
  }

  /**
   * Processes everything pending now, retries that are due included; tests call it to wait
   * for consumers. Processors record events of their own (a notification after a change): it
   * goes round until no processor moves.
   */
  async drain(): Promise<void> {
    for (let round = 0; round < 10; round++) {
      let moved = false;
      for (const l of this.loops.values()) if (await l.drain()) moved = true;
      if (!moved) return;
    }
  }

  /** Ms until a failure's next try after `attempts` tries. */
  backoff(attempts: number): number {
    return Math.min(this.opts.pollMs * 4 * 2 ** (attempts - 1), MAX_BACKOFF_MS);
  }
}

class ProcessorLoop {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<boolean> | null = null;
  private again = false;
  private stopped = true;
  /** The newest event id this loop has passed: nothing to do until a newer one exists. */
  private passed = 0;
  private nextRetryCheck = 0;
  /** When this processor first met each hole in the ids (PostgreSQL). */
  private gaps = new Map<number, number>();
  /** The database's clock when this processor first met each hole (PostgreSQL). */
  private gapSeenAt = new Map<number, string>();

  constructor(
    private runner: ProcessorRunner,
    private p: EventProcessor,
  ) {}

  get priority(): number {
    return this.p.priority ?? 0;
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  wake(): void {
    this.nextRetryCheck = 0;
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  /** Runs until nothing is pending; true when it handled or passed anything. */
  async drain(): Promise<boolean> {
    while (this.running) await this.running.catch(() => undefined);
    this.nextRetryCheck = 0;
    this.running = this.runAll();
    try {
      return await this.running;
    } finally {
      this.running = null;
    }
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), ms);
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    const { pollMs } = this.runner.opts;
    // A drain() is running: look again later, or polling would stop for good.
    if (this.running) return this.schedule(pollMs);
    this.running = this.runAll();
    let failed = false;
    try {
      await this.running;
    } catch (err) {
      failed = true;
      this.runner.log.error({ err, processor: this.p.name }, 'event processing failed');
    } finally {
      this.running = null;
    }
    if (this.stopped) return;
    if (this.again && !failed) {
      this.again = false;
      this.schedule(0);
    } else this.schedule(failed ? pollMs * 4 : pollMs);
  }

  private async runAll(): Promise<boolean> {
    let moved = false;
    for (;;) {
      const { db } = this.runner;
      const max = await db
        .selectFrom('domain_event')
        .select((eb) => eb.fn.max('id').as('max'))
        .executeTakeFirst();
      const maxId = Number(max?.max ?? 0);
      const retryDue = Date.now() >= this.nextRetryCheck;
      if (maxId <= this.passed && !retryDue) return moved;
      const r = await this.runBatch(retryDue);
      if (r.handled || r.advanced) moved = true;
      if (!r.more) return moved;
    }
  }

  /** One batch in one transaction: due retries, then new events up to the first hole. */
  private async runBatch(withRetries: boolean): Promise<{ handled: boolean; advanced: boolean; more: boolean }> {
    const { db } = this.runner;
    const hooks: TxState = { afterCommit: [] };
    const res = await db.transaction().execute(async (trx) => {
      const cursor = await this.lockCursor(trx);
      if (cursor === null) return { handled: false, advanced: false, more: false, end: 0 }; // another process has it
      let handled = false;
      let timedOut = false;
      let retriesLeft = false;
      if (withRetries) {
        const r = await this.retryDue(trx, hooks);
        handled = r.handled;
        timedOut = r.timedOut;
        retriesLeft = r.more;
      }
      let end = cursor;
      let full = false;
      if (!timedOut) {
        const range = await this.range(trx, cursor);
        end = range.end;
        let rows: EventRow[] = [];
        if (end > cursor) {
          let q = trx.selectFrom('domain_event').selectAll().where('id', '>', cursor).where('id', '<=', end);
          if (this.p.events)
            q = q.where(
              'type',
              'in',
              this.p.events.map((d) => d.name),
            );
          rows = (await q.orderBy('id').limit(BATCH).execute()) as EventRow[];
          if (rows.length === BATCH) {
            end = Number(rows[rows.length - 1]!.id);
            full = true;
          }
        }
        if (rows.length) {
          const r = await this.handleRows(trx, rows.map(toEvent), hooks);
          handled = true;
          if (r.stoppedAt !== null) {
            end = r.stoppedAt;
            timedOut = true;
          }
        }
        if (end !== cursor) {
          await trx.updateTable('processor_cursor').set({ last_event_id: end, updated_at: nowIso() }).where('name', '=', this.p.name).execute();
        }
      }
      return { handled, advanced: end !== cursor, more: !timedOut && (full || end - cursor >= ID_SCAN || retriesLeft), end };
    });
    this.passed = Math.max(this.passed, res.end);
    if (res.handled) {
      for (const fn of hooks.afterCommit) {
        try {
          await fn();
        } catch (err) {
          this.runner.log.error({ err, processor: this.p.name }, 'after-commit hook failed');
        }
      }
      this.runner.opts.onCommit?.();
    }
    return res;
  }

  /**
   * The last id this batch may reach. On SQLite one writer commits at a time: every id up to
   * the newest is final. On PostgreSQL a transaction holding a lower id can commit after a
   * higher one: a hole in the ids may still fill. It is waited for a few seconds, then taken
   * as a rolled-back write. Each processor keeps its own clock.
   */
  private async range(trx: Tx, cursor: number): Promise<{ end: number }> {
    if (this.runner.dialect === 'sqlite') {
      const max = await trx
        .selectFrom('domain_event')
        .select((eb) => eb.fn.max('id').as('max'))
        .executeTakeFirst();
      return { end: Math.max(cursor, Number(max?.max ?? 0)) };
    }
    const ids = await trx.selectFrom('domain_event').select('id').where('id', '>', cursor).orderBy('id').limit(ID_SCAN).execute();
    let end = cursor;
    for (const row of ids) {
      const id = Number(row.id);
      if (id !== end + 1 && !(await this.gapClosed(trx, end + 1))) break;
      end = id;
    }
    return { end };
  }

  /**
   * Whether the ids from `id` on that are missing will never come: the hole's wait is over, or
   * no transaction of the portal's database user that began before the hole was first seen is
   * still open. An id missing below a committed one was taken before that one was read, by a
   * transaction begun by then; once all of those have ended, it was rolled back (a failed write,
   * a robot's savepoint) and nothing needs to wait for it.
   */
  private async gapClosed(trx: Tx, id: number): Promise<boolean> {
    if (this.gapExpired(id)) return true;
    let seen = this.gapSeenAt.get(id);
    if (!seen) {
      seen = (await sql<{ now: string }>`select clock_timestamp()::text as now`.execute(trx)).rows[0]!.now;
      this.gapSeenAt.set(id, seen);
    }
    const open = await sql<{ n: number | string }>`
      select count(*) as n from pg_stat_activity
      where datname = current_database() and usename = current_user and pid <> pg_backend_pid()
        and xact_start is not null and xact_start <= ${seen}::timestamptz`.execute(trx);
    if (Number(open.rows[0]?.n ?? 1) > 0) return false;
    this.gaps.delete(id);
    this.gapSeenAt.delete(id);
    return true;
  }

  private gapExpired(id: number): boolean {
    const seen = this.gaps.get(id);
    const now = Date.now();
    if (seen === undefined) {
      this.gaps.set(id, now);
      return false;
    }
    if (now - seen < GAP_WAIT_MS) return false;
    this.gaps.delete(id);
    this.gapSeenAt.delete(id);
    return true;
  }

  /**
   * Handles a batch's events: all in one savepoint first; when that fails, one by one, each in
   * its own. A failing event is written to `processor_failure` and passed. A handler past its
   * time stops the batch at its event (returned): the rest waits for the next round.
   */
  private async handleRows(trx: Tx, events: DomainEvent[], hooks: TxState): Promise<{ stoppedAt: number | null }> {
    let failedId: number | null = null;
    let failed: Outcome | null = null;
    if (events.length > 1 || this.p.handleBatch) {
      let current: DomainEvent | null = null;
      const all = await this.attempt(trx, 'handler_all', hooks, async (tx) => {
        if (this.p.handleBatch) return this.p.handleBatch(events, tx);
        for (const e of events) {
          current = e;
          await this.p.handle(e, tx);
        }
      });
      if (all.ok) return { stoppedAt: null };
      // The event that failed is not run again in this round: that try counts as its attempt.
      const c = current as DomainEvent | null;
      if (c) {
        failedId = c.id;
        failed = all;
      }
    }
    for (const e of events) {
      const outcome = e.id === failedId ? failed! : await this.attempt(trx, 'handler', hooks, (tx) => this.p.handle(e, tx));
      if (outcome.ok) continue;
      await this.recordFailure(trx, e, outcome.err);
      if (outcome.timedOut) return { stoppedAt: e.id };
    }
    return { stoppedAt: null };
  }

  /** Retries this processor's failures that are due; true `timedOut` when one ran out of time. */
  private async retryDue(trx: Tx, hooks: TxState): Promise<{ handled: boolean; timedOut: boolean; more: boolean }> {
    const now = nowIso();
    const due = (await trx
      .selectFrom('processor_failure')
      .select(['id', 'event_id', 'attempts'])
      .where('processor', '=', this.p.name)
      .where('status', '=', 'retrying')
      .where('next_attempt_at', '<=', now)
      .orderBy('event_id')
      .limit(RETRIES_PER_BATCH)
      .execute()) as FailureRow[];
    const next = await trx
      .selectFrom('processor_failure')
      .select((eb) => eb.fn.min('next_attempt_at').as('next'))
      .where('processor', '=', this.p.name)
      .where('status', '=', 'retrying')
      .where('next_attempt_at', '>', now)
      .executeTakeFirst();
    this.nextRetryCheck = Math.min(Date.now() + RETRY_CHECK_MS, next?.next ? new Date(String(next.next)).getTime() : Infinity);
    if (!due.length) return { handled: false, timedOut: false, more: false };
    const rows = (await trx
      .selectFrom('domain_event')
      .selectAll()
      .where(
        'id',
        'in',
        due.map((f) => Number(f.event_id)),
      )
      .execute()) as EventRow[];
    const byId = new Map(rows.map((r) => [Number(r.id), toEvent(r)]));
    for (const f of due) {
      const event = byId.get(Number(f.event_id));
      if (!event) {
        await trx.deleteFrom('processor_failure').where('id', '=', f.id).execute(); // its portal is gone
        continue;
      }
      const outcome = await this.attempt(trx, 'handler', hooks, (tx) => this.p.handle(event, tx));
      if (outcome.ok) await trx.deleteFrom('processor_failure').where('id', '=', f.id).execute();
      else {
        await this.recordFailure(trx, event, outcome.err);
        if (outcome.timedOut) return { handled: true, timedOut: true, more: false };
      }
    }
    return { handled: true, timedOut: false, more: due.length === RETRIES_PER_BATCH };
  }

  /**
   * One try of a handler in a savepoint, with its own guarded handle on the transaction and
   * its own after-commit hooks: kept only when it succeeds. Past the time limit the handle is
   * closed (a late write of the stuck handler fails instead of landing in a later transaction).
   */
  private async attempt(trx: Tx, savepoint: string, hooks: TxState, fn: (tx: ProcessorTx) => Promise<void>): Promise<Outcome> {
    const state: TxState = { afterCommit: [] };
    const guarded: GuardedTx = guardedTx(trx);
    const tx: ProcessorTx = { db: guarded.db, sys: this.runner.opts.services(), state, afterCommit: (h) => void state.afterCommit.push(h) };
    await sql.raw(`SAVEPOINT ${savepoint}`).execute(trx);
    let timer: NodeJS.Timeout | undefined;
    const limit = this.runner.opts.timeoutMs;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new HandlerTimeout(`handler took longer than ${limit} ms; a handler may only write to the database (side effects go to afterCommit or a job)`)), limit);
    });
    const run = fn(tx);
    try {
      await Promise.race([run, timeout]);
      guarded.close();
      await sql.raw(`RELEASE SAVEPOINT ${savepoint}`).execute(trx);
      hooks.afterCommit.push(...state.afterCommit);
      return { ok: true };
    } catch (err) {
      guarded.close();
      run.catch(() => undefined); // a stuck handler that fails later has nothing left to report
      await sql.raw(`ROLLBACK TO SAVEPOINT ${savepoint}`).execute(trx);
      await sql.raw(`RELEASE SAVEPOINT ${savepoint}`).execute(trx);
      return { ok: false, err, timedOut: err instanceof HandlerTimeout };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Writes (or counts) a failed try: retried after a back-off, kept as failed after the last automatic one. */
  private async recordFailure(trx: Tx, event: DomainEvent, err: unknown): Promise<void> {
    const message = (err instanceof Error ? err.message : String(err)).slice(0, 2000) || 'error';
    this.runner.log.warn({ err, processor: this.p.name, eventId: event.id }, 'event handler failed');
    const now = new Date();
    const before = await trx.selectFrom('processor_failure').select(['id', 'attempts']).where('processor', '=', this.p.name).where('event_id', '=', event.id).executeTakeFirst();
    const attempts = (before?.attempts ?? 0) + 1;
    const failed = attempts >= MAX_ATTEMPTS;
    const next = failed ? null : new Date(now.getTime() + this.runner.backoff(attempts)).toISOString();
    if (before) {
      await trx
        .updateTable('processor_failure')
        .set({ attempts, last_error: message, status: failed ? 'failed' : 'retrying', next_attempt_at: next, updated_at: now.toISOString() })
        .where('id', '=', before.id)
        .execute();
    } else {
      await trx
        .insertInto('processor_failure')
        .values({
          portal_id: event.portalId,
          processor: this.p.name,
          event_id: event.id,
          event_type: event.type,
          attempts,
          last_error: message,
          status: failed ? 'failed' : 'retrying',
          next_attempt_at: next,
          created_at: now.toISOString(),
          updated_at: now.toISOString(),
        })
        .execute();
    }
    if (failed) this.runner.log.error({ processor: this.p.name, eventId: event.id, attempts }, 'event handler keeps failing; kept for an administrator to retry');
    if (next) this.nextRetryCheck = Math.min(this.nextRetryCheck || Infinity, new Date(next).getTime());
  }

  private async lockCursor(tx: Tx): Promise<number | null> {
    const name = this.p.name;
    await sql`insert into processor_cursor (name, last_event_id, updated_at) values (${name}, 0, ${nowIso()}) on conflict (name) do nothing`.execute(tx);
    if (this.runner.dialect === 'postgres') {
      const r = await sql<{ last_event_id: number }>`select last_event_id from processor_cursor where name = ${name} for update skip locked`.execute(tx);
      return r.rows[0] ? Number(r.rows[0].last_event_id) : null;
    }
    const row = await tx.selectFrom('processor_cursor').select('last_event_id').where('name', '=', name).executeTakeFirst();
    return row ? Number(row.last_event_id) : null;
  }
}

function toEvent(row: EventRow): DomainEvent {
  const { changes, ...payload } = JSON.parse(row.payload) as Record<string, unknown> & { changes?: DomainEvent['changes'] };
  return {
    id: Number(row.id),
    portalId: row.portal_id,
    type: row.type,
    entityType: row.entity_type,
    entityId: row.entity_id,
    actorId: row.actor_id,
    payload,
    changes: changes ?? [],
    createdAt: row.created_at,
  };
}
