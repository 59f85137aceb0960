import type { Selectable } from 'kysely';
import type { Task } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import { readableTasks, type Viewer } from '../access.js';
import type { TaskTable } from '../schema.js';
import { toTasks } from '../service.js';

/** The cards a board shows on a page. */
export const PAGE = 20;

/** The tasks of these ids as their cards show them, in the order given; the rights condition holds on every card. */
export async function cardsOf(ctx: Ctx, ids: number[], viewer: Viewer | null): Promise<Task[]> {
  if (!ids.length) return [];
  const rows = (await scoped(ctx).selectFrom('task').selectAll().where('id', 'in', ids).where(readableTasks(ctx, viewer)).execute()) as Selectable<TaskTable>[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return toTasks(
    ctx,
    ids.flatMap((id) => byId.get(id) ?? []),
  );
}
