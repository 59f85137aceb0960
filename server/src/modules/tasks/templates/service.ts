import type { Selectable } from 'kysely';
import { taskTemplateEvents, type DeadlineAfter, type TaskTemplate, type TaskTemplateInput, type TaskTemplatePatch, type TemplateChecklistGroup, type TemplateRepeat } from '@vavilon/contracts';
import { actorCtx, lockForUpdate, systemCtx, transaction, type Ctx } from '../../../platform/context.js';
import { nowIso } from '../../../platform/db/database.js';
import { scoped } from '../../../platform/db/scoped.js';
import { errors, type FieldError } from '../../../platform/errors.js';
import { diff, recordEvent } from '../../../platform/events/outbox.js';
import type { Job, JobHandler } from '../../../platform/jobs/jobs.js';
import type { Platform } from '../../../platform/platform.js';
import { sanitizeRichText } from '../../../platform/rich-text.js';
import { groupRefs, groupRoles } from '../../groups/api.js';
import { activeUserIds, actorFor, timeZoneOf, userRefs } from '../../users/api.js';
import type { TaskTemplateTable } from '../schema.js';
import { createTask } from '../service.js';
import { firstOccurrence, followingOccurrence, occurrenceKey, wallOfKey } from './recurrence.js';

type TemplateRow = Selectable<TaskTemplateTable>;

/** The job that creates a repeating template's task at its occurrence. */
export const TEMPLATE_RUN_JOB = 'tasks.template_run';

/** What a template keeps in its `body`, besides the title and the repetition columns. */
interface Body {
  description: string;
  responsibleId: number | null;
  accompliceIds: number[];
  auditorIds: number[];
  groupId: number | null;
  tags: string[];
  important: boolean;
  taskControl: boolean;
  allowChangeDeadline: boolean;
  deadlineAfter: DeadlineAfter | null;
  checklist: TemplateChecklistGroup[];
  subtasks: { title: string; responsibleId: number | null }[];
  repeat: TemplateRepeat | null;
  timeZone: string;
  /** The floating wall time of the next occurrence (its key in task_template_run). */
  nextOccurrence: string | null;
}

const parseBody = (row: TemplateRow): Body => ({
  description: '',
  responsibleId: null,
  accompliceIds: [],
  auditorIds: [],
  groupId: null,
  tags: [],
  important: false,
  taskControl: false,
  allowChangeDeadline: true,
  deadlineAfter: null,
  checklist: [],
  subtasks: [],
  repeat: null,
  timeZone: 'Europe/Moscow',
  nextOccurrence: null,
  ...(JSON.parse(row.body || '{}') as Partial<Body>),
});

const sameInstant = (a: string | null, b: string | null) => (a === null || b === null ? a === b : new Date(a).getTime() === new Date(b).getTime());

// --- rights ---------------------------------------------------------------------------------

/** A template is its author's (administrators see every one); anyone else is told it does not exist. */
async function ownTemplate(ctx: Ctx, id: number, lock = false): Promise<TemplateRow> {
  const q = scoped(ctx).selectFrom('task_template').selectAll().where('id', '=', id);
  const row = (await (lock ? lockForUpdate(ctx, q) : q).executeTakeFirst()) as TemplateRow | undefined;
  if (!row || !ctx.actor) throw errors.notFound();
  if (ctx.actor.role !== 'admin' && row.created_by !== ctx.actor.userId) throw errors.notFound();
  return row;
}

// --- reading --------------------------------------------------------------------------------

export async function listTemplates(ctx: Ctx): Promise<TaskTemplate[]> {
  let q = scoped(ctx).selectFrom('task_template').selectAll().orderBy('title').orderBy('id');
  if (ctx.actor?.role !== 'admin') q = q.where('created_by', '=', ctx.actor!.userId);
  return toTemplates(ctx, (await q.execute()) as TemplateRow[]);
}

export async function getTemplate(ctx: Ctx, id: number): Promise<TaskTemplate> {
  return (await toTemplates(ctx, [await ownTemplate(ctx, id)]))[0]!;
}

async function toTemplates(ctx: Ctx, rows: TemplateRow[]): Promise<TaskTemplate[]> {
  const bodies = rows.map(parseBody);
  const [users, groups] = await Promise.all([
    userRefs(
      ctx,
      rows.flatMap((r, i) => [r.created_by, bodies[i]!.responsibleId, ...bodies[i]!.accompliceIds, ...bodies[i]!.auditorIds, ...bodies[i]!.subtasks.map((s) => s.responsibleId)]),
    ),
    groupRefs(
      ctx,
      bodies.map((b) => b.groupId),
    ),
  ]);
  const ref = (id: number | null) => (id && users.get(id)) || null;
  return rows.map((r, i) => {
    const b = bodies[i]!;
    const group = b.groupId ? groups.get(b.groupId) : undefined;
    return {
      id: r.id,
      title: r.title,
      description: b.description,
      responsible: ref(b.responsibleId),
      accomplices: b.accompliceIds.flatMap((u) => users.get(u) ?? []),
      auditors: b.auditorIds.flatMap((u) => users.get(u) ?? []),
      group: group ? { id: group.id, name: group.name } : null,
      tags: b.tags,
      important: b.important,
      taskControl: b.taskControl,
      allowChangeDeadline: b.allowChangeDeadline,
      deadlineAfter: b.deadlineAfter,
      checklist: b.checklist,
      subtasks: b.subtasks.map((s) => ({ title: s.title, responsible: ref(s.responsibleId) })),
      repeating: !!r.active && !!b.repeat,
      repeat: b.repeat,
      rrule: r.rrule,
      timeZone: b.timeZone,
      nextRunAt: r.next_run_at,
      runs: r.runs,
      author: ref(r.created_by),
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      version: r.version,
    };
  });
}

// --- checks ---------------------------------------------------------------------------------

async function checkBody(ctx: Ctx, b: Body, repeating: boolean, fields: FieldError[]): Promise<void> {
  const people = [b.responsibleId, ...b.accompliceIds, ...b.auditorIds, ...b.subtasks.map((s) => s.responsibleId)];
  const active = await activeUserIds(ctx, people);
  if (b.responsibleId !== null && !active.has(b.responsibleId)) fields.push({ field: 'responsibleId', message: 'tasks.user_invalid' });
  b.accompliceIds.forEach((u, i) => !active.has(u) && fields.push({ field: `accompliceIds.${i}`, message: 'tasks.user_invalid' }));
  b.auditorIds.forEach((u, i) => !active.has(u) && fields.push({ field: `auditorIds.${i}`, message: 'tasks.user_invalid' }));
  b.subtasks.forEach((s, i) => s.responsibleId !== null && !active.has(s.responsibleId) && fields.push({ field: `subtasks.${i}.responsibleId`, message: 'tasks.user_invalid' }));
  if (b.groupId !== null) {
    if (!(await groupRefs(ctx, [b.groupId])).has(b.groupId)) fields.push({ field: 'groupId', message: 'tasks.group_invalid' });
    else if (ctx.actor?.role !== 'admin' && !(await groupRoles(ctx, ctx.actor!.userId, [b.groupId])).has(b.groupId)) fields.push({ field: 'groupId', message: 'tasks.group_not_member' });
  }
  if (repeating && !b.repeat) fields.push({ field: 'repeat', message: 'tasks.template.repeat_required' });
  if (b.repeat?.freq === 'weekly' && !b.repeat.weekdays?.length) fields.push({ field: 'repeat.weekdays', message: 'tasks.template.weekdays_required' });
  if (b.repeat?.freq === 'monthly' && !b.repeat.monthDay) fields.push({ field: 'repeat.monthDay', message: 'tasks.template.month_day_required' });
  if (repeating && b.repeat?.until && b.repeat.until < new Date().toISOString().slice(0, 10)) fields.push({ field: 'repeat.until', message: 'tasks.template.until_past' });
}

function bodyOf(input: Partial<TaskTemplateInput>, base: Body): Body {
  const pick = <K extends keyof Body>(k: K, v: Body[K] | undefined): Body[K] => (v === undefined ? base[k] : v);
  const responsibleId = pick('responsibleId', input.responsibleId);
  return {
    ...base,
    description: input.description === undefined ? base.description : sanitizeRichText(input.description),
    responsibleId,
    accompliceIds: input.accompliceIds ? [...new Set(input.accompliceIds)].filter((u) => u !== responsibleId) : base.accompliceIds,
    auditorIds: input.auditorIds ? [...new Set(input.auditorIds)] : base.auditorIds,
    groupId: pick('groupId', input.groupId),
    tags: input.tags ? [...new Set(input.tags.map((t) => t.trim().replace(/^#/, '')).filter(Boolean))] : base.tags,
    important: pick('important', input.important),
    taskControl: pick('taskControl', input.taskControl),
    allowChangeDeadline: pick('allowChangeDeadline', input.allowChangeDeadline),
    deadlineAfter: pick('deadlineAfter', input.deadlineAfter),
    checklist: input.checklist ? input.checklist.filter((g) => g.title || g.items.length) : base.checklist,
    subtasks: input.subtasks ? input.subtasks.map((s) => ({ title: s.title, responsibleId: s.responsibleId ?? null })) : base.subtasks,
    repeat: pick('repeat', input.repeat),
  };
}

// --- writing --------------------------------------------------------------------------------

/** The repetition's columns for a template (re)scheduled now: the rule from the next occurrence on, or nothing. */
function schedule(b: Body, repeating: boolean): { rrule: string | null; next: { wall: Date; at: Date } | null } {
  if (!repeating || !b.repeat) return { rrule: b.repeat ? (firstOccurrence(b.repeat, b.timeZone)?.rule ?? null) : null, next: null };
  const first = firstOccurrence(b.repeat, b.timeZone);
  return { rrule: first?.rule ?? null, next: first ? { wall: first.wall, at: first.at } : null };
}

async function scheduleRun(ctx: Ctx, templateId: number, next: { wall: Date; at: Date }): Promise<void> {
  await ctx.sys.scheduleJob(ctx, { type: TEMPLATE_RUN_JOB, portalId: ctx.portal.id, runAt: next.at, payload: { templateId, occurrence: occurrenceKey(next.wall), at: next.at.toISOString() } });
}

export async function createTemplate(ctx: Ctx, input: TaskTemplateInput): Promise<TaskTemplate> {
  const id = await transaction(ctx, async (tx) => {
    const me = tx.actor!.userId;
    const empty = parseBody({ body: '{}' } as TemplateRow);
    const b = bodyOf(input, { ...empty, timeZone: await timeZoneOf(tx, me) });
    const repeating = !!input.repeating;
    const fields: FieldError[] = [];
    await checkBody(tx, b, repeating, fields);
    if (fields.length) throw errors.validation(fields);
    const { rrule, next } = schedule(b, repeating);
    const now = nowIso();
    const row = await scoped(tx)
      .insertInto('task_template', {
        title: input.title,
        body: JSON.stringify({ ...b, nextOccurrence: next ? occurrenceKey(next.wall) : null }),
        rrule,
        repeat_from: next?.at.toISOString() ?? null,
        repeat_until: b.repeat?.until ?? null,
        repeat_count: b.repeat?.count ?? null,
        runs: 0,
        next_run_at: next?.at.toISOString() ?? null,
        active: repeating ? 1 : 0,
        created_by: me,
        created_at: now,
        updated_at: now,
        version: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (next) await scheduleRun(tx, row.id, next);
    await recordEvent(tx, taskTemplateEvents.created, { entityType: 'task_template', entityId: row.id, payload: { title: input.title, authorId: me, repeating } });
    return row.id;
  });
  return getTemplate(ctx, id);
}

/**
 * Changes a template on the version the user saw (409 on a newer one). Turning the repetition
 * on or changing its rule starts the series again from the next occurrence; turning it off stops it.
 */
export async function updateTemplate(ctx: Ctx, id: number, patch: TaskTemplatePatch): Promise<TaskTemplate> {
  await transaction(ctx, async (tx) => {
    const row = await ownTemplate(tx, id, true);
    if (row.version !== patch.version) throw errors.conflict();
    const before = parseBody(row);
    const b = bodyOf(patch, before);
    const wasRepeating = !!row.active && !!before.repeat;
    const repeating = patch.repeating ?? (patch.repeat === null ? false : !!row.active);
    const fields: FieldError[] = [];
    await checkBody(tx, b, repeating, fields);
    if (fields.length) throw errors.validation(fields);
    const ruleChanged = JSON.stringify(before.repeat) !== JSON.stringify(b.repeat);
    const reschedule = repeating !== wasRepeating || (repeating && ruleChanged);
    const set: Partial<TemplateRow> = { title: patch.title ?? row.title, updated_at: nowIso(), version: row.version + 1 };
    let nextOccurrence = before.nextOccurrence;
    if (reschedule || ruleChanged) {
      const { rrule, next } = schedule(b, repeating);
      Object.assign(set, {
        rrule,
        active: repeating ? 1 : 0,
        repeat_from: next?.at.toISOString() ?? null,
        repeat_until: b.repeat?.until ?? null,
        repeat_count: b.repeat?.count ?? null,
        next_run_at: next?.at.toISOString() ?? null,
        ...(reschedule ? { runs: 0 } : {}),
      });
      nextOccurrence = next ? occurrenceKey(next.wall) : null;
      // A job already queued for the old rule finds next_run_at moved and does nothing.
      if (next) await scheduleRun(tx, id, next);
    }
    set.body = JSON.stringify({ ...b, nextOccurrence });
    await scoped(tx).updateTable('task_template').set(set).where('id', '=', id).execute();
    const changes = diff({ title: row.title, active: row.active, rrule: row.rrule }, { title: set.title, active: set.active ?? row.active, rrule: set.rrule ?? row.rrule }, [
      'title',
      'active',
      'rrule',
    ]);
    await recordEvent(tx, taskTemplateEvents.updated, {
      entityType: 'task_template',
      entityId: id,
      payload: { title: set.title!, authorId: row.created_by, repeating, nextRunAt: set.next_run_at === undefined ? row.next_run_at : set.next_run_at },
      changes,
    });
  });
  return getTemplate(ctx, id);
}

export async function deleteTemplate(ctx: Ctx, id: number): Promise<void> {
  await transaction(ctx, async (tx) => {
    const row = await ownTemplate(tx, id, true);
    await scoped(tx).deleteFrom('task_template_run').where('template_id', '=', id).execute();
    await scoped(tx).deleteFrom('task_template').where('id', '=', id).execute();
    await recordEvent(tx, taskTemplateEvents.deleted, { entityType: 'task_template', entityId: id, payload: { title: row.title, authorId: row.created_by } });
  });
}

// --- making tasks ---------------------------------------------------------------------------

const UNIT_MS: Record<DeadlineAfter['unit'], number> = { minutes: 60_000, hours: 3_600_000, days: 86_400_000, weeks: 7 * 86_400_000 };

/**
 * Creates the template's task with its checklist and subtasks in the caller's transaction, through
 * the core `createTask` (source «template»). People no longer active are left out (the responsible
 * falls back to the creator), so a repetition keeps working after someone leaves.
 */
async function makeTask(tx: Ctx, row: TemplateRow, occurrence: string | null): Promise<{ taskId: number; title: string }> {
  const b = parseBody(row);
  const creatorId = tx.actor!.userId;
  const active = await activeUserIds(tx, [b.responsibleId, ...b.accompliceIds, ...b.auditorIds, ...b.subtasks.map((s) => s.responsibleId)]);
  const live = (u: number | null) => (u !== null && active.has(u) ? u : null);
  const groupId = b.groupId !== null && (await groupRefs(tx, [b.groupId])).has(b.groupId) ? b.groupId : null;
  const deadline = b.deadlineAfter ? new Date(Date.now() + b.deadlineAfter.amount * UNIT_MS[b.deadlineAfter.unit]).toISOString() : null;
  const opts = { source: 'template' as const, templateId: row.id, creatorId };
  const responsibleId = live(b.responsibleId) ?? creatorId;
  const task = await createTask(
    tx,
    {
      title: row.title,
      description: b.description,
      responsibleId,
      accompliceIds: b.accompliceIds.filter((u) => active.has(u)),
      auditorIds: b.auditorIds.filter((u) => active.has(u)),
      groupId,
      tags: b.tags,
      important: b.important,
      taskControl: b.taskControl,
      allowChangeDeadline: b.allowChangeDeadline,
      deadline,
    },
    opts,
  );
  // The checklist in the card's shape: a group row (is_group = 1) and its items under it (parent_id).
  const now = nowIso();
  let sort = 0;
  for (const g of b.checklist) {
    let parentId: number | null = null;
    if (g.title) {
      const group = await scoped(tx)
        .insertInto('task_checklist_item', { task_id: task.id, parent_id: null, is_group: 1, title: g.title, is_complete: 0, assignee_id: null, completed_by: null, sort: sort++, created_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      parentId = group.id;
    }
    if (g.items.length)
      await scoped(tx)
        .insertInto(
          'task_checklist_item',
          g.items.map((it) => ({ task_id: task.id, parent_id: parentId, is_group: 0, title: it.title, is_complete: 0, assignee_id: null, completed_by: null, sort: sort++, created_at: now })),
        )
        .execute();
  }
  for (const s of b.subtasks)
    await createTask(tx, { title: s.title, responsibleId: live(s.responsibleId) ?? responsibleId, parentId: task.id, groupId, deadline, allowChangeDeadline: b.allowChangeDeadline }, opts);
  await recordEvent(tx, taskTemplateEvents.taskCreated, { entityType: 'task_template', entityId: row.id, payload: { title: row.title, authorId: row.created_by, taskId: task.id, occurrence } });
  return { taskId: task.id, title: task.title };
}

/** «Создать задачу из шаблона»: the user becomes the task's creator. */
export async function createTaskFromTemplate(ctx: Ctx, id: number): Promise<{ taskId: number; title: string }> {
  return transaction(ctx, async (tx) => makeTask(tx, await ownTemplate(tx, id), null));
}

/**
 * Runs one occurrence of a repeating template, once: the run row (primary key template +
 * occurrence) is written first, so a retried job or another process finds it and does nothing;
 * the task and the job of the next occurrence are written in the same transaction.
 * A job left over from an older rule (next_run_at moved since) does nothing.
 */
export async function runOccurrence(base: Ctx, templateId: number, occurrence: string, at: string): Promise<'created' | 'skipped'> {
  return transaction(base, async (sys) => {
    const row = (await lockForUpdate(sys, scoped(sys).selectFrom('task_template').selectAll().where('id', '=', templateId)).executeTakeFirst()) as TemplateRow | undefined;
    if (!row || !row.active || !row.rrule || !sameInstant(row.next_run_at, at)) return 'skipped';
    const claimed = await scoped(sys)
      .insertInto('task_template_run', { template_id: templateId, occurrence, task_id: null, created_at: nowIso() })
      .onConflict((oc) => oc.columns(['template_id', 'occurrence']).doNothing())
      .returning('template_id')
      .executeTakeFirst();
    if (!claimed) return 'skipped';
    const b = parseBody(row);
    const runs = row.runs + 1;
    const next = row.repeat_count !== null && runs >= row.repeat_count ? null : followingOccurrence(row.rrule, b.timeZone, wallOfKey(occurrence));
    const author = await actorFor(sys, row.created_by);
    // The task is made on its author's behalf; an author who left stops the repetition.
    const made = author ? await makeTask({ ...actorCtx(sys, sys.portal, author, { requestId: sys.requestId }), tx: sys.tx }, row, occurrence) : null;
    if (made) await scoped(sys).updateTable('task_template_run').set({ task_id: made.taskId }).where('template_id', '=', templateId).where('occurrence', '=', occurrence).execute();
    const keep = made ? next : null;
    await scoped(sys)
      .updateTable('task_template')
      .set({
        runs,
        next_run_at: keep?.at.toISOString() ?? null,
        active: keep ? 1 : 0,
        body: JSON.stringify({ ...b, nextOccurrence: keep ? occurrenceKey(keep.wall) : null }),
        version: row.version + 1,
        updated_at: nowIso(),
      })
      .where('id', '=', templateId)
      .execute();
    if (keep) await scheduleRun(sys, templateId, keep);
    return made ? 'created' : 'skipped';
  });
}

export function templateRunJob(platform: Platform): JobHandler {
  return async (job: Job) => {
    const portal = job.portalId ? await platform.portals.byId(job.portalId) : null;
    if (!portal) return;
    const ctx = systemCtx(platform, portal, { requestId: `template-run-${job.id}` });
    await runOccurrence(ctx, Number(job.payload.templateId), String(job.payload.occurrence), String(job.payload.at));
  };
}
