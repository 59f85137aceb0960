import type { Generated } from 'kysely';
import type { ActivityDirection, ActivityPriority, ActivityType, EntityType } from '@vavilon/contracts';

/** A CRM activity («дело») bound to a lead, deal, contact or company (`owner_type`, `owner_id`). */
export interface CrmActivityTable {
  id: Generated<number>;
  portal_id: number;
  type: ActivityType;
  direction: ActivityDirection | null;
  subject: string;
  description: string;
  owner_type: EntityType;
  owner_id: number;
  responsible_id: number | null;
  author_id: number | null;
  start_at: string | null;
  end_at: string | null;
  /** When it is due: a call's or meeting's start, a to-do's deadline; null: no deadline. */
  deadline: string | null;
  priority: ActivityPriority;
  remind_before: number | null;
  /** When the reminder is due (deadline − remind_before), null when there is none or it has been sent. */
  remind_at: string | null;
  completed: number;
  completed_at: string | null;
  completed_by: number | null;
  result: string;
  task_id: number | null;
  version: number;
  created_at: string;
  updated_at: string;
}

declare module '../../platform/db/schema.js' {
  interface Database {
    crm_activity: CrmActivityTable;
  }
}
