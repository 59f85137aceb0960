import { z } from 'zod';
import { defineEvent } from '../events.js';

export const notificationsEvents = {
  /** `replaces`: the unread notification of the same group it took the place of (`notify` with `groupKey`). */
  notificationCreated: defineEvent('notifications.notification.created', z.object({ userId: z.number().int(), replaces: z.number().int().optional() })),
  notificationRead: defineEvent('notifications.notification.read', z.object({ userId: z.number().int() })),
};
