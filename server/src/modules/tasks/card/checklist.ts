import type { Selectable } from 'kysely';
import { taskCardEvents, type ChecklistItem, type ChecklistItemInput, type ChecklistItemPatch } from '@vavilon/contracts';
import { transaction, type Ctx } from '../../../platform/context.js';
import { nowIso } from '../../../platform/db/database.js';
import { scoped } from '../../../platform/db/scoped.js';
import { errors } from '../../../platform/errors.js';
import { recordEvent, type Change } from '../../../platform/events/outbox.js';
import { userRefs } from '../../users/api.js';
import type { TaskChecklistItemTable } from '../schema.js';
import { me, peopleOf, taskForWrite, touch, type TaskRow } from './common.js';

type ItemRow = Selectable<TaskChecklistItemTable>;
type Action = 'added' | 'renamed' | 'ticked' | 'unticked' | 'assigned' | 'moved' | 'reordered' | 'deleted';

/** The checklist of tasks in order: groups first by their place, each followed by its lines. */
export async function checklistsOf(ctx: Ctx, taskIds: number[]): Promise<Map<number, ChecklistItem[]>> {
  const out = new Map<number, ChecklistItem[]>(taskIds.map((id) => [id, []]));
  if (!taskIds.length) return out;
  const rows = await scoped(ctx).selectFrom('task_checklist_item').selectAll().where('task_id', 'in', taskIds).orderBy('sort').orderBy('id').execute();
  const users = await userRefs(
    ctx,
    rows.flatMap((r) => [r.assignee_id, r.completed_by].filter((u): u is number => u !== null)),
  );
  for (const r of rows)
    out.get(r.task_id)!.push({
      id: r.id,
      parentId: r.parent_id,
      isGroup: !!r.is_group,
      title: r.title,
      isComplete: !!r.is_complete,
      assignee: (r.assignee_id && users.get(r.assignee_id)) || null,
      completedBy: (r.completed_by && users.get(r.completed_by)) || null,
      sort: r.sort,
    });
  return out;
}

async function checklist(ctx: Ctx, taskId: number): Promise<ChecklistItem[]> {
  return (await checklistsOf(ctx, [taskId])).get(taskId)!;
}

async function record(ctx: Ctx, row: TaskRow, action: Action, item: { id: number; title: string } | null, changes: Change[]): Promise<void> {
  await touch(ctx, row.id);
  await recordEvent(ctx, taskCardEvents.checklistChanged, {
    entityType: 'task',
    entityId: row.id,
    payload: { title: row.title, action, itemId: item?.id ?? null, itemTitle: item?.title ?? '', ...(await peopleOf(ctx, row)) },
    changes,
  });
}

async function assigneeAllowed(ctx: Ctx, taskId: number, userId: number | null | undefined): Promise<void> {
  if (userId === null || userId === undefined) return;
  const m = await scoped(ctx).selectFrom('task_member').select('user_id').where('task_id', '=', taskId).where('user_id', '=', userId).executeTakeFirst();
  if (!m) throw errors.field('assigneeId', 'tasks.assignee_not_participant');
}

async function groupOf(ctx: Ctx, taskId: number, parentId: number): Promise<ItemRow> {
  const g = await scoped(ctx).selectFrom('task_checklist_item').selectAll().where('id', '=', parentId).where('task_id', '=', taskId).executeTakeFirst();
  if (!g || !g.is_group) throw errors.field('parentId', 'tasks.checklist_group_invalid');
  return g as ItemRow;
}

/** Adds a line (into a group: the one named, else none) or a group of lines at the end. */
export async function addItem(ctx: Ctx, taskId: number, input: ChecklistItemInput): Promise<ChecklistItem[]> {
  return transaction(ctx, async (tx) => {
    const { row, abilities } = await taskForWrite(tx, taskId);
    if (!abilities.editChecklist) throw errors.forbidden();
    const isGroup = !!input.isGroup;
    if (isGroup && input.parentId) throw errors.field('parentId', 'tasks.checklist_group_nested');
    if (input.parentId) await groupOf(tx, taskId, input.parentId);
    await assigneeAllowed(tx, taskId, input.assigneeId);
    const last = await scoped(tx)
      .selectFrom('task_checklist_item')
      .select((eb) => eb.fn.max('sort').as('m'))
      .where('task_id', '=', taskId)
      .executeTakeFirst();
    const item = await scoped(tx)
      .insertInto('task_checklist_item', {
        task_id: taskId,
        parent_id: input.parentId ?? null,
        is_group: isGroup ? 1 : 0,
        title: input.title,
        is_complete: 0,
        assignee_id: isGroup ? null : (input.assigneeId ?? null),
        completed_by: null,
        sort: Number(last?.m ?? 0) + 10,
        created_at: nowIso(),
      })
      .returning(['id', 'title'])
      .executeTakeFirstOrThrow();
    await record(tx, row, 'added', item, [{ field: 'checklist', old: null, new: input.title }]);
    return checklist(tx, taskId);
  });
}

async function itemForWrite(ctx: Ctx, itemId: number) {
  const item = await scoped(ctx).selectFrom('task_checklist_item').selectAll().where('id', '=', itemId).executeTakeFirst();
  if (!item) throw errors.notFound();
  const task = await taskForWrite(ctx, item.task_id);
  return { item: item as ItemRow, ...task };
}

/**
 * Renames, assigns, moves or ticks a line. Ticking is for whoever may change the task's status
 * (accomplices too) and for the line's own assignee; the rest needs edit rights.
 */
export async function updateItem(ctx: Ctx, itemId: number, patch: ChecklistItemPatch): Promise<ChecklistItem[]> {
  return transaction(ctx, async (tx) => {
    const { item, row, abilities } = await itemForWrite(tx, itemId);
    const structural = patch.title !== undefined || patch.assigneeId !== undefined || patch.parentId !== undefined;
    if (structural && !abilities.editChecklist) throw errors.forbidden();
    if (patch.isComplete !== undefined && !(abilities.tickChecklist || item.assignee_id === me(tx))) throw errors.forbidden();
    const set: Partial<ItemRow> = {};
    const changes: Change[] = [];
    let action: Action | null = null;
    if (patch.title !== undefined && patch.title !== item.title) {
      set.title = patch.title;
      changes.push({ field: 'checklist_title', old: item.title, new: patch.title });
      action = 'renamed';
    }
    if (patch.assigneeId !== undefined && patch.assigneeId !== item.assignee_id && !item.is_group) {
      await assigneeAllowed(tx, row.id, patch.assigneeId);
      set.assignee_id = patch.assigneeId;
      changes.push({ field: 'checklist_assignee', old: item.assignee_id, new: patch.assigneeId });
      action ??= 'assigned';
    }
    if (patch.parentId !== undefined && patch.parentId !== item.parent_id) {
      if (item.is_group && patch.parentId !== null) throw errors.field('parentId', 'tasks.checklist_group_nested');
      if (patch.parentId !== null) await groupOf(tx, row.id, patch.parentId);
      set.parent_id = patch.parentId;
      changes.push({ field: 'checklist_group', old: item.parent_id, new: patch.parentId });
      action ??= 'moved';
    }
    if (patch.isComplete !== undefined && patch.isComplete !== !!item.is_complete && !item.is_group) {
      set.is_complete = patch.isComplete ? 1 : 0;
      set.completed_by = patch.isComplete ? me(tx) : null;
      changes.push({ field: 'checklist_item', old: item.is_complete ? item.title : null, new: patch.isComplete ? item.title : null });
      action ??= patch.isComplete ? 'ticked' : 'unticked';
    }
    if (action) {
      await scoped(tx).updateTable('task_checklist_item').set(set).where('id', '=', itemId).execute();
      await record(tx, row, action, { id: item.id, title: set.title ?? item.title }, changes);
    }
    return checklist(tx, row.id);
  });
}

/** Deletes a line, or a group with its lines. */
export async function deleteItem(ctx: Ctx, itemId: number): Promise<ChecklistItem[]> {
  return transaction(ctx, async (tx) => {
    const { item, row, abilities } = await itemForWrite(tx, itemId);
    if (!abilities.editChecklist) throw errors.forbidden();
    await scoped(tx).deleteFrom('task_checklist_item').where('parent_id', '=', itemId).execute();
    await scoped(tx).deleteFrom('task_checklist_item').where('id', '=', itemId).execute();
    await record(tx, row, 'deleted', item, [{ field: 'checklist', old: item.title, new: null }]);
    return checklist(tx, row.id);
  });
}

/** Puts the lines of one group (or the groups, or the lines outside groups) in the order given: every one of them, once. */
export async function reorderItems(ctx: Ctx, taskId: number, ids: number[]): Promise<ChecklistItem[]> {
  return transaction(ctx, async (tx) => {
    const { row, abilities } = await taskForWrite(tx, taskId);
    if (!abilities.editChecklist) throw errors.forbidden();
    const all = await scoped(tx).selectFrom('task_checklist_item').select(['id', 'parent_id', 'is_group', 'sort']).where('task_id', '=', taskId).execute();
    const first = all.find((r) => r.id === ids[0]);
    const siblings = first ? all.filter((r) => r.parent_id === first.parent_id && (first.parent_id !== null || r.is_group === first.is_group)) : [];
    const same = siblings.length === ids.length && new Set(ids).size === ids.length && ids.every((id) => siblings.some((s) => s.id === id));
    if (!same) throw errors.field('ids', 'tasks.checklist_order_invalid');
    const slots = siblings.map((s) => s.sort).sort((a, b) => a - b);
    const before = [...siblings].sort((a, b) => a.sort - b.sort || a.id - b.id).map((s) => s.id);
    if (JSON.stringify(before) === JSON.stringify(ids)) return checklist(tx, taskId);
    // The lines keep the places they held between them, so the other groups' lines stay where they are.
    const distinct = new Set(slots).size === slots.length;
    for (const [i, id] of ids.entries())
      await scoped(tx)
        .updateTable('task_checklist_item')
        .set({ sort: distinct ? slots[i]! : (slots[0] ?? 0) + i })
        .where('id', '=', id)
        .execute();
    await record(tx, row, 'reordered', null, [{ field: 'checklist_order', old: before, new: ids }]);
    return checklist(tx, taskId);
  });
}

/**
 * Lines a process puts into a task it has just made (a robot's checklist), in order after any
 * there are, without a person's rights: the caller made the task in the same transaction.
 */
export async function appendChecklist(ctx: Ctx, taskId: number, titles: string[]): Promise<void> {
  if (!titles.length) return;
  const last = await scoped(ctx)
    .selectFrom('task_checklist_item')
    .select((eb) => eb.fn.max('sort').as('m'))
    .where('task_id', '=', taskId)
    .executeTakeFirst();
  const base = Number(last?.m ?? 0);
  const now = nowIso();
  await scoped(ctx)
    .insertInto(
      'task_checklist_item',
      titles.map((title, i) => ({ task_id: taskId, parent_id: null, is_group: 0, title, is_complete: 0, assignee_id: null, completed_by: null, sort: base + (i + 1) * 10, created_at: now })),
    )
    .execute();
}
