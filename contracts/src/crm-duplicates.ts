import { z } from 'zod';

/**
 * Likely duplicates of contacts and companies: items that share a normalised phone, e-mail,
 * name (a contact's with its company), company name or ИНН. Only items the reader may read appear.
 */

export const DuplicateType = z.enum(['contact', 'company']);
export type DuplicateType = z.infer<typeof DuplicateType>;

/** Why two items look alike: the kind of key they share. */
export const DuplicateReason = z.enum(['phone', 'email', 'name', 'title', 'inn']);
export type DuplicateReason = z.infer<typeof DuplicateReason>;

export const DuplicateMatch = z.object({
  reason: DuplicateReason,
  /** The shared value as the items hold it («+79000000001», «ромашка»). */
  value: z.string(),
});
export type DuplicateMatch = z.infer<typeof DuplicateMatch>;

export const DuplicateItem = z.object({ id: z.number().int(), title: z.string(), url: z.string() });
export type DuplicateItem = z.infer<typeof DuplicateItem>;

export const DuplicateGroup = z.object({
  items: z.array(DuplicateItem),
  reasons: z.array(DuplicateMatch),
  /** 0–100: how sure the match is (an ИНН or a phone more than a name). */
  score: z.number().int().min(0).max(100),
});
export type DuplicateGroup = z.infer<typeof DuplicateGroup>;

export const DuplicateListQuery = z.object({
  type: DuplicateType.default('contact'),
  /** Where the previous page ended (its `next`). */
  after: z.string().max(300).optional(),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type DuplicateListQuery = z.infer<typeof DuplicateListQuery>;

/** A page of groups, the surest first; `next` continues the list, null at its end. */
export const DuplicateGroupList = z.object({ groups: z.array(DuplicateGroup), next: z.string().nullable() });
export type DuplicateGroupList = z.infer<typeof DuplicateGroupList>;

const text = z.string().max(500).optional();

/** What a card being filled holds so far; `excludeId` is the card's own item. */
export const DuplicateCheckInput = z.object({
  type: DuplicateType,
  phones: z.array(z.string().max(100)).max(20).optional(),
  emails: z.array(z.string().max(300)).max(20).optional(),
  name: text,
  lastName: text,
  companyTitle: text,
  title: text,
  inn: z.string().max(40).optional(),
  excludeId: z.number().int().optional(),
});
export type DuplicateCheckInput = z.infer<typeof DuplicateCheckInput>;

export const DuplicateCandidate = DuplicateItem.extend({ reasons: z.array(DuplicateMatch), score: z.number().int().min(0).max(100) });
export type DuplicateCandidate = z.infer<typeof DuplicateCandidate>;

export const DuplicateCheckResult = z.object({ items: z.array(DuplicateCandidate) });
export type DuplicateCheckResult = z.infer<typeof DuplicateCheckResult>;

export const DuplicateRebuildResult = z.object({ jobId: z.number().int() });
