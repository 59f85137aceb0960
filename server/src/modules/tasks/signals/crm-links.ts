import { taskSignalEvents, type CrmLink, type CrmLinkRef, type LinkedTask } from '@vavilon/contracts';
import { checkAccess } from '../../../platform/access.js';
import { transaction, type Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import { errors, type FieldError } from '../../../platform/errors.js';
import { recordEvent } from '../../../platform/events/outbox.js';
import { t } from '../../../platform/i18n/index.js';
import { userNameSql } from '../../users/api.js';
import { canEdit, readableTasks, viewerFor } from '../access.js';
import { readableTask } from '../service.js';

const key = (l: CrmLinkRef) => `${l.type}:${l.id}`;

/**
 * Binds a task to CRM items, replacing its links. Each new item must be one the actor may read
 * (automation, without an actor, binds items of the portal); an unknown or unreadable one is a 400
 * naming it, without telling which of the two it is.
 */
export async function writeCrmLinks(ctx: Ctx, task: { id: number; title: string; group_id: number | null }, links: CrmLinkRef[], participants: number[]): Promise<void> {
  const wanted = [...new Map(links.map((l) => [key(l), l])).values()];
  const current = (await scoped(ctx).selectFrom('task_crm_link').select(['entity_type', 'entity_id']).where('task_id', '=', task.id).execute()).map((r) => ({
    type: r.entity_type as CrmLinkRef['type'],
    id: r.entity_id,
  }));
  const had = new Set(current.map(key));
  const added = wanted.filter((l) => !had.has(key(l)));
  const removed = current.filter((l) => !wanted.some((w) => key(w) === key(l)));
  if (!added.length && !removed.length) return;
  const fields: FieldError[] = [];
  for (const type of new Set(added.map((l) => l.type))) {
    const ids = added.filter((l) => l.type === type).map((l) => l.id);
    const ok = ctx.actor ? await checkAccess(ctx, 'read', type, ids) : new Set((await ctx.sys.registry.describe(ctx, type, ids)).keys());
    wanted.forEach((l, i) => {
      if (l.type === type && ids.includes(l.id) && !ok.has(l.id)) fields.push({ field: `crmLinks.${i}`, message: 'tasks.crm_link_invalid' });
    });
  }
  if (fields.length) throw errors.validation(fields);
  for (const l of removed) await scoped(ctx).deleteFrom('task_crm_link').where('task_id', '=', task.id).where('entity_type', '=', l.type).where('entity_id', '=', l.id).execute();
  if (added.length)
    await scoped(ctx)
      .insertInto(
        'task_crm_link',
        added.map((l) => ({ task_id: task.id, entity_type: l.type, entity_id: l.id })),
      )
      .execute();
  await recordEvent(ctx, taskSignalEvents.crmLinksChanged, {
    entityType: 'task',
    entityId: task.id,
    payload: { title: task.title, added, removed, participants, groupId: task.group_id },
    changes: [{ field: 'crm_links', old: current.map(key), new: wanted.map(key) }],
  });
}

/** «CRM» of the card: replaces the task's links, for one who may edit the task. */
export async function setCrmLinks(ctx: Ctx, taskId: number, links: CrmLinkRef[]): Promise<CrmLink[]> {
  await transaction(ctx, async (tx) => {
    const { row, standing } = await readableTask(tx, taskId);
    if (!canEdit(standing)) throw errors.forbidden();
    const members = await scoped(tx).selectFrom('task_member').select('user_id').where('task_id', '=', taskId).execute();
    await writeCrmLinks(tx, row, links, [...new Set(members.map((m) => m.user_id))]);
  });
  return crmLinksOf(ctx, taskId);
}

/** The task's CRM items, each named if the actor may read it («Нет доступа» otherwise). */
export async function crmLinksOf(ctx: Ctx, taskId: number): Promise<CrmLink[]> {
  await readableTask(ctx, taskId);
  const rows = await scoped(ctx).selectFrom('task_crm_link').select(['entity_type', 'entity_id']).where('task_id', '=', taskId).orderBy('entity_type').orderBy('entity_id').execute();
  const out: CrmLink[] = [];
  for (const type of [...new Set(rows.map((r) => r.entity_type))]) {
    const ids = rows.filter((r) => r.entity_type === type).map((r) => r.entity_id);
    const readable = await checkAccess(ctx, 'read', type, ids);
    const names = await ctx.sys.registry.describe(ctx, type, [...readable]);
    for (const id of ids) {
      const d = names.get(id);
      out.push({ type: type as CrmLinkRef['type'], id, title: d?.title ?? t(ctx.lang, 'tasks.crm_link_hidden'), url: d?.url ?? null, readable: !!d });
    }
  }
  return out;
}

/**
 * The tasks bound to a CRM item that the actor may see, newest first: the item's timeline shows
 * them (the caller has checked that the actor may read the item).
 */
export async function tasksLinkedTo(ctx: Ctx, entityType: string, entityId: number, limit = 100): Promise<LinkedTask[]> {
  const viewer = await viewerFor(ctx);
  const rows = await scoped(ctx)
    .selectFrom('task')
    .innerJoin('task_crm_link as l', (j) => j.onRef('l.task_id', '=', 'task.id').on('l.entity_type', '=', entityType).on('l.entity_id', '=', entityId))
    .select((eb) => ['task.id', 'task.title', 'task.status', 'task.deadline', 'task.created_at', 'task.closed_at', userNameSql(ctx, eb, 'task.responsible_id').as('responsible_name')])
    .where(readableTasks(ctx, viewer))
    .orderBy('task.created_at', 'desc')
    .orderBy('task.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    status: r.status,
    deadline: r.deadline,
    responsibleName: r.responsible_name,
    createdAt: r.created_at,
    closedAt: r.closed_at,
    url: `/tasks/task/${r.id}`,
  }));
}
