import { z } from 'zod';
import { Id } from './common.js';
import { defineEvent } from './events.js';
import { UserRef } from './crm.js';

/** The item types that merge: contacts and companies (manual, section 5). */
export const MergeType = z.enum(['contact', 'company']);
export type MergeType = z.infer<typeof MergeType>;
export const MergeTypeParam = z.object({ entity: z.string().max(20) });

/** At most this many items merge at once (the comparison screen has one column each). */
export const MERGE_MAX_ITEMS = 10;

export const MergePreviewInput = z.object({ ids: z.array(Id).max(100) });
export type MergePreviewInput = z.infer<typeof MergePreviewInput>;

/**
 * A merge: the items, the one that survives, for each field the item whose value survives
 * (`{ lastName: 12 }`; left out: the primary's, or the first filled one when the primary's is
 * empty), the list fields whose values are united (left out: every list field), and the
 * versions the user saw (a changed item answers 409).
 */
export const MergeInput = z.object({
  ids: z.array(Id).max(100),
  primaryId: Id,
  choices: z.record(z.string().max(100), Id).default({}),
  combine: z.array(z.string().max(100)).max(100).optional(),
  versions: z.record(z.string().max(20), z.number().int()).optional(),
});
export type MergeInput = z.input<typeof MergeInput>;

/** Several merges for API clients, in one transaction: all or none. */
export const MergeBatchInput = z.object({
  merges: z
    .array(MergeInput.extend({ type: z.string().max(20) }))
    .min(1)
    .max(100),
});
export type MergeBatchInput = z.input<typeof MergeBatchInput>;

/** One value of a list field (a phone, an e-mail): `key` is its normalised form, equal keys are one value. */
export const MergeEntry = z.object({ type: z.string(), value: z.string(), text: z.string(), key: z.string() });
export type MergeEntry = z.infer<typeof MergeEntry>;

/** What one item holds in one field, as shown; a list field's values one by one. */
export const MergeCell = z.object({ id: z.number().int(), text: z.string(), empty: z.boolean(), entries: z.array(MergeEntry).optional() });
export type MergeCell = z.infer<typeof MergeCell>;

export const MergeField = z.object({
  key: z.string(),
  label: z.string(),
  kind: z.enum(['value', 'list']),
  /** In the items' order. */
  cells: z.array(MergeCell),
  /** Not every item holds the same here. */
  differs: z.boolean(),
  /** The user may choose here (false: a custom field they may not edit keeps the primary's value). */
  choosable: z.boolean(),
});
export type MergeField = z.infer<typeof MergeField>;

export const MergeItem = z.object({
  id: z.number().int(),
  title: z.string(),
  version: z.number().int(),
  responsible: UserRef.nullable(),
  createdAt: z.string(),
  /** What moves with it: its deals, and its companies (a contact) or contacts (a company). */
  links: z.object({ deals: z.number().int(), companies: z.number().int().optional(), contacts: z.number().int().optional() }),
  abilities: z.object({ edit: z.boolean(), delete: z.boolean() }),
});
export type MergeItem = z.infer<typeof MergeItem>;

export const MergePreview = z.object({
  type: MergeType,
  items: z.array(MergeItem),
  fields: z.array(MergeField),
  /** Some field differs: false means the items merge at once, without the comparison screen. */
  differs: z.boolean(),
});
export type MergePreview = z.infer<typeof MergePreview>;

export const MergeResult = z.object({
  type: MergeType,
  id: z.number().int(),
  title: z.string(),
  mergedIds: z.array(z.number().int()),
});
export type MergeResult = z.infer<typeof MergeResult>;
export const MergeBatchResult = z.object({ items: z.array(MergeResult) });

/** Which item's value a field keeps: the chosen one, else the primary's, else the first filled one. */
export function chosenSource(cells: Pick<MergeCell, 'id' | 'empty'>[], primaryId: number, choice?: number): number {
  if (choice !== undefined && cells.some((c) => c.id === choice)) return choice;
  const primary = cells.find((c) => c.id === primaryId);
  if (primary && !primary.empty) return primaryId;
  return cells.find((c) => !c.empty)?.id ?? primaryId;
}

/** A list field's values united: the primary's first, then the others' in order, each normalised value once. */
export function unitedEntries(cells: Pick<MergeCell, 'id' | 'entries'>[], primaryId: number): MergeEntry[] {
  const ordered = [...cells.filter((c) => c.id === primaryId), ...cells.filter((c) => c.id !== primaryId)];
  const seen = new Set<string>();
  const out: MergeEntry[] = [];
  for (const c of ordered)
    for (const e of c.entries ?? []) {
      if (seen.has(e.key)) continue;
      seen.add(e.key);
      out.push(e);
    }
  return out;
}

/** The merged value of one field: the surviving cell, or for a combined list the united values. */
export function mergedCell(field: Pick<MergeField, 'kind' | 'cells' | 'choosable'>, primaryId: number, choice: number | undefined, combine: boolean): MergeCell {
  const pick = field.choosable ? choice : undefined;
  if (field.kind === 'list' && combine) {
    const entries = unitedEntries(field.cells, primaryId);
    return { id: primaryId, text: entries.map((e) => e.text).join(', '), empty: entries.length === 0, entries };
  }
  const from = field.choosable ? chosenSource(field.cells, primaryId, pick) : primaryId;
  return field.cells.find((c) => c.id === from)!;
}

/** The event a merge records on the surviving item: what was merged into it, each as it was. */
const mergedPayload = z.object({
  mergedIds: z.array(z.number().int()),
  items: z.array(z.object({ id: z.number().int(), title: z.string(), snapshot: z.record(z.string(), z.unknown()) })),
});
export const mergeEvents = {
  contactMerged: defineEvent('crm.contact.merged', mergedPayload),
  companyMerged: defineEvent('crm.company.merged', mergedPayload),
};
