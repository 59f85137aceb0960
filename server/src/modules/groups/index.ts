import type { PortalModule } from '../../platform/registry/registry.js';
import { groupsEvents } from '@vavilon/contracts';
import './schema.js';
import { groupsMigrations } from './migrations/index.js';
import { groupsMessages } from './messages.js';
import { groupsAccess, groupsRealtime } from './access.js';

/** Work groups and projects («Группы»): members, invitations and join requests; other modules fill a group's tasks, feed, files and chat. */
export const groupsModule: PortalModule = {
  name: 'groups',
  events: groupsEvents,
  messages: groupsMessages,
  migrations: groupsMigrations,
  access: groupsAccess,
  realtime: groupsRealtime,
};
