import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { serverRoot } from '../src/platform/paths.js';
import { freshDatabase, type TestDatabase } from './harness.js';
import { waitFor } from './support.js';
import { openSocket, type LiveSocket } from './ws-client.js';

const PORTAL = 'vavilonproject';
const PASSWORD = 'scale-out-password-1';
const REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';

interface ServerProcess {
  name: string;
  child: ChildProcess;
  base: string;
  output: string[];
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** `node --import tsx src/main.ts`, as an operator would run one more process of the same build. */
async function startServer(name: string, db: TestDatabase): Promise<ServerProcess> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `portal-${name}-`));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverRoot(),
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: db.url,
      REDIS_URL,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATA_DIR: dataDir,
      DEMO_PASSWORD: PASSWORD,
      LOG_LEVEL: 'warn',
      // The heartbeat is an hour away: a socket closed here was closed by the announcement.
      SOCKET_CHECK_MS: '3600000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (d) => output.push(String(d)));
  child.stderr!.on('data', (d) => output.push(String(d)));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { name, child, base: `http://127.0.0.1:${port}`, output, exit };
}

async function healthy(s: ServerProcess): Promise<{ ok: boolean; db: string; realtime: string }> {
  return waitFor(
    async () => {
      if (s.child.exitCode !== null) throw new Error(`${s.name} exited with ${s.child.exitCode}:\n${s.output.join('')}`);
      try {
        const res = await fetch(`${s.base}/api/healthz`);
        return res.ok ? await res.json() : undefined;
      } catch {
        return undefined; // not listening yet
      }
    },
    60_000,
    `${s.name} to answer /api/healthz`,
  );
}

interface Session {
  cookies: Record<string, string>;
  userId: number;
}

async function call(s: ServerProcess, session: Session | null, method: string, url: string, body?: unknown) {
  const headers: Record<string, string> = { 'x-portal': PORTAL };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (session) {
    headers.cookie = Object.entries(session.cookies)
      .map(([k, v]) => `${k}=${v}`)
      .join('; ');
    headers['x-csrf-token'] = session.cookies.csrf ?? '';
  }
  return fetch(s.base + url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

async function signIn(s: ServerProcess, login: string): Promise<Session> {
  const res = await call(s, null, 'POST', '/api/auth/login', { login, password: PASSWORD });
  expect(res.status, `${login} at ${s.name}`).toBe(200);
  const cookies: Record<string, string> = {};
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(';');
    const i = pair!.indexOf('=');
    cookies[pair!.slice(0, i)] = pair!.slice(i + 1);
  }
  return { cookies, userId: (await res.json()).user.id };
}

describe.runIf(process.env.TEST_DB === 'postgres')('several server processes behind one database and Redis', () => {
  let db: TestDatabase;
  let a: ServerProcess;
  let b: ServerProcess;
  let socket: LiveSocket | null = null;

  beforeAll(async () => {
    // Redis is part of this set-up: without it the test fails rather than skips.
    const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 3000, retryStrategy: () => null });
    try {
      await redis.connect();
      expect(await redis.ping()).toBe('PONG');
    } finally {
      redis.disconnect();
    }
    db = await freshDatabase({ empty: true });
    // Both start at once on an empty database, as a deployment of two replicas does.
    [a, b] = await Promise.all([startServer('A', db), startServer('B', db)]);
  }, 90_000);

  afterAll(async () => {
    await socket?.close();
    for (const s of [a, b]) if (s && s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
    await db?.drop();
  });

  it('after «Выйти» through one process, the other refuses the session on its very next request and closes its socket at once', async () => {
    expect(await healthy(a)).toMatchObject({ ok: true, realtime: 'redis' });
    expect(await healthy(b)).toMatchObject({ ok: true, realtime: 'redis' });
    const tm2 = await signIn(a, 'tm2@vavilon.example');
    // The same session, used through B: a request and an open page.
    expect((await call(b, tm2, 'GET', '/api/auth/me')).status).toBe(200);
    const open = await openSocket(`${b.base.replace('http', 'ws')}/api/realtime`, {
      'x-portal': PORTAL,
      origin: b.base,
      cookie: Object.entries(tm2.cookies)
        .map(([k, v]) => `${k}=${v}`)
        .join('; '),
    });
    try {
      expect((await call(a, tm2, 'POST', '/api/auth/logout')).status).toBe(200);
      const next = await call(b, tm2, 'GET', '/api/auth/me');
      expect(next.status).toBe(401);
      expect((await next.json()).error.code).toBe('unauthenticated');
      const closed = await Promise.race([open.closed, new Promise<'open'>((r) => setTimeout(() => r('open'), 5000))]);
      expect(closed).toBe(4401);
    } finally {
      await open.close();
    }
  }, 90_000);

  it('tells a socket held by one process about a change made through the other only when its user may read the item', async () => {
    await Promise.all([healthy(a), healthy(b)]);
    const admin = await signIn(a, 'admin@vavilon.example');
    const tm1 = await signIn(b, 'tm1@vavilon.example');
    const open = await openSocket(`${b.base.replace('http', 'ws')}/api/realtime`, {
      'x-portal': PORTAL,
      cookie: Object.entries(tm1.cookies)
        .map(([k, v]) => `${k}=${v}`)
        .join('; '),
    });
    try {
      const sales = (await (await call(a, admin, 'GET', `/api/users?search=${encodeURIComponent('Волков')}`)).json()).items[0].id as number;
      const deal = async (title: string, responsibleId: number) => {
        const res = await call(a, admin, 'POST', '/api/crm/deals', { title, responsibleId });
        expect(res.status).toBe(200);
        return (await res.json()).id as number;
      };
      // The sales department's deal first, then tm1's own: once the second arrives, the first was checked.
      const hidden = await deal('Сделка отдела продаж', sales);
      const own = await deal('Сделка Кузнецова', tm1.userId);
      await waitFor(() => open.messages.some((m) => m.entityType === 'deal' && m.entityId === String(own)) || undefined, 10_000, 'tm1 hears their own deal on B');
      expect(open.messages.filter((m) => m.entityType === 'deal' && m.entityId === String(hidden))).toEqual([]);
    } finally {
      await open.close();
    }
  }, 30_000);

  it('delivers a notification caused through one process to a socket held by the other, and both shut down cleanly', async () => {
    expect(await healthy(a)).toEqual({ ok: true, db: 'postgres', realtime: 'redis' });
    expect(await healthy(b)).toEqual({ ok: true, db: 'postgres', realtime: 'redis' });

    const admin = await signIn(a, 'admin@vavilon.example');
    const tm1 = await signIn(b, 'tm1@vavilon.example');
    socket = await openSocket(`${b.base.replace('http', 'ws')}/api/realtime`, {
      'x-portal': PORTAL,
      cookie: Object.entries(tm1.cookies)
        .map(([k, v]) => `${k}=${v}`)
        .join('; '),
    });

    const profile = await (await call(a, admin, 'GET', `/api/users/${tm1.userId}`)).json();
    expect(profile.fullName).toBe('Иван Кузнецов');
    const patched = await call(a, admin, 'PATCH', `/api/users/${tm1.userId}`, { version: profile.version, position: 'Старший менеджер по телемаркетингу' });
    expect(patched.status).toBe(200);

    // The demo portal's tasks and its call deals' robots give the employee notifications of their own: the one of this change is looked for among them.
    const live = socket;
    const pushed = await waitFor(
      () => live.messages.find((m) => m.type === 'notification' && (m.notification as { title: string }).title === 'Ваш профиль изменён'),
      15_000,
      'the profile notification on B',
    );
    expect(pushed).toMatchObject({ notification: { title: 'Ваш профиль изменён', body: 'Анна Смирнова: должность' } });
    expect(pushed.unread).toBeGreaterThanOrEqual(1);
    // The same notification, read through process B.
    const bell = await (await call(b, tm1, 'GET', '/api/notifications')).json();
    expect(bell.items.map((n: { id: number }) => n.id)).toContain((pushed.notification as { id: number }).id);

    // Graceful shutdown, with a socket still open on B.
    const started = Date.now();
    a.child.kill('SIGTERM');
    b.child.kill('SIGTERM');
    const [exitA, exitB] = await Promise.all([a.exit, b.exit]);
    expect(exitA, a.output.join('')).toEqual({ code: 0, signal: null });
    expect(exitB, b.output.join('')).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 90_000);
});
