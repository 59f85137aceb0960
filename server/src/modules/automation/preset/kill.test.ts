import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverRoot } from '../../../platform/paths.js';
import { PASSWORD, reopenTestApp, startTestApp, type TestApp } from '../../../../test/harness.js';
import { systemCtxFor, waitFor } from '../../../../test/support.js';
import { freePort } from '../../../../test/http-session.js';
import { scoped } from '../../../platform/db/scoped.js';
import { RESULT } from './codes.js';
import { automationReady, callDeal, DAY, distribute, open } from './scenario-kit.js';
import { callsPortal, dealOf, dealTasks, type CallsPortal } from './test-kit.js';

interface Server {
  child: ChildProcess;
  base: string;
  output: string[];
}

/** A real server process on the test's database, as an operator starts one. */
async function startServer(url: string): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverRoot(),
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: url,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'portal-calls-kill-')),
      DEMO_PASSWORD: 'calls-kill-password-1',
      LOG_LEVEL: 'warn',
      POLL_MS: '50',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (d) => output.push(String(d)));
  child.stderr!.on('data', (d) => output.push(String(d)));
  const s = { child, base: `http://127.0.0.1:${port}`, output };
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output.join('')}`);
      try {
        return (await fetch(`${s.base}/api/healthz`)).ok;
      } catch {
        return false;
      }
    },
    90_000,
    'the server to answer',
  );
  return s;
}

async function kill(s: Server): Promise<void> {
  if (s.child.exitCode !== null || s.child.signalCode !== null) return;
  const gone = new Promise((resolve) => s.child.once('exit', resolve));
  s.child.kill('SIGKILL');
  await gone;
}

/** A session at the spawned server, and a request in it. */
async function session(s: Server, portal: string, login: string) {
  const res = await fetch(`${s.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-portal': portal }, body: JSON.stringify({ login, password: PASSWORD }) });
  if (!res.ok) throw new Error(`sign-in: ${res.status} ${await res.text()}`);
  const cookies: Record<string, string> = {};
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(';');
    const i = pair!.indexOf('=');
    cookies[pair!.slice(0, i)] = pair!.slice(i + 1);
  }
  return (method: string, url: string, body?: unknown) =>
    fetch(s.base + url, {
      method,
      headers: {
        'x-portal': portal,
        'content-type': 'application/json',
        'x-csrf-token': cookies.csrf ?? '',
        cookie: Object.entries(cookies)
          .map(([k, v]) => `${k}=${v}`)
          .join('; '),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
}

/**
 * The server dies between a result and its robots: the first process sets the result and stops
 * before (or while) its processors act; a restarted one finishes, and everything the rules
 * demand is there exactly once.
 */
describe.runIf(automationReady)('«Воронка обзвона» after a kill -9 between the result and the robots', () => {
  let first: TestApp;
  let reader: TestApp;
  let c: CallsPortal;
  const servers: Server[] = [];

  beforeAll(async () => {
    first = await startTestApp();
    c = await callsPortal(first);
  });
  afterAll(async () => {
    for (const s of servers) await kill(s);
    await reader?.dispose();
  });

  /** Waits until `check` holds and then stays so while the server has nothing pending. */
  async function settled(check: () => Promise<boolean>): Promise<void> {
    await waitFor(
      async () => {
        if (!(await check())) return false;
        const busy = await scoped(systemCtxFor(reader, c.p.portal)).selectFrom('automation_run').select('id').where('status', 'in', ['pending']).limit(1).executeTakeFirst();
        return !busy;
      },
      60_000,
      'the restarted server to finish the robots',
    );
  }

  it('«Квалифицировать — Да» set, then the process stops before its robots: the restarted server moves the deal once, with one «Найти ЛПР»', { timeout: 300_000 }, async () => {
    const d = await callDeal(first, c, { title: 'Убит: квалификация' });
    await distribute(first, c, d.id);
    const lprDeal = await callDeal(first, c, { title: 'Убит: найти ЛПР' });
    await distribute(first, c, lprDeal.id);
    // The first process has no workers running: the results are in the outbox, nothing acted on them.
    expect((await c.as.employee.post(`/api/automation/deals/${d.id}/result`, { field: RESULT.qualify, value: 'yes' })).statusCode).toBe(200);
    expect((await c.as.employee.post(`/api/automation/deals/${lprDeal.id}/result`, { field: RESULT.qualify, value: 'yes' })).statusCode).toBe(200);
    await first.close();

    const a = await startServer(first.database.url);
    servers.push(a);
    reader = await reopenTestApp(first);
    // Killed as soon as its robots have begun, restarted: the backlog is finished, nothing twice.
    await waitFor(async () => (await dealOf(reader, c, d.id)).stage_id !== c.stage.UNSORTED || (await dealTasks(reader, c, d.id)).length > 2, 60_000, 'the robots to begin');
    await kill(a);
    const b = await startServer(first.database.url);
    servers.push(b);
    for (const id of [d.id, lprDeal.id]) {
      await settled(async () => (await dealOf(reader, c, id)).stage_id === c.stage.CONTACT && open(await dealTasks(reader, c, id), 'Найти ЛПР').length > 0);
      const tasks = await dealTasks(reader, c, id);
      expect(tasks.map((x) => [x.title, x.status])).toEqual([
        [expect.stringMatching(/^Распределить заявку: /), 'completed'],
        ['Квалифицировать заявку', 'completed'],
        ['Найти ЛПР', 'pending'],
      ]);
    }
  });

  it('«Найти ЛПР — Нет» at a real server killed right after it answered: the restarted one moves the deadline 30 days once', { timeout: 300_000 }, async () => {
    const s = servers.at(-1)!;
    const d = (await scoped(systemCtxFor(reader, c.p.portal)).selectFrom('crm_deal').select('id').where('title', '=', 'Убит: найти ЛПР').executeTakeFirstOrThrow())!;
    const lpr = open(await dealTasks(reader, c, d.id), 'Найти ЛПР')[0]!;
    const before = Date.parse(lpr.deadline!);
    const call = await session(s, c.p.portal.name, c.p.users.employee.email);
    const res = await call('POST', `/api/automation/deals/${d.id}/result`, { field: RESULT.findLpr, value: 'no' });
    expect(res.status).toBe(200);
    await kill(s);
    servers.push(await startServer(first.database.url));
    await settled(async () => Date.parse((await dealTasks(reader, c, d.id)).find((x) => x.id === lpr.id)!.deadline!) !== before);
    const after = (await dealTasks(reader, c, d.id)).find((x) => x.id === lpr.id)!;
    expect(Date.parse(after.deadline!)).toBe(before + 30 * DAY);
    expect(open(await dealTasks(reader, c, d.id), 'Найти ЛПР')).toHaveLength(1);
  });
});
