import type { Generated } from 'kysely';

/** One item in the CRM's trash (migration 0310). */
export interface CrmTrashTable {
  id: Generated<number>;
  portal_id: number;
  entity_type: string;
  entity_id: number;
  title: string;
  reason: 'delete' | 'merge';
  merged_into: number | null;
  deleted_by: number | null;
  deleted_at: string;
  /** JSON: `{ row, held }`: the item's own row and what every holder took of it. */
  snapshot: string;
}

declare module '../../../platform/db/schema.js' {
  interface Database {
    crm_trash: CrmTrashTable;
  }
}
