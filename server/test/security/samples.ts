import fc from 'fast-check';
import { z } from 'zod';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RouteEntry } from '../../src/app.js';
import { serverRoot } from '../../src/platform/paths.js';
import type { Agent } from '../harness.js';
import type { Fixture, RouteSamples, Sample } from './sample-kit.js';
import { SECRET, fillUrl, paramsOf, routeKey, send, tableForParam } from './helpers.js';
import { fromSchema } from './arbitraries.js';

export type { Fixture, Sample } from './sample-kit.js';

/**
 * What every module gives the walker: `route-samples.ts` of its folder. A plausible valid request
 * per write route, aimed at real rows of the fixture's portal; routes without one get their
 * parameters from `tableForParam` and a body generated from their schema.
 */
async function collect(): Promise<Required<RouteSamples>> {
  const out: Required<RouteSamples> = { samples: {}, params: {}, names: {}, creators: {} };
  const root = path.join(serverRoot(), 'src', 'modules');
  for (const dir of fs.readdirSync(root).sort()) {
    const file = path.join(root, dir, 'route-samples.ts');
    if (!fs.existsSync(file)) continue;
    const { routeSamples } = (await import(pathToFileURL(file).href)) as { routeSamples: RouteSamples };
    for (const kind of ['samples', 'params', 'names', 'creators'] as const) {
      for (const [key, value] of Object.entries(routeSamples[kind] ?? {})) {
        if (key in out[kind]) throw new Error(`route sample ${key} is given twice (again by ${dir})`);
        (out[kind] as Record<string, unknown>)[key] = value;
      }
    }
  }
  return out;
}

const { samples: SAMPLES, params: PARAMS, names: NAMES, creators: CREATORS } = await collect();

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
    const values = (schemas[name]?.enum ?? NAMES[r.url]?.[name] ?? []).map(String);
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
  if (PARAMS[r.url]) Object.assign(out, PARAMS[r.url]!(fx));
  return out;
}

/** Bodies the route's schema accepts, generated from it (ids in them are random): for routes without a sample. */
export function schemaBodies(r: RouteEntry, perKind: number): unknown[] {
  const schema = (r.schema as { body?: unknown } | undefined)?.body;
  if (!(schema instanceof z.ZodType)) return [];
  return (['required', 'all', false] as const).flatMap((mode) => {
    const arb = fromSchema(schema, mode);
    return arb
      ? fc
          .sample(arb, { numRuns: 150, seed: 7 })
          .filter((v) => schema.safeParse(v).success)
          .slice(0, perKind)
      : [];
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

/** The keys of every module's samples, to check that each still names a route (or a table). */
export const sampleKeys = () => ({ samples: Object.keys(SAMPLES), params: Object.keys(PARAMS), names: Object.keys(NAMES), creators: Object.keys(CREATORS) });
