import { commentsEvents, tasksEvents, type TaskStatus } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import type { DomainEvent } from '../../../platform/events/outbox.js';
import { t, type Lang, type MessageKey } from '../../../platform/i18n/index.js';
import { defineNotificationRules, type NotificationDraft } from '../../../platform/registry/registry.js';
import { people, userRefs } from '../../users/api.js';
import { scoped } from '../../../platform/db/scoped.js';

type Ev = DomainEvent<
  | typeof tasksEvents.created
  | typeof tasksEvents.membersChanged
  | typeof tasksEvents.responsibleChanged
  | typeof tasksEvents.statusChanged
  | typeof tasksEvents.deadlineChanged
  | typeof commentsEvents.commentCreated
>;

export const taskUrl = (id: number | string) => `/tasks/task/${id}`;

/** Drafts for `users` (the actor never hears of their own change), each in the user's language. */
export async function draftsFor(ctx: Ctx, users: number[], actorId: number | null, kind: string, title: (lang: Lang) => string, body: string, url: string): Promise<NotificationDraft[]> {
  const targets = [...new Set(users)].filter((u) => u !== actorId);
  if (!targets.length) return [];
  const found = await people(ctx, targets);
  return [...found.values()].filter((p) => p.status === 'active').map((p) => ({ userId: p.id, kind, title: title(p.language), body, url }));
}

/** The role a user was given in a task, as the notification names it. */
async function roleOf(ctx: Ctx, taskId: number, userId: number): Promise<'responsible' | 'accomplice' | 'auditor' | null> {
  const rows = await scoped(ctx).selectFrom('task_member').select('role').where('task_id', '=', taskId).where('user_id', '=', userId).execute();
  const roles = rows.map((r) => r.role);
  return roles.includes('responsible') ? 'responsible' : roles.includes('accomplice') ? 'accomplice' : roles.includes('auditor') ? 'auditor' : null;
}

const ROLE_TITLE: Record<'responsible' | 'accomplice' | 'auditor', MessageKey> = {
  responsible: 'tasks.notify.assigned',
  accomplice: 'tasks.notify.accomplice',
  auditor: 'tasks.notify.auditor',
};

const STATUS_TITLE: Partial<Record<TaskStatus, MessageKey>> = {
  completed: 'tasks.notify.completed',
  review: 'tasks.notify.review',
  in_progress: 'tasks.notify.started',
  deferred: 'tasks.notify.deferred',
  pending: 'tasks.notify.renewed',
};

async function build(ctx: Ctx, e: Ev): Promise<NotificationDraft[]> {
  if (e.type === 'comments.comment.created') return commentNotices(ctx, e);
  const id = Number(e.entityId);
  const url = taskUrl(id);
  const author = e.actorId ? ((await userRefs(ctx, [e.actorId])).get(e.actorId)?.fullName ?? '') : '';
  const body = author ? `${e.payload.title} · ${author}` : e.payload.title;
  const invite = async (users: number[]) => {
    const out: NotificationDraft[] = [];
    for (const u of users) {
      if (u === e.actorId) continue;
      const role = await roleOf(ctx, id, u);
      if (role) out.push(...(await draftsFor(ctx, [u], e.actorId, `tasks.${role}`, (lang) => t(lang, ROLE_TITLE[role]), body, url)));
    }
    return out;
  };
  switch (e.type) {
    case 'task.created':
      return invite(e.payload.participants.filter((u) => u !== e.payload.creatorId));
    case 'task.members_changed':
      return invite(e.payload.added.filter((u) => u !== e.payload.responsibleId));
    case 'task.responsible_changed':
      return e.payload.to ? invite([e.payload.to]) : [];
    case 'task.status_changed': {
      const key = STATUS_TITLE[e.payload.to];
      if (!key) return [];
      // Waiting for control concerns the creator; a return for rework the responsible; the rest everyone.
      const to = e.payload.to === 'review' ? [e.payload.creatorId ?? 0] : e.payload.from === 'review' && e.payload.to === 'pending' ? [e.payload.responsibleId ?? 0] : e.payload.participants;
      const title = e.payload.from === 'review' && e.payload.to === 'pending' ? 'tasks.notify.returned' : key;
      return draftsFor(ctx, to, e.actorId, 'tasks.status', (lang) => t(lang, title), body, url);
    }
    case 'task.deadline_changed':
      return draftsFor(ctx, e.payload.participants, e.actorId, 'tasks.deadline', (lang) => t(lang, 'tasks.notify.deadline_changed'), body, url);
  }
  return [];
}

/** A comment on a task: its participants hear of it (the mentioned and the answered ones already get the comment's own notification). */
async function commentNotices(ctx: Ctx, e: DomainEvent<typeof commentsEvents.commentCreated>): Promise<NotificationDraft[]> {
  if (e.payload.itemType !== 'task') return [];
  const task = await scoped(ctx).selectFrom('task').select(['id', 'title']).where('id', '=', e.payload.itemId).executeTakeFirst();
  if (!task) return [];
  const members = await scoped(ctx).selectFrom('task_member').select('user_id').where('task_id', '=', task.id).execute();
  const author = e.actorId ? ((await userRefs(ctx, [e.actorId])).get(e.actorId)?.fullName ?? '') : '';
  const told = [...e.payload.mentions, ...(e.payload.replyTo ?? [])];
  const to = members.map((m) => m.user_id).filter((u) => !told.includes(u));
  return draftsFor(ctx, to, e.actorId, 'tasks.comment', (lang) => t(lang, 'tasks.notify.comment'), author ? `${task.title} · ${author}` : task.title, taskUrl(task.id));
}

/** Participants hear of being given a task, of its status changing and of its deadline moving. */
export const tasksNotificationRules = defineNotificationRules({
  events: [tasksEvents.created, tasksEvents.membersChanged, tasksEvents.responsibleChanged, tasksEvents.statusChanged, tasksEvents.deadlineChanged, commentsEvents.commentCreated],
  build,
});
