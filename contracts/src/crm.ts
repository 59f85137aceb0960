import { z } from 'zod';
import { IdValue, SortValue, TypedValue } from './common.js';
import { FileInfo } from './files.js';
import { CURRENCIES } from './money.js';
import { CatalogAccess, StoreAccess } from './catalog/products.js';

export const EntityType = z.enum(['lead', 'deal', 'contact', 'company']);
export type EntityType = z.infer<typeof EntityType>;
export const StageKind = z.enum(['progress', 'success', 'failure']);
export const Scope = z.enum(['none', 'own', 'department', 'all']);
export type Scope = z.infer<typeof Scope>;
export const CrmAction = z.enum(['read', 'add', 'edit', 'delete', 'export', 'import']);
export type CrmAction = z.infer<typeof CrmAction>;

/** Money travels as a decimal string in major units ("1250000.50"), never a float. */
export const Money = z
  .string()
  .trim()
  .regex(/^-?\d{1,15}(\.\d{1,2})?$/, { error: 'crm.money_invalid' });
export const Currency = z.enum(CURRENCIES);
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'crm.date_invalid' });

export const ClientPath = z.object({
  source: z.string().max(100).nullable().optional(),
  utmSource: z.string().max(255).nullable().optional(),
  utmMedium: z.string().max(255).nullable().optional(),
  utmCampaign: z.string().max(255).nullable().optional(),
  utmContent: z.string().max(255).nullable().optional(),
  utmTerm: z.string().max(255).nullable().optional(),
  firstTouchAt: z.string().nullable().optional(),
});

const Contacts = {
  phones: z.array(TypedValue).max(20).optional(),
  emails: z.array(TypedValue).max(20).optional(),
  websites: z.array(TypedValue).max(20).optional(),
  messengers: z.array(TypedValue).max(20).optional(),
};

/** Custom field values by code (`uf_...`); each is checked against its field's type. */
export const CustomValues = z.record(z.string().max(64), z.unknown());

export const CompanyInput = z
  .object({
    title: z.string().trim().min(1).max(500),
    industry: z.string().max(100).nullable().optional(),
    revenue: Money.nullable().optional(),
    revenueCurrency: Currency.optional(),
    address: z.string().max(1000).optional(),
    inn: z.string().trim().max(20).nullable().optional(),
    kpp: z.string().trim().max(9).nullable().optional(),
    ogrn: z.string().trim().max(15).nullable().optional(),
    responsibleId: z.number().int().positive().max(2_147_483_647).nullable().optional(),
    comments: z.string().max(20000).optional(),
    custom: CustomValues.optional(),
    ...Contacts,
  })
  .merge(ClientPath);

export const ContactInput = z
  .object({
    lastName: z.string().trim().max(100).optional(),
    firstName: z.string().trim().max(100).optional(),
    middleName: z.string().trim().max(100).optional(),
    position: z.string().trim().max(255).optional(),
    photoUrl: z.string().url().max(1024).nullable().optional(),
    birthday: IsoDate.nullable().optional(),
    companyIds: z.array(z.number().int().positive().max(2_147_483_647)).max(50).optional(),
    responsibleId: z.number().int().positive().max(2_147_483_647).nullable().optional(),
    comments: z.string().max(20000).optional(),
    custom: CustomValues.optional(),
    ...Contacts,
  })
  .merge(ClientPath);

/** «Скидка» of a product row: a percent of the row, or a sum off each unit. */
export const DiscountType = z.enum(['percent', 'sum']);

/**
 * A product row of a deal or a lead: a product of the catalogue (`productId`; what the row leaves
 * out — name, price, unit, tax — is taken from the product) or a free row (name and price required).
 */
export const DealProductInput = z.object({
  productId: z.number().int().positive().max(2_147_483_647).nullable().optional(),
  name: z.string().trim().min(1).max(500).optional(),
  price: Money.optional(),
  quantity: z.number().positive().max(1e9),
  unit: z.string().trim().max(20).optional(),
  discountType: DiscountType.optional(),
  discountPercent: z.number().min(0).max(100).optional(),
  /** With `discountType: 'sum'`: the discount off one unit. */
  discountSum: Money.optional(),
  taxPercent: z.number().min(0).max(100).optional(),
  taxIncluded: z.boolean().optional(),
});

/**
 * The amount follows the product rows unless set by hand: with rows, a typed `amount` is kept
 * only with `amountManual: true` (sent then or kept from before); `amountManual: false`
 * («Пересчитать по товарам») makes it the rows' total again. Without rows the amount is free.
 */
const RowsInput = {
  products: z.array(DealProductInput).max(500).optional(),
  amountManual: z.boolean().optional(),
};

export const DealInput = z
  .object({
    title: z.string().trim().min(1).max(500),
    pipelineId: z.number().int().positive().max(2_147_483_647).optional(),
    stageId: z.number().int().positive().max(2_147_483_647).optional(),
    amount: Money.optional(),
    currency: Currency.optional(),
    companyId: z.number().int().positive().max(2_147_483_647).nullable().optional(),
    contactIds: z.array(z.number().int().positive().max(2_147_483_647)).max(50).optional(),
    primaryContactId: z.number().int().positive().max(2_147_483_647).nullable().optional(),
    responsibleId: z.number().int().positive().max(2_147_483_647).nullable().optional(),
    observerIds: z.array(z.number().int().positive().max(2_147_483_647)).max(50).optional(),
    beginDate: IsoDate.nullable().optional(),
    closeDate: IsoDate.nullable().optional(),
    ...RowsInput,
    comments: z.string().max(20000).optional(),
    custom: CustomValues.optional(),
  })
  .merge(ClientPath);

export const LeadInput = z
  .object({
    title: z.string().trim().min(1).max(500),
    statusId: z.number().int().positive().max(2_147_483_647).optional(),
    lastName: z.string().trim().max(100).optional(),
    firstName: z.string().trim().max(100).optional(),
    middleName: z.string().trim().max(100).optional(),
    position: z.string().trim().max(255).optional(),
    companyTitle: z.string().trim().max(500).optional(),
    amount: Money.optional(),
    currency: Currency.optional(),
    ...RowsInput,
    responsibleId: z.number().int().positive().max(2_147_483_647).nullable().optional(),
    comments: z.string().max(20000).optional(),
    custom: CustomValues.optional(),
    ...Contacts,
  })
  .merge(ClientPath);

/** Updates carry the version the user saw: an older one is refused with 409. */
export const withVersion = <T extends z.ZodRawShape>(s: z.ZodObject<T>) => s.partial().extend({ version: z.number().int() });

export const UserRef = z.object({ id: z.number().int(), fullName: z.string(), photoUrl: z.string().nullable() });
/** A linked item; `hidden`: the viewer may not read it, so `title` is «Скрыто» and the UI shows no link. */
export const ItemRef = z.object({ id: z.number().int(), title: z.string(), entityType: EntityType, hidden: z.boolean().optional() });

export const Stage = z.object({
  id: z.number().int(),
  name: z.string(),
  color: z.string(),
  sort: z.number().int(),
  kind: StageKind,
  code: z.string().nullable(),
  version: z.number().int(),
});
export type Stage = z.infer<typeof Stage>;

export const Pipeline = z.object({
  id: z.number().int(),
  name: z.string(),
  code: z.string().nullable(),
  sort: z.number().int(),
  isDefault: z.boolean(),
  stages: z.array(Stage),
  version: z.number().int(),
});
export type Pipeline = z.infer<typeof Pipeline>;

export const PipelineInput = z.object({ name: z.string().trim().min(1).max(255), sort: SortValue.optional() });
export const StageInput = z.object({
  name: z.string().trim().min(1).max(255),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .optional(),
  kind: StageKind.optional(),
  sort: SortValue.optional(),
});
export const StageDelete = z.object({ moveToStageId: z.number().int().positive().max(2_147_483_647).optional() });
export const StageOrder = z.object({ stageIds: z.array(z.number().int().positive().max(2_147_483_647)).min(1).max(100) });

export const FieldType = z.enum(['string', 'text', 'number', 'money', 'date', 'datetime', 'list', 'boolean', 'employee', 'crm', 'file', 'url']);
export type FieldType = z.infer<typeof FieldType>;
export const FieldDef = z.object({
  id: z.number().int(),
  entityType: EntityType,
  code: z.string(),
  label: z.string(),
  type: FieldType,
  multiple: z.boolean(),
  required: z.boolean(),
  options: z.array(z.object({ id: z.string(), label: z.string() })),
  readRoles: z.array(z.number().int()),
  editRoles: z.array(z.number().int()),
  sort: z.number().int(),
  version: z.number().int(),
  /** For the current user. */
  canRead: z.boolean(),
  canEdit: z.boolean(),
});
export type FieldDef = z.infer<typeof FieldDef>;
export const FieldInput = z.object({
  label: z.string().trim().min(1).max(255),
  type: FieldType,
  multiple: z.boolean().default(false),
  required: z.boolean().default(false),
  options: z
    .array(z.object({ id: z.string().max(64).optional(), label: z.string().trim().min(1).max(255) }))
    .max(500)
    .default([]),
  readRoles: z.array(z.number().int()).default([]),
  editRoles: z.array(z.number().int()).default([]),
  sort: SortValue.optional(),
});

/** A card layout: blocks of field keys (standard names or custom codes). */
export const Layout = z.object({
  blocks: z.array(z.object({ id: z.string().max(64), title: z.string().max(255), fields: z.array(z.string().max(64)).max(200) })).max(50),
  /**
   * Fields this card requires beyond the fields' own «Обязательное» (deals: per pipeline, e.g.
   * «Компания» on «Воронка обзвона»): standard keys (`company`, `contacts`, `responsible`...) or
   * custom codes. The deal service refuses a deal of the pipeline without them. Left out on save: kept.
   */
  required: z.array(z.string().max(64)).max(200).optional(),
});
export type Layout = z.infer<typeof Layout>;

export const ListQuery = z.object({
  search: z.string().trim().max(200).optional(),
  /** Selected rows only (a group action on the list): ids separated by commas. */
  ids: z
    .string()
    .regex(/^\d{1,10}(,\d{1,10}){0,999}$/)
    .optional(),
  preset: z.enum(['mine', 'in_progress', 'closed', 'all']).optional(),
  responsibleId: IdValue.optional(),
  pipelineId: IdValue.optional(),
  stageId: z.union([IdValue, z.array(IdValue)]).optional(),
  companyId: IdValue.optional(),
  dateField: z.enum(['created_at', 'updated_at', 'close_date', 'begin_date']).optional(),
  dateFrom: IsoDate.optional(),
  dateTo: IsoDate.optional(),
  sort: z.string().max(64).optional(),
  order: z.enum(['asc', 'desc']).default('desc'),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce
    .number()
    .int()
    .refine((n) => [10, 20, 50, 100, 200].includes(n))
    .default(50),
});
export type ListQuery = z.infer<typeof ListQuery>;

export const RolePermissions = z.record(EntityType, z.record(CrmAction, Scope));
/**
 * Deal scopes of the pipelines a role names, by pipeline id (as Bitrix24's «Сделки: <воронка>»);
 * the role's general deal scopes apply to the pipelines it does not name.
 */
export const PipelinePermissions = z.record(z.string().regex(/^[1-9][0-9]{0,9}$/), z.record(CrmAction, Scope));
/** Who of a department holds a role: its members, its members and those of the departments below, or its head. */
export const RoleDepartmentWho = z.enum(['members', 'tree', 'head']);
export type RoleDepartmentWho = z.infer<typeof RoleDepartmentWho>;
export const RoleDepartment = z.object({ departmentId: z.number().int().positive().max(2_147_483_647), who: RoleDepartmentWho });
export const CrmRole = z.object({
  id: z.number().int(),
  name: z.string(),
  permissions: RolePermissions,
  dealPipelines: PipelinePermissions,
  isDefault: z.boolean(),
  userIds: z.array(z.number().int()),
  departments: z.array(RoleDepartment),
  /** «Товарный каталог» and «Складской учёт». */
  catalog: CatalogAccess,
  store: StoreAccess,
  version: z.number().int(),
});
export const CrmRoleInput = z.object({
  name: z.string().trim().min(1).max(255),
  permissions: RolePermissions,
  dealPipelines: PipelinePermissions.optional(),
  isDefault: z.boolean().optional(),
  userIds: z.array(z.number().int().positive().max(2_147_483_647)).max(10000).optional(),
  departments: z.array(RoleDepartment).max(1000).optional(),
  catalog: CatalogAccess.optional(),
  store: StoreAccess.optional(),
});

const ItemBase = {
  id: z.number().int(),
  responsible: UserRef.nullable(),
  phones: z.array(TypedValue),
  emails: z.array(TypedValue),
  websites: z.array(TypedValue),
  messengers: z.array(TypedValue),
  clientPath: ClientPath.required(),
  comments: z.string(),
  custom: z.record(z.string(), z.unknown()),
  createdBy: UserRef.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
  abilities: z.object({ edit: z.boolean(), delete: z.boolean() }),
};

export const Company = z.object({
  ...ItemBase,
  title: z.string(),
  industry: z.string().nullable(),
  revenue: z.string().nullable(),
  revenueCurrency: z.string(),
  address: z.string(),
  inn: z.string().nullable(),
  kpp: z.string().nullable(),
  ogrn: z.string().nullable(),
  contacts: z.array(ItemRef),
  deals: z.array(ItemRef.extend({ stageName: z.string(), amount: z.string(), currency: z.string() })),
});
export type Company = z.infer<typeof Company>;

export const Contact = z.object({
  ...ItemBase,
  title: z.string(),
  lastName: z.string(),
  firstName: z.string(),
  middleName: z.string(),
  position: z.string(),
  photoUrl: z.string().nullable(),
  birthday: z.string().nullable(),
  companies: z.array(ItemRef),
  deals: z.array(ItemRef.extend({ stageName: z.string(), amount: z.string(), currency: z.string() })),
});
export type Contact = z.infer<typeof Contact>;

/** A product row as stored: `sum` is the row's «Итого» (tax included), `net` and `tax` its parts (see deal-sums.ts). */
export const DealProduct = DealProductInput.extend({
  id: z.number().int(),
  name: z.string(),
  price: z.string(),
  unit: z.string(),
  discountType: DiscountType,
  discountPercent: z.number(),
  discountSum: z.string(),
  taxPercent: z.number(),
  taxIncluded: z.boolean(),
  /** The row's discount in all (per unit × quantity, or the percent of the row). */
  discount: z.string(),
  sum: z.string(),
  net: z.string(),
  tax: z.string(),
});
/** «Сумма без налога», «Налог (НДС)», «Итого» of a deal's products, and the discount given; the deal's amount is `total`. */
export const DealProductTotals = z.object({ discount: z.string(), net: z.string(), tax: z.string(), total: z.string() });

export const Deal = z.object({
  ...ItemBase,
  title: z.string(),
  pipelineId: z.number().int(),
  stageId: z.number().int(),
  stageKind: StageKind,
  amount: z.string(),
  currency: z.string(),
  company: ItemRef.nullable(),
  contacts: z.array(ItemRef.extend({ isPrimary: z.boolean() })),
  observers: z.array(UserRef),
  beginDate: z.string().nullable(),
  closeDate: z.string().nullable(),
  products: z.array(DealProduct),
  productTotals: DealProductTotals,
  /** The amount was set by hand and does not follow the product rows. */
  amountManual: z.boolean(),
  leadId: z.number().int().nullable(),
});
export type Deal = z.infer<typeof Deal>;

export const Lead = z.object({
  ...ItemBase,
  title: z.string(),
  statusId: z.number().int(),
  statusKind: StageKind,
  lastName: z.string(),
  firstName: z.string(),
  middleName: z.string(),
  position: z.string(),
  companyTitle: z.string(),
  amount: z.string(),
  currency: z.string(),
  products: z.array(DealProduct),
  productTotals: DealProductTotals,
  amountManual: z.boolean(),
  convertedAt: z.string().nullable(),
  contact: ItemRef.nullable(),
  company: ItemRef.nullable(),
  deal: ItemRef.nullable(),
});
export type Lead = z.infer<typeof Lead>;

/** A list row: the item's columns by key, ready to show (money formatted by the client). */
export const ListRow = z.record(z.string(), z.unknown());
export const ListPage = z.object({ items: z.array(ListRow), page: z.number().int(), pageSize: z.number().int(), hasMore: z.boolean() });
export const ListCount = z.object({ total: z.number().int() });

/**
 * An item's planned activities as its Kanban card and the lists' «Дела» column show them: how
 * many, how many overdue, the nearest deadline (the same shape as the activities' `ItemActivityCounts`).
 */
export const ItemActivitySummary = z.object({ planned: z.number().int(), overdue: z.number().int(), nearest: z.string().nullable() });
export type ItemActivitySummary = z.infer<typeof ItemActivitySummary>;

export const KanbanCard = z.object({
  id: z.number().int(),
  title: z.string(),
  amount: z.string(),
  currency: z.string(),
  company: z.string().nullable(),
  contact: z.string().nullable(),
  /** The company or contact is one the viewer may not read: its name reads «Скрыто». */
  companyHidden: z.boolean().optional(),
  contactHidden: z.boolean().optional(),
  responsible: UserRef.nullable(),
  version: z.number().int(),
  /** «Дела: 2»: the deal's planned activities. */
  activities: ItemActivitySummary,
});
export const KanbanColumn = z.object({
  stage: Stage,
  count: z.number().int(),
  sum: z.string(),
  cards: z.array(KanbanCard),
  hasMore: z.boolean(),
});
/** `currency`: the portal's base currency, the one the columns' sums are in (each card keeps its deal's own). */
export const Kanban = z.object({ pipeline: Pipeline, columns: z.array(KanbanColumn), currency: z.string(), canAdd: z.boolean() });
export const KanbanMore = z.object({ cards: z.array(KanbanCard), hasMore: z.boolean() });
export const StageMove = z.object({
  stageId: z.number().int().positive().max(2_147_483_647),
  version: z.number().int(),
  /** The card the moved one is placed under in the target column; left out or null: at the top. */
  afterId: z.number().int().positive().max(2_147_483_647).nullable().optional(),
});

export const TimelineEntry = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('comment'), id: z.number().int(), author: UserRef.nullable(), html: z.string(), createdAt: z.string(), files: z.array(FileInfo) }),
  z.object({
    kind: z.literal('change'),
    id: z.number().int(),
    author: UserRef.nullable(),
    action: z.string(),
    field: z.string().nullable(),
    fieldLabel: z.string().nullable(),
    oldValue: z.string().nullable(),
    newValue: z.string().nullable(),
    createdAt: z.string(),
  }),
  /** An item of another module bound to this one: a task of the deal. */
  z.object({
    kind: z.literal('linked'),
    id: z.number().int(),
    itemKind: z.string(),
    title: z.string(),
    url: z.string(),
    state: z.string(),
    done: z.boolean(),
    responsible: z.string().nullable(),
    due: z.string().nullable(),
    author: UserRef.nullable(),
    createdAt: z.string(),
  }),
]);
export const Timeline = z.object({ items: z.array(TimelineEntry) });

export const BulkAction = z.discriminatedUnion('action', [
  z.object({ action: z.literal('delete'), ids: z.array(z.number().int().positive().max(2_147_483_647)).min(1).max(1000) }),
  z.object({ action: z.literal('responsible'), ids: z.array(z.number().int().positive().max(2_147_483_647)).min(1).max(1000), responsibleId: z.number().int().positive().max(2_147_483_647) }),
  z.object({ action: z.literal('stage'), ids: z.array(z.number().int().positive().max(2_147_483_647)).min(1).max(1000), stageId: z.number().int().positive().max(2_147_483_647) }),
]);
export const BulkResult = z.object({ done: z.number().int(), denied: z.array(z.number().int()) });

// ---- Pipelines, deals, Kanban, calendar and generic lists (issue 3, deals part) ----
export const CrmEntityParam = z.object({ entity: EntityType });
export const PipelineList = z.object({ items: z.array(Pipeline) });
export const StageList = z.object({ items: z.array(Stage) });
export const PipelineQuery = z.object({ entity: z.enum(['deal']).default('deal') });
/** Renaming, re-sorting or making a pipeline the default one (`isDefault: true`). */
export const PipelineUpdate = withVersion(PipelineInput).extend({ isDefault: z.literal(true).optional() });
export const StageUpdate = withVersion(StageInput);

export const KanbanQuery = z.object({
  pipelineId: IdValue.optional(),
  search: z.string().trim().max(200).optional(),
  responsibleId: IdValue.optional(),
});
export const KanbanColumnQuery = KanbanQuery.omit({ pipelineId: true }).extend({
  stageId: IdValue,
  /** The id of the last card shown: the next cards are the ones below it in the column. */
  afterId: IdValue.optional(),
});
/** The card returned after a Kanban drag, with the stage it now stands in. */
export const MovedCard = KanbanCard.extend({ stageId: z.number().int(), stageKind: StageKind });

export const DealCalendarQuery = z.object({
  pipelineId: IdValue.optional(),
  field: z.enum(['close_date', 'begin_date', 'created_at']).default('close_date'),
  from: IsoDate,
  to: IsoDate,
  responsibleId: IdValue.optional(),
});
export const DealCalendarItem = z.object({
  id: z.number().int(),
  title: z.string(),
  /** YYYY-MM-DD for close/begin dates, an ISO timestamp for created_at. */
  date: z.string(),
  stage: Stage.pick({ id: true, name: true, color: true, kind: true }),
  amount: z.string(),
  currency: z.string(),
  responsible: UserRef.nullable(),
  version: z.number().int(),
});
export const DealCalendar = z.object({ items: z.array(DealCalendarItem), truncated: z.boolean() });

export const ListColumn = z.object({
  key: z.string(),
  label: z.string(),
  kind: z.string(),
  sortable: z.boolean(),
  byDefault: z.boolean(),
  custom: z.boolean(),
  fieldType: FieldType.nullable(),
});
export const ListColumns = z.object({ items: z.array(ListColumn) });
export const ListFilter = ListQuery.pick({
  search: true,
  preset: true,
  responsibleId: true,
  pipelineId: true,
  stageId: true,
  companyId: true,
  dateField: true,
  dateFrom: true,
  dateTo: true,
});
export const ListPreset = z.object({ name: z.string().trim().min(1).max(100), filter: ListFilter });
/** A user's list of one item type: chosen columns, page size, sort and saved filter presets. */
export const ListSettings = z.object({
  columns: z.array(z.string().max(64)).max(100),
  pageSize: z
    .number()
    .int()
    .refine((n) => [10, 20, 50, 100, 200].includes(n), { error: 'crm.list.page_size_invalid' }),
  sort: z.string().max(64).nullable(),
  order: z.enum(['asc', 'desc']),
  presets: z.array(ListPreset).max(30),
});
export type ListSettings = z.infer<typeof ListSettings>;
export const ListSettingsInput = ListSettings.partial();

// --- Clients, leads and the timeline (contacts, companies, leads; lead conversion) ---

/** «Вид деятельности»: the values a company's industry may take. */
export const IndustryList = z.object({ items: z.array(z.string()) });

/** A lead moved to another status from its status bar. */
export const LeadStatusMove = z.object({ statusId: z.number().int().positive().max(2_147_483_647), version: z.number().int() });

/** What to create from a lead; `deal: {}` puts the deal in the default pipeline's first stage. */
export const LeadConvertInput = z.object({
  contact: z.boolean().default(false),
  company: z.boolean().default(false),
  deal: z
    .object({ pipelineId: z.number().int().positive().max(2_147_483_647).optional() })
    .nullable()
    .default(null),
});
export const LeadConvertResult = z.object({
  lead: Lead,
  contactId: z.number().int().nullable(),
  companyId: z.number().int().nullable(),
  dealId: z.number().int().nullable(),
});

/** Where a timeline lives: `/api/crm/:entity/:id/...`. */
export const EntityParam = z.object({ entity: EntityType, id: IdValue });

// ---- Administration (custom fields, card layouts, CRM roles) and transfer (import, export) ----

/** A new custom field: the item type it belongs to and its definition. */
export const FieldCreate = FieldInput.extend({ entityType: EntityType });
export const FieldOption = z.object({ id: z.string().max(64).optional(), label: z.string().trim().min(1).max(255) });
/** A field's type and multiplicity are fixed once it exists; a different value is refused. */
export const FieldUpdate = z.object({
  label: z.string().trim().min(1).max(255).optional(),
  type: FieldType.optional(),
  multiple: z.boolean().optional(),
  required: z.boolean().optional(),
  options: z.array(FieldOption).max(500).optional(),
  readRoles: z.array(z.number().int()).max(500).optional(),
  editRoles: z.array(z.number().int()).max(500).optional(),
  sort: SortValue.optional(),
  version: z.number().int(),
});
export const FieldList = z.object({ items: z.array(FieldDef) });
export const FieldQuery = z.object({ entity: EntityType });
export const FieldOrder = z.object({ entityType: EntityType, fieldIds: z.array(z.number().int().positive()).min(1).max(500) });

export const LayoutQuery = z.object({ pipelineId: IdValue.optional() });
/** The card layout as shown: where it came from, and every field that may be placed on it. */
export const LayoutView = Layout.extend({
  entityType: EntityType,
  pipelineId: z.number().int().nullable(),
  source: z.enum(['default', 'entity', 'pipeline']),
  available: z.array(z.object({ key: z.string(), label: z.string(), custom: z.boolean() })),
});
export type LayoutView = z.infer<typeof LayoutView>;

export const CrmRoleUpdate = withVersion(CrmRoleInput);
export const CrmRoleList = z.object({ items: z.array(CrmRole) });
/** What the current user may do in the CRM, for the interface to hide the rest. */
export const MyCrmPermissions = z.object({ isAdmin: z.boolean(), roleIds: z.array(z.number().int()), permissions: RolePermissions, dealPipelines: PipelinePermissions });

/** Export of the current list: its filter, search and sort, the chosen columns (keys, comma-separated). */
export const ExportQuery = ListQuery.extend({
  format: z.enum(['csv', 'xlsx']).default('csv'),
  columns: z.string().max(4000).optional(),
});

export const ImportFormat = z.enum(['csv', 'xlsx']);
export const DuplicatePolicy = z.enum(['skip', 'update', 'create']);
export const ImportTargetField = z.object({ key: z.string(), label: z.string(), required: z.boolean(), custom: z.boolean() });
export const ImportUpload = z.object({
  importId: z.number().int(),
  fileName: z.string(),
  format: ImportFormat,
  /** The file's column headers (a repeated header gets a « (2)» suffix): the keys of a mapping. */
  columns: z.array(z.string()),
  /** The first rows, cells in the order of `columns`. */
  preview: z.array(z.array(z.string())),
  totalRows: z.number().int(),
  suggestedMapping: z.record(z.string(), z.string()),
  fields: z.array(ImportTargetField),
});
/** `mapping`: file column → field key (an empty key skips the column). */
export const ImportStart = z.object({
  mapping: z.record(z.string().max(255), z.string().max(64)),
  duplicatePolicy: DuplicatePolicy.default('skip'),
});
export const ImportRowError = z.object({ row: z.number().int(), field: z.string().nullable(), message: z.string() });
/** Why a row was skipped as a duplicate: which key it shares. */
export const ImportSkipReason = z.enum(['duplicate_inn', 'duplicate_title', 'duplicate_email', 'duplicate_phone', 'duplicate_deal']);
/** A skipped row: its number in the file, the reason, and the item it duplicates when the importer may read it. */
export const ImportSkippedRow = z.object({
  row: z.number().int(),
  reason: ImportSkipReason,
  message: z.string(),
  item: z.object({ type: EntityType, id: z.number().int(), title: z.string() }).nullable(),
});
export type ImportSkippedRow = z.infer<typeof ImportSkippedRow>;
export const ImportStatus = z.object({
  id: z.number().int(),
  entityType: EntityType,
  fileName: z.string(),
  format: ImportFormat,
  status: z.enum(['pending', 'running', 'done', 'failed']),
  started: z.boolean(),
  duplicatePolicy: DuplicatePolicy,
  totalRows: z.number().int().nullable(),
  processedRows: z.number().int(),
  createdRows: z.number().int(),
  updatedRows: z.number().int(),
  skippedRows: z.number().int(),
  /** Rows refused for bad values; `errors` lists the first of their problems (capped), `errorCount` counts all. */
  failedRows: z.number().int(),
  errorCount: z.number().int(),
  errors: z.array(ImportRowError),
  failure: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Every row skipped as a duplicate, with its reason (the first 1,000; `skippedRows` counts all). */
  skipped: z.array(ImportSkippedRow),
});
export type ImportStatus = z.infer<typeof ImportStatus>;
