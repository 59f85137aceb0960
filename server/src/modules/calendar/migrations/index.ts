import type { MigrationList } from '../../../platform/db/migrate.js';
import * as m20261203_0900 from './20261203_0900_calendar.js';
import * as m20261203_1100 from './20261203_1100_calendar_organizer.js';
import * as m20261203_1120 from './20261203_1120_calendar_guests.js';

/** The calendar module's migrations; a test fails when a file in this folder is missing here. */
export const calendarMigrations: MigrationList = {
  '20261203_0900_calendar': m20261203_0900,
  '20261203_1100_calendar_organizer': m20261203_1100,
  '20261203_1120_calendar_guests': m20261203_1120,
};
