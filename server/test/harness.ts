import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { LightMyRequestResponse } from 'fastify';
import { inject } from 'vitest';
import { buildApp, type BuiltApp } from '../src/app.js';
import { loadConfig, type Config } from '../src/platform/config.js';
import { addDepartment, addMember, createPortal, setDepartmentHead } from '../src/modules/users/provision.js';
import { systemCtx, type PortalRow } from '../src/platform/context.js';

export const PASSWORD = 'test-password-1';
export const dbKind = (process.env.TEST_DB ?? 'sqlite') as 'sqlite' | 'postgres';

/**
 * A fresh database for one test app: a temp SQLite file, or a new PostgreSQL database. It is a
 * copy of the run's migrated template (test/global-setup.ts) unless `empty` is asked for.
 */
export async function freshDatabase(opts: { empty?: boolean } = {}): Promise<{ url: string; dataDir: string; drop(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-test-'));
  const template = opts.empty ? null : inject('templateDatabase');
  if (dbKind === 'sqlite') {
    const file = path.join(dataDir, 'test.db');
    if (template) fs.copyFileSync(template, file);
    return { url: `sqlite:${file}`, dataDir, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  }
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) throw new Error('TEST_DATABASE_URL is not set for the PostgreSQL run');
  const name = `portal_test_${crypto.randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect(); // fails loudly when the server is unreachable: never a silent skip
  await client.query(template ? `create database ${name} template ${template}` : `create database ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dataDir,
    async drop() {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      // A closed pool's connections say goodbye asynchronously: forcing them out mid-way makes
      // them fail loudly in the test process, so give them a moment first.
      for (let i = 0; i < 40; i++) {
        const r = await c.query('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
        if (!r.rows[0].n) break;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type TestDatabase = Awaited<ReturnType<typeof freshDatabase>>;

export interface TestApp extends BuiltApp {
  config: Config;
  /** The database this app runs on; `reopenTestApp` builds another app on it. */
  database: TestDatabase;
  /** Closes the app and drops its database. */
  dispose(): Promise<void>;
}

export async function startTestApp(overrides: Partial<Config> = {}, opts: { workers?: boolean; database?: TestDatabase } = {}): Promise<TestApp> {
  const db = opts.database ?? (await freshDatabase());
  // The sign-in rate limit stays on, far above what a test sends; its own tests set it low.
  const config = loadConfig({}, { databaseUrl: db.url, dataDir: db.dataDir, logLevel: 'silent', pollMs: 50, authRateLimit: 100_000, ...overrides });
  const built = await buildApp(config, { logger: false });
  if (opts.workers) await built.startWorkers();
  return {
    ...built,
    config,
    database: db,
    async dispose() {
      await built.close();
      await db.drop();
    },
  };
}

/**
 * Another app on the database of `previous`, as a restarted process (after `previous.close()`)
 * or as a second process beside it. Its `dispose` drops the shared database: close the others first.
 */
export async function reopenTestApp(previous: TestApp, overrides: Partial<Config> = {}, opts: { workers?: boolean } = {}): Promise<TestApp> {
  const app = await startTestApp({ ...previous.config, ...overrides }, { ...opts, database: previous.database });
  await app.platform.portals.reload();
  return app;
}

export interface TestPortal {
  portal: PortalRow;
  users: Record<'admin' | 'head' | 'employee' | 'other', { id: number; email: string; phone: string }>;
  departments: { root: number; team: number };
}

let seq = 0;

/** A portal with an administrator, a department head, an employee and one more employee. */
export async function buildPortal(t: BuiltApp, name = `portal${++seq}${crypto.randomBytes(2).toString('hex')}`): Promise<TestPortal> {
  const tag = name;
  const phoneBase = 9000000000 + Math.floor(Math.random() * 9_000_000) * 100;
  const mk = (n: number) => ({ email: `user${n}.${tag}@example.test`, phone: `+7${phoneBase + n}` });
  const result = await t.platform.db.transaction().execute(async (tx) => {
    const base = { db: tx, sys: t.platform.sys };
    const portal = await createPortal(base, name, `Портал ${name}`);
    const ctx = systemCtx(base, portal);
    const root = await addDepartment(ctx, 'Компания', null);
    const team = await addDepartment(ctx, 'Отдел', root);
    const a = mk(1),
      h = mk(2),
      e = mk(3),
      o = mk(4);
    const admin = await addMember(ctx, { ...a, password: PASSWORD, firstName: 'Анна', lastName: 'Админова', role: 'admin', departmentId: root });
    const head = await addMember(ctx, { ...h, password: PASSWORD, firstName: 'Ольга', lastName: 'Начальникова', position: 'Руководитель', departmentId: team, managerId: admin });
    const employee = await addMember(ctx, { ...e, password: PASSWORD, firstName: 'Иван', lastName: 'Сотрудников', position: 'Менеджер', departmentId: team, managerId: head });
    const other = await addMember(ctx, { ...o, password: PASSWORD, firstName: 'Мария', lastName: 'Другова', position: 'Менеджер', departmentId: team, managerId: head });
    await setDepartmentHead(ctx, team, head);
    return {
      portal,
      users: { admin: { id: admin, ...a }, head: { id: head, ...h }, employee: { id: employee, ...e }, other: { id: other, ...o } },
      departments: { root, team },
    };
  });
  await t.platform.portals.reload();
  return result;
}

export interface Agent {
  cookies: Record<string, string>;
  csrf: string;
  portal: string | null;
  request(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  del(url: string): Promise<LightMyRequestResponse>;
}

/** The requests that read the search index: the portal search, and the lists' and boards' search boxes. */
const SEARCHES = /^\/api\/search\b|[?&]search=/;

/** A client with a cookie jar addressing one portal by the X-Portal header, as the web app does. */
export function agent(t: BuiltApp, portal: string | null): Agent {
  const a: Agent = {
    cookies: {},
    csrf: '',
    portal,
    async request(method, url, body, headers = {}) {
      // A search asked right after a write: the index follows writes through the events outbox, a
      // moment later; a person typing gives it that moment, a test gives it the drain.
      if (SEARCHES.test(url)) await t.platform.events.drain();
      const res = await t.app.inject({
        method: method as 'GET',
        url,
        headers: {
          ...(portal !== null ? { 'x-portal': portal } : { 'x-portal': '' }),
          ...(a.csrf ? { 'x-csrf-token': a.csrf } : {}),
          cookie: Object.entries(a.cookies)
            .map(([k, v]) => `${k}=${v}`)
            .join('; '),
          ...headers,
        },
        ...(body !== undefined ? { payload: body as object } : {}),
      });
      for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
        if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) delete a.cookies[c.name];
        else a.cookies[c.name] = c.value;
      }
      if (a.cookies.csrf) a.csrf = a.cookies.csrf;
      return res;
    },
    get: (url) => a.request('GET', url),
    post: (url, body) => a.request('POST', url, body ?? {}),
    patch: (url, body) => a.request('PATCH', url, body ?? {}),
    put: (url, body) => a.request('PUT', url, body ?? {}),
    del: (url) => a.request('DELETE', url),
  };
  return a;
}

export async function signIn(t: BuiltApp, portal: string | null, login: string, password = PASSWORD): Promise<Agent> {
  const a = agent(t, portal);
  const res = await a.post('/api/auth/login', { login, password });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${login} failed: ${res.statusCode} ${res.body}`);
  return a;
}

/** The four people of a test portal, signed in: administrator, department head, employee and their colleague. */
export async function signInAll(t: BuiltApp, p: TestPortal): Promise<Record<'admin' | 'head' | 'employee' | 'other', Agent>> {
  const [admin, head, employee, other] = await Promise.all((['admin', 'head', 'employee', 'other'] as const).map((k) => signIn(t, p.portal.name, p.users[k].email)));
  return { admin: admin!, head: head!, employee: employee!, other: other! };
}
