import type { crmItemEvents } from '@vavilon/contracts';
import type { z } from 'zod';
import type { Selectable } from 'kysely';
import type { Company, CompanyInput, Contact, ContactInput, Deal, DealInput, Lead, LeadInput } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import type { FieldError } from '../../../platform/errors.js';
import type { Change } from '../../../platform/events/outbox.js';
import type { ClientColumns, CrmCompanyTable, CrmContactTable, CrmDealTable, CrmLeadTable, EntityType } from '../schema.js';

/**
 * The CRM item types and what each is made of: its table, its stored row, the card the API
 * answers with (`dto`), and the body that creates it (`input`; an update sends any part of it
 * and the version it saw).
 */
export interface ItemModel {
  lead: { table: 'crm_lead'; row: Selectable<CrmLeadTable>; dto: Lead; input: z.infer<typeof LeadInput>; schema: typeof LeadInput };
  contact: { table: 'crm_contact'; row: Selectable<CrmContactTable>; dto: Contact; input: z.infer<typeof ContactInput>; schema: typeof ContactInput };
  company: { table: 'crm_company'; row: Selectable<CrmCompanyTable>; dto: Company; input: z.infer<typeof CompanyInput>; schema: typeof CompanyInput };
  deal: { table: 'crm_deal'; row: Selectable<CrmDealTable>; dto: Deal; input: z.infer<typeof DealInput>; schema: typeof DealInput };
}

export type ItemType = keyof ItemModel & EntityType;
export type ItemTable = ItemModel[ItemType]['table'];
export type ItemRow<T extends ItemType> = ItemModel[T]['row'];
export type ItemDto<T extends ItemType> = ItemModel[T]['dto'];
export type ItemInput<T extends ItemType> = ItemModel[T]['input'];
export type ItemPatch<T extends ItemType> = Partial<ItemInput<T>>;

/** The item types whose create, update, delete and copy run through the shared skeleton. */
export type ClientType = 'lead' | 'contact' | 'company';

/** A row as inserted (its id, portal and search text come from the insert). */
export type NewRow<T extends ItemType> = Omit<ItemRow<T>, 'id' | 'portal_id' | 'search_text'>;
/** The columns only this type has (not those every lead, contact, company and deal carries). */
export type OwnColumns<T extends ItemType> = Omit<ItemRow<T>, keyof ClientColumns | 'id' | 'portal_id'>;
/** The type's own columns a write sets: only those its input names. */
export type OwnSet<T extends ItemType> = Partial<OwnColumns<T>>;
/** The shared columns of a row as inserted. */
export type CommonRow = Omit<ClientColumns, 'search_text'>;
/** The shared columns a write sets. */
export type CommonSet = Partial<CommonRow>;
export type ItemColumn<T extends ItemType> = keyof ItemRow<T> & string;

/** What a write may be told besides the input. */
export interface WriteOptions {
  /** The lead the item is converted from: its creation event and history name it. */
  leadId?: number;
  /** Custom values are kept without checks (a conversion copies the lead's values by code). */
  lenientCustom?: boolean;
  /** Linking needs the right to edit the linked item too (the card; not a conversion or the demo data). */
  linkNeedsEdit?: boolean;
}

/** The events an item records: `crm.<type>.created|updated|deleted`, as the contracts define them. */
export type ItemEvents<T extends ItemType> = (typeof crmItemEvents)[T];

/** Links written after the row's own columns; `changes` go into the item's history. */
export interface LinkWrite {
  changes: Change[];
  /** Extra fields of the creation event (a contact's `companyIds`). */
  payload?: Record<string, unknown>;
}

/** What the generic copy hands to a type's `copyInput`: the parts every item copies alike. */
export interface CopyBase {
  /** « (копия)» in the actor's language. */
  suffix: string;
  /** The source's responsible if the actor may add items for them, else the actor. */
  responsibleId: number | null;
  /** The custom values the actor may edit. */
  custom: Record<string, unknown>;
}

/**
 * One CRM item type: where it lives, how its row becomes its card, which rights entity guards
 * it, which events it records and which of its columns its history tracks.
 */
export interface ItemDescriptor<T extends ItemType> {
  type: T;
  table: ItemModel[T]['table'];
  /** The rights entity whose scopes decide who may read, add, edit and delete it. */
  rights: EntityType;
  /** The create body; the update body is its partial with `version` (see `withVersion`). */
  schema: ItemModel[T]['schema'];
  events: ItemEvents<T>;
  history: {
    /** Columns whose changes become history lines (custom values always do, as `custom.<code>`). */
    tracked: readonly ItemColumn<T>[];
    /** Columns held in minor units, recorded in major ones ("1250000.50"). */
    money?: readonly ItemColumn<T>[];
  };
  find(ctx: Ctx, id: number, opts?: { lock?: boolean }): Promise<ItemRow<T> | undefined>;
  findMany(ctx: Ctx, ids: number[]): Promise<ItemRow<T>[]>;
  /** The card of a row the actor may read. */
  toDto(ctx: Ctx, row: ItemRow<T>): Promise<ItemDto<T>>;
  /** The name it is shown by (lists, history, search, notifications). */
  title(row: ItemRow<T>): string;
}

/**
 * A type written through the shared skeleton (leads, contacts, companies): the skeleton checks
 * rights, the responsible, custom values and versions, writes the row and records the events;
 * the type brings its own columns and links.
 */
export interface ClientDescriptor<T extends ClientType> extends ItemDescriptor<T> {
  /**
   * The type's own columns for the keys present in `input` (the shared ones, the responsible
   * and custom values are the skeleton's); bad values go to `fields`.
   */
  columns(ctx: Ctx, input: ItemPatch<T>, before: ItemRow<T> | null, fields: FieldError[]): Promise<OwnSet<T>>;
  /** A new row: the type's defaults under what the input set. */
  build(own: OwnSet<T>, common: CommonRow): NewRow<T>;
  /** The row as an update leaves it. */
  merge(before: ItemRow<T>, own: OwnSet<T>, common: CommonSet): NewRow<T>;
  /**
   * Checks the links named in `input` (after the responsible, before custom values) and
   * returns what writes them once the row exists; null when the input names none.
   */
  links?(ctx: Ctx, input: ItemPatch<T>, before: ItemRow<T> | null, fields: FieldError[], opts: WriteOptions): Promise<((id: number) => Promise<LinkWrite>) | null>;
  /** Checks of the row as it will be stored (a contact needs a name). */
  validate?(row: NewRow<T>, fields: FieldError[]): void;
  searchText(row: NewRow<T>): string;
  insert(ctx: Ctx, row: NewRow<T> & { search_text: string }): Promise<number>;
  /** The creation event's payload (the skeleton adds `leadId` and the links' payload). */
  created(row: NewRow<T>): Record<string, unknown>;
  /** Runs once an update of the row is stored (a renamed company renames its deals' search text). */
  updated?(ctx: Ctx, before: ItemRow<T>, own: OwnSet<T>): Promise<void>;
  /** «Копировать»: the create body of a copy of `row`. */
  copyInput(ctx: Ctx, row: ItemRow<T>, base: CopyBase): Promise<ItemInput<T>>;
}

/** A type with its own write rules (deals: stages, Kanban order, products), reached through the same calls. */
export interface OwnWritesDescriptor<T extends ItemType> extends ItemDescriptor<T> {
  create(ctx: Ctx, input: ItemInput<T>): Promise<ItemDto<T>>;
  update(ctx: Ctx, id: number, patch: ItemPatch<T>, version: number): Promise<ItemDto<T>>;
  remove(ctx: Ctx, id: number): Promise<void>;
}
