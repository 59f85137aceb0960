import { authEvents } from './auth.js';
import { crmEvents } from './crm.js';
import { filesEvents } from './files.js';
import { notificationsEvents } from './notifications.js';
import { usersEvents } from './users.js';

export { authEvents, crmEvents, filesEvents, notificationsEvents, usersEvents };
export { crmItemEvents } from './crm.js';
