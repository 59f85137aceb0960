import { z } from 'zod';
import { defineEvent } from '../events.js';
import { TaskStatus } from './core.js';

const ref = z.number().int();
/** Who takes part in the task after the change: every participant's id, once (realtime and notifications read it). */
const people = { participants: z.array(ref), responsibleId: ref.nullable(), creatorId: ref.nullable(), groupId: ref.nullable() };
/** Who made the change on whose behalf: an automation rule changes what the responsible may not; «plan»: the Gantt re-planned it after a task it depends on moved. */
const origin = { source: z.enum(['automation', 'template', 'bulk', 'plan']).optional() };

/** The tasks module's domain events (`task.*`): the automation module and notifications consume them. */
export const tasksEvents = {
  created: defineEvent(
    'task.created',
    z.object({ title: z.string(), status: TaskStatus, deadline: z.string().nullable(), parentId: ref.nullable(), templateId: ref.nullable().optional(), ...people, ...origin }),
  ),
  updated: defineEvent('task.updated', z.object({ title: z.string(), ...people, ...origin })),
  deleted: defineEvent('task.deleted', z.object({ title: z.string(), ...people })),
  statusChanged: defineEvent('task.status_changed', z.object({ title: z.string(), from: TaskStatus, to: TaskStatus, ...people, ...origin })),
  completed: defineEvent('task.completed', z.object({ title: z.string(), closedBy: ref.nullable(), onTime: z.boolean(), ...people, ...origin })),
  deadlineChanged: defineEvent('task.deadline_changed', z.object({ title: z.string(), from: z.string().nullable(), to: z.string().nullable(), ...people, ...origin })),
  responsibleChanged: defineEvent('task.responsible_changed', z.object({ title: z.string(), from: ref.nullable(), to: ref.nullable(), ...people, ...origin })),
  membersChanged: defineEvent('task.members_changed', z.object({ title: z.string(), added: z.array(ref), removed: z.array(ref), ...people, ...origin })),
};
export type TasksEvents = typeof tasksEvents;
