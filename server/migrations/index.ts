import type { DialectMigration } from '../src/platform/db/migrate.js';
import * as m20261126_0001 from './20261126_0001_platform.js';
import * as m20261127_0002 from './20261127_0002_crm.js';
import * as m20261127_0003 from './20261127_0003_files.js';
import * as m20261202_0004 from './20261202_0004_deal_order.js';
import * as m20261202_0005 from './20261202_0005_operator.js';
import * as m20261202_0007 from './20261202_0007_file_link.js';

/** Every migration, in order. A test fails when a file in this folder is missing here. */
export const migrations: Record<string, DialectMigration> = {
  '20261126_0001_platform': m20261126_0001,
  '20261127_0002_crm': m20261127_0002,
  '20261127_0003_files': m20261127_0003,
  '20261202_0004_deal_order': m20261202_0004,
  '20261202_0005_operator': m20261202_0005,
  '20261202_0007_file_link': m20261202_0007,
};
