import type { Generated } from 'kysely';

/** One move of a deal to another stage made by automation (a robot or a trigger): loop detection counts them. */
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
