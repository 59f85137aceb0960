import { groupsEvents, tasksEvents, type GroupActivity, type GroupHistory } from '@vavilon/contracts';
import { checkAccess } from '../../platform/access.js';
import type { Ctx } from '../../platform/context.js';
import { scoped } from '../../platform/db/scoped.js';
import { defineProcessor, processorCtx, type EventProcessor } from '../../platform/events/processors.js';
import type { DomainEvent } from '../../platform/events/outbox.js';
import { t } from '../../platform/i18n/index.js';
import type { Platform } from '../../platform/platform.js';
import { userRefs } from '../users/api.js';
import { isAdmin, isModerator, visibleGroup } from './service.js';

/**
 * «История» of a group: what was done in it and by whom. A processor writes one line per event
 * of the group (created, changed, people joining and leaving) and of the tasks in it (their events
 * carry `groupId`); reading filters the lines by the reader's rights on each item.
 */

const TRACKED = [...Object.values(groupsEvents), ...Object.values(tasksEvents)];
type Tracked = (typeof TRACKED)[number];

interface Line {
  groupId: number;
  title: string;
  params: Record<string, unknown>;
}

/** The group an event happened in and what its line needs; null for an event outside any group. */
function lineOf(event: DomainEvent<Tracked>): Line | null {
  const p = event.payload as Record<string, unknown>;
  if (event.type.startsWith('group.')) {
    if (event.type === 'group.deleted') return null;
    const params: Record<string, unknown> = {};
    if (event.type === 'group.member_changed') Object.assign(params, { userId: p.userId, status: p.status, role: p.role, previous: p.previous, previousRole: p.previousRole ?? null });
    if (event.type === 'group.updated') Object.assign(params, { fields: event.changes.map((c) => c.field), archived: p.archived ?? null });
    return { groupId: Number(event.entityId), title: String(p.name ?? ''), params };
  }
  if (typeof p.groupId !== 'number') return null;
  const params: Record<string, unknown> = {};
  if (event.type === 'task.status_changed') params.to = p.to;
  if (event.type === 'task.deadline_changed') params.to = p.to;
  if (event.type === 'task.responsible_changed') params.userId = p.to;
  return { groupId: p.groupId, title: String(p.title ?? ''), params };
}

export function groupActivityProcessor(platform: Platform): EventProcessor {
  return defineProcessor({
    name: 'groups.activity',
    events: TRACKED,
    async handle(event, tx) {
      const line = lineOf(event);
      if (!line) return;
      const portal = await platform.portals.byId(event.portalId, tx.db);
      if (!portal) return;
      const ctx = processorCtx(tx, portal);
      // The group may be gone by now (deleted after the event): its history went with it.
      const group = await scoped(ctx).selectFrom('work_group').select('id').where('id', '=', line.groupId).executeTakeFirst();
      if (!group) return;
      await scoped(ctx)
        .insertInto('work_group_activity', {
          group_id: line.groupId,
          event_id: event.id,
          entity_type: event.entityType,
          entity_id: event.entityId,
          actor_id: event.actorId,
          action: event.type,
          title: line.title.slice(0, 500),
          params: JSON.stringify(line.params),
          created_at: event.createdAt,
        })
        .execute();
    },
  });
}

type ActivityRow = { id: number; entity_type: string; entity_id: string; actor_id: number | null; action: string; title: string; params: string; created_at: string };

function textOf(lang: Ctx['lang'], r: ActivityRow, params: Record<string, unknown>, names: Map<number, string>): string {
  const who = typeof params.userId === 'number' ? (names.get(params.userId) ?? '') : '';
  const vars = { title: r.title, user: who };
  switch (r.action) {
    case 'group.member_changed': {
      const { status, previous, role } = params as { status: string | null; previous: string | null; role: string | null };
      if (status === 'invited') return t(lang, 'groups.activity.invited', vars);
      if (status === 'requested') return t(lang, 'groups.activity.requested', vars);
      if (status === 'member' && previous === 'member') return t(lang, `groups.activity.role.${role ?? 'member'}`, vars);
      if (status === 'member' && previous === 'invited') return t(lang, 'groups.activity.accepted_invitation', vars);
      if (status === 'member' && previous === 'requested') return t(lang, 'groups.activity.request_accepted', vars);
      if (status === 'member') return t(lang, 'groups.activity.joined', vars);
      if (previous === 'invited') return t(lang, 'groups.activity.invitation_dropped', vars);
      if (previous === 'requested') return t(lang, 'groups.activity.request_dropped', vars);
      return t(lang, r.actor_id !== null && r.actor_id !== params.userId ? 'groups.activity.removed' : 'groups.activity.left', vars);
    }
    case 'group.updated':
      if (params.archived === true) return t(lang, 'groups.activity.archived', vars);
      if (params.archived === false) return t(lang, 'groups.activity.restored', vars);
      return t(lang, 'groups.activity.updated', vars);
    case 'task.status_changed':
      return t(lang, 'groups.activity.task_status', { ...vars, status: t(lang, `groups.task_status.${String(params.to)}`) });
    case 'task.deadline_changed':
      return t(lang, 'groups.activity.task_deadline', vars);
    case 'task.responsible_changed':
      return t(lang, 'groups.activity.task_responsible', vars);
    default: {
      const key = `groups.activity.${r.action.replace('.', '_')}`;
      const text = t(lang, key, vars);
      return text === key ? t(lang, 'groups.activity.other', vars) : text;
    }
  }
}

/**
 * The group's history, newest first, a page before `before`: group lines for whoever sees the
 * group; a task's lines only for those who may read the task now (a task's deletion for moderators).
 */
export async function groupHistory(ctx: Ctx, groupId: number, q: { before?: number; limit: number }): Promise<GroupHistory> {
  const { standing } = await visibleGroup(ctx, groupId);
  const mod = isAdmin(ctx) || isModerator(standing);
  const items: GroupActivity[] = [];
  let before = q.before;
  let next: number | null = null;
  // Lines of items the reader may not see are skipped: read on until the page is full (bounded).
  for (let round = 0; round < 10 && items.length < q.limit; round++) {
    let sel = scoped(ctx).selectFrom('work_group_activity').select(['id', 'entity_type', 'entity_id', 'actor_id', 'action', 'title', 'params', 'created_at']).where('group_id', '=', groupId);
    if (before) sel = sel.where('id', '<', before);
    const rows = (await sel
      .orderBy('id', 'desc')
      .limit(q.limit * 2)
      .execute()) as ActivityRow[];
    if (!rows.length) {
      next = null;
      break;
    }
    const taskIds = rows.filter((r) => r.entity_type === 'task').map((r) => r.entity_id);
    const readable = await checkAccess(ctx, 'read', 'task', taskIds);
    const visible = rows.filter((r) => r.entity_type !== 'task' || readable.has(Number(r.entity_id)) || (mod && r.action === 'task.deleted'));
    const parsed = visible.map((r) => ({ r, params: JSON.parse(r.params) as Record<string, unknown> }));
    const refs = await userRefs(ctx, [...parsed.map((x) => x.r.actor_id), ...parsed.map((x) => (typeof x.params.userId === 'number' ? x.params.userId : null))]);
    const names = new Map([...refs].map(([id, u]) => [id, u.fullName]));
    for (const { r, params } of parsed) {
      if (items.length >= q.limit) break;
      items.push({
        id: r.id,
        at: r.created_at,
        actor: r.actor_id ? (refs.get(r.actor_id) ?? null) : null,
        entityType: r.entity_type,
        entityId: r.entity_id,
        action: r.action,
        text: textOf(ctx.lang, r, params, names),
        url: r.entity_type === 'task' && readable.has(Number(r.entity_id)) ? `/tasks/task/${r.entity_id}` : null,
      });
      next = r.id;
    }
    before = rows[rows.length - 1]!.id;
    if (items.length < q.limit) next = rows.length < q.limit * 2 ? null : before;
  }
  return { items, next: items.length >= q.limit ? next : null };
}
