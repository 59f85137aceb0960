import type { MigrationList } from '../../../platform/db/migrate.js';
import * as m20261203_1000 from './20261203_1000_workday.js';

/** The workday module's migrations; a test fails when a file in this folder is missing here. */
export const workdayMigrations: MigrationList = {
  '20261203_1000_workday': m20261203_1000,
};
