import { scrumEvents, type Epic, type EpicInput, type EpicPatch } from '@vavilon/contracts';
import { lockForUpdate, transaction, type Ctx } from '../../../platform/context.js';
import { nowIso } from '../../../platform/db/database.js';
import { scoped } from '../../../platform/db/scoped.js';
import { errors } from '../../../platform/errors.js';
import { diff, recordEvent } from '../../../platform/events/outbox.js';
import { scrumProject } from './project.js';

/** The project's epics in the order they were made. */
export async function epicsOf(ctx: Ctx, groupId: number): Promise<Epic[]> {
  const rows = await scoped(ctx).selectFrom('task_epic').select(['id', 'title', 'description', 'color', 'version']).where('group_id', '=', groupId).orderBy('id').execute();
  return rows;
}

export async function createEpic(ctx: Ctx, groupId: number, input: EpicInput): Promise<Epic> {
  return transaction(ctx, async (tx) => {
    await scrumProject(tx, groupId);
    const row = await scoped(tx)
      .insertInto('task_epic', {
        group_id: groupId,
        title: input.title,
        description: input.description ?? '',
        color: input.color ?? '#2fc6f6',
        created_by: tx.actor!.userId,
        created_at: nowIso(),
        version: 1,
      })
      .returning(['id', 'title', 'description', 'color', 'version'])
      .executeTakeFirstOrThrow();
    await recordEvent(tx, scrumEvents.epicCreated, { entityType: 'task_epic', entityId: row.id, payload: { title: row.title, groupId } });
    return row;
  });
}

async function lockedEpic(ctx: Ctx, groupId: number, epicId: number) {
  await scrumProject(ctx, groupId);
  const row = await lockForUpdate(ctx, scoped(ctx).selectFrom('task_epic').selectAll().where('id', '=', epicId).where('group_id', '=', groupId)).executeTakeFirst();
  if (!row) throw errors.notFound();
  return row;
}

/** Renames, describes or recolours an epic, on the version the user saw. */
export async function updateEpic(ctx: Ctx, groupId: number, epicId: number, patch: EpicPatch): Promise<Epic> {
  return transaction(ctx, async (tx) => {
    const row = await lockedEpic(tx, groupId, epicId);
    if (row.version !== patch.version) throw errors.conflict();
    const next: { title?: string; description?: string; color?: string } = {};
    if (patch.title !== undefined) next.title = patch.title;
    if (patch.description !== undefined) next.description = patch.description;
    if (patch.color !== undefined) next.color = patch.color;
    const changes = diff(row, next, ['title', 'description', 'color']);
    if (changes.length) {
      await scoped(tx)
        .updateTable('task_epic')
        .set({ ...next, version: row.version + 1 })
        .where('id', '=', epicId)
        .execute();
      await recordEvent(tx, scrumEvents.epicUpdated, { entityType: 'task_epic', entityId: epicId, payload: { title: next.title ?? row.title, groupId }, changes });
    }
    return { id: row.id, title: next.title ?? row.title, description: next.description ?? row.description, color: next.color ?? row.color, version: changes.length ? row.version + 1 : row.version };
  });
}

/** Deletes an epic; its tasks stay, without an epic. */
export async function deleteEpic(ctx: Ctx, groupId: number, epicId: number): Promise<void> {
  await transaction(ctx, async (tx) => {
    const row = await lockedEpic(tx, groupId, epicId);
    await scoped(tx).updateTable('task').set({ epic_id: null }).where('epic_id', '=', epicId).execute();
    await scoped(tx).deleteFrom('task_epic').where('id', '=', epicId).execute();
    await recordEvent(tx, scrumEvents.epicDeleted, { entityType: 'task_epic', entityId: epicId, payload: { title: row.title, groupId } });
  });
}
