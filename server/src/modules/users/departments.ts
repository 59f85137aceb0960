import { usersEvents } from '@vavilon/contracts';
import type { z } from 'zod';
import type { Department, DepartmentInput, DepartmentUpdate } from '@vavilon/contracts';
import { transaction, type Ctx } from '../../platform/context.js';
import { scoped } from '../../platform/db/scoped.js';
import { nowIso } from '../../platform/db/database.js';
import { AppError, errors } from '../../platform/errors.js';
import { diff, recordEvent } from '../../platform/events/outbox.js';
import { requireAdmin } from './policy.js';
import * as repo from './repository.js';
import { toSummary } from './mapping.js';

export async function listDepartments(ctx: Ctx): Promise<Department[]> {
  const rows = await scoped(ctx).selectFrom('department').selectAll().orderBy('sort').orderBy('name').execute();
  const counts = await scoped(ctx)
    .selectFrom('app_user')
    .select(['department_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', '=', 'active')
    .groupBy('department_id')
    .execute();
  const countBy = new Map(counts.map((c) => [c.department_id, Number(c.n)]));
  const heads = await repo.findUsers(
    ctx,
    rows.map((r) => r.head_id).filter((x): x is number => x !== null),
  );
  const headBy = new Map(heads.map((h) => [h.id, toSummary(h)]));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    parentId: r.parent_id,
    head: r.head_id ? (headBy.get(r.head_id) ?? null) : null,
    employeeCount: countBy.get(r.id) ?? 0,
    version: r.version,
  }));
}

async function validateRefs(ctx: Ctx, id: number | null, input: { parentId?: number | null; headId?: number | null }) {
  if (input.headId && !(await repo.findUser(ctx, input.headId))) throw errors.field('headId', 'error.not_found');
  if (input.parentId) {
    // Walk up from the new parent: meeting the department itself would make a cycle.
    let cursor: number | null = input.parentId;
    const seen = new Set<number>();
    while (cursor !== null) {
      if (cursor === id) throw errors.field('parentId', 'department.cycle');
      if (seen.has(cursor)) break;
      seen.add(cursor);
      const parent: { parent_id: number | null } | undefined = await scoped(ctx).selectFrom('department').select('parent_id').where('id', '=', cursor).executeTakeFirst();
      if (!parent) throw errors.field('parentId', 'error.not_found');
      cursor = parent.parent_id;
    }
  }
}

export async function createDepartment(ctx: Ctx, input: z.infer<typeof DepartmentInput>): Promise<Department> {
  requireAdmin(ctx.actor!);
  const id = await transaction(ctx, async (tx) => {
    await validateRefs(tx, null, input);
    const row = await scoped(tx)
      .insertInto('department', { name: input.name, parent_id: input.parentId, head_id: input.headId, sort: 0, version: 1, created_at: nowIso() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordEvent(tx, usersEvents.departmentCreated, { entityType: 'department', entityId: row.id, payload: { name: input.name } });
    return Number(row.id);
  });
  return (await listDepartments(ctx)).find((d) => d.id === id)!;
}

export async function updateDepartment(ctx: Ctx, id: number, input: z.infer<typeof DepartmentUpdate>): Promise<Department> {
  requireAdmin(ctx.actor!);
  await transaction(ctx, async (tx) => {
    const before = await scoped(tx).selectFrom('department').selectAll().where('id', '=', id).executeTakeFirst();
    if (!before) throw errors.notFound();
    if (before.version !== input.version) throw errors.conflict();
    await validateRefs(tx, id, input);
    const set = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.parentId !== undefined ? { parent_id: input.parentId } : {}),
      ...(input.headId !== undefined ? { head_id: input.headId } : {}),
    };
    const changes = diff(before as unknown as Record<string, unknown>, set, Object.keys(set));
    await scoped(tx).updateVersioned('department', id, input.version, { ...set });
    if (changes.length) await recordEvent(tx, usersEvents.departmentUpdated, { entityType: 'department', entityId: id, changes });
  });
  return (await listDepartments(ctx)).find((d) => d.id === id)!;
}

export async function deleteDepartment(ctx: Ctx, id: number): Promise<void> {
  requireAdmin(ctx.actor!);
  await transaction(ctx, async (tx) => {
    const before = await scoped(tx).selectFrom('department').selectAll().where('id', '=', id).executeTakeFirst();
    if (!before) throw errors.notFound();
    const child = await scoped(tx).selectFrom('department').select('id').where('parent_id', '=', id).executeTakeFirst();
    if (child) throw new AppError(400, 'has_children', 'department.has_children');
    // Its employees stay, without a department.
    await scoped(tx).updateTable('app_user').set({ department_id: null }).where('department_id', '=', id).execute();
    await scoped(tx).deleteFrom('department').where('id', '=', id).execute();
    await recordEvent(tx, usersEvents.departmentDeleted, { entityType: 'department', entityId: id, payload: { name: before.name } });
  });
}
