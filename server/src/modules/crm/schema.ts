import type { Generated } from 'kysely';

export type EntityType = 'lead' | 'deal' | 'contact' | 'company';
export type StageKind = 'progress' | 'success' | 'failure';

/** The columns every lead, contact, company and deal carries. */
export interface ClientColumns {
  phones: string;
  emails: string;
  websites: string;
  messengers: string;
  responsible_id: number | null;
  source: string | null;
  utm_source: string | null;
  utm_medium: string | null;
  utm_campaign: string | null;
  utm_content: string | null;
  utm_term: string | null;
  first_touch_at: string | null;
  comments: string;
  /** Custom field values by field code, JSON. */
  custom: string;
  search_text: string;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface CrmPipelineTable {
  id: Generated<number>;
  portal_id: number;
  entity_type: 'deal';
  name: string;
  code: string | null;
  sort: number;
  is_default: number;
  version: number;
  created_at: string;
}

export interface CrmStageTable {
  id: Generated<number>;
  portal_id: number;
  entity_type: 'deal' | 'lead';
  pipeline_id: number | null;
  name: string;
  code: string | null;
  color: string;
  sort: number;
  kind: StageKind;
  version: number;
}

export interface CrmCompanyTable extends ClientColumns {
  id: Generated<number>;
  portal_id: number;
  title: string;
  industry: string | null;
  revenue: number | null;
  revenue_currency: string;
  address: string;
  inn: string | null;
  kpp: string | null;
  ogrn: string | null;
}

export interface CrmContactTable extends ClientColumns {
  id: Generated<number>;
  portal_id: number;
  last_name: string;
  first_name: string;
  middle_name: string;
  position: string;
  photo_url: string | null;
  birthday: string | null;
}

export interface CrmContactCompanyTable {
  portal_id: number;
  contact_id: number;
  company_id: number;
}

export interface CrmDealTable extends ClientColumns {
  id: Generated<number>;
  portal_id: number;
  title: string;
  pipeline_id: number;
  stage_id: number;
  stage_kind: StageKind;
  amount: number;
  currency: string;
  company_id: number | null;
  begin_date: string | null;
  close_date: string | null;
  lead_id: number | null;
  stage_changed_at: string | null;
  /** The card's place in its Kanban column: higher first, then the newer id (migration 0004). */
  kanban_sort: Generated<number>;
  /** The amount was set by hand: it does not follow the product rows (migration 0260). */
  amount_manual: Generated<number>;
}

export interface CrmDealContactTable {
  portal_id: number;
  deal_id: number;
  contact_id: number;
  is_primary: number;
}

export interface CrmDealObserverTable {
  portal_id: number;
  deal_id: number;
  user_id: number;
}

/** A product row of a deal or of a lead (exactly one of `deal_id`, `lead_id`; migration 0260). */
export interface CrmProductRowTable {
  id: Generated<number>;
  portal_id: number;
  deal_id: number | null;
  lead_id: number | null;
  product_id: number | null;
  name: string;
  price: number;
  quantity: number;
  unit: string;
  discount_type: 'percent' | 'sum';
  discount_percent: number;
  /** Off one unit, in kopecks. */
  discount_sum: number;
  tax_percent: number;
  tax_included: number;
  sort: number;
}

export interface CrmDealTotalsTable {
  portal_id: number;
  stage_id: number;
  responsible_id: number;
  /** The deals' own currency: the sum is converted to the base currency when it is read. */
  currency: string;
  deal_count: number;
  amount_sum: number;
}

export interface CrmLeadTable extends ClientColumns {
  id: Generated<number>;
  portal_id: number;
  title: string;
  status_id: number;
  status_kind: StageKind;
  last_name: string;
  first_name: string;
  middle_name: string;
  position: string;
  company_title: string;
  amount: number;
  currency: string;
  converted_at: string | null;
  contact_id: number | null;
  company_id: number | null;
  deal_id: number | null;
  /** The amount was set by hand: it does not follow the product rows (migration 0260). */
  amount_manual: Generated<number>;
}

export interface CrmFieldTable {
  id: Generated<number>;
  portal_id: number;
  entity_type: EntityType;
  code: string;
  label: string;
  type: string;
  multiple: number;
  required: number;
  options: string;
  settings: string;
  read_roles: string;
  edit_roles: string;
  sort: number;
  version: number;
  created_at: string;
}

export interface CrmLayoutTable {
  portal_id: number;
  entity_type: EntityType;
  pipeline_id: number;
  layout: string;
  version: number;
  updated_at: string;
}

export interface CrmRoleTable {
  id: Generated<number>;
  portal_id: number;
  name: string;
  permissions: string;
  is_default: number;
  version: number;
}

export interface CrmRoleUserTable {
  portal_id: number;
  role_id: number;
  user_id: number;
}

/** A role given to a department: its members, its members with the departments below, or its head. */
export interface CrmRoleDepartmentTable {
  portal_id: number;
  role_id: number;
  department_id: number;
  who: 'members' | 'tree' | 'head';
}

export interface CrmImportTable {
  id: Generated<number>;
  portal_id: number;
  entity_type: EntityType;
  user_id: number | null;
  file_path: string;
  file_name: string;
  format: 'csv' | 'xlsx';
  mapping: string;
  duplicate_policy: 'skip' | 'update' | 'create';
  status: 'pending' | 'running' | 'done' | 'failed';
  total_rows: number | null;
  processed_rows: number;
  created_rows: number;
  updated_rows: number;
  skipped_rows: number;
  errors: string;
  created_at: string;
  updated_at: string;
}

declare module '../../platform/db/schema.js' {
  interface Database {
    crm_pipeline: CrmPipelineTable;
    crm_stage: CrmStageTable;
    crm_company: CrmCompanyTable;
    crm_contact: CrmContactTable;
    crm_contact_company: CrmContactCompanyTable;
    crm_deal: CrmDealTable;
    crm_deal_contact: CrmDealContactTable;
    crm_deal_observer: CrmDealObserverTable;
    crm_product_row: CrmProductRowTable;
    crm_deal_totals: CrmDealTotalsTable;
    crm_lead: CrmLeadTable;
    crm_field: CrmFieldTable;
    crm_layout: CrmLayoutTable;
    crm_role: CrmRoleTable;
    crm_role_user: CrmRoleUserTable;
    crm_role_department: CrmRoleDepartmentTable;
    crm_import: CrmImportTable;
  }
}
