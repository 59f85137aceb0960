import { activityEvents } from '@vavilon/contracts';
import type { PortalModule } from '../../platform/registry/registry.js';
import { composeModule, type ModulePart } from '../../platform/registry/parts.js';
import { moduleDir } from '../../platform/paths.js';
import './schema.js';
import { activitiesMigrations } from './migrations/index.js';
import { activitiesPart } from './part.js';
import { registerActivityCalendarLayer } from './calendar-layer.js';

registerActivityCalendarLayer();

const parts: ModulePart[] = [activitiesPart];

/** CRM activities («Мои дела»): calls, meetings, logged e-mails, to-dos and tasks bound to CRM items. */
export const activitiesModule: PortalModule = composeModule(
  {
    name: 'activities',
    events: activityEvents,
    migrations: activitiesMigrations,
    help: { moduleIds: ['activities'], dir: moduleDir('activities') + '/help' },
  },
  parts,
);
