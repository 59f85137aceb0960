import { sql } from 'kysely';
import type { Db, Dialect, Tx } from '../db/database.js';
import { nowIso } from '../db/database.js';
import type { DomainEvent } from './outbox.js';
import type { Logger } from '../logger.js';

export interface EventProcessor {
  /** Stable name: its cursor in the database is kept under it. */
  name: string;
  /** Event types it wants; all when omitted. */
  types?: string[];
  /** Runs inside the transaction that advances the cursor: its writes and the cursor commit together. */
  handle(event: DomainEvent, tx: Tx): Promise<void>;
  /**
   * Optional: the same for many events at once (one multi-row write instead of one per event).
   * When it throws, the events are handled one by one with `handle`, so one bad event holds back no other.
   */
  handleBatch?(events: DomainEvent[], tx: Tx): Promise<void>;
}

const BATCH = 500;
const PARSED_KEPT = 5000;
const MAX_ATTEMPTS = 5;
const GAP_WAIT_MS = 5000;

/**
 * Drives every processor over the outbox. Each processor has a cursor row; a process takes
 * the row's lock (SKIP LOCKED on PostgreSQL), so with several processes each event is
 * handled once per processor, and handled again after a crash until its effects commit.
 */
export class ProcessorRunner {
  private processors: EventProcessor[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private failures = new Map<string, number>();
  /** When each processor first met each hole in the ids (`<processor>:<id>`). */
  private gaps = new Map<string, number>();
  /** Highest event id every processor has passed; nothing to do until a newer one exists. */
  private seenMax = 0;
  /** Events read in this round, parsed once for all the processors that want them (a few thousand at most). */
  private parsed = new Map<number, DomainEvent>();

  constructor(private db: Db, private dialect: Dialect, private log: Logger, private pollMs: number) {}

  register(p: EventProcessor): void {
    if (this.processors.some((x) => x.name === p.name)) throw new Error(`processor ${p.name} registered twice`);
    this.processors.push(p);
  }

  list(): string[] {
    return this.processors.map((p) => p.name);
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Called after a commit that recorded events, so local consumers react at once. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  /** Processes everything pending now; tests call it to wait for consumers. */
  async drain(): Promise<void> {
    while (this.running) await this.running;
    this.running = this.runAll();
    try {
      await this.running;
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
    // A drain() is running: look again later, or polling would stop for good.
    if (this.running) return this.schedule(this.pollMs);
    this.running = this.runAll().catch((err) => this.log.error({ err }, 'event processing failed'));
    await this.running;
    this.running = null;
    if (this.stopped) return;
    if (this.again) {
      this.again = false;
      this.schedule(0);
    } else this.schedule(this.pollMs);
  }

  private async runAll(): Promise<void> {
    // Processors record events of their own (a notification after a change): go round until quiet.
    for (let round = 0; round < 10; round++) {
      const max = await this.db.selectFrom('domain_event').select((eb) => eb.fn.max('id').as('max')).executeTakeFirst();
      const maxId = Number(max?.max ?? 0);
      if (!maxId || maxId === this.seenMax) return;
      try {
        for (const p of this.processors) {
          while (await this.runBatch(p, maxId)) { /* next batch */ }
        }
      } finally {
        this.parsed.clear();
      }
      if (this.gaps.size || this.failures.size) return;
      this.seenMax = maxId;
    }
  }

  private parse(row: Parameters<typeof toEvent>[0]): DomainEvent {
    const id = Number(row.id);
    let e = this.parsed.get(id);
    if (!e) {
      e = toEvent(row);
      if (this.parsed.size < PARSED_KEPT) this.parsed.set(id, e);
    }
    return e;
  }

  /** One batch for one processor; true when there may be more. */
  private async runBatch(p: EventProcessor, maxId: number): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      const cursor = await this.lockCursor(tx, p.name);
      if (cursor === null || cursor >= maxId) return false;
      const rows = await tx.selectFrom('domain_event').selectAll().where('id', '>', cursor).orderBy('id').limit(BATCH).execute();
      // The events up to the first hole in the ids that may still fill; payloads are read only for the wanted ones.
      const run: { id: number; event: DomainEvent | null }[] = [];
      let end = cursor;
      for (const row of rows) {
        const id = Number(row.id);
        if (id !== end + 1 && !this.gapExpired(p.name, end + 1)) break;
        run.push({ id, event: !p.types || p.types.includes(row.type) ? this.parse(row) : null });
        end = id;
      }
      const wanted = run.flatMap((r) => (r.event ? [r.event] : []));
      let last = cursor;
      // All of them in one savepoint first; only when that fails, one by one, each in its own
      // (the event that failed is not run again in the same round: that try counts as its attempt).
      const all = wanted.length ? await this.handleAll(p, wanted, tx) : { ok: false as const, failed: null };
      if (all.ok) {
        for (const e of wanted) this.failures.delete(`${p.name}:${e.id}`);
        last = end;
      } else {
        for (const { id, event } of run) {
          if (event) {
            const key = `${p.name}:${id}`;
            try {
              if (all.failed?.id === id) throw all.failed.err;
              await this.handleOne(p, event, tx);
              this.failures.delete(key);
            } catch (err) {
              const n = (this.failures.get(key) ?? 0) + 1;
              this.failures.set(key, n);
              if (n < MAX_ATTEMPTS) {
                this.log.warn({ err, processor: p.name, eventId: id, attempt: n }, 'event handler failed; will retry');
                break;
              }
              this.log.error({ err, processor: p.name, eventId: id }, 'event handler failed for good; skipping the event');
              this.failures.delete(key);
            }
          }
          last = id;
        }
      }
      if (last !== cursor) {
        await tx.updateTable('processor_cursor').set({ last_event_id: last, updated_at: nowIso() }).where('name', '=', p.name).execute();
      }
      return rows.length === BATCH && last > cursor;
    });
  }

  /**
   * Every event of the run in one savepoint (by `handleBatch` when the processor has it). When
   * one event's handler failed, says which, so the one-by-one round that follows does not run it twice.
   */
  private async handleAll(p: EventProcessor, events: DomainEvent[], tx: Tx): Promise<{ ok: true } | { ok: false; failed: { id: number; err: unknown } | null }> {
    if (events.length === 1 && !p.handleBatch) return { ok: false, failed: null };
    await sql.raw('SAVEPOINT handler_all').execute(tx);
    let current: DomainEvent | null = null;
    try {
      if (p.handleBatch) await p.handleBatch(events, tx);
      else {
        for (const e of events) {
          current = e;
          await p.handle(e, tx);
        }
      }
      await sql.raw('RELEASE SAVEPOINT handler_all').execute(tx);
      return { ok: true };
    } catch (err) {
      await sql.raw('ROLLBACK TO SAVEPOINT handler_all').execute(tx);
      await sql.raw('RELEASE SAVEPOINT handler_all').execute(tx);
      return { ok: false, failed: current ? { id: current.id, err } : null };
    }
  }

  /**
   * On PostgreSQL a transaction holding a lower id can commit after a higher one: a hole in
   * the ids may still fill. It is waited for a few seconds, then taken as a rolled-back write.
   * Each processor keeps its own clock: with a shared one, the first to pass a hole reset it
   * and every next processor waited the whole time again, one after another.
   */
  private gapExpired(processor: string, id: number): boolean {
    const key = `${processor}:${id}`;
    const seen = this.gaps.get(key);
    const now = Date.now();
    if (seen === undefined) {
      this.gaps.set(key, now);
      return false;
    }
    if (now - seen < GAP_WAIT_MS) return false;
    this.gaps.delete(key);
    return true;
  }

  /** A failing handler must not undo the others' work in the batch: run it in a savepoint. */
  private async handleOne(p: EventProcessor, event: DomainEvent, tx: Tx): Promise<void> {
    await sql.raw('SAVEPOINT handler').execute(tx);
    try {
      await p.handle(event, tx);
      await sql.raw('RELEASE SAVEPOINT handler').execute(tx);
    } catch (err) {
      await sql.raw('ROLLBACK TO SAVEPOINT handler').execute(tx);
      await sql.raw('RELEASE SAVEPOINT handler').execute(tx);
      throw err;
    }
  }

  private async lockCursor(tx: Tx, name: string): Promise<number | null> {
    if (this.dialect === 'postgres') {
      await sql`insert into processor_cursor (name, last_event_id, updated_at) values (${name}, 0, ${nowIso()}) on conflict (name) do nothing`.execute(tx);
      const r = await sql<{ last_event_id: number }>`select last_event_id from processor_cursor where name = ${name} for update skip locked`.execute(tx);
      return r.rows[0] ? Number(r.rows[0].last_event_id) : null;
    }
    await sql`insert into processor_cursor (name, last_event_id, updated_at) values (${name}, 0, ${nowIso()}) on conflict (name) do nothing`.execute(tx);
    const row = await tx.selectFrom('processor_cursor').select('last_event_id').where('name', '=', name).executeTakeFirst();
    return row ? Number(row.last_event_id) : null;
  }
}

function toEvent(row: { id: number; portal_id: number; type: string; entity_type: string; entity_id: string; actor_id: number | null; payload: string; created_at: string }): DomainEvent {
  return {
    id: Number(row.id),
    portalId: row.portal_id,
    type: row.type,
    entityType: row.entity_type,
    entityId: row.entity_id,
    actorId: row.actor_id,
    payload: JSON.parse(row.payload),
    createdAt: row.created_at,
  };
}
