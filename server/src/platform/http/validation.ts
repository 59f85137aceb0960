import { z } from 'zod';
import type { FastifySchemaCompiler, FastifySerializerCompiler } from 'fastify';
import fastJson from 'fast-json-stringify';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { t, type Lang } from '../i18n/index.js';
import { errors } from '../errors.js';

const locales = { ru: z.locales.ru(), en: z.locales.en() };

export class RequestValidationError extends Error {
  statusCode = 400;
  constructor(
    public readonly issues: z.core.$ZodIssue[],
    public readonly part: string,
  ) {
    super('validation');
  }
}

/** Validates with zod but keeps the raw issues, so messages can be given in the user's language. */
export const validatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema, httpPart }) =>
  (data) => {
    // A path that names no possible item (an id past 2³¹−1, an unknown kind) finds nothing.
    if (httpPart === 'params') {
      const r = safeParse(schema, data);
      return r?.success ? { value: r.data } : { error: errors.notFound() };
    }
    let result: z.ZodSafeParseResult<unknown>;
    try {
      // reportInput: zod 4 leaves the input out of issues, and without it a wrong type reads as a missing field.
      result = schema.safeParse(data, { reportInput: true });
    } catch {
      // A refinement that throws on input it did not expect (`new URL('x')`): still bad input, not a 500.
      return { error: new RequestValidationError([{ code: 'custom', path: [], message: 'invalid input', input: data } as z.core.$ZodIssue], httpPart ?? 'body') };
    }
    if (!result.success) return { error: new RequestValidationError(result.error.issues, httpPart ?? 'body') };
    const nul = pathOfNul(result.data, []);
    if (nul) return { error: new RequestValidationError([{ code: 'invalid_format', format: 'regex', path: nul, message: 'NUL character', input: '' } as z.core.$ZodIssue], httpPart ?? 'body') };
    return { value: result.data };
  };

function safeParse(schema: z.ZodType, data: unknown): z.ZodSafeParseResult<unknown> | null {
  try {
    const r = schema.safeParse(data);
    return r.success && pathOfNul(r.data, []) ? null : r;
  } catch {
    return null;
  }
}

/** PostgreSQL text cannot hold U+0000: such input is refused here rather than failing in the database. */
function pathOfNul(v: unknown, path: PropertyKey[]): PropertyKey[] | null {
  if (typeof v === 'string') return v.includes('\u0000') ? path : null;
  if (v && typeof v === 'object') {
    for (const [k, item] of Object.entries(v)) {
      const found = typeof k === 'string' && k.includes('\u0000') ? [...path, k] : pathOfNul(item, [...path, k]);
      if (found) return found;
    }
  }
  return null;
}

const plain = {
  ru: {
    required: 'Обязательное поле',
    empty: 'Заполните поле',
    minLength: 'Не короче {n} символов',
    maxLength: 'Не длиннее {n} символов',
    min: 'Не меньше {n}',
    max: 'Не больше {n}',
    minItems: 'Не меньше {n} элементов',
    maxItems: 'Не больше {n} элементов',
    type: 'Неверный формат значения',
    email: 'Некорректный e-mail',
    url: 'Некорректная ссылка',
    oneOf: 'Выберите одно из значений: {values}',
    unknownKeys: 'Лишние поля: {keys}',
  },
  en: {
    required: 'Required',
    empty: 'Please fill in this field',
    minLength: 'At least {n} characters',
    maxLength: 'At most {n} characters',
    min: 'At least {n}',
    max: 'At most {n}',
    minItems: 'At least {n} items',
    maxItems: 'At most {n} items',
    type: 'Invalid value',
    email: 'Invalid e-mail',
    url: 'Invalid link',
    oneOf: 'Choose one of: {values}',
    unknownKeys: 'Unknown fields: {keys}',
  },
};

function fill(s: string, p: Record<string, string | number>) {
  return s.replace(/\{(\w+)\}/g, (_, k) => String(p[k] ?? ''));
}

/** A short message a person understands, in their language, for the common zod issues. */
function describe(issue: z.core.$ZodIssue, lang: Lang): string {
  const m = plain[lang];
  const i = issue as unknown as Record<string, any>;
  switch (issue.code) {
    case 'invalid_type':
      return i.input === undefined ? m.required : m.type;
    case 'too_small':
      if (i.origin === 'string') return Number(i.minimum) <= 1 ? m.empty : fill(m.minLength, { n: i.minimum });
      if (i.origin === 'array') return fill(m.minItems, { n: i.minimum });
      return fill(m.min, { n: i.minimum });
    case 'too_big':
      if (i.origin === 'string') return fill(m.maxLength, { n: i.maximum });
      if (i.origin === 'array') return fill(m.maxItems, { n: i.maximum });
      return fill(m.max, { n: i.maximum });
    case 'invalid_format':
      if (i.format === 'email') return m.email;
      if (i.format === 'url') return m.url;
      return m.type;
    case 'invalid_value':
      return fill(m.oneOf, { values: (i.values ?? []).join(', ') });
    case 'unrecognized_keys':
      return fill(m.unknownKeys, { keys: (i.keys ?? []).join(', ') });
    default: {
      const s = locales[lang].localeError?.(issue as never);
      return typeof s === 'string' ? s : issue.message;
    }
  }
}

/** Messages given in schemas are message keys (`auth.password_too_short`); the rest are described here. */
export function localizeIssues(issues: z.core.$ZodIssue[], lang: Lang) {
  return issues.map((issue) => {
    const field = issue.path.map(String).join('.') || '_';
    const i = issue as unknown as Record<string, unknown>;
    const message = /^[a-z_]+\.[a-z_.]+$/.test(issue.message) ? t(lang, issue.message, { min: Number(i.minimum ?? 0), max: Number(i.maximum ?? 0) }) : describe(issue, lang);
    return { field, message };
  });
}

/**
 * Replies are written from JSON schemas compiled once at start: each route's zod response
 * schema is converted (z.toJSONSchema) and compiled by fast-json-stringify, which writes only
 * the declared fields, as zod's check would have left them. Checking every reply with zod cost
 * more than the rest of a small request. With `validate` (tests, VALIDATE_RESPONSES=true) every
 * reply is still checked by zod, so a handler that drifts from its contract fails there. A
 * schema JSON Schema cannot express (a transform, a date) keeps the zod serialiser.
 */
export function responseSerializerCompiler(validate: boolean): FastifySerializerCompiler<z.ZodType> {
  if (validate) return zodSerializer;
  // Compiled at a route's first reply: most routes of a process never answer, and start-up stays short.
  return (route) => {
    let write: ((data: unknown) => string) | null = null;
    return (data) => (write ??= compileResponseWriter(route).write)(data);
  };
}

const zodSerializer = zodSerializerCompiler as FastifySerializerCompiler<z.ZodType>;

/** The writer of one route's reply: from its JSON Schema, or zod's when JSON Schema cannot express it. */
export function compileResponseWriter(route: Parameters<FastifySerializerCompiler<z.ZodType>>[0]): { write: (data: unknown) => string; fromJsonSchema: boolean } {
  let json: Record<string, unknown>;
  try {
    json = z.toJSONSchema(route.schema, { io: 'output', target: 'draft-7', unrepresentable: 'throw', cycles: 'ref', reused: 'inline' }) as Record<string, unknown>;
  } catch {
    return { write: zodSerializer(route), fromJsonSchema: false };
  }
  return { write: fastJson(nullableAsTypes(json) as Parameters<typeof fastJson>[0]), fromJsonSchema: true };
}

/**
 * `anyOf: [{ type: 'string' }, { type: 'null' }]` (zod's `.nullable()`) as `type: ['string', 'null']`:
 * fast-json-stringify writes the latter directly, the former by validating each value first.
 */
export function nullableAsTypes(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(nullableAsTypes);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) out[k] = nullableAsTypes(v);
  const any = out.anyOf;
  if (Array.isArray(any) && any.length === 2) {
    const nul = any.findIndex((s) => isOnlyNull(s));
    const other = any[1 - nul] as Record<string, unknown> | undefined;
    if (nul >= 0 && other && typeof other.type === 'string' && !('anyOf' in other) && !('oneOf' in other) && !('$ref' in other)) {
      delete out.anyOf;
      return { ...out, ...other, type: [other.type, 'null'] };
    }
  }
  return out;
}

function isOnlyNull(s: unknown): boolean {
  return !!s && typeof s === 'object' && Object.keys(s).length === 1 && (s as { type?: unknown }).type === 'null';
}
