import { z } from 'zod';

export const Notification = z.object({
  id: z.number().int(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  url: z.string().nullable(),
  read: z.boolean(),
  createdAt: z.string(),
});
export type Notification = z.infer<typeof Notification>;

export const NotificationList = z.object({
  items: z.array(Notification),
  unread: z.number().int(),
  nextCursor: z.number().int().nullable(),
});

export const NotificationListQuery = z.object({
  cursor: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** Messages pushed over the realtime socket. */
export const RealtimeMessage = z.discriminatedUnion('type', [
  /** `replaces`: the id of an unread notification this one took the place of (one of the same group): the page drops it. */
  z.object({ type: z.literal('notification'), notification: Notification, unread: z.number().int(), replaces: z.number().int().optional() }),
  z.object({ type: z.literal('notifications.read'), unread: z.number().int() }),
  z.object({ type: z.literal('entity.changed'), entityType: z.string(), entityId: z.string(), event: z.string() }),
]);
export type RealtimeMessage = z.infer<typeof RealtimeMessage>;
