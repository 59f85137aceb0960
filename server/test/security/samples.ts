import fc from 'fast-check';
import { z } from 'zod';
import type { BuiltApp, RouteEntry } from '../../src/app.js';
import type { Agent, TestPortal } from '../harness.js';
import { SECRET, fillUrl, paramsOf, routeKey, send, sendFile, tableForParam, versionOf } from './helpers.js';
import { fromSchema } from './arbitraries.js';

/** The portal a sample request acts in: its people and departments and its rows' ids per table. */
export interface Fixture {
  t: BuiltApp;
  p: TestPortal;
  ids: Record<string, number[]>;
  /** Row ids a sample should aim at instead of the table's first one. */
  prefer?: Record<string, number>;
}

export interface Sample {
  params: Record<string, string | number>;
  body?: unknown;
}

let seq = 0;

/**
 * A plausible valid request per write route, aimed at real rows of the fixture's portal.
 * Routes not listed here get their parameters from `tableForParam` and a body generated from
 * their schema.
 */
const SAMPLES: Record<string, (fx: Fixture) => Promise<Partial<Sample>>> = {
  'POST /api/auth/login': async (fx) => ({ body: { login: fx.p.users.other.email, password: 'wrong-password' } }),
  'POST /api/auth/password/forgot': async (fx) => ({ body: { login: fx.p.users.other.email } }),
  'POST /api/auth/password/set': async () => ({ body: { token: 'not-a-real-token-0123456789', password: 'new-password-1' } }),
  'PUT /api/shell/settings': async () => ({ body: { pinned: true, order: ['home', 'sitemap'], hidden: [], collapsedGroups: [] } }),
  'PATCH /api/users/:id': async (fx) => {
    const id = fx.prefer?.app_user ?? fx.p.users.other.id;
    return {
      params: { id },
      body: {
        version: await versionOf(fx.t, 'app_user', id),
        position: 'Ведущий менеджер',
        departmentId: fx.p.departments.team,
        managerId: fx.p.users.head.id,
        phones: [{ type: 'mobile', value: '+7 900 123-45-67' }],
        emails: [{ type: 'work', value: `maria.${fx.p.portal.name}@example.test` }],
      },
    };
  },
  'POST /api/users/invite': async (fx) => ({
    body: { login: `invitee${++seq}.${fx.p.portal.name}@example.test`, firstName: 'Пётр', lastName: 'Новиков', position: 'Стажёр', departmentId: fx.p.departments.team },
  }),
  'PUT /api/me/language': async () => ({ body: { language: 'ru' } }),
  'POST /api/departments': async (fx) => ({ body: { name: 'Новый отдел', parentId: fx.p.departments.root, headId: fx.p.users.head.id } }),
  'PATCH /api/departments/:id': async (fx) => {
    const id = fx.prefer?.department ?? fx.p.departments.team;
    return { params: { id }, body: { version: await versionOf(fx.t, 'department', id), name: 'Отдел продаж', parentId: fx.p.departments.root, headId: fx.p.users.head.id } };
  },
  'POST /api/admin/oidc-providers': async () => ({ body: { label: 'SSO', issuer: 'https://sso.example.test', clientId: 'portal', clientSecret: 's3cret', enabled: true } }),
  'PATCH /api/admin/oidc-providers/:id': async () => ({ body: { label: 'SSO 2', enabled: false } }),
  'POST /api/operator/portals': async (fx) => ({
    body: { name: `new-${++seq}-${fx.p.portal.name}`.slice(0, 40), title: 'Новый портал', adminEmail: `admin${seq}.${fx.p.portal.name}@example.test` },
  }),
};

export const hasSample = (r: RouteEntry) => routeKey(r) in SAMPLES;

/** The JSON Schema of each path parameter, from the route's zod schema. */
function paramSchemas(r: RouteEntry): Record<string, { type?: string; enum?: unknown[] }> {
  const schema = (r.schema as { params?: unknown } | undefined)?.params;
  if (!(schema instanceof z.ZodType)) return {};
  try {
    return ((z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, { type?: string }> }).properties ?? {}) as never;
  } catch {
    return {};
  }
}

/** The URL with the given non-id parameters put in: `/crm/:entity/:id` → `/crm/lead/:id`. */
export function concreteUrl(url: string, values: Record<string, string | number>): string {
  return url.replace(/:(\w+)/g, (m, name: string) => (values[name] !== undefined ? String(values[name]) : m));
}

/** Every value set of a route's named (non-id) parameters: `:entity` of a polymorphic route takes each of its values. */
export function nameVariants(r: RouteEntry): Record<string, string>[] {
  const schemas = paramSchemas(r);
  const ids = idParams(r);
  let out: Record<string, string>[] = [{}];
  for (const name of paramsOf(r.url).filter((n) => !ids.includes(n))) {
    const values = (schemas[name]?.enum ?? []).map(String);
    if (values.length) out = out.flatMap((o) => values.map((v) => ({ ...o, [name]: v })));
  }
  return out;
}

/** Path parameters that are row ids (numbers), as opposed to names such as `:entity`. */
export function idParams(r: RouteEntry): string[] {
  const schemas = paramSchemas(r);
  return paramsOf(r.url).filter((name) => schemas[name]?.type === 'integer' || schemas[name]?.type === 'number');
}

/** Parameters: real ids of the fixture's portal where the table is known, else 1; names from their schema. */
export function defaultParams(r: RouteEntry, fx: Fixture): Record<string, string | number> {
  const tables = Object.keys(fx.ids);
  const schemas = paramSchemas(r);
  const ids = idParams(r);
  const out: Record<string, string | number> = {};
  for (const name of paramsOf(r.url)) {
    if (!ids.includes(name) && schemas[name]?.enum?.length) out[name] = String(schemas[name]!.enum![0]);
  }
  for (const name of ids) {
    const table = tableForParam(concreteUrl(r.url, out), name, tables);
    out[name] = (table && (fx.prefer?.[table] ?? fx.ids[table]?.[0])) || 1;
  }
  if (r.url === '/api/history/:entityType/:entityId') Object.assign(out, { entityType: 'user', entityId: fx.p.users.employee.id });
  if (r.url === '/api/auth/token/:token') out.token = 'not-a-real-token-0123456789';
  return out;
}

/** Bodies the route's schema accepts, generated from it (ids in them are random): for routes without a sample. */
export function schemaBodies(r: RouteEntry, perKind: number): unknown[] {
  const schema = (r.schema as { body?: unknown } | undefined)?.body;
  if (!(schema instanceof z.ZodType)) return [];
  return (['required', 'all', false] as const).flatMap((mode) => {
    const arb = fromSchema(schema, mode);
    return arb ? fc.sample(arb, { numRuns: 150, seed: 7 }).filter((v) => schema.safeParse(v).success).slice(0, perKind) : [];
  });
}

const generated = new WeakMap<RouteEntry, unknown>();
/** One such body per route, generated once. */
export function schemaBody(r: RouteEntry): unknown {
  if (!generated.has(r)) generated.set(r, schemaBodies(r, 1)[0]);
  return generated.get(r);
}

/** The body with SECRET in its top-level texts where the schema still accepts it, so that a leak shows. */
function marked(r: RouteEntry, body: unknown): unknown {
  const schema = (r.schema as { body?: z.ZodType }).body!;
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const out: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  for (const [k, v] of Object.entries(out)) {
    if (typeof v !== 'string') continue;
    const tried = { ...out, [k]: `${SECRET} ${v}`.trim() };
    if (schema.safeParse(tried).success) out[k] = tried[k];
  }
  return out;
}

/** Rows that no JSON route creates (uploads take multipart, not a schema-made body), and how to make one. */
const CREATORS: Record<string, (fx: Fixture, admin: Agent, routes: RouteEntry[]) => Promise<unknown>> = {
  // An upload to the file store makes a file row (and its content on disk).
  file: async (fx, admin) => {
    await sendFile(fx.t, admin, fx.p.portal.name, '/api/files', `${SECRET}.txt`, `${SECRET}: содержимое файла`, 'text/plain');
  },
  // An upload to any list's import makes an import waiting to be started.
  crm_import: async (fx, admin, routes) => {
    const upload = routes.find((r) => r.method === 'POST' && /^\/api\/crm\/\w+\/import$/.test(r.url));
    if (upload) await sendFile(fx.t, admin, fx.p.portal.name, upload.url, 'list.csv', `Название;Имя;Фамилия\n${SECRET};${SECRET};Импортов\n`);
  },
};

/**
 * Gives the portal a row in every table a route names by id but the portal lacks, through the
 * route that creates such rows (`POST /x` for `/x/:id`), so that the walker has ids to try.
 */
export async function seedThroughApi(fx: Fixture, admin: Agent, routes: RouteEntry[], refresh: () => Promise<Record<string, number[]>>): Promise<void> {
  // Twice: some rows hang off others (a comment off a lead).
  for (let pass = 0; pass < 2; pass++) {
    for (const r of routes) {
      for (const variant of nameVariants(r)) {
        const url = concreteUrl(r.url, variant);
        for (const name of idParams(r)) {
          const table = tableForParam(url, name, Object.keys(fx.ids));
          if (!table || fx.ids[table]?.length) continue;
          // `POST /x` creates what `/x/:id` names; else a POST ending in the same word (`/lead/:id/comments` for `/comments/:id`).
          const base = url.slice(0, url.indexOf(`/:${name}`));
          const word = base.split('/').at(-1)!;
          const create = routes.find((c) => c.method === 'POST' && c.url === base) ?? routes.find((c) => c.method === 'POST' && c.url.endsWith(`/${word}`));
          if (!create || CREATORS[table]) {
            if (CREATORS[table]) {
              await CREATORS[table](fx, admin, routes);
              fx.ids = await refresh();
            }
            continue;
          }
          for (const body of schemaBodies(create, 10)) {
            const res = await send(fx.t, admin, fx.p.portal.name, 'POST', fillUrl(create.url, defaultParams(create, fx)), marked(create, body));
            if (res.statusCode < 300) break;
          }
          fx.ids = await refresh();
        }
      }
    }
  }
}

export async function sampleFor(r: RouteEntry, fx: Fixture): Promise<Sample> {
  const extra = (await SAMPLES[routeKey(r)]?.(fx)) ?? {};
  const body = extra.body ?? schemaBody(r);
  return { params: { ...defaultParams(r, fx), ...extra.params }, ...(body !== undefined ? { body } : {}) };
}
