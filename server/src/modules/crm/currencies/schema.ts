import type { Generated } from 'kysely';

export interface CrmCurrencySettingsTable {
  portal_id: number;
  base: string;
  version: number;
}

export interface CrmCurrencyRateTable {
  id: Generated<number>;
  portal_id: number;
  code: string;
  /** Millionths of the base currency for one unit of `code`. */
  rate_micros: number;
  /** The day the rate holds from, «2026-12-03». */
  valid_from: string;
  created_by: number | null;
  created_at: string;
}

declare module '../../../platform/db/schema.js' {
  interface Database {
    crm_currency_settings: CrmCurrencySettingsTable;
    crm_currency_rate: CrmCurrencyRateTable;
  }
}
