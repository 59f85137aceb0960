import crypto from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import type { CrmAction, EntityType, Scope } from '@vavilon/contracts';
import { buildPortal, signIn, startTestApp, type Agent, type TestApp, type TestPortal } from '../harness.js';

/** The world of the admin, roles, import and export tests: one portal with its four users signed in. */
export interface World {
  t: TestApp;
  p: TestPortal;
  admin: Agent;
  head: Agent;
  employee: Agent;
  other: Agent;
}

export async function world(t?: TestApp): Promise<World> {
  t ??= await startTestApp();
  const p = await buildPortal(t);
  const [admin, head, employee, other] = await Promise.all((['admin', 'head', 'employee', 'other'] as const).map((u) => signIn(t!, p.portal.name, p.users[u].email)));
  return { t, p, admin, head, employee, other };
}

export function ok<T = any>(res: LightMyRequestResponse, status = 200): T {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
  return res.json() as T;
}

/** The field errors of a 400 answer, by field path. */
export function fieldErrors(res: LightMyRequestResponse): Record<string, string> {
  const body = res.json() as { error?: { fields?: { field: string; message: string }[] } };
  return Object.fromEntries((body.error?.fields ?? []).map((f) => [f.field, f.message]));
}

const ENTITIES: EntityType[] = ['lead', 'deal', 'contact', 'company'];
const ACTIONS: CrmAction[] = ['read', 'add', 'edit', 'delete', 'export', 'import'];

/** Role permissions: `base` for everything, with per-action overrides for every item type. */
export function permissions(base: Scope, over: Partial<Record<CrmAction, Scope>> = {}) {
  return Object.fromEntries(ENTITIES.map((e) => [e, Object.fromEntries(ACTIONS.map((a) => [a, over[a] ?? base]))]));
}

/** Creates a CRM role through the API and assigns it. */
export async function addRole(w: World, name: string, perms: ReturnType<typeof permissions>, userIds: number[], isDefault = false) {
  return ok(await w.admin.post('/api/crm/roles', { name, permissions: perms, userIds, isDefault }));
}

/** A valid 10-digit ИНН built from a number (check digit computed). */
export function innFor(n: number): string {
  const base = String(770000000 + (n % 99_999_999))
    .padStart(9, '0')
    .slice(0, 9);
  const w = [2, 4, 10, 3, 5, 9, 4, 6, 8];
  const d = base.split('').map(Number);
  const check = (w.reduce((s, x, i) => s + x * d[i]!, 0) % 11) % 10;
  return base + check;
}

/** A multipart upload of one file, as a browser form sends it. */
export function upload(a: Agent, url: string, fileName: string, content: Buffer | string, type = 'text/csv') {
  const boundary = '----vavilon' + crypto.randomBytes(8).toString('hex');
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n`),
    typeof content === 'string' ? Buffer.from(content) : content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return a.request('POST', url, body, { 'content-type': `multipart/form-data; boundary=${boundary}` });
}

/** CSV text with `;` between cells, quoted where needed. */
export function csv(rows: (string | number)[][], sep = ';'): string {
  return (
    rows
      .map((r) =>
        r
          .map((c) => {
            const s = String(c);
            return s.includes(sep) || s.includes('"') || s.includes('\n') ? `"${s.replace(/"/g, '""')}"` : s;
          })
          .join(sep),
      )
      .join('\r\n') + '\r\n'
  );
}

/** Parses CSV text the way a spreadsheet does (quotes, doubled quotes, separators inside quotes). */
export function parseCsvText(text: string, sep = ';'): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (q) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') q = false;
      else cell += c;
    } else if (c === '"') q = true;
    else if (c === sep) {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      row.push(cell.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

/** Runs every job that is due, now or (for retries) a while from now. */
export async function runJobs(t: TestApp, aheadMs = 0): Promise<number> {
  return t.platform.jobs.runDue(new Date(Date.now() + aheadMs));
}
