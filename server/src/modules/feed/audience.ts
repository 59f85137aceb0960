import type { AudienceChip, AudienceItem } from '@vavilon/contracts';
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import type { ReaderSet } from '../../platform/access.js';
import { scoped } from '../../platform/db/scoped.js';
import { errors, type FieldError } from '../../platform/errors.js';
import { t } from '../../platform/i18n/index.js';
import { groupRefs, memberGroupIds } from '../groups/api.js';
import { activeUserIds, departmentAncestors, departmentMemberIds, departmentNames, people, userRefs } from '../users/api.js';
import './schema.js';

/**
 * Audience keys: `A` everyone, `D<id>` a department with the ones below it, `G<id>` a group,
 * `U<id>` a person. A post is stored under each of its keys; a reader reads under theirs.
 */
export const keyOf = (a: AudienceItem): string => (a.type === 'all' ? 'A' : `${a.type === 'department' ? 'D' : a.type === 'group' ? 'G' : 'U'}${a.id}`);

export function itemOf(key: string): AudienceItem {
  const id = Number(key.slice(1));
  if (key === 'A') return { type: 'all' };
  return { type: key[0] === 'D' ? 'department' : key[0] === 'G' ? 'group' : 'user', id };
}

/** The keys a user reads under: everyone's, their own, their department's and those above it, their groups'. */
export async function readerKeys(ctx: Ctx, userId: number): Promise<string[]> {
  const departmentId = ctx.actor?.userId === userId ? ctx.actor.departmentId : ((await people(ctx, [userId])).get(userId)?.departmentId ?? null);
  const [departments, groups] = await Promise.all([departmentAncestors(ctx, departmentId), memberGroupIds(ctx, userId)]);
  return ['A', `U${userId}`, ...departments.map((d) => `D${d}`), ...groups.map((g) => `G${g}`)];
}

/**
 * Checks an audience as the author gives it: people of the portal, its departments, groups the
 * author is a member of (an administrator may post to any). Returns the keys, the author's own among them.
 */
export async function audienceKeys(ctx: Ctx, items: AudienceItem[], field = 'audience'): Promise<string[]> {
  if (!items.length) throw errors.field(field, 'feed.audience_empty');
  const me = ctx.actor!.userId;
  const admin = ctx.actor!.role === 'admin';
  const ids = (type: AudienceItem['type']) => [...new Set(items.flatMap((a) => (a.type === type && 'id' in a ? [a.id] : [])))];
  const [users, departments, groups, mine] = await Promise.all([activeUserIds(ctx, ids('user')), departmentNames(ctx, ids('department')), groupRefs(ctx, ids('group')), memberGroupIds(ctx, me)]);
  const knownDepartments = departments;
  const memberOf = new Set(mine);
  const fields: FieldError[] = [];
  items.forEach((a, i) => {
    if (a.type === 'user' && !users.has(a.id)) fields.push({ field: `${field}.${i}`, message: 'feed.audience_user' });
    if (a.type === 'department' && !knownDepartments.has(a.id)) fields.push({ field: `${field}.${i}`, message: 'feed.audience_department' });
    if (a.type === 'group' && (!groups.has(a.id) || groups.get(a.id)!.archived || (!admin && !memberOf.has(a.id)))) fields.push({ field: `${field}.${i}`, message: 'feed.audience_group' });
  });
  if (fields.length) throw errors.validation(fields);
  return [...new Set([...items.map(keyOf), `U${me}`])];
}

/** The chips of stored audiences, names resolved in one batch per kind. */
export async function audienceChips(ctx: Ctx, audiences: AudienceItem[][]): Promise<AudienceChip[][]> {
  const all = audiences.flat();
  const pick = (type: AudienceItem['type']) => all.flatMap((a) => (a.type === type && 'id' in a ? [a.id] : []));
  const deptIds = [...new Set(pick('department'))];
  const [users, groups, departments] = await Promise.all([userRefs(ctx, pick('user')), groupRefs(ctx, pick('group')), departmentNames(ctx, deptIds)]);
  const deptNames = departments;
  return audiences.map((list) =>
    list.flatMap((a): AudienceChip[] => {
      if (a.type === 'all') return [{ type: 'all', id: null, name: t(ctx.lang, 'feed.all') }];
      const name = a.type === 'user' ? users.get(a.id)?.fullName : a.type === 'group' ? groups.get(a.id)?.name : deptNames.get(a.id);
      return name === undefined ? [] : [{ type: a.type, id: a.id, name }];
    }),
  );
}

/**
 * The posts among `ids` the actor may read: an administrator all of them; anyone else those under
 * one of their keys, and those of open groups.
 */
export async function visiblePostIds(ctx: Ctx, ids: number[]): Promise<number[]> {
  if (!ids.length) return [];
  if (!ctx.actor || ctx.actor.role === 'admin') return (await scoped(ctx).selectFrom('feed_post').select('id').where('id', 'in', ids).execute()).map((r) => r.id);
  const keys = await readerKeys(ctx, ctx.actor.userId);
  const rows = await scoped(ctx)
    .selectFrom('feed_audience')
    .select(['post_id', 'key'])
    .where('post_id', 'in', ids)
    .where((eb) => eb.or([eb('key', 'in', keys), eb('key', 'like', 'G%')]))
    .execute();
  const mine = new Set(keys);
  const out = new Set(rows.filter((r) => mine.has(r.key)).map((r) => r.post_id));
  const groupKeys = rows.filter((r) => !out.has(r.post_id) && !mine.has(r.key));
  if (groupKeys.length) {
    const open = await openGroupIds(
      ctx,
      groupKeys.map((r) => Number(r.key.slice(1))),
    );
    for (const r of groupKeys) if (open.has(Number(r.key.slice(1)))) out.add(r.post_id);
  }
  return [...out];
}

/** The open groups among `ids`: their posts are read by every employee. */
export async function openGroupIds(ctx: Ctx, ids: number[]): Promise<Set<number>> {
  const list = [...new Set(ids)];
  if (!list.length) return new Set();
  const rows = await scoped(ctx).selectFrom('work_group').select('id').where('id', 'in', list).where('visibility', '=', 'open').execute();
  return new Set(rows.map((r) => r.id));
}

/** Who reads each of `ids`: everyone for a post to all or to an open group, else its audience's members (administrators aside). */
export async function postReaders(ctx: Ctx, ids: number[]): Promise<Map<number, ReaderSet>> {
  const rows = ids.length ? await scoped(ctx).selectFrom('feed_audience').select(['post_id', 'key']).where('post_id', 'in', ids).execute() : [];
  const keys = new Map<number, string[]>();
  for (const r of rows) keys.set(r.post_id, [...(keys.get(r.post_id) ?? []), r.key]);
  const open = await openGroupIds(
    ctx,
    rows.filter((r) => r.key[0] === 'G').map((r) => Number(r.key.slice(1))),
  );
  const out = new Map<number, ReaderSet>();
  for (const [id, list] of keys) {
    if (list.includes('A') || list.some((k) => k[0] === 'G' && open.has(Number(k.slice(1))))) out.set(id, { everyone: true });
    else
      out.set(id, {
        everyone: false,
        users: await audienceMembers(
          ctx,
          list.filter((k) => k[0] !== 'T'),
        ),
      });
  }
  return out;
}

/** The active employees under audience keys (departments with those below them, groups' members). */
export async function audienceMembers(ctx: Ctx, keys: string[]): Promise<Set<number>> {
  if (keys.includes('A')) return activeUserIds(ctx);
  const out = new Set<number>();
  const users = keys.filter((k) => k[0] === 'U').map((k) => Number(k.slice(1)));
  for (const u of await activeUserIds(ctx, users)) out.add(u);
  for (const k of keys.filter((k) => k[0] === 'D')) for (const u of await departmentMemberIds(ctx, Number(k.slice(1)))) out.add(u);
  const groups = keys.filter((k) => k[0] === 'G').map((k) => Number(k.slice(1)));
  if (groups.length) {
    const rows = await scoped(ctx).selectFrom('work_group_member').select('user_id').where('group_id', 'in', groups).where('status', '=', 'member').execute();
    for (const u of await activeUserIds(
      ctx,
      rows.map((r) => r.user_id),
    ))
      out.add(u);
  }
  return out;
}

/**
 * `visiblePostIds` as a condition on a post id column, for a statement of another module (the
 * portal search): a post under one of the actor's keys, or under an open group's. The keys are the
 * actor's at the time of the query. An administrator reads every post (`'all'`), nobody signed out.
 */
export async function readablePostsWhere(ctx: Ctx): Promise<'all' | 'none' | ((eb: ExpressionBuilder<any, any>, postId: string) => Expression<SqlBool>)> {
  if (!ctx.actor) return 'none';
  if (ctx.actor.role === 'admin') return 'all';
  const keys = await readerKeys(ctx, ctx.actor.userId);
  return (eb, postId) =>
    eb.exists(
      eb
        .selectFrom('feed_audience as ra')
        .select(sql`1`.as('one'))
        .where('ra.portal_id', '=', ctx.portal.id)
        .whereRef('ra.post_id', '=', postId as any)
        .where((w) =>
          w.or([
            w('ra.key', 'in', keys),
            w(
              'ra.key',
              'in',
              w
                .selectFrom('work_group as rg')
                .select(sql<string>`'G' || cast(${sql.ref('rg.id')} as text)`.as('key'))
                .where('rg.portal_id', '=', ctx.portal.id)
                .where('rg.visibility', '=', 'open'),
            ),
          ]),
        ),
    );
}
