import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { defineEvent, NoPayload, usersEvents } from '@vavilon/contracts';
import { z } from 'zod';
import { EventPayloadError, eventOf, recordEvent } from './events/outbox.js';
import { defineProcessor } from './events/processors.js';
import { afterCommit, transaction } from './context.js';
import { buildPortal, signIn, startTestApp, type TestApp } from '../../test/harness.js';
import { drainUntil, systemCtxFor, waitFor } from '../../test/support.js';

const apps: TestApp[] = [];
async function app(opts: { workers?: boolean } = {}, overrides = {}): Promise<TestApp> {
  const t = await startTestApp(overrides, opts);
  apps.push(t);
  return t;
}
afterEach(async () => {
  while (apps.length) await apps.pop()!.dispose();
});

const ThingChanged = defineEvent('test.thing.changed', NoPayload);
const ThingMoved = defineEvent('test.thing.moved', z.object({ to: z.string() }));

async function record(t: TestApp, portal: Parameters<typeof systemCtxFor>[1], ids: string[]) {
  await t.platform.transaction(systemCtxFor(t, portal), async (tx) => {
    for (const id of ids) await recordEvent(tx, ThingChanged, { entityType: 'thing', entityId: id });
  });
}

/** A promise released from outside. */
function gate() {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}

describe('event processors', () => {
  it('a slow processor holds back neither another processor nor a write request', async () => {
    const t = await app({ workers: true }, { processorTimeoutMs: 300 });
    const p = await buildPortal(t);
    const admin = await signIn(t, p.portal.name, p.users.admin.email);
    await sql`create table test_slow (entity_id varchar(50) not null)`.execute(t.platform.db);
    const stuck = gate();
    const slow = { started: 0, done: [] as string[] };
    const quick: string[] = [];
    t.platform.events.register(
      defineProcessor({
        name: 'test.slow',
        events: [ThingChanged],
        async handle(e, tx) {
          // Against the rule (a handler only writes to the database): it waits on something else.
          if (slow.started++ === 0) await stuck.promise;
          await sql`insert into test_slow (entity_id) values (${e.entityId})`.execute(tx.db);
          slow.done.push(e.entityId);
        },
      }),
    );
    t.platform.events.register(
      defineProcessor({
        name: 'test.quick',
        events: [ThingChanged],
        async handle(e) {
          quick.push(e.entityId);
        },
      }),
    );

    await record(t, p.portal, ['a']);
    await waitFor(() => slow.started > 0 || undefined, 5000, 'the slow handler to start');
    // The other processor gets the event while the slow one is stuck.
    await waitFor(() => quick.includes('a') || undefined, 5000, 'the quick processor');
    // A write through the API completes while it is stuck.
    const { version } = (await admin.get(`/api/users/${p.users.employee.id}`)).json();
    const patched = await admin.patch(`/api/users/${p.users.employee.id}`, { version, position: 'Ведущий менеджер' });
    expect(patched.statusCode).toBe(200);
    await record(t, p.portal, ['b']);
    await waitFor(() => quick.includes('b') || undefined, 5000, 'the quick processor, later event');
    expect(slow.done).not.toContain('a');

    // The stuck try counted as a failure, kept with its reason; the event is not lost.
    const failure = await waitFor(() => t.platform.db.selectFrom('processor_failure').selectAll().where('processor', '=', 'test.slow').executeTakeFirst(), 5000, 'the slow failure');
    expect(failure).toMatchObject({ event_type: 'test.thing.changed', attempts: 1, status: 'retrying' });
    expect(failure.last_error).toMatch(/longer than 300 ms/);
    stuck.open();
    // Retried after its back-off, it goes through; the later event was not held back by it either.
    await waitFor(() => (slow.done.includes('a') && slow.done.includes('b')) || undefined, 10_000, 'the slow processor to catch up');
    await waitFor(async () => !(await t.platform.db.selectFrom('processor_failure').select('id').where('processor', '=', 'test.slow').executeTakeFirst()) || undefined, 5000, 'the failure to go');
    // Each once: the stuck try, woken after its transaction was over, could write nothing.
    const written = await sql<{ entity_id: string }>`select entity_id from test_slow order by entity_id`.execute(t.platform.db);
    expect(written.rows.map((r) => r.entity_id)).toEqual(['a', 'b']);
  });

  it('keeps a failing event in processor_failure, retries it with back-off, shows it to the administrator and retries it on request', async () => {
    const t = await app();
    const p = await buildPortal(t);
    const other = await buildPortal(t);
    const admin = await signIn(t, p.portal.name, p.users.admin.email);
    const employee = await signIn(t, p.portal.name, p.users.employee.email);
    const otherAdmin = await signIn(t, other.portal.name, other.users.admin.email);
    let fixed = false;
    const done: string[] = [];
    t.platform.events.register(
      defineProcessor({
        name: 'test.fragile',
        events: [ThingChanged],
        async handle(e) {
          if (!fixed && e.entityId !== 'fine') throw new Error(`cannot handle ${e.entityId}`);
          done.push(e.entityId);
        },
      }),
    );
    await record(t, p.portal, ['x', 'fine', 'y']);
    await t.platform.events.drain();
    // The processor moved on past the failing events only by writing them down.
    expect(done).toEqual(['fine']);
    const rows = () => t.platform.db.selectFrom('processor_failure').selectAll().where('processor', '=', 'test.fragile').orderBy('event_id').execute();
    // On a busy machine the drain may already have made the first retry: one try or more, never five.
    const tried = expect.toSatisfy((n: number) => n >= 1 && n < 5);
    expect(await rows()).toEqual([
      expect.objectContaining({ attempts: tried, last_error: 'cannot handle x', status: 'retrying', portal_id: p.portal.id }),
      expect.objectContaining({ attempts: tried, last_error: 'cannot handle y', status: 'retrying' }),
    ]);

    // Retried with back-off: each wait twice the last, until five tries; then it waits for an administrator.
    const gaps: number[] = [];
    const first = (await rows())[0]!.attempts + 1;
    for (let attempts = first; attempts <= 5; attempts++) {
      const before = (await rows())[0]!;
      gaps.push(Date.parse(before.next_attempt_at!) - Date.parse(before.updated_at));
      await drainUntil(t, async () => (await rows())[0]!.attempts === attempts || undefined, 10_000, `try ${attempts}`);
    }
    expect(gaps.map((g) => g / gaps[0]!)).toEqual([1, 2, 4, 8].slice(0, gaps.length));
    expect(gaps.length).toBeGreaterThanOrEqual(2);
    await drainUntil(t, async () => (await rows()).every((r) => r.status === 'failed') || undefined, 10_000, 'both to fail for good');
    expect(await rows()).toEqual([
      expect.objectContaining({ attempts: 5, status: 'failed', next_attempt_at: null }),
      expect.objectContaining({ attempts: 5, status: 'failed', next_attempt_at: null }),
    ]);
    await t.platform.events.drain();
    expect((await rows()).map((r) => r.attempts)).toEqual([5, 5]);

    // The administrator's page lists them; nobody else sees them.
    const list = await admin.get('/api/admin/processor-failures');
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({ total: 2, page: 1 });
    expect(list.json().items).toEqual([
      expect.objectContaining({ processor: 'test.fragile', eventType: 'test.thing.changed', entityType: 'thing', entityId: 'y', attempts: 5, status: 'failed', lastError: 'cannot handle y' }),
      expect.objectContaining({ entityId: 'x' }),
    ]);
    expect((await admin.get('/api/admin/processor-failures?pageSize=1&page=2')).json().items).toEqual([expect.objectContaining({ entityId: 'x' })]);
    expect((await employee.get('/api/admin/processor-failures')).statusCode).toBe(403);
    expect((await otherAdmin.get('/api/admin/processor-failures')).json()).toMatchObject({ items: [], total: 0 });
    const [y, x] = list.json().items as { id: number }[];
    expect((await otherAdmin.post(`/api/admin/processor-failures/${x!.id}/retry`, {})).statusCode).toBe(404);

    // Fixed, one is retried by its own button, the rest by «retry all» of the processor.
    fixed = true;
    const one = await admin.post(`/api/admin/processor-failures/${x!.id}/retry`, {});
    expect(one.statusCode).toBe(200);
    await drainUntil(t, async () => done.includes('x') || undefined);
    expect(done).not.toContain('y');
    expect((await rows()).map((r) => r.id)).toEqual([y!.id]);
    const all = await admin.post('/api/admin/processor-failures/retry', { processor: 'test.fragile' });
    expect(all.json()).toEqual({ retried: 1 });
    await drainUntil(t, async () => done.includes('y') || undefined);
    expect(await rows()).toEqual([]);
    expect((await admin.get('/api/admin/processor-failures')).json()).toMatchObject({ items: [], total: 0 });
  });

  it('rejects a payload that does not match its definition when recorded, and gives processors typed payloads', async () => {
    const t = await app();
    const p = await buildPortal(t);
    const ctx = systemCtxFor(t, p.portal);
    const bad = { to: 5 } as unknown as { to: string };
    await expect(t.platform.transaction(ctx, (tx) => recordEvent(tx, ThingMoved, { entityType: 'thing', entityId: 'q', payload: bad }))).rejects.toThrow(EventPayloadError);
    await expect(t.platform.transaction(ctx, (tx) => recordEvent(tx, usersEvents.userInvited, { entityType: 'user', entityId: 1, payload: { login: null as unknown as string } }))).rejects.toThrow(
      /users\.user\.invited.*login/,
    );
    const stored = await t.platform.db.selectFrom('domain_event').select('id').where('type', 'in', ['test.thing.moved', 'users.user.invited']).where('portal_id', '=', p.portal.id).execute();
    expect(stored).toEqual([]);

    // The compiler holds the same line (these lines fail the type check if it did not).
    // @ts-expect-error users.user.invited needs a login
    eventOf(usersEvents.userInvited, { entityType: 'user', entityId: 1, payload: {} });
    // @ts-expect-error a payload of the wrong type
    eventOf(ThingMoved, { entityType: 'thing', entityId: 1, payload: { to: 1 } });

    const seen: string[] = [];
    t.platform.events.register(
      defineProcessor({
        name: 'test.typed',
        events: [ThingMoved, ThingChanged],
        async handle(e) {
          // `type` tells the definitions apart: only a move has `to`.
          if (e.type === 'test.thing.moved') seen.push(`${e.entityId}→${e.payload.to}`);
          else seen.push(e.entityId);
        },
      }),
    );
    await t.platform.transaction(ctx, async (tx) => {
      await recordEvent(tx, ThingMoved, { entityType: 'thing', entityId: 'q', payload: { to: 'archive' } });
      await recordEvent(tx, ThingChanged, { entityType: 'thing', entityId: 'r' });
    });
    await drainUntil(t, async () => seen.length === 2 || undefined);
    expect(seen).toEqual(['q→archive', 'r']);
  });

  it('runs after-commit hooks only once their transaction committed, never after a rollback', async () => {
    const t = await app();
    const p = await buildPortal(t);
    const ctx = systemCtxFor(t, p.portal);
    const ran: string[] = [];
    await expect(
      transaction(ctx, async (tx) => {
        afterCommit(tx, () => void ran.push('rolled back'));
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    await transaction(ctx, async (tx) => {
      afterCommit(tx, () => void ran.push('committed'));
      expect(ran).toEqual([]);
    });
    expect(ran).toEqual(['committed']);

    // A processor's hooks: run after its batch commits (its write is visible to others then); a failed try's never.
    await sql`create table test_effect (entity_id varchar(50) not null)`.execute(t.platform.db);
    const hooks: string[] = [];
    t.platform.events.register(
      defineProcessor({
        name: 'test.hooks',
        events: [ThingChanged],
        async handle(e, tx) {
          await sql`insert into test_effect (entity_id) values (${e.entityId})`.execute(tx.db);
          tx.afterCommit(async () => {
            const r = await sql<{ n: number }>`select count(*) as n from test_effect where entity_id = ${e.entityId}`.execute(t.platform.db);
            hooks.push(`${e.entityId}:${Number(r.rows[0]!.n)}`);
          });
          if (e.entityId === 'bad') throw new Error('bad');
        },
      }),
    );
    await record(t, p.portal, ['good', 'bad']);
    await t.platform.events.drain();
    expect(hooks).toEqual(['good:1']);
    const effects = await sql<{ entity_id: string }>`select entity_id from test_effect`.execute(t.platform.db);
    expect(effects.rows.map((r) => r.entity_id)).toEqual(['good']);
  });
});

describe('holes in the event ids (PostgreSQL)', () => {
  it('passes an id a rolled-back transaction took at once, and waits for one a transaction still open holds', async () => {
    const t = await app();
    if (t.platform.dialect !== 'postgres') return;
    const p = await buildPortal(t);
    const seen: string[] = [];
    t.platform.events.register(
      defineProcessor({
        name: 'test.holes',
        events: [ThingChanged],
        async handle(e) {
          seen.push(e.entityId);
        },
      }),
    );
    await t.platform.events.drain();
    seen.length = 0;
    // A write that fails after recording its event leaves its id unused for good.
    await expect(
      t.platform.transaction(systemCtxFor(t, p.portal), async (tx) => {
        await recordEvent(tx, ThingChanged, { entityType: 'thing', entityId: 'rolled-back' });
        throw new Error('the write fails');
      }),
    ).rejects.toThrow('the write fails');
    await record(t, p.portal, ['after-the-hole']);
    // One pass, no waiting out the hole: nothing still open could fill it.
    await t.platform.events.drain();
    expect(seen).toEqual(['after-the-hole']);

    // An id taken by a transaction still open is waited for, then handled in its turn.
    const open = gate();
    const held = t.platform.transaction(systemCtxFor(t, p.portal), async (tx) => {
      await recordEvent(tx, ThingChanged, { entityType: 'thing', entityId: 'late' });
      await open.promise;
    });
    await new Promise((r) => setTimeout(r, 50));
    await record(t, p.portal, ['early']);
    await t.platform.events.drain();
    expect(seen).toEqual(['after-the-hole']);
    open.open();
    await held;
    await t.platform.events.drain();
    expect(seen).toEqual(['after-the-hole', 'late', 'early']);
  });
});
