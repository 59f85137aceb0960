import type { MigrationList } from '../../../platform/db/migrate.js';
import * as m20261204_0510 from './20261204_0510_reactions.js';

/** The reactions' migrations; a test fails when a file in this folder is missing here. */
export const reactionsMigrations: MigrationList = {
  '20261204_0510_reactions': m20261204_0510,
};
