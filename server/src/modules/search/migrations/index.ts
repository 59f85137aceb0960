import type { MigrationList } from '../../../platform/db/migrate.js';
import * as m20261206_0001 from './20261206_0001_search.js';
import * as m20261207_0001 from './20261207_0001_search_partitions.js';

/** The portal search index's migrations; a test fails when a file in this folder is missing here. */
export const searchMigrations: MigrationList = {
  '20261206_0001_search': m20261206_0001,
  '20261207_0001_search_partitions': m20261207_0001,
};
