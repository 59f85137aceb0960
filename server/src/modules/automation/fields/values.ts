import type { FieldOwner } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import { parseJson, type DealSnapshot } from '../../crm/api.js';

/**
 * A field's value as conditions and checks compare it: a column of the owner's row by its
 * name (`title`, `industry`, `phones`...; JSON lists read as arrays) or a custom field by its code.
 */
export async function readField(ctx: Ctx, deal: DealSnapshot, owner: FieldOwner, field: string): Promise<unknown> {
  const row = await ownerRow(ctx, deal, owner);
  if (!row) return null;
  return valueOf(row, field);
}

export function valueOf(row: Record<string, unknown>, field: string): unknown {
  if (field in row && field !== 'custom') {
    const v = row[field];
    if (typeof v === 'string' && (v.startsWith('[') || v.startsWith('{'))) return parseJson<unknown>(v, v);
    return v;
  }
  return parseJson<Record<string, unknown>>(row.custom as string | undefined, {})[field] ?? null;
}

/** The row whose fields an owner names: the deal, its company, or its primary contact; null when there is none. */
export async function ownerRow(ctx: Ctx, deal: DealSnapshot, owner: FieldOwner): Promise<Record<string, unknown> | null> {
  if (owner === 'item') return deal.row as unknown as Record<string, unknown>;
  if (owner === 'company') {
    if (deal.companyId === null) return null;
    return ((await scoped(ctx).selectFrom('crm_company').selectAll().where('id', '=', deal.companyId).executeTakeFirst()) as Record<string, unknown> | undefined) ?? null;
  }
  if (deal.primaryContactId === null) return null;
  return ((await scoped(ctx).selectFrom('crm_contact').selectAll().where('id', '=', deal.primaryContactId).executeTakeFirst()) as Record<string, unknown> | undefined) ?? null;
}
