import type { EventDef } from '../events.js';
import { authEvents } from './auth.js';
import { crmEvents } from './crm.js';
import { filesEvents } from './files.js';
import { notificationsEvents } from './notifications.js';
import { usersEvents } from './users.js';

export { authEvents, crmEvents, filesEvents, notificationsEvents, usersEvents };
export { crmItemEvents } from './crm.js';

/** Every event the portal records, by name: one line per module. */
export const eventCatalogue: ReadonlyMap<string, EventDef> = new Map(
  [authEvents, usersEvents, filesEvents, notificationsEvents, crmEvents].flatMap((group) => Object.values(group) as EventDef[]).map((d) => [d.name, d]),
);
