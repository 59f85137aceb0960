import { sql } from 'kysely';
import type { Db, Dialect, Queryable } from '../db/database.js';
import { nowIso } from '../db/database.js';
import type { Logger } from '../logger.js';

export interface Job {
  id: number;
  portalId: number | null;
  type: string;
  payload: Record<string, unknown>;
  attempts: number;
}

export type JobHandler = (job: Job) => Promise<void>;

export interface ScheduleInput {
  type: string;
  payload?: Record<string, unknown>;
  runAt?: Date;
  portalId?: number | null;
}

const MAX_ATTEMPTS = 5;
/**
 * A claimed job is its process's for this long after the last heartbeat. The running process
 * renews it every third of that, so a job is never taken from a live process, and one whose
 * process died is taken over by another (or by the restarted one) seconds later.
 */
export const DEFAULT_LEASE_MS = 15_000;

/** Adds a job in the caller's transaction: it runs only if that transaction commits. */
export async function scheduleJob(db: Queryable, input: ScheduleInput): Promise<number> {
  const row = await db
    .insertInto('job')
    .values({
      portal_id: input.portalId ?? null,
      type: input.type,
      payload: JSON.stringify(input.payload ?? {}),
      run_at: (input.runAt ?? new Date()).toISOString(),
      status: 'pending',
      attempts: 0,
      locked_until: null,
      last_error: null,
      created_at: nowIso(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/**
 * Timed work kept as rows with a due time, so reminders and delayed robots survive restarts.
 * A claimed job holds a short lease that its process renews while the job runs (a heartbeat);
 * a process that dies mid-job leaves it to be claimed again once the lease has run out.
 */
export class JobRunner {
  private handlers = new Map<string, JobHandler>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;

  constructor(
    private db: Db,
    private dialect: Dialect,
    private log: Logger,
    private pollMs: number,
    readonly leaseMs = DEFAULT_LEASE_MS,
  ) {}

  /** The end of a lease taken or renewed now. */
  leaseUntil(now = Date.now()): string {
    return new Date(now + this.leaseMs).toISOString();
  }

  register(type: string, handler: JobHandler): void {
    if (this.handlers.has(type)) throw new Error(`job ${type} registered twice`);
    this.handlers.set(type, handler);
  }

  start(): void {
    this.stopped = false;
    this.loop(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  wake(): void {
    if (!this.stopped && !this.running) this.loop(0);
  }

  /** Runs every job due now (tests call it instead of waiting). */
  async runDue(now = new Date()): Promise<number> {
    let total = 0;
    for (;;) {
      const jobs = await this.claim(now);
      if (!jobs.length) return total;
      for (const job of jobs) await this.execute(job);
      total += jobs.length;
    }
  }

  private loop(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(async () => {
      if (this.stopped) return;
      this.running = this.runDue().then(
        () => undefined,
        (err) => this.log.error({ err }, 'job loop failed'),
      );
      await this.running;
      this.running = null;
      if (!this.stopped) this.loop(this.pollMs * 4);
    }, ms);
  }

  private async claim(now: Date): Promise<Job[]> {
    const nowS = now.toISOString();
    const lease = this.leaseUntil(now.getTime());
    const types = [...this.handlers.keys()];
    if (!types.length) return [];
    const lock = this.dialect === 'postgres' ? sql`for update skip locked` : sql``;
    const rows = await sql<{ id: number; portal_id: number | null; type: string; payload: string; attempts: number }>`
      update job set status = 'running', locked_until = ${lease}, attempts = attempts + 1
      where id in (
        select id from job
        where ((status = 'pending' and run_at <= ${nowS}) or (status = 'running' and locked_until < ${nowS}))
          and type in (${sql.join(types)})
        order by run_at limit 10 ${lock}
      )
      returning id, portal_id, type, payload, attempts`.execute(this.db);
    return rows.rows.map((r) => ({ id: Number(r.id), portalId: r.portal_id, type: r.type, payload: JSON.parse(r.payload), attempts: r.attempts }));
  }

  /**
   * Keeps the lease of a running job while its process lives. Fenced by the attempt: once
   * another process has claimed the job (after this one stalled past its lease), it is left alone.
   */
  private heartbeat(job: Job): () => void {
    let beating: Promise<unknown> | null = null;
    const timer = setInterval(
      () => {
        if (beating) return;
        beating = this.db
          .updateTable('job')
          .set({ locked_until: this.leaseUntil() })
          .where('id', '=', job.id)
          .where('status', '=', 'running')
          .where('attempts', '=', job.attempts)
          .execute()
          .catch((err) => this.log.warn({ err, jobId: job.id }, 'job lease not renewed'))
          .finally(() => {
            beating = null;
          });
      },
      Math.max(50, Math.floor(this.leaseMs / 3)),
    );
    timer.unref();
    return () => clearInterval(timer);
  }

  private async execute(job: Job): Promise<void> {
    const handler = this.handlers.get(job.type)!;
    const stopBeat = this.heartbeat(job);
    try {
      await handler(job);
      stopBeat();
      await this.db.updateTable('job').set({ status: 'done', locked_until: null, last_error: null }).where('id', '=', job.id).execute();
    } catch (err) {
      stopBeat();
      const failed = job.attempts >= MAX_ATTEMPTS;
      this.log.warn({ err, jobId: job.id, type: job.type, attempt: job.attempts }, failed ? 'job failed for good' : 'job failed; will retry');
      const retryAt = new Date(Date.now() + 2 ** job.attempts * 1000).toISOString();
      await this.db
        .updateTable('job')
        .set({ status: failed ? 'failed' : 'pending', run_at: retryAt, locked_until: null, last_error: String((err as Error)?.message ?? err).slice(0, 2000) })
        .where('id', '=', job.id)
        .execute();
    }
  }
}
