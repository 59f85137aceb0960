import { z } from 'zod';
import { EntityType } from './crm.js';

const Id = z.number().int().positive().max(2_147_483_647);

/** The CRM's trash («Корзина»): a page of deleted items, newest first; `type` narrows it to one kind. */
export const TrashQuery = z.object({
  type: EntityType.optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce
    .number()
    .int()
    .refine((n) => [10, 20, 50, 100].includes(n))
    .default(50),
});
export type TrashQuery = z.infer<typeof TrashQuery>;

/** One deleted item: what it was, who deleted it and when, and why (a delete or a merge into another). */
export const TrashEntry = z.object({
  id: z.number().int(),
  type: EntityType,
  itemId: z.number().int(),
  title: z.string(),
  reason: z.enum(['delete', 'merge']),
  mergedInto: z.number().int().nullable(),
  deletedBy: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  deletedAt: z.string(),
  /** When it goes for good (30 days after the delete). */
  purgeAt: z.string(),
  canRestore: z.boolean(),
});
export type TrashEntry = z.infer<typeof TrashEntry>;

export const TrashPage = z.object({
  items: z.array(TrashEntry),
  page: z.number().int(),
  pageSize: z.number().int(),
  hasMore: z.boolean(),
  /** How many entries of each type the reader sees (the filter's chips). */
  counts: z.record(EntityType, z.number().int()),
  /** The reader may empty the trash and remove single entries (a CRM administrator). */
  canEmpty: z.boolean(),
});
export type TrashPage = z.infer<typeof TrashPage>;

/** «Восстановить»: items by their type and own id (as the lists and cards name them). */
export const TrashRestore = z.object({
  items: z
    .array(z.object({ type: EntityType, id: Id }))
    .min(1)
    .max(500),
});
export type TrashRestore = z.infer<typeof TrashRestore>;

export const TrashRestored = z.object({ restored: z.number().int() });
export type TrashRestored = z.infer<typeof TrashRestored>;

export const TrashEmptied = z.object({ removed: z.number().int() });
export type TrashEmptied = z.infer<typeof TrashEmptied>;
