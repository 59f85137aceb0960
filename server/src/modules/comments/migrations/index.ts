import type { MigrationList } from '../../../platform/db/migrate.js';
import * as m20261202_0010 from './20261202_0010_comments.js';
import * as m20261204_0100 from './20261204_0100_comment_replies.js';

/** The comments' migrations; a test fails when a file in this folder is missing here. */
export const commentsMigrations: MigrationList = {
  '20261202_0010_comments': m20261202_0010,
  '20261204_0100_comment_replies': m20261204_0100,
};
