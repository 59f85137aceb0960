import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { scheduleJob, type Job } from './jobs.js';
import { reopenTestApp, startTestApp, type TestApp } from '../../../test/harness.js';
import { waitFor } from '../../../test/support.js';

let t: TestApp;
const ran: Job[] = [];
let failing = 0;

beforeAll(async () => {
  t = await startTestApp();
  t.platform.jobs.register('test.record', async (job) => {
    ran.push(job);
  });
  t.platform.jobs.register('test.fail', async () => {
    failing++;
    throw new Error('smtp is down');
  });
});
afterAll(() => t?.dispose());
afterEach(() => {
  ran.length = 0;
});

const job = (id: number) => t.platform.db.selectFrom('job').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const MIN = 60_000;

describe('jobs', () => {
  it('runs a due job once, with its payload, and marks it done', async () => {
    const id = await scheduleJob(t.platform.db, { type: 'test.record', payload: { to: 'Иван' }, portalId: null });
    expect(await t.platform.jobs.runDue()).toBe(1);
    expect(ran.map((j) => j.payload)).toEqual([{ to: 'Иван' }]);
    expect(await job(id)).toMatchObject({ status: 'done', attempts: 1 });
    expect(await t.platform.jobs.runDue()).toBe(0);
    expect(ran).toHaveLength(1);
  });

  it('does not run a job before its time, and runs it once it is due', async () => {
    const runAt = new Date(Date.now() + 60 * MIN);
    const id = await scheduleJob(t.platform.db, { type: 'test.record', payload: { reminder: 1 }, runAt });
    expect(await t.platform.jobs.runDue()).toBe(0);
    expect(await t.platform.jobs.runDue(new Date(runAt.getTime() - 1000))).toBe(0);
    expect(ran).toEqual([]);
    expect(await t.platform.jobs.runDue(new Date(runAt.getTime() + 1000))).toBe(1);
    expect(ran.map((j) => j.id)).toEqual([id]);
  });

  it('never runs a job scheduled in a transaction that rolled back', async () => {
    await expect(
      t.platform.db.transaction().execute(async (tx) => {
        await scheduleJob(tx, { type: 'test.record', payload: { ghost: true } });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await t.platform.jobs.runDue(new Date(Date.now() + 24 * 60 * MIN))).toBe(0);
    expect(ran).toEqual([]);
  });

  it('retries a failing job with a growing delay and gives up after five attempts', async () => {
    const id = await scheduleJob(t.platform.db, { type: 'test.fail' });
    /** Runs what is due at `now` and tells the retry delay the failure set, measured from the run. */
    const attempt = async (now: Date) => {
      const before = Date.now();
      await t.platform.jobs.runDue(now);
      const after = Date.now();
      const runAt = Date.parse((await job(id)).run_at);
      return { min: runAt - after, max: runAt - before };
    };

    const first = await attempt(new Date());
    expect(await job(id)).toMatchObject({ status: 'pending', attempts: 1, last_error: 'smtp is down' });
    expect(first.max).toBeGreaterThanOrEqual(2000);
    expect(first.min).toBeLessThanOrEqual(2000);
    expect(await t.platform.jobs.runDue()).toBe(0); // not yet due again

    const second = await attempt(new Date(Date.now() + 2100));
    expect(await job(id)).toMatchObject({ status: 'pending', attempts: 2 });
    expect(second.max).toBeGreaterThanOrEqual(4000); // backs off: 2 s, then 4 s, ...
    expect(second.min).toBeLessThanOrEqual(4000);

    await t.platform.jobs.runDue(new Date(Date.now() + 60 * MIN));
    expect(await job(id)).toMatchObject({ status: 'failed', attempts: 5, last_error: 'smtp is down' });
    expect(failing).toBe(5);
    expect(await t.platform.jobs.runDue(new Date(Date.now() + 24 * 60 * MIN))).toBe(0);
    expect(failing).toBe(5);
  });

  it('claims again a job whose process died while running it, once its lease has expired', async () => {
    const insert = (lockedUntil: Date) =>
      t.platform.db
        .insertInto('job')
        .values({
          portal_id: null,
          type: 'test.record',
          payload: JSON.stringify({ lease: lockedUntil.toISOString() }),
          run_at: new Date(Date.now() - MIN).toISOString(),
          status: 'running',
          attempts: 1,
          locked_until: lockedUntil.toISOString(),
          last_error: null,
          created_at: new Date().toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    const crashed = Number((await insert(new Date(Date.now() - 1000))).id);
    const alive = Number((await insert(new Date(Date.now() + 4 * MIN))).id);

    expect(await t.platform.jobs.runDue()).toBe(1);
    expect(ran.map((j) => j.id)).toEqual([crashed]);
    expect(await job(crashed)).toMatchObject({ status: 'done', attempts: 2 });
    // A job another live process is running is left alone until its lease runs out.
    expect(await job(alive)).toMatchObject({ status: 'running', attempts: 1 });
    expect(await t.platform.jobs.runDue(new Date(Date.now() + 5 * MIN))).toBe(1);
    expect(ran.map((j) => j.id)).toEqual([crashed, alive]);
  });

  it('keeps a long job its own while its process lives: the short lease is renewed, no other process takes it', async () => {
    const a = await reopenTestApp(t, { jobLeaseMs: 1500 });
    const b = await reopenTestApp(t, { jobLeaseMs: 1500 });
    const runs: string[] = [];
    let release: () => void = () => undefined;
    a.platform.jobs.register('test.long', async () => {
      runs.push('a');
      await new Promise<void>((r) => (release = r));
    });
    b.platform.jobs.register('test.long', async () => {
      runs.push('b');
    });
    let running: Promise<number> | null = null;
    try {
      const id = await scheduleJob(t.platform.db, { type: 'test.long' });
      running = a.platform.jobs.runDue();
      await waitFor(() => runs.length === 1 || undefined, 5000, 'the long job to start');
      // Over several lease lengths the other process finds nothing to take.
      const until = Date.now() + 4500;
      while (Date.now() < until) {
        expect(await b.platform.jobs.runDue()).toBe(0);
        await new Promise((r) => setTimeout(r, 100));
      }
      release();
      await running;
      expect(runs).toEqual(['a']);
      expect(await job(id)).toMatchObject({ status: 'done', attempts: 1 });
    } finally {
      release();
      await running?.catch(() => undefined);
      await a.close();
      await b.close();
    }
  });

  it('survives a restart: jobs written before it run afterwards, on time', async () => {
    const first = await startTestApp();
    const due = await scheduleJob(first.platform.db, { type: 'test.restart', payload: { n: 1 } });
    const laterAt = Date.now() + 1500;
    const later = await scheduleJob(first.platform.db, { type: 'test.restart', payload: { n: 2 }, runAt: new Date(laterAt) });
    await first.close(); // the process stops before running anything

    const second = await reopenTestApp(first);
    const done: { id: number; at: number }[] = [];
    second.platform.jobs.register('test.restart', async (j) => {
      done.push({ id: j.id, at: Date.now() });
    });
    const started = Date.now();
    try {
      await second.startWorkers();
      await waitFor(() => done.length === 2 || undefined, 6000, 'both jobs after the restart');
      expect(done.map((d) => d.id)).toEqual([due, later]);
      expect(done[0]!.at - started).toBeLessThan(3000);
      expect(done[1]!.at).toBeGreaterThanOrEqual(laterAt);
    } finally {
      await second.dispose();
    }
  });
});
