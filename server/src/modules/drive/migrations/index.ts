import type { MigrationList } from '../../../platform/db/migrate.js';
import * as m20261207_0100 from './20261207_0100_drive.js';
import * as m20261207_0200 from './20261207_0200_drive_trash_index.js';
import * as m20261209_0100 from './20261209_0100_drive_blocked_types.js';

/** The drive module's migrations; a test fails when a file in this folder is missing here. */
export const driveMigrations: MigrationList = {
  '20261207_0100_drive': m20261207_0100,
  '20261207_0200_drive_trash_index': m20261207_0200,
  '20261209_0100_drive_blocked_types': m20261209_0100,
};
