import type { z } from 'zod';
import type {
  BulkAction as BulkActionSchema,
  Company as CompanySchema,
  Contact as ContactSchema,
  CrmAction,
  CrmRole as CrmRoleSchema,
  Deal as DealSchema,
  DealProduct as DealProductSchema,
  DealProductInput as DealProductInputSchema,
  EntityType,
  FieldDef,
  Kanban as KanbanSchema,
  KanbanCard as KanbanCardSchema,
  KanbanColumn as KanbanColumnSchema,
  KanbanMore as KanbanMoreSchema,
  Layout,
  Lead as LeadSchema,
  ListPage as ListPageSchema,
  Pipeline,
  Scope,
  Stage,
  TimelineEntry as TimelineEntrySchema,
  TypedValue,
  UserRef as UserRefSchema,
  ItemRef as ItemRefSchema,
  CrmRoleList as CrmRoleListSchema,
  DealCalendar as DealCalendarSchema,
  DealCalendarItem as DealCalendarItemSchema,
  FieldList as FieldListSchema,
  IndustryList as IndustryListSchema,
  ListColumns as ListColumnsSchema,
  PipelineList as PipelineListSchema,
  StageList as StageListSchema,
  Timeline as TimelineSchema,
} from '@vavilon/contracts';

export type { CrmAction, EntityType, FieldDef, Layout, Pipeline, Scope, Stage, TypedValue };

export type Company = z.infer<typeof CompanySchema>;
export type Contact = z.infer<typeof ContactSchema>;
export type Deal = z.infer<typeof DealSchema>;
export type Lead = z.infer<typeof LeadSchema>;
export type CrmItem = Company | Contact | Deal | Lead;
export type DealProductInput = z.infer<typeof DealProductInputSchema>;
export type DealProduct = z.infer<typeof DealProductSchema>;
export type Kanban = z.infer<typeof KanbanSchema>;
export type KanbanCard = z.infer<typeof KanbanCardSchema>;
export type KanbanColumn = z.infer<typeof KanbanColumnSchema>;
export type KanbanMore = z.infer<typeof KanbanMoreSchema>;
export type ListPage = z.infer<typeof ListPageSchema>;
export type ListRow = Record<string, unknown>;
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;
export type BulkAction = z.infer<typeof BulkActionSchema>;
export type CrmRole = z.infer<typeof CrmRoleSchema>;
export type UserRef = z.infer<typeof UserRefSchema>;
export type ItemRef = z.infer<typeof ItemRefSchema>;
// Responses of the CRM's collection endpoints, as the contracts describe them.
export type PipelineList = z.infer<typeof PipelineListSchema>;
export type StageList = z.infer<typeof StageListSchema>;
export type IndustryList = z.infer<typeof IndustryListSchema>;
export type DealCalendar = z.infer<typeof DealCalendarSchema>;
export type CalendarDeal = z.infer<typeof DealCalendarItemSchema>;
export type ListColumns = z.infer<typeof ListColumnsSchema>;
export type TimelineList = z.infer<typeof TimelineSchema>;
export type FieldList = z.infer<typeof FieldListSchema>;
export type CrmRoleList = z.infer<typeof CrmRoleListSchema>;

export const ENTITY_TYPES: EntityType[] = ['deal', 'lead', 'contact', 'company'];
export const ACTIONS: CrmAction[] = ['read', 'add', 'edit', 'delete', 'export', 'import'];
export const SCOPES: Scope[] = ['none', 'own', 'department', 'all'];

export function isEntityType(v: string | undefined): v is EntityType {
  return v === 'deal' || v === 'lead' || v === 'contact' || v === 'company';
}

/** A column the list can show (GET /api/crm/:entity/columns). */
export interface ListColumn {
  key: string;
  label: string;
  kind: string;
  sortable: boolean;
  byDefault?: boolean;
}

export type ListPreset = 'mine' | 'in_progress' | 'closed' | 'all';

/** A filter the user saved under a name. */
export interface SavedPreset {
  name: string;
  filter: ListFilter;
}

export interface ListFilter {
  preset?: ListPreset;
  responsibleId?: number;
  stageId?: number[];
  pipelineId?: number;
  dateField?: 'created_at' | 'updated_at' | 'close_date' | 'begin_date';
  dateFrom?: string;
  dateTo?: string;
}

export interface ListSettings {
  columns: string[];
  pageSize: number;
  sort: string | null;
  order: 'asc' | 'desc';
  presets: SavedPreset[];
}

export type Permissions = Record<EntityType, Record<CrmAction, Scope>>;

export interface MyPermissions {
  isAdmin: boolean;
  permissions: Permissions;
  /** Deal rights of the pipelines some role sets its own for; the others follow `permissions.deal`. */
  dealPipelines?: Record<string, Record<CrmAction, Scope>>;
}

export interface ImportUpload {
  importId: number;
  fileName?: string;
  columns: string[];
  /** The first rows, cells in the order of `columns`. */
  preview: string[][];
  suggestedMapping: Record<string, string>;
  fields?: { key: string; label: string; required?: boolean; custom?: boolean }[];
  totalRows?: number;
}

export interface ImportProgress {
  id: number;
  status: 'pending' | 'running' | 'done' | 'failed' | string;
  started?: boolean;
  totalRows: number | null;
  processedRows: number;
  createdRows: number;
  updatedRows: number;
  skippedRows: number;
  failedRows: number;
  errorCount?: number;
  errors: { row: number; message: string; field?: string | null }[];
  failure?: string | null;
  /** Rows skipped as duplicates, each with its reason and the item it repeats (when readable). */
  skipped?: { row: number; reason: string; message: string; item: { type: EntityType; id: number; title: string } | null }[];
}

export type DuplicatePolicy = 'skip' | 'update' | 'create';
