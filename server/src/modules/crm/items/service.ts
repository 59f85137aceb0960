import type { Ctx } from '../../../platform/context.js';
import { companyItem } from '../clients/companies.js';
import { contactItem } from '../clients/contacts.js';
import { leadItem } from '../clients/leads.js';
import { dealItem } from '../deals/item.js';
import { clientOps, ownOps, type ClientOps, type ItemOps } from './skeleton.js';
import type { ClientType, ItemDescriptor, ItemDto, ItemInput, ItemPatch, ItemType, WriteOptions } from './types.js';

/**
 * The generic CRM item calls: one create / read / update / delete / copy for every item type,
 * typed by its descriptor (`createItem(ctx, 'contact', …)` answers a Contact). The card routes,
 * and search, duplicates, automation and the REST layer, go through these.
 */
const CLIENT_ITEMS: { [K in ClientType]: ClientOps<K> } = {
  lead: clientOps(leadItem),
  contact: clientOps(contactItem),
  company: clientOps(companyItem),
};

const ITEMS: { [K in ItemType]: ItemOps<K> } = { ...CLIENT_ITEMS, deal: ownOps(dealItem) };

/** The descriptor of an item type: table, rights entity, events, tracked columns, row → card. */
export function itemDescriptor<T extends ItemType>(type: T): ItemDescriptor<T> {
  return ITEMS[type].descriptor;
}

/** One item's card; 404 when it is missing or the actor may not read it. */
export function getItem<T extends ItemType>(ctx: Ctx, type: T, id: number): Promise<ItemDto<T>> {
  return ITEMS[type].get(ctx, id);
}

/** The cards of the given items the actor may read, in the order asked (missing and unreadable ones left out). */
export function getItems<T extends ItemType>(ctx: Ctx, type: T, ids: number[]): Promise<ItemDto<T>[]> {
  return ITEMS[type].getMany(ctx, ids);
}

/** Creates an item as the actor (who needs the right to add it for its responsible) and answers its card. */
export function createItem<T extends ItemType>(ctx: Ctx, type: T, input: ItemInput<T>): Promise<ItemDto<T>> {
  return ITEMS[type].create(ctx, input);
}

/** Changes the fields `patch` names if the item still has `version` (409 otherwise); answers the card. */
export function updateItem<T extends ItemType>(ctx: Ctx, type: T, id: number, patch: ItemPatch<T>, version: number): Promise<ItemDto<T>> {
  return ITEMS[type].update(ctx, id, patch, version);
}

/** Deletes an item, its comments and its links. */
export function deleteItem(ctx: Ctx, type: ItemType, id: number): Promise<void> {
  return ITEMS[type].remove(ctx, id);
}

/** «Копировать»: a new item with the source's fields, « (копия)» after its name. */
export function copyItem<T extends ClientType>(ctx: Ctx, type: T, id: number): Promise<ItemDto<T>> {
  return CLIENT_ITEMS[type].copy(ctx, id);
}

/**
 * Inserts a lead, contact or company in the caller's transaction without the actor's rights
 * (the callers check them): a lead's conversion and the demo data come through here.
 */
export function insertItem<T extends ClientType>(ctx: Ctx, type: T, input: ItemInput<T>, opts: WriteOptions = {}): Promise<number> {
  return CLIENT_ITEMS[type].insert(ctx, input, opts);
}
