import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { serverRoot } from '../../../platform/paths.js';
import { buildPortal, reopenTestApp, signIn, startTestApp, type TestApp } from '../../../../test/harness.js';
import { waitFor } from '../../../../test/support.js';
import { scoped } from '../../../platform/db/scoped.js';
import { addRule, sysCtx } from './test-kit.js';

const DEALS = 400;

/** The real server (`node --import tsx src/main.ts`) on the test's database, its workers running. */
function startServer(url: string): { child: ChildProcess; output: string[] } {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-crash-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverRoot(),
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: url,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DEMO_PASSWORD: 'crash-test-password-1',
      LOG_LEVEL: 'warn',
      POLL_MS: '20',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (d) => output.push(String(d)));
  child.stderr!.on('data', (d) => output.push(String(d)));
  return { child, output };
}

const exited = (c: ChildProcess) => new Promise<void>((resolve) => (c.exitCode !== null || c.signalCode !== null ? resolve() : c.once('exit', () => resolve())));

let t: TestApp | null = null;
let reader: TestApp | null = null;
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await Promise.all(children.map(exited));
  await reader?.close();
  await t?.dispose();
});

describe('a server killed in the middle of the robots', () => {
  it('after kill -9 and a restart, every robot has run exactly once: no run lost, no move made twice', async () => {
    t = await startTestApp();
    const p = await buildPortal(t);
    const ctx = sysCtx(t, p.portal);
    const admin = await signIn(t, p.portal.name, p.users.admin.email);
    const pl = (await admin.post('/api/crm/pipelines', { name: 'Обзвон после сбоя' })).json() as { id: number };
    const stages = (await scoped(ctx).selectFrom('crm_stage').select(['id']).where('pipeline_id', '=', pl.id).orderBy('sort').execute()).map((s) => s.id);
    const [a, b, c] = stages as [number, number, number];
    // Each deal goes A → B → C by robots: two moves, each after its own stage entry.
    await addRule(t, p.portal, pl.id, { kind: 'robot', type: 'stage.change', name: 'В работу', config: { stageId: b }, stageId: a });
    await addRule(t, p.portal, pl.id, { kind: 'robot', type: 'stage.change', name: 'К завершению', config: { stageId: c }, stageId: b });
    for (let i = 0; i < DEALS; i++) expect((await admin.post('/api/crm/deals', { title: `Сбой ${i}`, stageId: a })).statusCode).toBe(200);
    const url = t.database.url;
    await t.close();

    const first = startServer(url);
    children.push(first.child);
    reader = await reopenTestApp(t, {}, { workers: false });
    const db = reader.platform.db;
    const count = async (status: string) => Number((await sql<{ n: number }>`select count(*) as n from automation_run where portal_id = ${p.portal.id} and status = ${status}`.execute(db)).rows[0]!.n);
    // Kill it once some runs are done and others are not.
    let seen = 0;
    await waitFor(
      async () => {
        if (first.child.exitCode !== null) throw new Error(`server exited:\n${first.output.join('')}`);
        seen = await count('done');
        return seen > 0 && seen < 2 * DEALS;
      },
      180_000,
      'the server to be in the middle of the robots',
    ).catch((err) => {
      throw new Error(`${err.message} (done: ${seen}; ${first.output.join('').slice(-2000)})`);
    });
    first.child.kill('SIGKILL');
    await exited(first.child);
    const atKill = await count('done');

    const second = startServer(url);
    children.push(second.child);
    await waitFor(
      async () => {
        if (second.child.exitCode !== null) throw new Error(`server exited:\n${second.output.join('')}`);
        return (await count('done')) === 2 * DEALS;
      },
      180_000,
      'the restarted server to finish the backlog',
    );
    // Let it look once more: nothing else comes.
    await new Promise((r) => setTimeout(r, 500));
    second.child.kill('SIGTERM');
    await exited(second.child);

    const runs = (
      await sql<{ rule_name: string; n: number; deals: number }>`
      select rule_name, count(*) as n, count(distinct entity_id) as deals from automation_run where portal_id = ${p.portal.id} group by rule_name order by rule_name`.execute(db)
    ).rows;
    expect(runs.map((r) => [r.rule_name, Number(r.n), Number(r.deals)])).toEqual([
      ['В работу', DEALS, DEALS],
      ['К завершению', DEALS, DEALS],
    ]);
    expect(await count('failed')).toBe(0);
    const at = (await sql<{ stage_id: number; n: number }>`select stage_id, count(*) as n from crm_deal where portal_id = ${p.portal.id} group by stage_id`.execute(db)).rows;
    expect(at.map((r) => [Number(r.stage_id), Number(r.n)])).toEqual([[c, DEALS]]);
    // Each deal was moved exactly twice: one event per move, none repeated.
    const moves = (await sql<{ n: number }>`select count(*) as n from domain_event where portal_id = ${p.portal.id} and type = 'crm.deal.updated' and payload like '%"stage_id"%'`.execute(db)).rows[0]!
      .n;
    expect(Number(moves)).toBe(2 * DEALS);
    expect(atKill).toBeLessThan(2 * DEALS);
  }, 240_000);
});
