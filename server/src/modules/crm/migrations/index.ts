import type { MigrationList } from '../../../platform/db/migrate.js';
import * as m20261127_0002 from './20261127_0002_crm.js';
import * as m20261202_0004 from './20261202_0004_deal_order.js';
import * as m20261202_0130 from './20261202_0130_role_departments.js';
import * as m20261203_0260 from './20261203_0260_product_rows.js';
import * as m20261203_0270 from './20261203_0270_currencies.js';
import * as m20261203_0300 from './20261203_0300_duplicate_keys.js';
import * as m20261203_0310 from './20261203_0310_trash.js';

/** The CRM's migrations; a test fails when a file in this folder is missing here. */
export const crmMigrations: MigrationList = {
  '20261127_0002_crm': m20261127_0002,
  '20261202_0004_deal_order': m20261202_0004,
  '20261202_0130_role_departments': m20261202_0130,
  '20261203_0260_product_rows': m20261203_0260,
  '20261203_0270_currencies': m20261203_0270,
  '20261203_0300_duplicate_keys': m20261203_0300,
  '20261203_0310_trash': m20261203_0310,
};
