import crypto from 'node:crypto';
import { expect } from 'vitest';
import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import type { BuiltApp, RouteEntry } from '../../src/app.js';
import type { RoutePolicy } from '../../src/platform/http/policy.js';
import { scoped } from '../../src/platform/db/scoped.js';
import { addDepartment, addMember } from '../../src/modules/users/provision.js';
import { systemCtx, type PortalRow } from '../../src/platform/context.js';
import { notify } from '../../src/modules/notifications/service.js';
import type { Agent, TestPortal } from '../harness.js';

export const POLICIES: RoutePolicy[] = ['public', 'session', 'member', 'admin'];
export const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** A word only portal A's items carry: an answer to portal B that contains it has leaked. */
export const SECRET = 'Альфа';

// ---------------------------------------------------------------- routes

/** Every API route the app registered (the OpenAPI pages aside). */
export function apiRoutes(t: BuiltApp): RouteEntry[] {
  return t.routes.filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'));
}

export const routeKey = (r: { method: string; url: string }) => `${r.method} ${r.url}`;
export const paramsOf = (url: string) => [...url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
export const isWrite = (r: RouteEntry) => WRITE_METHODS.has(r.method);

export function fillUrl(url: string, values: Record<string, string | number>): string {
  return url.replace(/:(\w+)/g, (_, name: string) => {
    if (values[name] === undefined) throw new Error(`no value for :${name} of ${url}`);
    return encodeURIComponent(String(values[name]));
  });
}

/**
 * The table a path parameter names a row of: `:dealId` → `…_deal`, `/users/:id` → `app_user`,
 * `/oidc-providers/:id` → `oidc_provider`. Null when nothing fits.
 */
export function tableForParam(url: string, param: string, tables: string[]): string | null {
  const segments = url.split('/');
  const at = segments.indexOf(`:${param}`);
  const word = param === 'id' || !/Id$/.test(param) ? (segments[at - 1] ?? '') : param.slice(0, -2).replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  const base = word.toLowerCase().replace(/-/g, '_');
  const singular = base.endsWith('ies') ? base.slice(0, -3) + 'y' : base.endsWith('sses') ? base.slice(0, -2) : base.replace(/s$/, '');
  return tables.find((t) => t === singular) ?? tables.find((t) => t.endsWith(`_${singular}`)) ?? null;
}

/**
 * Other spellings of one concrete address: percent-encoded letters (`/%61pi/users`), doubled
 * slashes, dot segments, mixed case, a trailing slash, an encoded slash. The server must decide
 * on the route that matched, never on the spelling: each either reaches the same route with the
 * same checks or matches nothing.
 */
export function spellings(url: string): { how: string; url: string }[] {
  const [path, query] = url.split(/\?(.*)/s) as [string, string | undefined];
  const q = query ? `?${query}` : '';
  const segments = path.split('/').slice(1);
  const encodeFirst = (seg: string) => (/^[a-z]/i.test(seg) ? `%${seg.charCodeAt(0).toString(16)}${seg.slice(1)}` : seg);
  const encodeAll = (seg: string) => seg.replace(/[a-z]/gi, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const out = [
    { how: 'encoded first letter', url: `/${segments.map(encodeFirst).join('/')}${q}` },
    { how: 'encoded /api only', url: `/%61pi/${segments.slice(1).join('/')}${q}` },
    { how: 'every letter encoded', url: `/${segments.map(encodeAll).join('/')}${q}` },
    { how: 'doubled slashes', url: `//${segments.join('//')}${q}` },
    { how: 'dot segments', url: `/${segments[0]}/./${segments.slice(1).join('/')}${q}` },
    { how: 'dot-dot segment', url: `/${segments[0]}/x/../${segments.slice(1).join('/')}${q}` },
    { how: 'mixed case', url: `/${segments.map((s) => s.charAt(0).toUpperCase() + s.slice(1)).join('/')}${q}` },
    { how: 'trailing slash', url: `${path}/${q}` },
    { how: 'encoded slash', url: `/${segments[0]}%2F${segments.slice(1).join('/')}${q}` },
  ];
  return out.filter((s) => s.url !== url);
}

// ---------------------------------------------------------------- database

/** Tables and their columns, read from the database itself so that new modules are covered. */
export async function tableColumns(t: BuiltApp): Promise<Record<string, string[]>> {
  const db = t.platform.db;
  const rows =
    t.platform.dialect === 'postgres'
      ? (
          await sql<{
            t: string;
            c: string;
          }>`select table_name as t, column_name as c from information_schema.columns where table_schema = current_schema() order by table_name, ordinal_position`.execute(db)
        ).rows
      : (
          await sql<{
            t: string;
            c: string;
          }>`select m.name as t, p.name as c from sqlite_master m join pragma_table_info(m.name) p where m.type = 'table' and m.name not like 'sqlite_%' and m.name not like 'search_fts%' order by m.name, p.cid`.execute(
            db,
          )
        ).rows;
  const out: Record<string, string[]> = {};
  for (const r of rows) (out[r.t] ??= []).push(r.c);
  return out;
}

/** Columns that change on a read (a session's sliding expiry): not a write by the request. */
const VOLATILE: Record<string, string[]> = { session: ['last_seen_at', 'expires_at'] };

export type Snapshot = Map<string, string>;

/** Every table's row count and a digest of its rows: any insert, update or delete shows. One query. */
export async function snapshot(t: BuiltApp, columns?: Record<string, string[]>): Promise<Snapshot> {
  const cols = columns ?? (await tableColumns(t));
  const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const pg = t.platform.dialect === 'postgres';
  const parts = Object.entries(cols).map(([table, names]) => {
    const kept = names
      .filter((c) => !(VOLATILE[table] ?? []).includes(c))
      .map(q)
      .join(', ');
    const row = pg ? `json_build_array(${kept})::text` : `json_array(${kept})`;
    const digest = pg ? `md5(coalesce(string_agg(x, chr(10) order by x), ''))` : `group_concat(x, char(10))`;
    return `select '${table}' as t, count(*) as n, ${digest} as h from (select ${row} as x from ${q(table)}${pg ? '' : ' order by 1'}) r`;
  });
  const { rows } = await sql<{ t: string; n: number; h: string | null }>`${sql.raw(parts.join(' union all '))}`.execute(t.platform.db);
  return new Map(
    rows.map((r) => [
      r.t,
      `${Number(r.n)} rows ${
        pg
          ? r.h
          : crypto
              .createHash('sha1')
              .update(r.h ?? '')
              .digest('hex')
      }`,
    ]),
  );
}

export function changedTables(before: Snapshot, after: Snapshot): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((n) => before.get(n) !== after.get(n)).map((n) => `${n}: ${before.get(n)} → ${after.get(n)}`);
}

/** Ids of a portal's rows in every table that has `id` and `portal_id`. */
export async function portalIds(t: BuiltApp, portalId: number, columns: Record<string, string[]>): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = {};
  for (const [table, cols] of Object.entries(columns)) {
    if (!cols.includes('id') || !cols.includes('portal_id')) continue;
    const { rows } = await sql<{ id: number }>`select id from ${sql.table(table)} where portal_id = ${portalId} order by id`.execute(t.platform.db);
    out[table] = rows.map((r) => Number(r.id));
  }
  return out;
}

// ---------------------------------------------------------------- requests

export interface SendOptions {
  /** A raw payload sent as is (malformed JSON and the like). */
  raw?: string;
  headers?: Record<string, string>;
  /** Leave the X-Portal header out (addressing by host name or by nothing). */
  noPortalHeader?: boolean;
}

/** One request as `a` (or anonymously), the body sent as JSON; the cookie jar is left as it was. */
export function send(t: BuiltApp, a: Agent | null, portal: string | null, method: string, url: string, body?: unknown, opts: SendOptions = {}): Promise<LightMyRequestResponse> {
  const payload = opts.raw ?? (body === undefined ? undefined : JSON.stringify(body));
  return t.app.inject({
    method: method as 'GET',
    url,
    headers: {
      ...(opts.noPortalHeader ? {} : { 'x-portal': portal ?? '' }),
      ...(a
        ? {
            cookie: Object.entries(a.cookies)
              .map(([k, v]) => `${k}=${v}`)
              .join('; '),
            'x-csrf-token': a.csrf,
          }
        : {}),
      ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
      ...opts.headers,
    },
    ...(payload !== undefined ? { payload } : {}),
  });
}

/** A file upload (multipart/form-data with one `file` part) as `a`. */
export function sendFile(t: BuiltApp, a: Agent, portal: string, url: string, fileName: string, content: string, type = 'text/csv'): Promise<LightMyRequestResponse> {
  const boundary = `----security-test-${crypto.randomBytes(8).toString('hex')}`;
  const payload = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n${content}\r\n--${boundary}--\r\n`);
  return t.app.inject({
    method: 'POST',
    url,
    headers: {
      'x-portal': portal,
      cookie: Object.entries(a.cookies)
        .map(([k, v]) => `${k}=${v}`)
        .join('; '),
      'x-csrf-token': a.csrf,
      'content-type': `multipart/form-data; boundary=${boundary}`,
    },
    payload,
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What must never reach a client: stack frames, exception names, paths, SQL engine messages. */
const INTERNALS: RegExp[] = [
  /\bat [\w$.<>[\] ]+ \(?[^()\s]+:\d+:\d+\)?/,
  /(?:^|[^\p{L}])(?:[A-Z]\w*)?Error: /u,
  /node_modules/,
  /\/work\/|\/tmp\/|file:\/\//,
  /SQLITE_[A-Z]|SqliteError|better-sqlite3/,
  /\bduplicate key\b|\bviolates\b|\brelation "|\bsyntax error\b|\binvalid input syntax\b|\bout of range for type\b/i,
  /FST_ERR|ZodError|\$Zod/,
];

export function expectNoInternals(text: string, label = ''): void {
  for (const re of INTERNALS) expect(text, `${label}: ${re} in ${text.slice(0, 300)}`).not.toMatch(re);
}

/** The one error shape: `{ error: { code, message, fields?, requestId } }`, JSON, nothing internal. */
export function expectErrorShape(res: LightMyRequestResponse, label = '', want?: { status?: number; code?: string }): { code: string; message: string; fields?: { field: string; message: string }[] } {
  const where = `${label} → ${res.statusCode} ${res.body.slice(0, 300)}`;
  if (want?.status !== undefined) expect(res.statusCode, where).toBe(want.status);
  expect(res.statusCode, where).toBeGreaterThanOrEqual(400);
  expect(String(res.headers['content-type']), where).toMatch(/^application\/json/);
  let body: any;
  expect(() => (body = JSON.parse(res.body)), where).not.toThrow();
  expect(Object.keys(body), where).toEqual(['error']);
  const e = body.error;
  expect(
    Object.keys(e).filter((k) => !['code', 'message', 'fields', 'requestId'].includes(k)),
    where,
  ).toEqual([]);
  expect(typeof e.code === 'string' && e.code.length > 0, where).toBe(true);
  expect(typeof e.message === 'string' && e.message.length > 0, where).toBe(true);
  expect(e.requestId, where).toMatch(UUID);
  if (e.fields !== undefined) {
    expect(Array.isArray(e.fields), where).toBe(true);
    for (const f of e.fields) expect(typeof f.field === 'string' && typeof f.message === 'string', where).toBe(true);
  }
  if (want?.code !== undefined) expect(e.code, where).toBe(want.code);
  expectNoInternals(res.body, label);
  return e;
}

// ---------------------------------------------------------------- data

/**
 * Items of `p` that only it has, marked with SECRET: a department, an invited-less member,
 * notifications of every user, a sign-in provider and an event a processor failed on.
 */
export async function seedSecrets(t: BuiltApp, p: TestPortal): Promise<void> {
  await t.platform.db.transaction().execute(async (tx) => {
    const ctx = systemCtx({ db: tx, sys: t.platform.sys }, p.portal as PortalRow);
    const dept = await addDepartment(ctx, `${SECRET}-секрет`, p.departments.root);
    await addMember(ctx, { email: `secret.${p.portal.name}@example.test`, password: null, firstName: SECRET, lastName: 'Секретов', position: `${SECRET}-должность`, departmentId: dept });
    for (const u of Object.values(p.users)) {
      await notify(ctx, { userId: u.id, kind: 'test', title: `${SECRET}: уведомление`, body: `${SECRET} текст`, url: null });
    }
    await scoped(ctx)
      .insertInto('oidc_provider', { label: `${SECRET} SSO`, issuer: 'https://sso.alpha.example.test', client_id: 'alpha', client_secret: 'alpha-secret', enabled: 1 })
      .execute();
    const event = await scoped(ctx).selectFrom('domain_event').select(['id', 'type']).orderBy('id', 'desc').executeTakeFirstOrThrow();
    const at = new Date().toISOString();
    await scoped(ctx)
      .insertInto('processor_failure', {
        processor: 'test.secret',
        event_id: event.id,
        event_type: event.type,
        attempts: 5,
        last_error: `${SECRET} ошибка`,
        status: 'failed',
        next_attempt_at: null,
        created_at: at,
        updated_at: at,
      })
      .execute();
  });
}

/** The current version of a row, so that a sample update is based on what is stored. */
export async function versionOf(t: BuiltApp, table: string, id: number): Promise<number> {
  const { rows } = await sql<{ version: number }>`select version from ${sql.table(table)} where id = ${id}`.execute(t.platform.db);
  return Number(rows[0]?.version ?? 1);
}
