import type { MigrationList } from '../../../platform/db/migrate.js';
import * as m20261203_0200 from './20261203_0200_activities.js';

/** The activities module's migrations; a test fails when a file in this folder is missing here. */
export const activitiesMigrations: MigrationList = {
  '20261203_0200_activities': m20261203_0200,
};
