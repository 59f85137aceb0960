import type { RealtimeAudience } from '../../../platform/realtime/audience.js';

/** A change of a user's plan is heard by that user alone (their other pages refresh it). */
export const boardsRealtime: Record<string, RealtimeAudience> = {
  task_plan: { users: (e) => [Number(e.payload.userId)] },
};
