import type { Generated } from 'kysely';

/** Moves of deals by automation, from the first version of the loop guard; no longer written (the guard counts the done runs of moving rules), kept as its migration shipped. */
export interface AutomationMoveTable {
  id: Generated<number>;
  portal_id: number;
  deal_id: number;
  created_at: string;
}

declare module '../../../platform/db/schema.js' {
  interface Database {
    automation_move: AutomationMoveTable;
  }
}
