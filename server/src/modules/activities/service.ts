import { activityEvents, type Activity, type ActivityComplete, type ActivityInput, type ActivityPatch, type ActivityType, type EntityType } from '@vavilon/contracts';
import type { Selectable } from 'kysely';
import { checkAccess } from '../../platform/access.js';
import { lockForUpdate, transaction, type Ctx } from '../../platform/context.js';
import { nowIso } from '../../platform/db/database.js';
import { scoped } from '../../platform/db/scoped.js';
import { errors, type FieldError } from '../../platform/errors.js';
import { diff, recordEvent } from '../../platform/events/outbox.js';
import { hiddenTitle } from '../crm/api.js';
import { activeUserIds, userRefs } from '../users/api.js';
import { applyAction, createTask, getTask } from '../tasks/api.js';
import { abilitiesOf, isCrmType, ownerRights } from './access.js';
import type { CrmActivityTable } from './schema.js';

export type ActivityRow = Selectable<CrmActivityTable>;

export const REMINDER_JOB = 'activities.reminder';

const MINUTE = 60_000;
/** How long a call and a meeting last when only their start is given. */
const LENGTH: Partial<Record<ActivityType, number>> = { call: 30 * MINUTE, meeting: 60 * MINUTE };
const timed = (type: ActivityType) => type === 'call' || type === 'meeting';
const iso = (v: string | null | undefined): string | null => (v ? new Date(v).toISOString() : null);
const shift = (v: string, ms: number) => new Date(new Date(v).getTime() + ms).toISOString();

interface Timing {
  start_at: string | null;
  end_at: string | null;
  deadline: string | null;
}

/**
 * When an activity happens: a call's or meeting's deadline is its start (its end by default the
 * start plus its usual length); a to-do, an e-mail or a task has a deadline.
 */
function timing(type: ActivityType, input: Pick<ActivityPatch, 'startAt' | 'endAt' | 'deadline'>, before: Timing | null): Timing {
  const pick = <K extends keyof typeof input>(k: K, old: string | null) => (input[k] !== undefined ? iso(input[k]) : old);
  if (timed(type)) {
    const startGiven = input.startAt !== undefined ? input.startAt : input.deadline;
    const start = startGiven !== undefined ? iso(startGiven) : (before?.start_at ?? null);
    let end = pick('endAt', before?.end_at ?? null);
    if (input.endAt === undefined && start) {
      if (!before?.start_at || !before.end_at) end = shift(start, LENGTH[type]!);
      else if (start !== before.start_at) end = shift(before.end_at, new Date(start).getTime() - new Date(before.start_at).getTime());
    }
    return { start_at: start, end_at: start ? end : null, deadline: start };
  }
  return { start_at: pick('startAt', before?.start_at ?? null), end_at: pick('endAt', before?.end_at ?? null), deadline: pick('deadline', before?.deadline ?? null) };
}

/** The reminder's moment, when there is one still to come. */
function remindAt(deadline: string | null, before: number | null, completed: boolean): string | null {
  if (completed || before === null || !deadline) return null;
  const at = new Date(deadline).getTime() - before * MINUTE;
  return at > Date.now() ? new Date(at).toISOString() : null;
}

async function scheduleReminder(ctx: Ctx, id: number, at: string | null): Promise<void> {
  if (at) await ctx.sys.scheduleJob(ctx, { type: REMINDER_JOB, portalId: ctx.portal.id, runAt: new Date(at), payload: { activityId: id, remindAt: at } });
}

function checkTiming(t: Timing, fields: FieldError[]): void {
  if (t.start_at && t.end_at && t.end_at < t.start_at) fields.push({ field: 'endAt', message: 'activities.end_before_start' });
}

async function checkResponsible(ctx: Ctx, id: number | null | undefined, fields: FieldError[]): Promise<void> {
  if (id === null || id === undefined) return;
  if (!(await activeUserIds(ctx, [id])).has(id)) fields.push({ field: 'responsibleId', message: 'activities.responsible_invalid' });
}

/** The owner must be an item the actor may read (the portal itself: one that exists). */
async function ownerReadable(ctx: Ctx, type: EntityType, id: number): Promise<boolean> {
  if (ctx.actor) return (await checkAccess(ctx, 'read', type, [id])).has(id);
  return (await ctx.sys.registry.describe(ctx, type, [id])).has(id);
}

function me(ctx: Ctx): number | null {
  return ctx.actor?.userId ?? null;
}

export async function createActivity(ctx: Ctx, input: ActivityInput, opts: { authorId?: number | null } = {}): Promise<Activity> {
  const id = await transaction(ctx, async (tx) => {
    const fields: FieldError[] = [];
    const responsibleId = input.responsibleId ?? me(tx);
    if (responsibleId === null) fields.push({ field: 'responsibleId', message: 'activities.responsible_invalid' });
    await checkResponsible(tx, input.responsibleId, fields);
    if (!isCrmType(input.owner.type) || !(await ownerReadable(tx, input.owner.type, input.owner.id))) fields.push({ field: 'owner.id', message: 'activities.owner_invalid' });
    const when = timing(input.type, input, null);
    checkTiming(when, fields);
    if (input.taskId !== undefined && input.type !== 'task') fields.push({ field: 'taskId', message: 'activities.task_only' });
    if (input.taskId !== undefined && tx.actor && !(await checkAccess(tx, 'read', 'task', [input.taskId])).has(input.taskId)) fields.push({ field: 'taskId', message: 'activities.task_invalid' });
    if (fields.length) throw errors.validation(fields);
    let taskId = input.taskId ?? null;
    if (input.type === 'task' && taskId === null) {
      const task = await createTask(
        tx,
        { title: input.subject, description: input.description, responsibleId: responsibleId!, deadline: when.deadline, crmLinks: [input.owner] },
        tx.actor ? {} : { source: 'automation', creatorId: opts.authorId ?? responsibleId! },
      );
      taskId = task.id;
    }
    const completed = !!input.completed;
    const now = nowIso();
    const remind = remindAt(when.deadline, input.remindBefore ?? null, completed);
    const row = await scoped(tx)
      .insertInto('crm_activity', {
        type: input.type,
        direction: input.type === 'call' ? (input.direction ?? 'outgoing') : null,
        subject: input.subject,
        description: input.description ?? '',
        owner_type: input.owner.type,
        owner_id: input.owner.id,
        responsible_id: responsibleId,
        author_id: opts.authorId !== undefined ? opts.authorId : me(tx),
        ...when,
        priority: input.priority ?? 'normal',
        remind_before: input.remindBefore ?? null,
        remind_at: remind,
        completed: completed ? 1 : 0,
        completed_at: completed ? now : null,
        completed_by: completed ? me(tx) : null,
        result: input.result ?? '',
        task_id: taskId,
        version: 1,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordEvent(tx, activityEvents.created, {
      entityType: 'activity',
      entityId: row.id,
      payload: { type: input.type, owner: input.owner, responsibleId, subject: input.subject },
    });
    if (completed) await recordEvent(tx, activityEvents.completed, { entityType: 'activity', entityId: row.id, payload: { type: input.type, owner: input.owner, responsibleId } });
    await scheduleReminder(tx, row.id, remind);
    return row.id;
  });
  return getActivity(ctx, id);
}

async function findRow(ctx: Ctx, id: number, lock = false): Promise<ActivityRow | null> {
  const q = scoped(ctx).selectFrom('crm_activity').selectAll().where('id', '=', id);
  return (await (lock ? lockForUpdate(ctx, q) : q).executeTakeFirst()) ?? null;
}

/** The row when the actor may read it (404 otherwise) and, for a change, edit it (403 otherwise). */
async function authorized(ctx: Ctx, id: number, action: 'read' | 'edit', lock = false): Promise<ActivityRow> {
  const row = await findRow(ctx, id, lock);
  if (!row) throw errors.notFound();
  const a = (await abilitiesOf(ctx, [row])).get(row.id)!;
  if (!a.read) throw errors.notFound();
  if (action === 'edit' && !a.edit) throw errors.forbidden();
  return row;
}

export async function getActivity(ctx: Ctx, id: number): Promise<Activity> {
  const row = await authorized(ctx, id, 'read');
  return (await toActivities(ctx, [row]))[0]!;
}

const EDITABLE = ['direction', 'subject', 'description', 'responsible_id', 'start_at', 'end_at', 'deadline', 'priority', 'remind_before', 'result'] as const;

export async function updateActivity(ctx: Ctx, id: number, patch: ActivityPatch): Promise<Activity> {
  await transaction(ctx, async (tx) => {
    const row = await authorized(tx, id, 'edit', true);
    if (row.version !== patch.version) throw errors.conflict();
    const fields: FieldError[] = [];
    if (patch.responsibleId !== undefined) await checkResponsible(tx, patch.responsibleId, fields);
    const when = timing(row.type, patch, row);
    checkTiming(when, fields);
    if (fields.length) throw errors.validation(fields);
    const next = {
      direction: row.type === 'call' ? (patch.direction ?? row.direction ?? 'outgoing') : null,
      subject: patch.subject ?? row.subject,
      description: patch.description ?? row.description,
      responsible_id: patch.responsibleId ?? row.responsible_id,
      ...when,
      priority: patch.priority ?? row.priority,
      remind_before: patch.remindBefore !== undefined ? patch.remindBefore : row.remind_before,
      result: patch.result ?? row.result,
    };
    const completing = patch.completed !== undefined && patch.completed !== !!row.completed;
    const completed = patch.completed ?? !!row.completed;
    const remind = remindAt(next.deadline, next.remind_before, completed);
    const changes = diff(row, next, [...EDITABLE]);
    const now = nowIso();
    await scoped(tx).updateVersioned('crm_activity', id, row.version, {
      ...next,
      remind_at: remind,
      updated_at: now,
      ...(completing ? { completed: completed ? 1 : 0, completed_at: completed ? now : null, completed_by: completed ? me(tx) : null } : {}),
    });
    const owner = { type: row.owner_type, id: row.owner_id };
    if (changes.length) await recordEvent(tx, activityEvents.updated, { entityType: 'activity', entityId: id, payload: { type: row.type, owner, changes: changes.map((c) => c.field) }, changes });
    if (completing) await recordCompletion(tx, row, completed, next.responsible_id);
    if (remind && remind !== row.remind_at) await scheduleReminder(tx, id, remind);
  });
  return getActivity(ctx, id);
}

async function recordCompletion(ctx: Ctx, row: ActivityRow, completed: boolean, responsibleId: number | null): Promise<void> {
  const owner = { type: row.owner_type, id: row.owner_id };
  if (completed) await recordEvent(ctx, activityEvents.completed, { entityType: 'activity', entityId: row.id, payload: { type: row.type, owner, responsibleId } });
  else await recordEvent(ctx, activityEvents.reopened, { entityType: 'activity', entityId: row.id, payload: { type: row.type, owner } });
}

/**
 * «Выполнено» or back to planned, with the result. A task's activity completes (or renews) its
 * task as well; the task's own completion completes the activity (see `task-sync.ts`).
 */
export async function completeActivity(ctx: Ctx, id: number, input: ActivityComplete): Promise<Activity> {
  await transaction(ctx, async (tx) => {
    const row = await authorized(tx, id, 'edit', true);
    if (input.version !== undefined && row.version !== input.version) throw errors.conflict();
    await setCompleted(tx, row, input.completed, input.result);
    if (row.type === 'task' && row.task_id !== null && !!row.completed !== input.completed) {
      const task = await getTask(tx, row.task_id).catch(() => null);
      if (task && input.completed && task.status !== 'completed') await applyAction(tx, row.task_id, 'complete');
      if (task && !input.completed && task.status === 'completed') await applyAction(tx, row.task_id, 'renew');
    }
  });
  return getActivity(ctx, id);
}

/** Marks the activity done or planned (a no-op when it already is), in the caller's transaction. */
export async function setCompleted(ctx: Ctx, row: ActivityRow, completed: boolean, result?: string, by: number | null = me(ctx)): Promise<void> {
  const same = !!row.completed === completed;
  if (same && (result === undefined || result === row.result)) return;
  const now = nowIso();
  await scoped(ctx).updateVersioned('crm_activity', row.id, row.version, {
    completed: completed ? 1 : 0,
    completed_at: completed ? (same ? row.completed_at : now) : null,
    completed_by: completed ? (same ? row.completed_by : by) : null,
    result: result ?? row.result,
    remind_at: remindAt(row.deadline, row.remind_before, completed),
    updated_at: now,
  });
  if (!same) await recordCompletion(ctx, row, completed, row.responsible_id);
  else
    await recordEvent(ctx, activityEvents.updated, {
      entityType: 'activity',
      entityId: row.id,
      payload: { type: row.type, owner: { type: row.owner_type, id: row.owner_id }, changes: ['result'] },
      changes: [{ field: 'result', old: row.result, new: result }],
    });
  if (!completed && !same) await scheduleReminder(ctx, row.id, remindAt(row.deadline, row.remind_before, false));
}

export async function deleteActivity(ctx: Ctx, id: number): Promise<void> {
  await transaction(ctx, async (tx) => {
    const row = await authorized(tx, id, 'edit', true);
    await scoped(tx).deleteFrom('crm_activity').where('id', '=', id).execute();
    await recordEvent(tx, activityEvents.deleted, {
      entityType: 'activity',
      entityId: id,
      payload: { type: row.type, owner: { type: row.owner_type, id: row.owner_id }, responsibleId: row.responsible_id },
    });
  });
}

/** Rows as the API gives them: people named, the owner named only to who may read it, the actor's abilities. */
export async function toActivities(ctx: Ctx, rows: ActivityRow[]): Promise<Activity[]> {
  if (!rows.length) return [];
  const [refs, abilities, readable] = await Promise.all([
    userRefs(
      ctx,
      rows.flatMap((r) => [r.responsible_id, r.author_id]),
    ),
    abilitiesOf(ctx, rows),
    ownerRights(ctx, rows, 'read'),
  ]);
  const titles = new Map<string, { title: string; url: string }>();
  for (const type of new Set(rows.map((r) => r.owner_type))) {
    const ids = rows.filter((r) => r.owner_type === type && (ctx.actor?.role === 'admin' || readable.has(`${type}:${r.owner_id}`))).map((r) => r.owner_id);
    for (const [id, d] of await ctx.sys.registry.describe(ctx, type, ids)) titles.set(`${type}:${id}`, d);
  }
  const now = nowIso();
  return rows.map((r) => {
    const owner = titles.get(`${r.owner_type}:${r.owner_id}`);
    const a = abilities.get(r.id)!;
    return {
      id: r.id,
      type: r.type,
      direction: r.direction,
      subject: r.subject,
      description: r.description,
      owner: { type: r.owner_type, id: r.owner_id, title: owner?.title ?? hiddenTitle(ctx), url: owner?.url ?? '' },
      responsible: r.responsible_id !== null ? (refs.get(r.responsible_id) ?? null) : null,
      author: r.author_id !== null ? (refs.get(r.author_id) ?? null) : null,
      startAt: r.start_at,
      endAt: r.end_at,
      deadline: r.deadline,
      priority: r.priority,
      remindBefore: r.remind_before,
      completed: !!r.completed,
      completedAt: r.completed_at,
      result: r.result,
      taskId: r.task_id,
      overdue: !r.completed && r.deadline !== null && r.deadline < now,
      version: r.version,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      abilities: { edit: a.edit, delete: a.edit },
    };
  });
}
