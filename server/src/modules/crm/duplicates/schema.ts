/** One normalised key of a contact or company (see keys.ts): what the duplicate search looks up. */
export interface CrmDupKeyTable {
  portal_id: number;
  entity_type: string;
  entity_id: number;
  kind: string;
  key: string;
}

declare module '../../../platform/db/schema.js' {
  interface Database {
    crm_dup_key: CrmDupKeyTable;
  }
}
