import { TaskListFilter, type TaskFilterPreset } from '@vavilon/contracts';
import type { z } from 'zod';
import type { Ctx } from '../../../platform/context.js';
import { nowIso } from '../../../platform/db/database.js';
import { scoped } from '../../../platform/db/scoped.js';
import { AppError, errors } from '../../../platform/errors.js';

type Filter = z.infer<typeof TaskListFilter>;
const MAX_PRESETS = 30;

function parse(raw: string): Filter {
  try {
    const r = TaskListFilter.safeParse(JSON.parse(raw));
    return r.success ? r.data : {};
  } catch {
    return {};
  }
}

const mine = (ctx: Ctx) => scoped(ctx).selectFrom('task_filter_preset').where('user_id', '=', ctx.actor!.userId);

/** The user's saved filters of the list, in the order they saved them. */
export async function listPresets(ctx: Ctx): Promise<TaskFilterPreset[]> {
  const rows = await mine(ctx).select(['id', 'name', 'filter']).orderBy('sort').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, filter: parse(r.filter) }));
}

const nameTaken = () => new AppError(400, 'validation', 'error.validation', {}, [{ field: 'name', message: 'tasks.list.preset_name_taken' }]);

async function taken(ctx: Ctx, name: string, except = 0): Promise<boolean> {
  const rows = await mine(ctx).select(['id', 'name']).execute();
  return rows.some((r) => r.id !== except && r.name.toLowerCase() === name.toLowerCase());
}

export async function createPreset(ctx: Ctx, input: { name: string; filter: Filter }): Promise<TaskFilterPreset> {
  if (await taken(ctx, input.name)) throw nameTaken();
  const count = await mine(ctx)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  if (Number(count?.n ?? 0) >= MAX_PRESETS) throw new AppError(400, 'validation', 'error.validation', {}, [{ field: 'name', message: 'tasks.list.preset_too_many' }]);
  const row = await scoped(ctx)
    .insertInto('task_filter_preset', { user_id: ctx.actor!.userId, name: input.name, filter: JSON.stringify(input.filter), sort: Number(count?.n ?? 0), created_at: nowIso() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, name: input.name, filter: input.filter };
}

/** Renames a preset or saves another filter under it; another user's preset does not exist for the actor. */
export async function updatePreset(ctx: Ctx, id: number, patch: { name?: string; filter?: Filter }): Promise<TaskFilterPreset> {
  const row = await mine(ctx).select(['id', 'name', 'filter']).where('id', '=', id).executeTakeFirst();
  if (!row) throw errors.notFound();
  if (patch.name !== undefined && (await taken(ctx, patch.name, id))) throw nameTaken();
  const next = { name: patch.name ?? row.name, filter: patch.filter ?? parse(row.filter) };
  await scoped(ctx)
    .updateTable('task_filter_preset')
    .set({ name: next.name, filter: JSON.stringify(next.filter) })
    .where('id', '=', id)
    .where('user_id', '=', ctx.actor!.userId)
    .execute();
  return { id, ...next };
}

export async function deletePreset(ctx: Ctx, id: number): Promise<void> {
  const r = await scoped(ctx).deleteFrom('task_filter_preset').where('id', '=', id).where('user_id', '=', ctx.actor!.userId).executeTakeFirst();
  if (Number(r.numDeletedRows) !== 1) throw errors.notFound();
}
