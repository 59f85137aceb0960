import type { MigrationList } from '../../../platform/db/migrate.js';
import * as m20261127_0003 from './20261127_0003_files.js';

/** The file store's migrations; a test fails when a file in this folder is missing here. */
export const filesMigrations: MigrationList = {
  '20261127_0003_files': m20261127_0003,
};
