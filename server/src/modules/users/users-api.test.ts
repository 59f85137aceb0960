import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPortal, signIn, startTestApp, PASSWORD, type TestApp, type TestPortal } from '../../../test/harness.js';
import { systemCtx, type Ctx } from '../../platform/context.js';
import { addDepartment, addMember, setDepartmentHead } from './provision.js';
import * as users from './api.js';

let t: TestApp;
let p: TestPortal;
let stranger: TestPortal;
let ctx: Ctx;
/** Root «Компания» (head: the administrator) → «Отдел» (head: Ольга) → «Группа» (head: Пётр, member: Вера); «Без руководителя» under «Отдел». */
let s: { group: number; headless: number; groupHead: number; groupMember: number; headlessMember: number; invited: number; oldAdmin: number };

beforeAll(async () => {
  t = await startTestApp();
  p = await buildPortal(t);
  stranger = await buildPortal(t);
  ctx = systemCtx(t.platform, p.portal);
  s = await t.platform.db.transaction().execute(async (tx) => {
    const c = systemCtx({ db: tx, sys: t.platform.sys }, p.portal);
    const tag = p.portal.name;
    await setDepartmentHead(c, p.departments.root, p.users.admin.id);
    const group = await addDepartment(c, 'Группа', p.departments.team);
    const headless = await addDepartment(c, 'Без руководителя', p.departments.team);
    const groupHead = await addMember(c, { email: `gh.${tag}@example.test`, password: PASSWORD, firstName: 'Пётр', lastName: 'Группов', position: 'Старший', departmentId: group });
    const groupMember = await addMember(c, { email: `gm.${tag}@example.test`, password: PASSWORD, firstName: 'Вера', lastName: 'Младшая', departmentId: group });
    const headlessMember = await addMember(c, { email: `hl.${tag}@example.test`, password: PASSWORD, firstName: 'Лев', lastName: 'Сам', departmentId: headless });
    const invited = await addMember(c, { email: `inv.${tag}@example.test`, password: null, firstName: 'Гость', lastName: 'Приглашённый', departmentId: group });
    const oldAdmin = await addMember(c, { email: `old.${tag}@example.test`, password: PASSWORD, firstName: 'Борис', lastName: 'Бывший', role: 'admin', departmentId: p.departments.root });
    await setDepartmentHead(c, group, groupHead);
    await tx.updateTable('app_user').set({ status: 'invited' }).where('id', '=', invited).execute();
    return { group, headless, groupHead, groupMember, headlessMember, invited, oldAdmin };
  });
  // Deactivated the way an administrator does it.
  const admin = await signIn(t, p.portal.name, p.users.admin.email);
  expect((await admin.post(`/api/users/${s.oldAdmin}/deactivate`)).statusCode).toBe(200);
  expect((await admin.post(`/api/users/${p.users.other.id}/deactivate`)).statusCode).toBe(200);
});
afterAll(() => t?.dispose());

describe('users API: people', () => {
  it('answers a set of ids with this portal’s members only: another portal’s ids and unknown ids are not found', async () => {
    const ids = [p.users.employee.id, p.users.other.id, stranger.users.employee.id, stranger.users.admin.id, 999_999_999, p.users.employee.id, null, undefined];
    const refs = await users.userRefs(ctx, ids);
    expect([...refs.keys()].sort((a, b) => a - b)).toEqual([p.users.employee.id, p.users.other.id].sort((a, b) => a - b));
    expect(refs.get(p.users.employee.id)).toEqual({ id: p.users.employee.id, fullName: 'Иван Сотрудников', photoUrl: null });

    const people = await users.people(ctx, ids);
    expect(people.size).toBe(2);
    expect(people.get(p.users.employee.id)).toMatchObject({ fullName: 'Иван Сотрудников', position: 'Менеджер', departmentId: p.departments.team, active: true, role: 'employee' });
    expect(people.get(p.users.other.id)).toMatchObject({ fullName: 'Мария Другова', active: false, status: 'inactive' });

    expect([...(await users.existingUserIds(ctx, ids))].sort()).toEqual([p.users.employee.id, p.users.other.id].sort());
    expect(await users.userRefs(ctx, [])).toEqual(new Map());
    // The other portal sees its own people, not these.
    const theirs = await users.userRefs(systemCtx(t.platform, stranger.portal), [p.users.employee.id, stranger.users.employee.id]);
    expect([...theirs.keys()]).toEqual([stranger.users.employee.id]);
  });

  it('tells active members from invited and deactivated ones', async () => {
    const among = await users.activeUserIds(ctx, [p.users.employee.id, p.users.other.id, s.invited, s.oldAdmin, stranger.users.employee.id]);
    expect([...among]).toEqual([p.users.employee.id]);
    const all = await users.activeUserIds(ctx);
    expect(all.has(p.users.admin.id) && all.has(s.groupMember) && all.has(s.headlessMember)).toBe(true);
    expect(all.has(p.users.other.id) || all.has(s.invited) || all.has(s.oldAdmin) || all.has(stranger.users.admin.id)).toBe(false);
    expect(all.size).toBe(6);
  });

  it('lists the active administrators only', async () => {
    const admins = await users.administrators(ctx);
    expect(admins.map((a) => a.fullName)).toEqual(['Анна Админова']);
    expect((await users.administrators(systemCtx(t.platform, stranger.portal))).map((a) => a.id)).toEqual([stranger.users.admin.id]);
  });

  it('gives an actor for an active member, and none for an inactive, invited or foreign one', async () => {
    expect(await users.actorFor(ctx, s.groupMember)).toMatchObject({ userId: s.groupMember, portalId: p.portal.id, role: 'employee', departmentId: s.group, language: 'ru' });
    expect(await users.actorFor(ctx, p.users.admin.id)).toMatchObject({ role: 'admin', departmentId: p.departments.root });
    expect(await users.actorFor(ctx, p.users.other.id)).toBeNull();
    expect(await users.actorFor(ctx, s.invited)).toBeNull();
    expect(await users.actorFor(ctx, stranger.users.employee.id)).toBeNull();
    expect(await users.actorFor(ctx, null)).toBeNull();
    const actors = await users.actorsFor(ctx, [s.groupHead, s.groupMember, s.oldAdmin]);
    expect([...actors.keys()].sort()).toEqual([s.groupHead, s.groupMember].sort());
  });
});

describe('users API: departments', () => {
  it('walks a department’s subtree over three levels, and finds nothing of another portal', async () => {
    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
    expect(sorted(await users.departmentSubtree(ctx, p.departments.root))).toEqual(sorted([p.departments.root, p.departments.team, s.group, s.headless]));
    expect(sorted(await users.departmentSubtree(ctx, p.departments.team))).toEqual(sorted([p.departments.team, s.group, s.headless]));
    expect(await users.departmentSubtree(ctx, s.group)).toEqual([s.group]);
    expect(await users.departmentSubtree(ctx, stranger.departments.team)).toEqual([]);
    // Active members of «Отдел» and below: Ольга, Иван, Пётр, Вера, Лев (Мария is deactivated, the guest only invited).
    expect(sorted(await users.departmentMemberIds(ctx, p.departments.team))).toEqual(sorted([p.users.head.id, p.users.employee.id, s.groupHead, s.groupMember, s.headlessMember]));
  });

  it('finds the heads up the tree, nearest first, passing over a department without one', async () => {
    expect(await users.departmentHead(ctx, s.group)).toBe(s.groupHead);
    expect(await users.departmentHead(ctx, s.headless)).toBeNull();
    expect(await users.departmentHeads(ctx, s.group)).toEqual([
      { departmentId: s.group, headId: s.groupHead },
      { departmentId: p.departments.team, headId: p.users.head.id },
      { departmentId: p.departments.root, headId: p.users.admin.id },
    ]);
    expect((await users.departmentHeads(ctx, s.headless)).map((h) => h.headId)).toEqual([p.users.head.id, p.users.admin.id]);
    expect(await users.departmentHeads(ctx, stranger.departments.team)).toEqual([]);
  });

  it('finds a member’s heads: a head’s own department counts its head above them, not themselves', async () => {
    const heads = await users.headsOfUsers(ctx, [s.groupMember, s.groupHead, p.users.head.id, p.users.admin.id, s.headlessMember, stranger.users.employee.id]);
    expect(heads.get(s.groupMember)).toEqual([s.groupHead, p.users.head.id, p.users.admin.id]);
    expect(heads.get(s.groupHead)).toEqual([p.users.head.id, p.users.admin.id]);
    expect(heads.get(p.users.head.id)).toEqual([p.users.admin.id]);
    expect(heads.get(p.users.admin.id)).toEqual([]);
    expect(heads.get(s.headlessMember)).toEqual([p.users.head.id, p.users.admin.id]);
    expect(heads.has(stranger.users.employee.id)).toBe(false);
    expect(await users.headsOfUser(ctx, s.groupMember)).toEqual([s.groupHead, p.users.head.id, p.users.admin.id]);
  });
});

describe('users API: building blocks of other statements', () => {
  it('names the user a column refers to inside the caller’s statement, and nobody of another portal', async () => {
    const rows = await t.platform.db
      .selectFrom('department')
      .select((eb) => ['department.id', users.userNameSql(ctx, eb, 'department.head_id').as('head_name'), users.userPhotoSql(ctx, eb, 'department.head_id').as('head_photo')])
      .where('department.id', 'in', [s.group, s.headless, stranger.departments.team])
      .execute();
    const by = new Map(rows.map((r) => [r.id, r]));
    expect(by.get(s.group)).toMatchObject({ head_name: 'Пётр Группов', head_photo: null });
    expect(by.get(s.headless)?.head_name).toBeNull();
    // Another portal's department: its head is no member of this ctx's portal.
    expect(by.get(stranger.departments.team)?.head_name).toBeNull();
  });

  it('reads the users of a department subtree in one statement with the caller’s', async () => {
    const rows = await users
      .departmentMembersQuery(t.platform.db as any, p.portal.id, s.group)
      .select(['id', 'status'])
      .execute();
    expect(rows.map((r) => r.id).sort()).toEqual([s.groupHead, s.groupMember, s.invited].sort());
    const portalUsers = await users.portalUsersQuery(ctx, [s.groupMember, stranger.users.admin.id]).select(['id', 'first_name']).execute();
    expect(portalUsers).toEqual([{ id: s.groupMember, first_name: 'Вера' }]);
  });
});
