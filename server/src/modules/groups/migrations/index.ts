import type { MigrationList } from '../../../platform/db/migrate.js';
import * as m20261202_0011 from './20261202_0011_groups.js';
import * as m20261202_0020 from './20261202_0020_group_activity.js';

/** The groups module's migrations; a test fails when a file in this folder is missing here. */
export const groupsMigrations: MigrationList = {
  '20261202_0011_groups': m20261202_0011,
  '20261202_0020_group_activity': m20261202_0020,
};
