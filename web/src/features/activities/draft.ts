import type { Activity, ActivityDirection, ActivityPriority, ActivityType, EntityType } from '@vavilon/contracts';
import type { PickedUser } from '../../ui/fields';
import { addMinutes, nextHour } from './format';
import { hasPeriod } from './types';

/** The CRM item an activity is about, with its title to show. */
export interface OwnerRef {
  type: EntityType;
  id: number;
  title: string;
}

/** What the dialog opens on: a new activity of a type (about a preset item or one to pick), or an existing one. */
export type ActivityDialogTarget =
  /** `ownerFixed`: opened from the item's card, the item cannot change. */
  { mode: 'create'; type: ActivityType; owner?: OwnerRef; ownerFixed?: boolean } | { mode: 'edit'; activity: Activity };

export const REMINDERS = [
  { value: 'none', minutes: null },
  { value: 'm15', minutes: 15 },
  { value: 'h1', minutes: 60 },
  { value: 'd1', minutes: 1440 },
] as const;
/** A call lasts 30 minutes by default, a meeting an hour. */
export const DURATION: Partial<Record<ActivityType, number>> = { call: 30, meeting: 60 };

export interface Draft {
  subject: string;
  description: string;
  owner: OwnerRef | null;
  responsible: PickedUser | null;
  startAt: string | null;
  endAt: string | null;
  deadline: string | null;
  direction: ActivityDirection;
  priority: ActivityPriority;
  remindBefore: number | null;
  completed: boolean;
  result: string;
}

export function draftOf(target: ActivityDialogTarget, me: PickedUser): Draft {
  if (target.mode === 'edit') {
    const a = target.activity;
    return {
      subject: a.subject,
      description: a.description,
      owner: { type: a.owner.type, id: a.owner.id, title: a.owner.title },
      responsible: a.responsible,
      startAt: a.startAt,
      endAt: a.endAt,
      deadline: a.deadline,
      direction: a.direction ?? 'outgoing',
      priority: a.priority,
      remindBefore: a.remindBefore,
      completed: a.completed,
      result: a.result,
    };
  }
  const start = nextHour().toISOString();
  const period = hasPeriod(target.type);
  return {
    subject: '',
    description: '',
    owner: target.owner ?? null,
    responsible: me,
    startAt: period ? start : null,
    endAt: period ? addMinutes(start, DURATION[target.type] ?? 30) : null,
    deadline: period ? null : start,
    direction: 'outgoing',
    priority: 'normal',
    remindBefore: period ? 15 : null,
    completed: target.type === 'email',
    result: '',
  };
}
