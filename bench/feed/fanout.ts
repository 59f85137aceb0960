/**
 * The feed's realtime figure: a post to everyone reaching 5,000 open sockets held by two server
 * processes that share the database and carry events through Redis (≤ 1 s). The sockets are the
 * employees' own (a session each), half on each process; each run the time is from sending the
 * post to the last socket hearing it.
 *
 *   REDIS_URL=redis://127.0.0.1:6379 npx tsx bench/feed/fanout.ts        (SQLite, then PostgreSQL when BENCH_DATABASE_URL is set)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { buildApp } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/platform/config.js';
import { systemCtx } from '../../server/src/platform/context.js';
import { createSession } from '../../server/src/platform/auth/sessions.js';
import { addDepartment, addMember, createPortal } from '../../server/src/modules/users/provision.js';
import { freePort } from '../server-process.js';
import { freshDatabase } from '../fresh-database.js';
import { pct, runOnEachDatabase, step } from '../measure.js';

const USERS = Number(process.env.BENCH_SOCKETS ?? 5_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

function startServer(env: Record<string, string>): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'fanout-server.ts')], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout!.on('data', (b) => String(b).includes('ready') && resolve(child));
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
}

runOnEachDatabase(async (pgUrl) => {
  const db0 = await freshDatabase(pgUrl, 'fanout');
  const setup = await buildApp(loadConfig({}, { databaseUrl: db0.url, dataDir: db0.dataDir, logLevel: 'silent', pollMs: 60_000 }), { logger: false });
  const dialect = setup.platform.dialect;
  const sys = setup.platform.sys;
  step(`${dialect}: a portal of ${USERS.toLocaleString('en')} employees with a session each`);
  const portal = await setup.platform.db.transaction().execute((tx) => createPortal({ db: tx, sys }, 'benchfan', 'Бенчмарк рассылки'));
  const cookies: string[] = [];
  let adminCsrf = '';
  await setup.platform.db.transaction().execute(async (tx) => {
    const ctx = systemCtx({ db: tx, sys }, portal);
    const dep = await addDepartment(ctx, 'Компания', null);
    for (let i = 0; i < USERS; i++) {
      const id = await addMember(ctx, { email: `fan${i}@bench.example`, password: null, firstName: 'Анна', lastName: `Сотрудник${i}`, departmentId: dep, role: i === 0 ? 'admin' : 'employee' });
      const acc = await tx.selectFrom('app_user').select('account_id').where('id', '=', id).executeTakeFirstOrThrow();
      const s = await createSession(tx, acc.account_id, null, null, portal.id);
      cookies.push(`sid=${s.token}`);
      if (i === 0) adminCsrf = s.csrf;
    }
  });
  await setup.close();

  const ports = [await freePort(), await freePort()];
  const env = { DATABASE_URL: db0.url, DATA_DIR: db0.dataDir, REDIS_URL: REDIS, LOG_LEVEL: 'silent', SOCKET_CHECK_MS: '3600000', NODE_ENV: 'production' };
  const servers = await Promise.all(ports.map((p) => startServer({ ...env, PORT: String(p) })));
  const sockets: WebSocket[] = [];
  const heard = new Map<WebSocket, Set<string>>();
  let waiting: { id: string; left: number; done: () => void } | null = null;
  try {
    step(`${dialect}: opening ${USERS.toLocaleString('en')} sockets, half on each of two processes`);
    for (let i = 0; i < USERS; i += 250) {
      await Promise.all(
        cookies.slice(i, i + 250).map(
          (cookie, k) =>
            new Promise<void>((resolve, reject) => {
              const ws = new WebSocket(`ws://127.0.0.1:${ports[(i + k) % 2]}/api/realtime`, { headers: { cookie, 'x-portal': 'benchfan' } });
              heard.set(ws, new Set());
              ws.on('message', (raw) => {
                const m = JSON.parse(String(raw)) as { type: string; entityType?: string; entityId?: string; event?: string };
                if (m.type === 'ready') return resolve();
                if (m.entityType === 'feed_post' && m.event === 'feed.post.created' && waiting && m.entityId === waiting.id) {
                  const seen = heard.get(ws)!;
                  if (seen.has(m.entityId)) return;
                  seen.add(m.entityId);
                  if (--waiting.left === 0) waiting.done();
                }
              });
              ws.once('error', reject);
              sockets.push(ws);
            }),
        ),
      );
    }
    const ms: number[] = [];
    for (let run = 0; run < RUNS + 1; run++) {
      const t0 = performance.now();
      let resolveDone!: () => void;
      const done = new Promise<void>((r) => (resolveDone = r));
      const res = await fetch(`http://127.0.0.1:${ports[0]}/api/feed/posts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: cookies[0]!, 'x-portal': 'benchfan', 'x-csrf-token': adminCsrf },
        body: JSON.stringify({ html: `<p>Всем: новость ${run}</p>`, audience: [{ type: 'all' }] }),
      });
      if (res.status !== 200) throw new Error(`post refused: ${res.status} ${await res.text()}`);
      const id = String(((await res.json()) as { id: number }).id);
      // Messages that came before the answer count too.
      const early = [...heard.values()].filter((s) => s.has(id)).length;
      waiting = { id, left: USERS - early, done: resolveDone };
      if (waiting.left === 0) resolveDone();
      const timeout = setTimeout(() => resolveDone(), 30_000);
      await done;
      clearTimeout(timeout);
      const missed = waiting.left;
      waiting = null;
      if (missed) throw new Error(`${missed} sockets did not hear post ${id} within 30 s`);
      if (run > 0) ms.push(performance.now() - t0);
    }
    const p50 = pct(ms, 0.5);
    const max = Math.max(...ms);
    const pass = max <= 1000;
    console.log(
      `\n${pass ? 'PASS' : 'FAIL'}  fan-out (${dialect}): a post to everyone reaching ${USERS.toLocaleString('en')} sockets on two processes through Redis: p50 ${p50.toFixed(0)} ms, worst of ${RUNS} ${max.toFixed(0)} ms (target ≤ 1000 ms)`,
    );
    return pass;
  } finally {
    await Promise.all(sockets.map((s) => new Promise<void>((r) => (s.readyState === WebSocket.CLOSED ? r() : (s.once('close', () => r()), s.close())))));
    for (const s of servers) s.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1000));
    await db0.drop();
  }
});
