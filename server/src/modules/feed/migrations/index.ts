import type { MigrationList } from '../../../platform/db/migrate.js';
import * as m20261204_1000 from './20261204_1000_feed.js';

/** The news feed's migrations; a test fails when a file in this folder is missing here. */
export const feedMigrations: MigrationList = {
  '20261204_1000_feed': m20261204_1000,
};
