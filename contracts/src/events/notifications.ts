import { z } from 'zod';
import { defineEvent } from '../events.js';

export const notificationsEvents = {
  notificationCreated: defineEvent('notifications.notification.created', z.object({ userId: z.number().int() })),
  notificationRead: defineEvent('notifications.notification.read', z.object({ userId: z.number().int() })),
};
