import type { Selectable } from 'kysely';
import { OPEN_TASK_STATUSES, tasksEvents, type Task, type TaskAction, type TaskInput, type TaskPatch, type TaskStatus } from '@vavilon/contracts';
import { transaction, lockForUpdate, type Ctx } from '../../platform/context.js';
import { nowIso } from '../../platform/db/database.js';
import { scoped } from '../../platform/db/scoped.js';
import { AppError, errors, type FieldError } from '../../platform/errors.js';
import { diff, recordEvent, recordEvents, eventOf, type Change } from '../../platform/events/outbox.js';
import { plainText, sanitizeRichText } from '../../platform/rich-text.js';
import { activeUserIds, userRefs } from '../users/api.js';
import { groupRefs, groupRoles } from '../groups/api.js';
import { canChangeStatus, canDelete, canEdit, canRead, standings, type Standing } from './access.js';
import type { TaskRole, TaskTable } from './schema.js';
import { writeCrmLinks } from './signals/crm-links.js';

type TaskRow = Selectable<TaskTable>;

/** Who asks for a write besides the actor: an automation rule may change a locked deadline; a template creates on its author's behalf. */
export interface WriteOptions {
  source?: 'automation' | 'template' | 'bulk';
  /** The creator of a task made by automation or a template (the actor otherwise). */
  creatorId?: number;
  templateId?: number;
}

const moment = (v: string | null | undefined): string | null => (v ? new Date(v).toISOString() : null);
const isOpen = (s: TaskStatus) => OPEN_TASK_STATUSES.includes(s);

function actorId(ctx: Ctx): number | null {
  return ctx.actor?.userId ?? null;
}

/** The refusal of a locked deadline, with the reason the page shows. */
export const deadlineLocked = () => new AppError(403, 'deadline_locked', 'tasks.deadline_locked');

// --- reading -------------------------------------------------------------------------------

/** The task if the actor may see it; "not found" otherwise, as if it did not exist. */
export async function readableTask(ctx: Ctx, id: number): Promise<{ row: TaskRow; standing: Standing }> {
  const row = await scoped(ctx).selectFrom('task').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw errors.notFound();
  const standing = (await standings(ctx, [id])).get(id);
  if (!standing || !canRead(standing)) throw errors.notFound();
  return { row: row as TaskRow, standing };
}

export function abilitiesOf(row: Pick<TaskRow, 'allow_change_deadline'>, s: Standing): Task['abilities'] {
  const edit = canEdit(s);
  return {
    edit,
    delete: canDelete(s),
    changeDeadline: s.admin || s.roles.has('creator') || (edit && !!row.allow_change_deadline),
    changeStatus: canChangeStatus(s),
    approve: s.admin || s.roles.has('creator'),
  };
}

/** Whether the actor may set this task's deadline: with the flag off only its creator, an administrator or an automation rule. */
function mayChangeDeadline(row: TaskRow, s: Standing, opts: WriteOptions): boolean {
  return opts.source === 'automation' || abilitiesOf(row, s).changeDeadline;
}

export async function getTask(ctx: Ctx, id: number): Promise<Task> {
  const { row, standing } = await readableTask(ctx, id);
  return (await toTasks(ctx, [row], new Map([[row.id, standing]])))[0]!;
}

/** Tasks as the card shows them, in the order given (participants, group and parent in a few statements for all). */
export async function toTasks(ctx: Ctx, rows: TaskRow[], given?: Map<number, Standing>): Promise<Task[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const [members, tags, parents, st] = await Promise.all([
    scoped(ctx).selectFrom('task_member').select(['task_id', 'user_id', 'role']).where('task_id', 'in', ids).execute(),
    scoped(ctx).selectFrom('task_tag').select(['task_id', 'tag']).where('task_id', 'in', ids).orderBy('tag').execute(),
    scoped(ctx)
      .selectFrom('task')
      .select(['id', 'title'])
      .where(
        'id',
        'in',
        rows.map((r) => r.parent_id ?? 0),
      )
      .execute(),
    given ?? standings(ctx, ids),
  ]);
  const [users, groups] = await Promise.all([
    userRefs(
      ctx,
      members.map((m) => m.user_id),
    ),
    groupRefs(
      ctx,
      rows.map((r) => r.group_id),
    ),
  ]);
  const who = (taskId: number, role: TaskRole) =>
    members
      .filter((m) => m.task_id === taskId && m.role === role)
      .flatMap((m) => users.get(m.user_id) ?? [])
      .sort((a, b) => a.fullName.localeCompare(b.fullName));
  return rows.map((r) => {
    const group = r.group_id ? groups.get(r.group_id) : undefined;
    const parent = parents.find((p) => p.id === r.parent_id);
    return {
      id: r.id,
      title: r.title,
      description: r.description,
      status: r.status,
      important: !!r.important,
      creator: (r.creator_id && users.get(r.creator_id)) || null,
      responsible: (r.responsible_id && users.get(r.responsible_id)) || null,
      accomplices: who(r.id, 'accomplice'),
      auditors: who(r.id, 'auditor'),
      group: group ? { id: group.id, name: group.name } : null,
      parent: parent ? { id: parent.id, title: parent.title } : null,
      deadline: r.deadline,
      allowChangeDeadline: !!r.allow_change_deadline,
      taskControl: !!r.task_control,
      requireResult: !!r.require_result,
      startPlan: r.start_plan,
      endPlan: r.end_plan,
      startedAt: r.started_at,
      closedAt: r.closed_at,
      estimateSeconds: r.estimate_seconds,
      timeSpentSeconds: r.time_spent_seconds,
      storyPoints: r.story_points,
      epicId: r.epic_id,
      sprintId: r.sprint_id,
      tags: tags.filter((t) => t.task_id === r.id).map((t) => t.tag),
      commentsCount: r.comments_count,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      version: r.version,
      abilities: abilitiesOf(r, st.get(r.id) ?? { roles: new Set(), groupMember: false, groupModerator: false, headOfCreatorOrResponsible: false, headOfParticipant: false, admin: false }),
    };
  });
}

// --- checks shared by create and update ------------------------------------------------------

interface Members {
  creatorId: number | null;
  responsibleId: number | null;
  accompliceIds: number[];
  auditorIds: number[];
}

async function checkPeople(ctx: Ctx, m: Members, fields: FieldError[]): Promise<void> {
  const all = [m.responsibleId, ...m.accompliceIds, ...m.auditorIds].filter((u): u is number => u !== null);
  const active = await activeUserIds(ctx, all);
  if (m.responsibleId !== null && !active.has(m.responsibleId)) fields.push({ field: 'responsibleId', message: 'tasks.user_invalid' });
  m.accompliceIds.forEach((u, i) => {
    if (!active.has(u)) fields.push({ field: `accompliceIds.${i}`, message: 'tasks.user_invalid' });
  });
  m.auditorIds.forEach((u, i) => {
    if (!active.has(u)) fields.push({ field: `auditorIds.${i}`, message: 'tasks.user_invalid' });
  });
}

/** Planned dates in order, a deadline not before the planned start. */
function checkDates(v: { deadline: string | null; start_plan: string | null; end_plan: string | null }, fields: FieldError[]): void {
  if (v.start_plan && v.end_plan && v.end_plan < v.start_plan) fields.push({ field: 'endPlan', message: 'tasks.end_before_start' });
  if (v.start_plan && v.deadline && v.deadline < v.start_plan) fields.push({ field: 'deadline', message: 'tasks.deadline_before_start' });
}

/** A task in a group needs a group the actor is a member of (administrators and automation place tasks anywhere). */
async function checkGroup(ctx: Ctx, groupId: number | null, fields: FieldError[], opts: WriteOptions): Promise<void> {
  if (groupId === null) return;
  const exists = await groupRefs(ctx, [groupId]);
  if (!exists.has(groupId)) return void fields.push({ field: 'groupId', message: 'tasks.group_invalid' });
  if (ctx.actor?.role === 'admin' || opts.source === 'automation' || opts.source === 'template' || !ctx.actor) return;
  const roles = await groupRoles(ctx, ctx.actor.userId, [groupId]);
  if (!roles.has(groupId)) fields.push({ field: 'groupId', message: 'tasks.group_not_member' });
}

/** A parent the actor can see, and never the task itself or one of its subtasks (no loops). */
async function checkParent(ctx: Ctx, taskId: number | null, parentId: number | null, fields: FieldError[]): Promise<void> {
  if (parentId === null) return;
  if (parentId === taskId) return void fields.push({ field: 'parentId', message: 'tasks.parent_loop' });
  const standing = (await standings(ctx, [parentId])).get(parentId);
  if (!standing || !canRead(standing)) return void fields.push({ field: 'parentId', message: 'tasks.parent_invalid' });
  if (taskId === null) return;
  // Walk up from the new parent: meeting the task means it would become its own ancestor.
  let cursor: number | null = parentId;
  const seen = new Set<number>();
  while (cursor !== null && !seen.has(cursor)) {
    if (cursor === taskId) return void fields.push({ field: 'parentId', message: 'tasks.parent_loop' });
    seen.add(cursor);
    const up: { parent_id: number | null } | undefined = await scoped(ctx).selectFrom('task').select('parent_id').where('id', '=', cursor).executeTakeFirst();
    cursor = up?.parent_id ?? null;
  }
}

function searchTextOf(title: string, description: string, tags: string[]): string {
  return [title, plainText(description), ...tags].join(' ').toLowerCase().slice(0, 4000);
}

const uniq = (ids: number[] | undefined, ...without: (number | null)[]) => [...new Set(ids ?? [])].filter((u) => !without.includes(u));
const cleanTags = (tags: string[] | undefined) => [...new Set((tags ?? []).map((t) => t.trim().replace(/^#/, '')).filter(Boolean))];

/** The task's participants, rewritten from the roles (status and deadline copied onto each row). */
async function writeMembers(ctx: Ctx, task: TaskRow, m: Members): Promise<void> {
  await scoped(ctx).deleteFrom('task_member').where('task_id', '=', task.id).execute();
  const rows: { task_id: number; user_id: number; role: TaskRole; status: TaskStatus; deadline: string | null }[] = [];
  const add = (user: number | null, role: TaskRole) => {
    if (user !== null && !rows.some((r) => r.user_id === user && r.role === role)) rows.push({ task_id: task.id, user_id: user, role, status: task.status, deadline: task.deadline });
  };
  add(m.creatorId, 'creator');
  add(m.responsibleId, 'responsible');
  m.accompliceIds.forEach((u) => add(u, 'accomplice'));
  m.auditorIds.forEach((u) => add(u, 'auditor'));
  if (rows.length) await scoped(ctx).insertInto('task_member', rows).execute();
}

async function membersOf(ctx: Ctx, taskId: number): Promise<Members> {
  const rows = await scoped(ctx).selectFrom('task_member').select(['user_id', 'role']).where('task_id', '=', taskId).orderBy('user_id').execute();
  const of = (role: TaskRole) => rows.filter((r) => r.role === role).map((r) => r.user_id);
  return { creatorId: of('creator')[0] ?? null, responsibleId: of('responsible')[0] ?? null, accompliceIds: of('accomplice'), auditorIds: of('auditor') };
}

export function participantsOf(m: Members): number[] {
  return [...new Set([m.creatorId, m.responsibleId, ...m.accompliceIds, ...m.auditorIds].filter((u): u is number => u !== null))];
}

function people(task: TaskRow, m: Members) {
  return { participants: participantsOf(m), responsibleId: m.responsibleId, creatorId: m.creatorId, groupId: task.group_id };
}

async function writeTags(ctx: Ctx, taskId: number, tags: string[]): Promise<void> {
  await scoped(ctx).deleteFrom('task_tag').where('task_id', '=', taskId).execute();
  if (tags.length)
    await scoped(ctx)
      .insertInto(
        'task_tag',
        tags.map((tag) => ({ task_id: taskId, tag })),
      )
      .execute();
}

// --- writing -------------------------------------------------------------------------------

/** Creates a task with its participants and tags in one transaction and records `task.created`. */
export async function createTask(ctx: Ctx, input: TaskInput, opts: WriteOptions = {}): Promise<Task> {
  const id = await transaction(ctx, async (tx) => {
    const creatorId = opts.creatorId ?? actorId(tx);
    if (creatorId === null) throw errors.unauthenticated();
    const m: Members = {
      creatorId,
      responsibleId: input.responsibleId ?? creatorId,
      accompliceIds: [],
      auditorIds: [],
    };
    m.accompliceIds = uniq(input.accompliceIds, m.responsibleId);
    m.auditorIds = uniq(input.auditorIds);
    const fields: FieldError[] = [];
    const values = {
      deadline: moment(input.deadline),
      start_plan: moment(input.startPlan),
      end_plan: moment(input.endPlan),
    };
    checkDates(values, fields);
    await checkPeople(tx, m, fields);
    await checkGroup(tx, input.groupId ?? null, fields, opts);
    await checkParent(tx, null, input.parentId ?? null, fields);
    if (fields.length) throw errors.validation(fields);
    const now = nowIso();
    const tags = cleanTags(input.tags);
    const description = sanitizeRichText(input.description ?? '');
    const row = (await scoped(tx)
      .insertInto('task', {
        title: input.title,
        description,
        status: 'pending',
        important: input.important ? 1 : 0,
        creator_id: m.creatorId,
        responsible_id: m.responsibleId,
        group_id: input.groupId ?? null,
        parent_id: input.parentId ?? null,
        ...values,
        allow_change_deadline: input.allowChangeDeadline === false ? 0 : 1,
        task_control: input.taskControl ? 1 : 0,
        require_result: input.requireResult ? 1 : 0,
        started_at: null,
        closed_at: null,
        closed_by: null,
        estimate_seconds: input.estimateSeconds ?? null,
        time_spent_seconds: 0,
        story_points: input.storyPoints ?? null,
        epic_id: input.epicId ?? null,
        sprint_id: input.sprintId ?? null,
        scrum_sort: 0,
        template_id: opts.templateId ?? null,
        comments_count: 0,
        search_text: searchTextOf(input.title, description, tags),
        created_at: now,
        updated_at: now,
        activity_at: now,
        version: 1,
      })
      .returningAll()
      .executeTakeFirstOrThrow()) as TaskRow;
    await writeMembers(tx, row, m);
    await writeTags(tx, row.id, tags);
    if (input.crmLinks?.length) await writeCrmLinks(tx, row, input.crmLinks, participantsOf(m));
    await recordEvent(tx, tasksEvents.created, {
      entityType: 'task',
      entityId: row.id,
      payload: {
        title: row.title,
        status: row.status,
        deadline: row.deadline,
        parentId: row.parent_id,
        templateId: opts.templateId ?? null,
        ...people(row, m),
        ...(opts.source ? { source: opts.source } : {}),
      },
    });
    return row.id;
  });
  return ctx.actor ? getTask(ctx, id) : systemTask(ctx, id);
}

/** A task as the card shows it, for work without an actor (automation): abilities all off. */
async function systemTask(ctx: Ctx, id: number): Promise<Task> {
  const row = (await scoped(ctx).selectFrom('task').selectAll().where('id', '=', id).executeTakeFirstOrThrow()) as TaskRow;
  return (await toTasks(ctx, [row], new Map()))[0]!;
}

/** The standing of the system (automation, templates): it may do whatever the rules of a process say. */
const SYSTEM: Standing = { roles: new Set(), groupMember: true, groupModerator: true, headOfCreatorOrResponsible: true, headOfParticipant: true, admin: true };

/** Reads and locks a task for a write, with the actor's standing; the system acts as an administrator. */
async function lockedTask(ctx: Ctx, id: number, opts: WriteOptions): Promise<{ row: TaskRow; standing: Standing }> {
  if (!ctx.actor && opts.source) {
    const row = await lockForUpdate(ctx, scoped(ctx).selectFrom('task').selectAll().where('id', '=', id)).executeTakeFirst();
    if (!row) throw errors.notFound();
    return { row: row as TaskRow, standing: SYSTEM };
  }
  const found = await readableTask(ctx, id);
  await lockForUpdate(ctx, scoped(ctx).selectFrom('task').select('id').where('id', '=', id)).executeTakeFirst();
  return found;
}

const TRACKED = [
  'title',
  'description',
  'important',
  'group_id',
  'parent_id',
  'deadline',
  'allow_change_deadline',
  'task_control',
  'require_result',
  'start_plan',
  'end_plan',
  'estimate_seconds',
  'story_points',
  'epic_id',
  'sprint_id',
  'responsible_id',
] as const;

/**
 * Changes the fields sent, on the version the user saw (409 on a newer one). The deadline of a
 * task with «Разрешить ответственному менять крайний срок» off is changed only by its creator, an
 * administrator or automation (403 with the reason for anyone else).
 */
export async function updateTask(ctx: Ctx, id: number, patch: TaskPatch, opts: WriteOptions = {}): Promise<Task> {
  await transaction(ctx, async (tx) => {
    const { row, standing } = await lockedTask(tx, id, opts);
    if (row.version !== patch.version) throw errors.conflict();
    const onlyPlan = Object.keys(patch).every((k) => k === 'version' || k === 'startPlan' || k === 'endPlan' || k === 'deadline');
    const wantsDeadline = patch.deadline !== undefined && moment(patch.deadline) !== row.deadline;
    if (wantsDeadline && !mayChangeDeadline(row, standing, opts)) throw deadlineLocked();
    // The Gantt's planned dates may be moved by whoever may change the deadline; everything else needs edit rights.
    if (!canEdit(standing) && !(onlyPlan && mayChangeDeadline(row, standing, opts))) throw errors.forbidden();
    await applyPatch(tx, row, patch, opts);
  });
  return ctx.actor ? getTask(ctx, id) : systemTask(ctx, id);
}

/** Writes a checked patch onto a locked task (also used by bulk actions and the Gantt's re-planning). */
export async function applyPatch(ctx: Ctx, row: TaskRow, patch: Omit<TaskPatch, 'version'>, opts: WriteOptions = {}): Promise<Change[]> {
  const before = await membersOf(ctx, row.id);
  const after: Members = {
    creatorId: before.creatorId,
    responsibleId: patch.responsibleId ?? before.responsibleId,
    accompliceIds: patch.accompliceIds ? uniq(patch.accompliceIds) : before.accompliceIds,
    auditorIds: patch.auditorIds ? uniq(patch.auditorIds) : before.auditorIds,
  };
  after.accompliceIds = after.accompliceIds.filter((u) => u !== after.responsibleId);
  const next: Partial<TaskRow> = {};
  if (patch.title !== undefined) next.title = patch.title;
  if (patch.description !== undefined) next.description = sanitizeRichText(patch.description);
  if (patch.important !== undefined) next.important = patch.important ? 1 : 0;
  if (patch.groupId !== undefined) next.group_id = patch.groupId;
  if (patch.parentId !== undefined) next.parent_id = patch.parentId;
  if (patch.deadline !== undefined) next.deadline = moment(patch.deadline);
  if (patch.startPlan !== undefined) next.start_plan = moment(patch.startPlan);
  if (patch.endPlan !== undefined) next.end_plan = moment(patch.endPlan);
  if (patch.allowChangeDeadline !== undefined) next.allow_change_deadline = patch.allowChangeDeadline ? 1 : 0;
  if (patch.taskControl !== undefined) next.task_control = patch.taskControl ? 1 : 0;
  if (patch.requireResult !== undefined) next.require_result = patch.requireResult ? 1 : 0;
  if (patch.estimateSeconds !== undefined) next.estimate_seconds = patch.estimateSeconds;
  if (patch.storyPoints !== undefined) next.story_points = patch.storyPoints;
  if (patch.epicId !== undefined) next.epic_id = patch.epicId;
  if (patch.sprintId !== undefined) next.sprint_id = patch.sprintId;
  if (patch.responsibleId !== undefined) next.responsible_id = patch.responsibleId;

  const fields: FieldError[] = [];
  const merged = { ...row, ...next };
  checkDates(merged, fields);
  if (patch.responsibleId !== undefined || patch.accompliceIds || patch.auditorIds) await checkPeople(ctx, { ...after, creatorId: null }, fields);
  if (patch.groupId !== undefined && patch.groupId !== row.group_id) await checkGroup(ctx, patch.groupId, fields, opts);
  if (patch.parentId !== undefined && patch.parentId !== row.parent_id) await checkParent(ctx, row.id, patch.parentId, fields);
  if (fields.length) throw errors.validation(fields);

  const tags = patch.tags ? cleanTags(patch.tags) : null;
  const now = nowIso();
  const changes = diff(row as unknown as Record<string, unknown>, next, [...TRACKED]);
  const searchNeeded = next.title !== undefined || next.description !== undefined || !!tags;
  const oldTags = tags || searchNeeded ? (await scoped(ctx).selectFrom('task_tag').select('tag').where('task_id', '=', row.id).orderBy('tag').execute()).map((t) => t.tag) : [];
  if (tags && JSON.stringify([...tags].sort()) !== JSON.stringify(oldTags)) changes.push({ field: 'tags', old: oldTags, new: tags });
  const membersChanged = JSON.stringify(before) !== JSON.stringify(after);
  if (patch.crmLinks) await writeCrmLinks(ctx, merged as TaskRow, patch.crmLinks, participantsOf(after));
  if (!changes.length && !membersChanged) return [];
  await scoped(ctx)
    .updateTable('task')
    .set({
      ...next,
      ...(searchNeeded ? { search_text: searchTextOf(merged.title, merged.description, tags ?? oldTags) } : {}),
      updated_at: now,
      activity_at: now,
      version: row.version + 1,
    })
    .where('id', '=', row.id)
    .execute();
  if (tags) await writeTags(ctx, row.id, tags);
  if (membersChanged || next.deadline !== undefined) await writeMembers(ctx, merged as TaskRow, after);

  const who = people(merged as TaskRow, after);
  const source = opts.source ? { source: opts.source } : {};
  const events = [eventOf(tasksEvents.updated, { entityType: 'task', entityId: row.id, payload: { title: merged.title, ...who, ...source }, changes })];
  if (next.deadline !== undefined && next.deadline !== row.deadline)
    events.push(eventOf(tasksEvents.deadlineChanged, { entityType: 'task', entityId: row.id, payload: { title: merged.title, from: row.deadline, to: next.deadline ?? null, ...who, ...source } }));
  if (after.responsibleId !== before.responsibleId)
    events.push(
      eventOf(tasksEvents.responsibleChanged, { entityType: 'task', entityId: row.id, payload: { title: merged.title, from: before.responsibleId, to: after.responsibleId, ...who, ...source } }),
    );
  const was = new Set(participantsOf(before));
  const now2 = new Set(participantsOf(after));
  const added = [...now2].filter((u) => !was.has(u));
  const removed = [...was].filter((u) => !now2.has(u));
  if (added.length || removed.length) events.push(eventOf(tasksEvents.membersChanged, { entityType: 'task', entityId: row.id, payload: { title: merged.title, added, removed, ...who, ...source } }));
  await recordEvents(ctx, events);
  return changes;
}

/** Deletes a task; its subtasks stay, without a parent. */
export async function deleteTask(ctx: Ctx, id: number): Promise<void> {
  await transaction(ctx, async (tx) => {
    const { row, standing } = await lockedTask(tx, id, {});
    if (!canDelete(standing)) throw errors.forbidden();
    const m = await membersOf(tx, id);
    await scoped(tx).updateTable('task').set({ parent_id: null }).where('parent_id', '=', id).execute();
    await scoped(tx).deleteFrom('task').where('id', '=', id).execute();
    await recordEvent(tx, tasksEvents.deleted, { entityType: 'task', entityId: id, payload: { title: row.title, ...people(row, m) } });
  });
}

// --- status --------------------------------------------------------------------------------

/** The status each action leads to from where it may be taken. */
const ACTIONS: Record<TaskAction, { from: TaskStatus[]; approve?: boolean }> = {
  start: { from: ['pending', 'deferred'] },
  pause: { from: ['in_progress'] },
  complete: { from: ['pending', 'in_progress', 'deferred'] },
  defer: { from: ['pending', 'in_progress'] },
  approve: { from: ['review'], approve: true },
  disapprove: { from: ['review'], approve: true },
  renew: { from: ['completed', 'deferred', 'review'] },
};

/**
 * A status action of the card. «Завершить» on a task with «Принять работу после завершения
 * задачи» by anyone but its creator sends it to «Ждёт контроля»; the creator accepts («Принять
 * работу») or returns it («Вернуть на доработку»). A task that requires a result is completed only
 * with one (a checker other modules register, see `completionChecks`).
 */
export async function applyAction(ctx: Ctx, id: number, action: TaskAction, opts: WriteOptions & { version?: number } = {}): Promise<Task> {
  await transaction(ctx, async (tx) => {
    const { row, standing } = await lockedTask(tx, id, opts);
    if (opts.version !== undefined && opts.version !== row.version) throw errors.conflict();
    const rule = ACTIONS[action];
    const abilities = abilitiesOf(row, standing);
    if (rule.approve ? !abilities.approve : !abilities.changeStatus) throw errors.forbidden();
    if (!rule.from.includes(row.status)) throw new AppError(400, 'validation', 'tasks.action_invalid', {}, [{ field: 'action', message: 'tasks.action_invalid' }]);
    const me = actorId(tx);
    let to: TaskStatus;
    switch (action) {
      case 'start':
        to = 'in_progress';
        break;
      case 'pause':
      case 'disapprove':
      case 'renew':
        to = 'pending';
        break;
      case 'defer':
        to = 'deferred';
        break;
      case 'approve':
        to = 'completed';
        break;
      case 'complete':
        to = row.task_control && !(me !== null && me === row.creator_id) && opts.source !== 'automation' ? 'review' : 'completed';
        break;
    }
    if (to === 'completed' || to === 'review') for (const check of completionChecks) await check(tx, row);
    await setStatus(tx, row, to, opts);
  });
  return ctx.actor ? getTask(ctx, id) : systemTask(ctx, id);
}

/** What must hold before a task closes (the card's module adds «a result is required»); each throws a 400 with its reason. */
export const completionChecks: ((ctx: Ctx, task: TaskRow) => Promise<void>)[] = [];

/** Moves a locked task to a status, keeping its participants' copies, and records the events. */
export async function setStatus(ctx: Ctx, row: TaskRow, to: TaskStatus, opts: WriteOptions = {}): Promise<void> {
  if (row.status === to) return;
  const now = nowIso();
  const me = actorId(ctx);
  const closing = to === 'completed';
  const set: Partial<TaskRow> = {
    status: to,
    updated_at: now,
    activity_at: now,
    version: row.version + 1,
    ...(to === 'in_progress' && !row.started_at ? { started_at: now } : {}),
    ...(closing ? { closed_at: now, closed_by: me } : isOpen(to) ? { closed_at: null, closed_by: null } : {}),
  };
  await scoped(ctx).updateTable('task').set(set).where('id', '=', row.id).execute();
  await scoped(ctx).updateTable('task_member').set({ status: to }).where('task_id', '=', row.id).execute();
  const m = await membersOf(ctx, row.id);
  const who = people(row, m);
  const source = opts.source ? { source: opts.source } : {};
  const events = [
    eventOf(tasksEvents.statusChanged, {
      entityType: 'task',
      entityId: row.id,
      payload: { title: row.title, from: row.status, to, ...who, ...source },
      changes: [{ field: 'status', old: row.status, new: to }],
    }),
  ];
  if (closing)
    events.push(eventOf(tasksEvents.completed, { entityType: 'task', entityId: row.id, payload: { title: row.title, closedBy: me, onTime: !row.deadline || now <= row.deadline, ...who, ...source } }));
  await recordEvents(ctx, events);
}
