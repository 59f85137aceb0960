import type { MigrationList } from '../../../platform/db/migrate.js';
import * as m20261127_0003 from './20261127_0003_files.js';
import * as m20261202_0007 from './20261202_0007_file_link.js';
import * as m20261208_0100 from './20261208_0100_file_preview.js';
import * as m20261209_0200 from './20261209_0200_file_text.js';

/** The file store's migrations; a test fails when a file in this folder is missing here. */
export const filesMigrations: MigrationList = {
  '20261127_0003_files': m20261127_0003,
  '20261202_0007_file_link': m20261202_0007,
  '20261208_0100_file_preview': m20261208_0100,
  '20261209_0200_file_text': m20261209_0200,
};
