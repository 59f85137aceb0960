import { sql } from 'kysely';
import { taskCardEvents, type RunningTimer, type TaskCard, type TimeEntry, type TimeEntryInput, type TimeEntryPatch } from '@vavilon/contracts';
import { lockForUpdate, transaction, type Ctx } from '../../../platform/context.js';
import { nowIso } from '../../../platform/db/database.js';
import { scoped } from '../../../platform/db/scoped.js';
import { errors } from '../../../platform/errors.js';
import { recordEvent } from '../../../platform/events/outbox.js';
import { userRefs } from '../../users/api.js';
import { me, peopleOf, taskForWrite, touch, type TaskRow } from './common.js';

const hms = (s: number) => `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;

/** The viewer's running timer, wherever it runs. */
export async function myTimer(ctx: Ctx): Promise<RunningTimer | null> {
  if (!ctx.actor) return null;
  const t = await scoped(ctx)
    .selectFrom('task_timer')
    .innerJoin('task', 'task.id', 'task_timer.task_id')
    .select(['task_timer.task_id', 'task_timer.started_at', 'task.title'])
    .where('task_timer.user_id', '=', ctx.actor.userId)
    .where('task.portal_id', '=', ctx.portal.id)
    .executeTakeFirst();
  return t ? { taskId: t.task_id, taskTitle: t.title, startedAt: t.started_at } : null;
}

export async function timeOf(ctx: Ctx, row: TaskRow): Promise<TaskCard['time']> {
  const rows = await scoped(ctx).selectFrom('task_time').selectAll().where('task_id', '=', row.id).orderBy('started_at', 'desc').orderBy('id', 'desc').execute();
  const users = await userRefs(
    ctx,
    rows.map((r) => r.user_id).filter((u): u is number => u !== null),
  );
  const viewer = ctx.actor?.userId ?? 0;
  const entries: TimeEntry[] = rows.map((r) => ({
    id: r.id,
    user: (r.user_id && users.get(r.user_id)) || null,
    startedAt: r.started_at,
    seconds: r.seconds,
    comment: r.comment,
    source: r.source,
    createdAt: r.created_at,
    mine: r.user_id === viewer,
  }));
  const spent = await scoped(ctx).selectFrom('task').select('time_spent_seconds').where('id', '=', row.id).executeTakeFirstOrThrow();
  return { entries, spentSeconds: spent.time_spent_seconds, estimateSeconds: row.estimate_seconds, timer: await myTimer(ctx) };
}

/** Adds to (or takes from) the task's time spent in the caller's transaction, the task row locked by the caller. */
async function addSpent(ctx: Ctx, taskId: number, delta: number): Promise<void> {
  await touch(ctx, taskId);
  await scoped(ctx)
    .updateTable('task')
    .set({ time_spent_seconds: sql<number>`time_spent_seconds + ${delta}` })
    .where('id', '=', taskId)
    .execute();
}

async function entryAdded(ctx: Ctx, row: TaskRow, e: { id: number; user_id: number | null; seconds: number; source: 'timer' | 'manual'; comment: string }): Promise<void> {
  await addSpent(ctx, row.id, e.seconds);
  await recordEvent(ctx, taskCardEvents.timeAdded, {
    entityType: 'task',
    entityId: row.id,
    payload: { title: row.title, entryId: e.id, userId: e.user_id, seconds: e.seconds, source: e.source, ...(await peopleOf(ctx, row)) },
    changes: [{ field: 'time', old: null, new: hms(e.seconds) + (e.comment ? ` ${e.comment}` : '') }],
  });
}

/** Stops the user's running timer, wherever it runs, and books its time on its task. */
async function stopRunning(ctx: Ctx, userId: number): Promise<void> {
  const timer = await lockForUpdate(ctx, scoped(ctx).selectFrom('task_timer').selectAll().where('user_id', '=', userId)).executeTakeFirst();
  if (!timer) return;
  const row = (await lockForUpdate(ctx, scoped(ctx).selectFrom('task').selectAll().where('id', '=', timer.task_id)).executeTakeFirstOrThrow()) as TaskRow;
  await scoped(ctx).deleteFrom('task_timer').where('user_id', '=', userId).execute();
  const seconds = Math.max(1, Math.round((Date.now() - new Date(timer.started_at).getTime()) / 1000));
  const e = await scoped(ctx)
    .insertInto('task_time', { task_id: row.id, user_id: userId, started_at: timer.started_at, seconds, comment: '', source: 'timer', created_at: nowIso() })
    .returning(['id', 'user_id', 'seconds', 'source', 'comment'])
    .executeTakeFirstOrThrow();
  await entryAdded(ctx, row, e);
}

/** Starts the actor's timer on a task: one timer per user, so one running elsewhere is stopped (and booked) first. */
export async function startTimer(ctx: Ctx, taskId: number): Promise<void> {
  await transaction(ctx, async (tx) => {
    const { row, abilities } = await taskForWrite(tx, taskId);
    if (!abilities.trackTime) throw errors.forbidden();
    const user = me(tx);
    const running = await scoped(tx).selectFrom('task_timer').select('task_id').where('user_id', '=', user).executeTakeFirst();
    if (running?.task_id === taskId) return;
    await stopRunning(tx, user);
    await scoped(tx).insertInto('task_timer', { user_id: user, task_id: taskId, started_at: nowIso() }).execute();
    await touch(tx, taskId);
    await recordEvent(tx, taskCardEvents.timerStarted, { entityType: 'task', entityId: taskId, payload: { title: row.title, userId: user, ...(await peopleOf(tx, row)) } });
  });
}

/** Stops the actor's timer on this task (nothing to do when it is not running here). */
export async function stopTimer(ctx: Ctx, taskId: number): Promise<void> {
  await transaction(ctx, async (tx) => {
    await taskForWrite(tx, taskId);
    const user = me(tx);
    const running = await scoped(tx).selectFrom('task_timer').select('task_id').where('user_id', '=', user).executeTakeFirst();
    if (running?.task_id === taskId) await stopRunning(tx, user);
  });
}

function notInFuture(startedAt: string): void {
  if (new Date(startedAt).getTime() > Date.now() + 60_000) throw errors.field('startedAt', 'tasks.time_in_future');
}

/** A time entry made by hand: any participant, for themselves. */
export async function addTime(ctx: Ctx, taskId: number, input: TimeEntryInput): Promise<void> {
  await transaction(ctx, async (tx) => {
    const { row, abilities } = await taskForWrite(tx, taskId);
    if (!abilities.trackTime) throw errors.forbidden();
    notInFuture(input.startedAt);
    const e = await scoped(tx)
      .insertInto('task_time', {
        task_id: taskId,
        user_id: me(tx),
        started_at: new Date(input.startedAt).toISOString(),
        seconds: input.seconds,
        comment: input.comment ?? '',
        source: 'manual',
        created_at: nowIso(),
      })
      .returning(['id', 'user_id', 'seconds', 'source', 'comment'])
      .executeTakeFirstOrThrow();
    await entryAdded(tx, row, e);
  });
}

async function ownEntry(ctx: Ctx, entryId: number) {
  const e = await scoped(ctx).selectFrom('task_time').selectAll().where('id', '=', entryId).executeTakeFirst();
  if (!e) throw errors.notFound();
  const task = await taskForWrite(ctx, e.task_id);
  if (e.user_id !== me(ctx)) throw errors.forbidden();
  return { e, ...task };
}

/** Changes one's own entry; the task's time spent follows. */
export async function updateTime(ctx: Ctx, entryId: number, patch: TimeEntryPatch): Promise<number> {
  return transaction(ctx, async (tx) => {
    const { e, row } = await ownEntry(tx, entryId);
    if (patch.startedAt) notInFuture(patch.startedAt);
    const next = {
      started_at: patch.startedAt ? new Date(patch.startedAt).toISOString() : e.started_at,
      seconds: patch.seconds ?? e.seconds,
      comment: patch.comment ?? e.comment,
    };
    if (next.started_at === e.started_at && next.seconds === e.seconds && next.comment === e.comment) return row.id;
    await scoped(tx).updateTable('task_time').set(next).where('id', '=', entryId).execute();
    await addSpent(tx, row.id, next.seconds - e.seconds);
    const changes = [
      ...(next.seconds !== e.seconds ? [{ field: 'time', old: hms(e.seconds), new: hms(next.seconds) }] : []),
      ...(next.comment !== e.comment ? [{ field: 'time_comment', old: e.comment, new: next.comment }] : []),
      ...(next.started_at !== e.started_at ? [{ field: 'time_started_at', old: e.started_at, new: next.started_at }] : []),
    ];
    await recordEvent(tx, taskCardEvents.timeChanged, {
      entityType: 'task',
      entityId: row.id,
      payload: { title: row.title, entryId, userId: e.user_id, seconds: next.seconds, ...(await peopleOf(tx, row)) },
      changes,
    });
    return row.id;
  });
}

export async function deleteTime(ctx: Ctx, entryId: number): Promise<number> {
  return transaction(ctx, async (tx) => {
    const { e, row } = await ownEntry(tx, entryId);
    await scoped(tx).deleteFrom('task_time').where('id', '=', entryId).execute();
    await addSpent(tx, row.id, -e.seconds);
    await recordEvent(tx, taskCardEvents.timeDeleted, {
      entityType: 'task',
      entityId: row.id,
      payload: { title: row.title, entryId, userId: e.user_id, seconds: e.seconds, ...(await peopleOf(tx, row)) },
      changes: [{ field: 'time', old: hms(e.seconds), new: null }],
    });
    return row.id;
  });
}
