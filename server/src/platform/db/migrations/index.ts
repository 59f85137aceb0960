import type { PortalModule } from '../../registry/registry.js';
import { mergeMigrations, type MigrationList } from '../migrate.js';
import * as m20261126_0001 from './20261126_0001_platform.js';
import * as m20261202_0006 from './20261202_0006_events.js';
import * as m20261203_1110 from './20261203_1110_mail_calendar.js';
import * as m20261204_0500 from './20261204_0500_notification_group.js';

/**
 * The platform's own tables. A module lists its migrations in its own `migrations/index.ts` and
 * names that list in its registration (`migrations: crmMigrations`); a test fails when a file of
 * any migrations folder is missing from its list.
 */
export const platformMigrations: MigrationList = {
  '20261126_0001_platform': m20261126_0001,
  '20261202_0006_events': m20261202_0006,
  '20261203_1110_mail_calendar': m20261203_1110,
  '20261204_0500_notification_group': m20261204_0500,
};

/** The platform's and every module's migrations, in the order of their names. */
export function allMigrations(modules: readonly PortalModule[]): MigrationList {
  return mergeMigrations([{ owner: 'platform', migrations: platformMigrations }, ...modules.map((m) => ({ owner: m.name, migrations: m.migrations ?? {} }))]);
}
