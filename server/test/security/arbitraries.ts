import fc from 'fast-check';
import { z } from 'zod';

/**
 * What a request carries: a JSON value, a raw text sent as JSON, nothing, or a patch of the
 * route's valid sample (applied to a fresh sample each time, so that versions are current).
 */
export type Body = { kind: 'json'; value: unknown } | { kind: 'raw'; text: string } | { kind: 'none' } | { kind: 'patch'; set: [Path, unknown][]; drop: Path[] };

export type Path = (string | number)[];

const nested = (depth: number): unknown => {
  let v: unknown = 'deep';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
};

/** Strings that have broken servers: NUL (PostgreSQL refuses it), text that grows when lower-cased, huge, lone surrogates. */
export const DANGEROUS_STRINGS: unknown[] = ['a\u0000b', 'İ'.repeat(400), 'x'.repeat(100_000), 'x\ud800y', '🙂'.repeat(300), '   ', 12345, null];
/** Numbers outside what the columns hold, fractions, and numbers in disguise. */
export const DANGEROUS_NUMBERS: unknown[] = [2 ** 31, Number.MAX_SAFE_INTEGER, -1, 0, 1.5, 1e308, '7', null];
const DANGEROUS_OTHER: unknown[] = [null, 'x', 1, {}, [], nested(300)];

/** Values to try in place of one found in a valid body, by its type. */
export function dangerousFor(v: unknown): unknown[] {
  return typeof v === 'string' ? DANGEROUS_STRINGS : typeof v === 'number' ? DANGEROUS_NUMBERS : DANGEROUS_OTHER;
}

/** Paths of every value inside a body (not the body itself): `phones`, `phones.0`, `phones.0.value`... */
export function leafPaths(v: unknown, path: Path = []): Path[] {
  if (!v || typeof v !== 'object') return [];
  return Object.entries(v).flatMap(([k, item]) => {
    const p = [...path, Array.isArray(v) ? Number(k) : k];
    return [p, ...leafPaths(item, p)];
  });
}

export function valueAt(v: unknown, path: Path): unknown {
  return path.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k as string] : undefined), v);
}

/** A copy of `v` with `value` at `path` (undefined removes it). */
export function setAt(v: unknown, path: Path, value: unknown): unknown {
  if (!path.length) return value;
  const [head, ...rest] = path;
  const copy: any = Array.isArray(v) ? [...v] : v && typeof v === 'object' ? { ...(v as object) } : typeof head === 'number' ? [] : {};
  const next = setAt(copy[head!], rest, value);
  if (next === undefined && !rest.length) {
    if (Array.isArray(copy)) copy.splice(head as number, 1);
    else delete copy[head!];
  } else if (Array.isArray(copy)) copy[head as number] = next;
  // An own property even for `__proto__`, so that it reaches the JSON sent.
  else Object.defineProperty(copy, head!, { value: next, enumerable: true, writable: true, configurable: true });
  return copy;
}

export function applyPatch(base: unknown, body: Extract<Body, { kind: 'patch' }>): unknown {
  let out = base;
  for (const p of body.drop) out = setAt(out, p, undefined);
  for (const [p, v] of body.set) out = setAt(out, p, v);
  return out;
}

/** Values that break careless code: wrong types, edges of number types, long and odd strings. */
export const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ maxDepth: 3, maxKeys: 5 }),
  fc.constantFrom<unknown>(
    null,
    true,
    false,
    0,
    -1,
    1.5,
    -0.5,
    2 ** 31 - 1,
    2 ** 31,
    2 ** 32 + 1,
    Number.MAX_SAFE_INTEGER,
    -Number.MAX_SAFE_INTEGER,
    1e308,
    -1e308,
    '',
    ' ',
    '   \t\n',
    '0',
    '-1',
    '1e3',
    'null',
    'true',
    '[]',
    '{}',
    'NaN',
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udfffy',
    '\u202e\u200b\ufeff',
    '🙂'.repeat(200),
    'İ'.repeat(400),
    'ß'.repeat(300),
    'ǅ'.repeat(101),
    'x'.repeat(100_000),
    'я'.repeat(5_000),
    '<script>alert(1)</script>',
    "' or 1=1 --",
    '"; drop table app_user; --',
    '%00%ff',
    '../../etc/passwd',
    '%s%n%x',
    '{{7*7}}',
    '${7*7}',
    'https://evil.example/',
    'javascript:alert(1)',
    'a@b.c',
    '+7 900 000-00-00',
    [],
    {},
    [null],
    [[[[]]]],
    { __proto__x: 1 },
    { constructor: { prototype: { polluted: 1 } } },
  ),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', minLength: 90, maxLength: 400 }),
  fc.integer({ min: 30, max: 600 }).map(nested),
  fc.array(fc.integer(), { minLength: 100, maxLength: 3000 }),
  fc.double(),
  fc.bigInt({ min: 2n ** 53n, max: 2n ** 80n }).map((n) => Number(n)),
);

/** Patches of a valid body with one or two things wrong: a value of another type or size, a field missing or extra. */
export function mutations(base: unknown): fc.Arbitrary<Body> {
  const paths = leafPaths(base);
  const extras = fc.constantFrom<Path>(['extra'], ['__proto__'], ['portal_id'], ['portalId'], ['id'], ['version'], ['role'], ['status']);
  const anyPath = paths.length ? fc.oneof(fc.constantFrom(...paths), extras) : extras;
  const patch = (set: [Path, unknown][], drop: Path[] = []): Body => ({ kind: 'patch', set, drop });
  return fc.oneof(
    ...(paths.length
      ? [
          // One value of the body swapped for one that has broken servers before, by its type.
          { arbitrary: fc.constantFrom(...paths).chain((p) => fc.constantFrom(...dangerousFor(valueAt(base, p))).map((v) => patch([[p, v]]))), weight: 6 },
          { arbitrary: fc.constantFrom(...paths).map((p) => patch([], [p])), weight: 1 },
        ]
      : []),
    { arbitrary: fc.tuple(anyPath, junk).map(([p, v]) => patch([[p, v]])), weight: 3 },
    {
      arbitrary: fc.tuple(anyPath, junk, anyPath, junk).map(([p1, v1, p2, v2]) =>
        patch([
          [p1, v1],
          [p2, v2],
        ]),
      ),
      weight: 1,
    },
    { arbitrary: fc.constant(patch([])), weight: 1 },
  );
}

type JsonSchema = Record<string, any>;

/**
 * A rough generator of values that fit a JSON Schema: enough to reach a route's service.
 * `plain` makes the values a service is likely to accept: short letters, small ids (the first
 * rows exist), well-formed e-mails, links and dates; with only the required fields or all.
 */
type Plain = false | 'required' | 'all';

function fromJson(s: JsonSchema | boolean | undefined, plain: Plain, depth = 0): fc.Arbitrary<unknown> {
  if (!s || s === true || depth > 4) return plain ? fc.constant(null) : fc.anything({ maxDepth: 1 });
  if (s.const !== undefined) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...s.enum);
  const alts = s.anyOf ?? s.oneOf;
  if (Array.isArray(alts) && alts.length) return fc.oneof(...alts.map((a: JsonSchema) => fromJson(a, plain, depth + 1)));
  if (Array.isArray(s.allOf) && s.allOf.length) return fromJson(s.allOf[0], plain, depth + 1);
  if (Array.isArray(s.type)) return fc.oneof(...s.type.map((type: string) => fromJson({ ...s, type }, plain, depth)));
  const letters = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzабвгдеж'), minLength: min, maxLength: Math.max(min, max) });
  switch (s.type) {
    case 'string': {
      if (s.format === 'email') return plain ? fc.integer({ min: 1, max: 1e6 }).map((n) => `person${n}@example.test`) : fc.emailAddress();
      if (s.format === 'uri' || s.format === 'url') return plain ? fc.constant('https://example.test/page') : fc.webUrl({ validSchemes: ['https'] });
      if (s.format === 'date-time') return fc.date({ min: new Date(2000, 0, 1), max: new Date(2100, 0, 1), noInvalidDate: true }).map((d) => d.toISOString());
      if (s.format === 'date') return fc.date({ min: new Date(2000, 0, 1), max: new Date(2100, 0, 1), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
      const min = s.minLength ?? 0;
      if (plain) return letters(Math.max(min, 1), Math.min(s.maxLength ?? 12, 12));
      return fc.string({ minLength: min, maxLength: Math.max(min, Math.min(s.maxLength ?? 40, 60)) });
    }
    case 'integer': {
      let min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -1000);
      let max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : Math.max(min, 0) + 1000);
      if (plain) [min, max] = [Math.max(min, Math.min(1, max)), Math.min(max, Math.max(min, 1) + 4)];
      return fc.integer({ min: Math.max(min, -(2 ** 31)), max: Math.min(max, 2 ** 31 - 1) });
    }
    case 'number':
      return plain
        ? fc.integer({ min: Math.max(s.minimum ?? 1, 1), max: Math.max(Math.min(s.maximum ?? 100, 100), 1) })
        : fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const min = s.minItems ?? 0;
      return fc.array(fromJson(s.items, plain, depth + 1), { minLength: min, maxLength: plain ? min : Math.max(min, Math.min(s.maxItems ?? 4, 4)) });
    }
    case 'object': {
      const props: Record<string, JsonSchema> = s.properties ?? {};
      if (!Object.keys(props).length && s.additionalProperties && s.additionalProperties !== true) {
        return plain ? fc.constant({}) : fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), fromJson(s.additionalProperties, plain, depth + 1), { maxKeys: 3 });
      }
      const required: string[] = (s.required ?? []).filter((k: string) => k in props);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries(props)) if (plain !== 'required' || required.includes(k)) record[k] = fromJson(v, plain, depth + 1);
      return fc.record(record, { requiredKeys: required });
    }
    default:
      return plain ? fc.constant(null) : fc.anything({ maxDepth: 1 });
  }
}

/** Values shaped by the route's body schema (refinements aside); ids in them are random. */
export function fromSchema(schema: unknown, plain: Plain = false): fc.Arbitrary<unknown> | null {
  if (!(schema instanceof z.ZodType)) return null;
  try {
    return fromJson(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema, plain);
  } catch {
    return null;
  }
}

const malformed = fc.oneof(
  fc.constantFrom('{', '{"a":', '[1,2', '{"a":1,}', "{'a':1}", 'undefined', 'NaN', '{"a":1}{"b":2}', '\u0000', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"admin":true}}}'),
  fc.string({ maxLength: 50 }).filter((s) => {
    try {
      JSON.parse(s);
      return false;
    } catch {
      return true;
    }
  }),
);

/** Everything the property tests throw at a write route: random, mutated valid, schema-shaped, malformed. */
export function hostileBodies(valid: unknown, schema: unknown): fc.Arbitrary<Body> {
  const shaped = fromSchema(schema);
  const json = (a: fc.Arbitrary<unknown>) => a.map((value): Body => (value === undefined ? { kind: 'none' } : { kind: 'json', value }));
  return fc.oneof(
    { arbitrary: json(fc.anything()), weight: 2 },
    { arbitrary: json(fc.object()), weight: 2 },
    { arbitrary: mutations(valid), weight: 8 },
    ...(shaped ? [{ arbitrary: json(shaped), weight: 2 }] : []),
    { arbitrary: malformed.map((text): Body => ({ kind: 'raw', text })), weight: 1 },
    { arbitrary: fc.constant<Body>({ kind: 'none' }), weight: 1 },
  );
}
