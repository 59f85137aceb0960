import type { MigrationList } from '../../../platform/db/migrate.js';
import * as m20261202_0005 from './20261202_0005_operator.js';

/** The operator's migrations; a test fails when a file in this folder is missing here. */
export const operatorMigrations: MigrationList = {
  '20261202_0005_operator': m20261202_0005,
};
