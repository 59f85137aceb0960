import { z } from 'zod';
import { TypedValue } from './common.js';

export const EntityType = z.enum(['lead', 'deal', 'contact', 'company']);
export type EntityType = z.infer<typeof EntityType>;
export const StageKind = z.enum(['progress', 'success', 'failure']);
export const Scope = z.enum(['none', 'own', 'department', 'all']);
export type Scope = z.infer<typeof Scope>;
export const CrmAction = z.enum(['read', 'add', 'edit', 'delete', 'export', 'import']);
export type CrmAction = z.infer<typeof CrmAction>;

/** Money travels as a decimal string in major units ("1250000.50"), never a float. */
export const Money = z.string().trim().regex(/^-?\d{1,15}(\.\d{1,2})?$/, { error: 'crm.money_invalid' });
export const Currency = z.enum(['RUB', 'USD', 'EUR', 'CNY', 'KZT', 'BYN']);
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

export const CompanyInput = z.object({
  title: z.string().trim().min(1).max(500),
  industry: z.string().max(100).nullable().optional(),
  revenue: Money.nullable().optional(),
  revenueCurrency: Currency.optional(),
  address: z.string().max(1000).optional(),
  inn: z.string().trim().max(20).nullable().optional(),
  kpp: z.string().trim().max(9).nullable().optional(),
  ogrn: z.string().trim().max(15).nullable().optional(),
  responsibleId: z.number().int().positive().nullable().optional(),
  comments: z.string().max(20000).optional(),
  custom: CustomValues.optional(),
  ...Contacts,
}).merge(ClientPath);

export const ContactInput = z.object({
  lastName: z.string().trim().max(100).optional(),
  firstName: z.string().trim().max(100).optional(),
  middleName: z.string().trim().max(100).optional(),
  position: z.string().trim().max(255).optional(),
  photoUrl: z.string().url().max(1024).nullable().optional(),
  birthday: IsoDate.nullable().optional(),
  companyIds: z.array(z.number().int().positive()).max(50).optional(),
  responsibleId: z.number().int().positive().nullable().optional(),
  comments: z.string().max(20000).optional(),
  custom: CustomValues.optional(),
  ...Contacts,
}).merge(ClientPath);

export const DealProductInput = z.object({
  productId: z.number().int().positive().nullable().optional(),
  name: z.string().trim().min(1).max(500),
  price: Money,
  quantity: z.number().positive().max(1e9),
  unit: z.string().max(20).optional(),
  discountPercent: z.number().min(0).max(100).optional(),
  taxPercent: z.number().min(0).max(100).optional(),
  taxIncluded: z.boolean().optional(),
});

export const DealInput = z.object({
  title: z.string().trim().min(1).max(500),
  pipelineId: z.number().int().positive().optional(),
  stageId: z.number().int().positive().optional(),
  amount: Money.optional(),
  currency: Currency.optional(),
  companyId: z.number().int().positive().nullable().optional(),
  contactIds: z.array(z.number().int().positive()).max(50).optional(),
  primaryContactId: z.number().int().positive().nullable().optional(),
  responsibleId: z.number().int().positive().nullable().optional(),
  observerIds: z.array(z.number().int().positive()).max(50).optional(),
  beginDate: IsoDate.nullable().optional(),
  closeDate: IsoDate.nullable().optional(),
  products: z.array(DealProductInput).max(500).optional(),
  comments: z.string().max(20000).optional(),
  custom: CustomValues.optional(),
}).merge(ClientPath);

export const LeadInput = z.object({
  title: z.string().trim().min(1).max(500),
  statusId: z.number().int().positive().optional(),
  lastName: z.string().trim().max(100).optional(),
  firstName: z.string().trim().max(100).optional(),
  middleName: z.string().trim().max(100).optional(),
  position: z.string().trim().max(255).optional(),
  companyTitle: z.string().trim().max(500).optional(),
  amount: Money.optional(),
  currency: Currency.optional(),
  responsibleId: z.number().int().positive().nullable().optional(),
  comments: z.string().max(20000).optional(),
  custom: CustomValues.optional(),
  ...Contacts,
}).merge(ClientPath);

/** Updates carry the version the user saw: an older one is refused with 409. */
export const withVersion = <T extends z.ZodObject>(s: T) => s.partial().extend({ version: z.number().int() });

export const UserRef = z.object({ id: z.number().int(), fullName: z.string(), photoUrl: z.string().nullable() });
export const ItemRef = z.object({ id: z.number().int(), title: z.string(), entityType: EntityType });

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

export const PipelineInput = z.object({ name: z.string().trim().min(1).max(255), sort: z.number().int().optional() });
export const StageInput = z.object({
  name: z.string().trim().min(1).max(255),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/).optional(),
  kind: StageKind.optional(),
  sort: z.number().int().optional(),
});
export const StageDelete = z.object({ moveToStageId: z.number().int().positive().optional() });
export const StageOrder = z.object({ stageIds: z.array(z.number().int().positive()).min(1).max(100) });

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
  options: z.array(z.object({ id: z.string().max(64).optional(), label: z.string().trim().min(1).max(255) })).max(500).default([]),
  readRoles: z.array(z.number().int()).default([]),
  editRoles: z.array(z.number().int()).default([]),
  sort: z.number().int().optional(),
});

/** A card layout: blocks of field keys (standard names or custom codes). */
export const Layout = z.object({
  blocks: z.array(z.object({ id: z.string().max(64), title: z.string().max(255), fields: z.array(z.string().max(64)).max(200) })).max(50),
});
export type Layout = z.infer<typeof Layout>;

export const ListQuery = z.object({
  search: z.string().trim().max(200).optional(),
  preset: z.enum(['mine', 'in_progress', 'closed', 'all']).optional(),
  responsibleId: z.coerce.number().int().positive().optional(),
  pipelineId: z.coerce.number().int().positive().optional(),
  stageId: z.union([z.coerce.number().int().positive(), z.array(z.coerce.number().int().positive())]).optional(),
  companyId: z.coerce.number().int().positive().optional(),
  dateField: z.enum(['created_at', 'updated_at', 'close_date', 'begin_date']).optional(),
  dateFrom: IsoDate.optional(),
  dateTo: IsoDate.optional(),
  sort: z.string().max(64).optional(),
  order: z.enum(['asc', 'desc']).default('desc'),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().refine((n) => [10, 20, 50, 100, 200].includes(n)).default(50),
});
export type ListQuery = z.infer<typeof ListQuery>;

export const RolePermissions = z.record(EntityType, z.record(CrmAction, Scope));
export const CrmRole = z.object({
  id: z.number().int(),
  name: z.string(),
  permissions: RolePermissions,
  isDefault: z.boolean(),
  userIds: z.array(z.number().int()),
  version: z.number().int(),
});
export const CrmRoleInput = z.object({
  name: z.string().trim().min(1).max(255),
  permissions: RolePermissions,
  isDefault: z.boolean().optional(),
  userIds: z.array(z.number().int().positive()).max(10000).optional(),
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

export const DealProduct = DealProductInput.extend({ id: z.number().int(), sum: z.string() });

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

export const KanbanCard = z.object({
  id: z.number().int(),
  title: z.string(),
  amount: z.string(),
  currency: z.string(),
  company: z.string().nullable(),
  contact: z.string().nullable(),
  responsible: UserRef.nullable(),
  version: z.number().int(),
});
export const KanbanColumn = z.object({
  stage: Stage,
  count: z.number().int(),
  sum: z.string(),
  cards: z.array(KanbanCard),
  hasMore: z.boolean(),
});
export const Kanban = z.object({ pipeline: Pipeline, columns: z.array(KanbanColumn), canAdd: z.boolean() });
export const KanbanMore = z.object({ cards: z.array(KanbanCard), hasMore: z.boolean() });
export const StageMove = z.object({ stageId: z.number().int().positive(), version: z.number().int() });

export const TimelineEntry = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('comment'), id: z.number().int(), author: UserRef.nullable(), html: z.string(), createdAt: z.string() }),
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
]);
export const Timeline = z.object({ items: z.array(TimelineEntry) });
export const CommentInput = z.object({ html: z.string().trim().min(1).max(100_000), mentions: z.array(z.number().int().positive()).max(100).default([]) });

export const BulkAction = z.discriminatedUnion('action', [
  z.object({ action: z.literal('delete'), ids: z.array(z.number().int().positive()).min(1).max(1000) }),
  z.object({ action: z.literal('responsible'), ids: z.array(z.number().int().positive()).min(1).max(1000), responsibleId: z.number().int().positive() }),
  z.object({ action: z.literal('stage'), ids: z.array(z.number().int().positive()).min(1).max(1000), stageId: z.number().int().positive() }),
]);
export const BulkResult = z.object({ done: z.number().int(), denied: z.array(z.number().int()) });
