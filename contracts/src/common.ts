import { z } from 'zod';

/** The one error shape every route answers with. */
export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    requestId: z.string(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export const Ok = z.object({ ok: z.literal(true) });

/** Row ids are PostgreSQL `integer`s: a larger number must fail validation, not the query. */
export const MAX_ID = 2_147_483_647;
export const Id = z.number().int().positive().max(MAX_ID);
/** A row id in a path: every id parameter is parsed by this one schema (1..2³¹−1; anything else finds nothing). */
export const IdValue = z.coerce.number().int().positive().max(MAX_ID);
export const IdParam = z.object({ id: IdValue });
/** A position among siblings: bounded, so that "after the last one" (the largest + 10) stays an integer column's value. */
export const SortValue = z.number().int().min(-1_000_000_000).max(1_000_000_000);

export const Page = z.object({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export function paged<T extends z.ZodTypeAny>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
}

export const Lang = z.enum(['ru', 'en']);
export type Lang = z.infer<typeof Lang>;

export const TypedValue = z.object({
  type: z.enum(['work', 'mobile', 'home', 'other']).default('work'),
  value: z.string().trim().min(1).max(320),
});
export type TypedValue = z.infer<typeof TypedValue>;
