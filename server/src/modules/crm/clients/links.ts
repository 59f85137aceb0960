import { crmEvents } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import { recordEvent } from '../../../platform/events/outbox.js';

type Side = { contactId: number; companyIds: number[] } | { companyId: number; contactIds: number[] };

/**
 * Replaces the companies of a contact (or the contacts of a company) and records the change
 * in the history of every item on the other side; returns this side's old and new lists for
 * the caller's own event.
 */
export async function replaceLinks(ctx: Ctx, side: Side): Promise<{ old: number[]; new: number[] }> {
  const byContact = 'contactId' in side;
  const self = byContact ? side.contactId : side.companyId;
  const target = [...new Set(byContact ? side.companyIds : side.contactIds)].sort((a, b) => a - b);
  const selfCol = byContact ? 'contact_id' : 'company_id';
  const otherCol = byContact ? 'company_id' : 'contact_id';
  const rows = await scoped(ctx).selectFrom('crm_contact_company').select(['contact_id', 'company_id']).where(selfCol, '=', self).execute();
  const old = rows.map((r) => r[otherCol]).sort((a, b) => a - b);
  const added = target.filter((id) => !old.includes(id));
  const removed = old.filter((id) => !target.includes(id));
  const touched = [...added, ...removed];
  if (!touched.length) return { old, new: old };

  // The other side's lists before the change, for their history.
  const theirs = await scoped(ctx).selectFrom('crm_contact_company').select(['contact_id', 'company_id']).where(otherCol, 'in', touched).execute();
  if (removed.length) await scoped(ctx).deleteFrom('crm_contact_company').where(selfCol, '=', self).where(otherCol, 'in', removed).execute();
  if (added.length) {
    await scoped(ctx)
      .insertInto(
        'crm_contact_company',
        added.map((o) => (byContact ? { contact_id: self, company_id: o } : { contact_id: o, company_id: self })),
      )
      .execute();
  }
  for (const other of touched) {
    const before = theirs
      .filter((r) => r[otherCol] === other)
      .map((r) => r[selfCol])
      .sort((a, b) => a - b);
    const after = added.includes(other) ? [...before, self].sort((a, b) => a - b) : before.filter((x) => x !== self);
    await recordEvent(ctx, byContact ? crmEvents.companyUpdated : crmEvents.contactUpdated, {
      entityType: byContact ? 'company' : 'contact',
      entityId: other,
      changes: [{ field: byContact ? 'contact_ids' : 'company_ids', old: before, new: after }],
    });
  }
  return { old, new: target };
}
