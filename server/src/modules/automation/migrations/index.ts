import type { MigrationList } from '../../../platform/db/migrate.js';
import * as m20261202_0100 from './20261202_0100_automation.js';
import * as m20261202_0130 from './20261202_0130_trigger_lookup.js';

/** The automation module's migrations; a test fails when a file in this folder is missing here. */
export const automationMigrations: MigrationList = {
  '20261202_0100_automation': m20261202_0100,
  '20261202_0130_trigger_lookup': m20261202_0130,
};
