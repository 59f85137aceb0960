import { crmEvents } from '@vavilon/contracts';
import type { Selectable } from 'kysely';
import type { Ctx } from '../../../platform/context.js';
import { nowIso } from '../../../platform/db/database.js';
import { scoped } from '../../../platform/db/scoped.js';
import { stillFree } from '../../../platform/items/holders.js';
import { eventOf, recordEvent, recordEvents, type PendingEvent } from '../../../platform/events/outbox.js';
import type { ItemHolder } from '../../../platform/registry/registry.js';
import { replaceLinks } from '../clients/links.js';
import { ENTITY_TYPES } from '../rights.js';
import type { CrmProductRowTable } from '../schema.js';
import { buildSearchText } from '../values.js';
import { existingUserIds } from '../../users/api.js';

type ProductRowRow = Omit<Selectable<CrmProductRowTable>, 'portal_id'>;

/** What the CRM keeps of one item besides its row: the other ends of its links, to bind again on restore. */
export interface HeldLinks {
  /** A contact's companies, a company's contacts. */
  clients?: number[];
  /** A contact's deals (and whether it was their primary contact), a deal's contacts. */
  dealContacts?: { id: number; primary: boolean }[];
  /** A company's deals. */
  deals?: number[];
  /** The leads that named the item (its contact, company or deal). */
  leads?: number[];
  observers?: number[];
  products?: ProductRowRow[];
}

const sorted = (ids: number[]) => [...new Set(ids)].sort((a, b) => a - b);

async function existing(ctx: Ctx, table: 'crm_contact' | 'crm_company' | 'crm_deal' | 'crm_lead', ids: number[]): Promise<Set<number>> {
  if (!ids.length) return new Set();
  return new Set((await scoped(ctx).selectFrom(table).select('id').where('id', 'in', ids).execute()).map((r) => r.id));
}

/** The contacts of each of `dealIds`, for the history line of a change. */
async function contactsOf(ctx: Ctx, dealIds: number[]): Promise<Map<number, { contact_id: number; is_primary: number }[]>> {
  const out = new Map<number, { contact_id: number; is_primary: number }[]>(dealIds.map((d) => [d, []]));
  if (!dealIds.length) return out;
  for (const r of await scoped(ctx).selectFrom('crm_deal_contact').select(['deal_id', 'contact_id', 'is_primary']).where('deal_id', 'in', dealIds).execute()) out.get(r.deal_id)?.push(r);
  return out;
}

/** After a deal's contacts changed: one of them is primary (the lowest id when none is), and its history has a line. */
async function contactsChanged(ctx: Ctx, dealId: number, before: number[]): Promise<void> {
  const now = (await contactsOf(ctx, [dealId])).get(dealId)!;
  if (now.length && !now.some((c) => c.is_primary)) {
    const next = Math.min(...now.map((c) => c.contact_id));
    await scoped(ctx).updateTable('crm_deal_contact').set({ is_primary: 1 }).where('deal_id', '=', dealId).where('contact_id', '=', next).execute();
  }
  const after = sorted(now.map((c) => c.contact_id));
  if (JSON.stringify(after) !== JSON.stringify(sorted(before))) {
    await recordEvent(ctx, crmEvents.dealUpdated, { entityType: 'deal', entityId: dealId, changes: [{ field: 'contact_ids', old: sorted(before), new: after }] });
  }
}

/** Sets the company of deals (their search text names it), with a new version and a history line each. */
async function setDealsCompany(ctx: Ctx, deals: { id: number; title: string; company_id: number | null }[], companyId: number | null): Promise<void> {
  const changed = deals.filter((d) => d.company_id !== companyId);
  if (!changed.length) return;
  const title = companyId ? ((await scoped(ctx).selectFrom('crm_company').select('title').where('id', '=', companyId).executeTakeFirst())?.title ?? null) : null;
  for (const d of changed) {
    await scoped(ctx)
      .updateTable('crm_deal')
      .set((eb) => ({ company_id: companyId, search_text: buildSearchText([d.title, title]), version: eb('version', '+', 1), updated_at: nowIso() }))
      .where('id', '=', d.id)
      .execute();
    await recordEvent(ctx, crmEvents.dealUpdated, { entityType: 'deal', entityId: d.id, changes: [{ field: 'company_id', old: d.company_id, new: companyId }] });
  }
}

const leadColumn = { contact: 'contact_id', company: 'company_id', deal: 'deal_id' } as const;

async function leadsNaming(ctx: Ctx, kind: 'contact' | 'company' | 'deal', ids: number[]): Promise<{ id: number; of: number }[]> {
  const col = leadColumn[kind];
  const rows = await scoped(ctx)
    .selectFrom('crm_lead')
    .select(['id', `${col} as of`])
    .where(col, 'in', ids)
    .execute();
  return rows.map((r) => ({ id: r.id, of: Number(r.of) }));
}

function group<T>(ids: number[], rows: T[], of: (r: T) => number): Map<number, T[]> {
  const out = new Map<number, T[]>(ids.map((id) => [id, []]));
  for (const r of rows) out.get(of(r))?.push(r);
  return out;
}

/** Detaches a contact's links: its companies, its deals (another contact becomes primary), the leads naming it. */
async function detachContacts(ctx: Ctx, ids: number[]): Promise<Record<number, HeldLinks>> {
  const out: Record<number, HeldLinks> = {};
  const dealLinks = await scoped(ctx).selectFrom('crm_deal_contact').select(['deal_id', 'contact_id', 'is_primary']).where('contact_id', 'in', ids).execute();
  const before = await contactsOf(ctx, sorted(dealLinks.map((l) => l.deal_id)));
  const leads = group(ids, await leadsNaming(ctx, 'contact', ids), (l) => l.of);
  for (const id of ids) {
    const links = await replaceLinks(ctx, { contactId: id, companyIds: [] });
    out[id] = {
      clients: links.old,
      dealContacts: dealLinks.filter((l) => l.contact_id === id).map((l) => ({ id: l.deal_id, primary: !!l.is_primary })),
      leads: leads.get(id)!.map((l) => l.id),
    };
  }
  if (dealLinks.length) await scoped(ctx).deleteFrom('crm_deal_contact').where('contact_id', 'in', ids).execute();
  for (const [dealId, had] of before)
    await contactsChanged(
      ctx,
      dealId,
      had.map((c) => c.contact_id),
    );
  await scoped(ctx).updateTable('crm_lead').set({ contact_id: null }).where('contact_id', 'in', ids).execute();
  return out;
}

async function detachCompanies(ctx: Ctx, ids: number[]): Promise<Record<number, HeldLinks>> {
  const out: Record<number, HeldLinks> = {};
  const deals = await scoped(ctx).selectFrom('crm_deal').select(['id', 'title', 'company_id']).where('company_id', 'in', ids).execute();
  const leads = group(ids, await leadsNaming(ctx, 'company', ids), (l) => l.of);
  for (const id of ids) {
    const links = await replaceLinks(ctx, { companyId: id, contactIds: [] });
    const mine = deals.filter((d) => d.company_id === id);
    await setDealsCompany(ctx, mine, null);
    out[id] = { clients: links.old, deals: mine.map((d) => d.id), leads: leads.get(id)!.map((l) => l.id) };
  }
  await scoped(ctx).updateTable('crm_lead').set({ company_id: null }).where('company_id', 'in', ids).execute();
  return out;
}

async function productRows(ctx: Ctx, col: 'deal_id' | 'lead_id', ids: number[]): Promise<Map<number, ProductRowRow[]>> {
  const rows = await scoped(ctx).selectFrom('crm_product_row').selectAll().where(col, 'in', ids).orderBy('sort').orderBy('id').execute();
  if (rows.length) await scoped(ctx).deleteFrom('crm_product_row').where(col, 'in', ids).execute();
  return group(
    ids,
    rows.map(({ portal_id: _p, ...r }) => r),
    (r) => Number(r[col]),
  );
}

async function detachDeals(ctx: Ctx, ids: number[]): Promise<Record<number, HeldLinks>> {
  const contacts = group(ids, await scoped(ctx).selectFrom('crm_deal_contact').select(['deal_id', 'contact_id', 'is_primary']).where('deal_id', 'in', ids).execute(), (r) => r.deal_id);
  const observers = group(ids, await scoped(ctx).selectFrom('crm_deal_observer').select(['deal_id', 'user_id']).where('deal_id', 'in', ids).execute(), (r) => r.deal_id);
  const leads = group(ids, await leadsNaming(ctx, 'deal', ids), (l) => l.of);
  const products = await productRows(ctx, 'deal_id', ids);
  await scoped(ctx).deleteFrom('crm_deal_contact').where('deal_id', 'in', ids).execute();
  await scoped(ctx).deleteFrom('crm_deal_observer').where('deal_id', 'in', ids).execute();
  await scoped(ctx).updateTable('crm_lead').set({ deal_id: null }).where('deal_id', 'in', ids).execute();
  return Object.fromEntries(
    ids.map((id) => [
      id,
      {
        dealContacts: contacts.get(id)!.map((c) => ({ id: c.contact_id, primary: !!c.is_primary })),
        observers: observers.get(id)!.map((o) => o.user_id),
        leads: leads.get(id)!.map((l) => l.id),
        products: products.get(id)!,
      } satisfies HeldLinks,
    ]),
  );
}

/** Binds leads back to the item (those that still exist and name nothing else meanwhile). */
async function relinkLeads(ctx: Ctx, kind: 'contact' | 'company' | 'deal', id: number, leads: number[] | undefined): Promise<void> {
  if (!leads?.length) return;
  const col = leadColumn[kind];
  await scoped(ctx)
    .updateTable('crm_lead')
    .set({ [col]: id })
    .where('id', 'in', leads)
    .where(col, 'is', null)
    .execute();
}

async function reinsertProducts(ctx: Ctx, col: 'deal_id' | 'lead_id', id: number, rows: ProductRowRow[] | undefined): Promise<void> {
  if (!rows?.length) return;
  const back = (await stillFree(ctx, 'crm_product_row', rows)).map((r) => ({ ...r, [col]: id }));
  if (back.length) await scoped(ctx).insertInto('crm_product_row', back).execute();
}

async function reattach(ctx: Ctx, kind: string, id: number, h: HeldLinks): Promise<void> {
  if (kind === 'contact') {
    const companies = await existing(ctx, 'crm_company', h.clients ?? []);
    if (companies.size) await replaceLinks(ctx, { contactId: id, companyIds: [...companies] });
    const deals = await existing(
      ctx,
      'crm_deal',
      (h.dealContacts ?? []).map((d) => d.id),
    );
    const before = await contactsOf(ctx, [...deals]);
    for (const d of (h.dealContacts ?? []).filter((x) => deals.has(x.id))) {
      const had = before.get(d.id)!;
      if (had.some((c) => c.contact_id === id)) continue;
      if (d.primary) await scoped(ctx).updateTable('crm_deal_contact').set({ is_primary: 0 }).where('deal_id', '=', d.id).execute();
      await scoped(ctx)
        .insertInto('crm_deal_contact', { deal_id: d.id, contact_id: id, is_primary: d.primary || !had.length ? 1 : 0 })
        .execute();
      await contactsChanged(
        ctx,
        d.id,
        had.map((c) => c.contact_id),
      );
    }
    await relinkLeads(ctx, 'contact', id, h.leads);
  } else if (kind === 'company') {
    const contacts = await existing(ctx, 'crm_contact', h.clients ?? []);
    if (contacts.size) await replaceLinks(ctx, { companyId: id, contactIds: [...contacts] });
    if (h.deals?.length) {
      const deals = await scoped(ctx).selectFrom('crm_deal').select(['id', 'title', 'company_id']).where('id', 'in', h.deals).where('company_id', 'is', null).execute();
      await setDealsCompany(ctx, deals, id);
    }
    await relinkLeads(ctx, 'company', id, h.leads);
  } else if (kind === 'deal') {
    const contacts = await existing(
      ctx,
      'crm_contact',
      (h.dealContacts ?? []).map((c) => c.id),
    );
    const links = (h.dealContacts ?? []).filter((c) => contacts.has(c.id));
    if (links.length) {
      const primary = links.find((c) => c.primary)?.id ?? links[0].id;
      await scoped(ctx)
        .insertInto(
          'crm_deal_contact',
          links.map((c) => ({ deal_id: id, contact_id: c.id, is_primary: c.id === primary ? 1 : 0 })),
        )
        .execute();
    }
    const known = await existingUserIds(ctx, h.observers ?? []);
    const users = (h.observers ?? []).filter((u) => known.has(u));
    if (users.length)
      await scoped(ctx)
        .insertInto(
          'crm_deal_observer',
          users.map((u) => ({ deal_id: id, user_id: u })),
        )
        .execute();
    await reinsertProducts(ctx, 'deal_id', id, h.products);
    await relinkLeads(ctx, 'deal', id, h.leads);
  } else if (kind === 'lead') {
    await reinsertProducts(ctx, 'lead_id', id, h.products);
  }
}

/** A merge of contacts: the survivor takes their companies and deals (primary where one of them was), and the leads naming them. */
async function moveContacts(ctx: Ctx, fromIds: number[], toId: number): Promise<void> {
  const companies = await scoped(ctx).selectFrom('crm_contact_company').select('company_id').where('contact_id', 'in', fromIds).execute();
  for (const from of fromIds) await replaceLinks(ctx, { contactId: from, companyIds: [] });
  if (companies.length) {
    const mine = await scoped(ctx).selectFrom('crm_contact_company').select('company_id').where('contact_id', '=', toId).execute();
    await replaceLinks(ctx, { contactId: toId, companyIds: [...mine, ...companies].map((c) => c.company_id) });
  }
  const links = await scoped(ctx).selectFrom('crm_deal_contact').select(['deal_id', 'contact_id', 'is_primary']).where('contact_id', 'in', fromIds).execute();
  const dealIds = sorted(links.map((l) => l.deal_id));
  const before = await contactsOf(ctx, dealIds);
  await scoped(ctx).deleteFrom('crm_deal_contact').where('contact_id', 'in', fromIds).execute();
  // Worked out for every deal at once, then written in a few statements: a merge of a contact with a thousand deals stays one short transaction.
  const from = new Set(fromIds);
  const add: { deal_id: number; contact_id: number; is_primary: number }[] = [];
  const makePrimary: number[] = [];
  const lowest: [number, number][] = [];
  const events: PendingEvent[] = [];
  for (const dealId of dealIds) {
    const had = before.get(dealId)!;
    const wasPrimary = links.some((l) => l.deal_id === dealId && l.is_primary);
    const kept = had.filter((c) => !from.has(c.contact_id));
    const hadTarget = kept.some((c) => c.contact_id === toId);
    const after = sorted([...kept.map((c) => c.contact_id), toId]);
    // The primary: the merged contact when one of the others was it; else the one there was; with none at all, the lowest id.
    const primary = wasPrimary ? toId : kept.some((c) => c.is_primary) ? null : after[0]!;
    if (!hadTarget) add.push({ deal_id: dealId, contact_id: toId, is_primary: primary === toId ? 1 : 0 });
    else if (primary === toId) makePrimary.push(dealId);
    if (primary !== null && primary !== toId) lowest.push([dealId, primary]);
    const old = sorted(had.map((c) => c.contact_id));
    if (JSON.stringify(after) !== JSON.stringify(old)) events.push(eventOf(crmEvents.dealUpdated, { entityType: 'deal', entityId: dealId, changes: [{ field: 'contact_ids', old, new: after }] }));
  }
  for (let i = 0; i < add.length; i += 500)
    await scoped(ctx)
      .insertInto('crm_deal_contact', add.slice(i, i + 500))
      .execute();
  for (let i = 0; i < makePrimary.length; i += 500)
    await scoped(ctx)
      .updateTable('crm_deal_contact')
      .set({ is_primary: 1 })
      .where('contact_id', '=', toId)
      .where('deal_id', 'in', makePrimary.slice(i, i + 500))
      .execute();
  for (const [dealId, contactId] of lowest) await scoped(ctx).updateTable('crm_deal_contact').set({ is_primary: 1 }).where('deal_id', '=', dealId).where('contact_id', '=', contactId).execute();
  await recordEvents(ctx, events);
  await scoped(ctx).updateTable('crm_lead').set({ contact_id: toId }).where('contact_id', 'in', fromIds).execute();
}

async function moveCompanies(ctx: Ctx, fromIds: number[], toId: number): Promise<void> {
  const contacts = await scoped(ctx).selectFrom('crm_contact_company').select('contact_id').where('company_id', 'in', fromIds).execute();
  for (const from of fromIds) await replaceLinks(ctx, { companyId: from, contactIds: [] });
  if (contacts.length) {
    const mine = await scoped(ctx).selectFrom('crm_contact_company').select('contact_id').where('company_id', '=', toId).execute();
    await replaceLinks(ctx, { companyId: toId, contactIds: [...mine, ...contacts].map((c) => c.contact_id) });
  }
  const deals = await scoped(ctx).selectFrom('crm_deal').select(['id', 'title', 'company_id']).where('company_id', 'in', fromIds).execute();
  await setDealsCompany(ctx, deals, toId);
  await scoped(ctx).updateTable('crm_lead').set({ company_id: toId }).where('company_id', 'in', fromIds).execute();
}

async function moveDeals(ctx: Ctx, fromIds: number[], toId: number): Promise<void> {
  const before = (await contactsOf(ctx, [toId])).get(toId)!;
  const theirs = await scoped(ctx).selectFrom('crm_deal_contact').select('contact_id').where('deal_id', 'in', fromIds).execute();
  const added = sorted(theirs.map((c) => c.contact_id)).filter((c) => !before.some((b) => b.contact_id === c));
  await scoped(ctx).deleteFrom('crm_deal_contact').where('deal_id', 'in', fromIds).execute();
  if (added.length)
    await scoped(ctx)
      .insertInto(
        'crm_deal_contact',
        added.map((c) => ({ deal_id: toId, contact_id: c, is_primary: 0 })),
      )
      .execute();
  await contactsChanged(
    ctx,
    toId,
    before.map((c) => c.contact_id),
  );
  const watchers = await scoped(ctx)
    .selectFrom('crm_deal_observer')
    .select(['deal_id', 'user_id'])
    .where('deal_id', 'in', [...fromIds, toId])
    .execute();
  await scoped(ctx).deleteFrom('crm_deal_observer').where('deal_id', 'in', fromIds).execute();
  const have = new Set(watchers.filter((w) => w.deal_id === toId).map((w) => w.user_id));
  const more = [...new Set(watchers.filter((w) => w.deal_id !== toId).map((w) => w.user_id))].filter((u) => !have.has(u));
  if (more.length)
    await scoped(ctx)
      .insertInto(
        'crm_deal_observer',
        more.map((u) => ({ deal_id: toId, user_id: u })),
      )
      .execute();
  await moveProducts(ctx, 'deal_id', fromIds, toId);
  await scoped(ctx).updateTable('crm_lead').set({ deal_id: toId }).where('deal_id', 'in', fromIds).execute();
}

/** Product rows of the merged items follow the survivor's own, in their order. */
async function moveProducts(ctx: Ctx, col: 'deal_id' | 'lead_id', fromIds: number[], toId: number): Promise<void> {
  const last = await scoped(ctx)
    .selectFrom('crm_product_row')
    .select((eb) => eb.fn.max('sort').as('sort'))
    .where(col, '=', toId)
    .executeTakeFirst();
  const rows = await scoped(ctx).selectFrom('crm_product_row').select(['id']).where(col, 'in', fromIds).orderBy(col).orderBy('sort').orderBy('id').execute();
  let sort = Number(last?.sort ?? -1);
  for (const r of rows)
    await scoped(ctx)
      .updateTable('crm_product_row')
      .set({ [col]: toId, sort: ++sort })
      .where('id', '=', r.id)
      .execute();
}

/**
 * The CRM's own links of its items: a contact's companies and deals, a company's contacts and
 * deals, a deal's contacts, observers and product rows, a lead's product rows, and the leads that
 * name a contact, company or deal. The other side's history records each change.
 */
export const crmLinksHolder: ItemHolder = {
  name: 'crm.links',
  kinds: ENTITY_TYPES,
  async detach(ctx, kind, ids) {
    switch (kind) {
      case 'contact':
        return detachContacts(ctx, ids);
      case 'company':
        return detachCompanies(ctx, ids);
      case 'deal':
        return detachDeals(ctx, ids);
      case 'lead': {
        const products = await productRows(ctx, 'lead_id', ids);
        return Object.fromEntries(ids.map((id) => [id, { products: products.get(id)! } satisfies HeldLinks]));
      }
      default:
        return {};
    }
  },
  reattach: (ctx, kind, id, held) => reattach(ctx, kind, id, held as HeldLinks),
  async move(ctx, kind, fromIds, toId) {
    if (kind === 'contact') await moveContacts(ctx, fromIds, toId);
    else if (kind === 'company') await moveCompanies(ctx, fromIds, toId);
    else if (kind === 'deal') await moveDeals(ctx, fromIds, toId);
    else if (kind === 'lead') await moveProducts(ctx, 'lead_id', fromIds, toId);
  },
};
