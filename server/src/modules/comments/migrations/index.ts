import type { MigrationList } from '../../../platform/db/migrate.js';
import * as m20261202_0010 from './20261202_0010_comments.js';

/** The comments' migrations; a test fails when a file in this folder is missing here. */
export const commentsMigrations: MigrationList = {
  '20261202_0010_comments': m20261202_0010,
};
