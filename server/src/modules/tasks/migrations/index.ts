import type { MigrationList } from '../../../platform/db/migrate.js';
import * as m20261202_0012 from './20261202_0012_tasks.js';
import * as m20261202_0040 from './20261202_0040_task_list_indexes.js';
import * as m20261202_0060 from './20261202_0060_task_member_by_task.js';
import * as m20261202_0080 from './20261202_0080_task_reports.js';

/** The tasks module's migrations; a test fails when a file in this folder is missing here. */
export const tasksMigrations: MigrationList = {
  '20261202_0012_tasks': m20261202_0012,
  '20261202_0040_task_list_indexes': m20261202_0040,
  '20261202_0060_task_member_by_task': m20261202_0060,
  '20261202_0080_task_reports': m20261202_0080,
};
