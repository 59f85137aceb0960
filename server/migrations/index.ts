import type { DialectMigration } from '../src/platform/db/migrate.js';
import * as m20261126_0001 from './20261126_0001_platform.js';

/** Every migration, in order. A test fails when a file in this folder is missing here. */
export const migrations: Record<string, DialectMigration> = {
  '20261126_0001_platform': m20261126_0001,
};
