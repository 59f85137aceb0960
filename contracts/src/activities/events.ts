import { z } from 'zod';
import { defineEvent } from '../events.js';
import { ActivityType } from './core.js';

const ref = z.number().int();
const owner = z.object({ type: z.string(), id: ref });

/** Activities' events (entity `activity`): history, realtime, the owner's timeline and the automation hear them. */
export const activityEvents = {
  created: defineEvent('activity.created', z.object({ type: ActivityType, owner, responsibleId: ref.nullable(), subject: z.string() })),
  updated: defineEvent('activity.updated', z.object({ type: ActivityType, owner, changes: z.array(z.string()) })),
  /** Done («Выполнено»): the automation's trigger «Дело выполнено» starts from it. */
  completed: defineEvent('activity.completed', z.object({ type: ActivityType, owner, responsibleId: ref.nullable() })),
  reopened: defineEvent('activity.reopened', z.object({ type: ActivityType, owner })),
  deleted: defineEvent('activity.deleted', z.object({ type: ActivityType, owner, responsibleId: ref.nullable() })),
  /** The reminder's time came: the notifications module tells the responsible. */
  reminded: defineEvent('activity.reminded', z.object({ type: ActivityType, owner, responsibleId: ref, subject: z.string(), deadline: z.string().nullable() })),
};
