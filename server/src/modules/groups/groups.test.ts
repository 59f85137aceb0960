import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPortal, signIn, signInAll, startTestApp, type Agent, type TestApp, type TestPortal } from '../../../test/harness.js';
import { drainUntil } from '../../../test/support.js';
import { pngBytes, uploadFile } from '../../../test/files-support.js';

let t: TestApp;
let p: TestPortal;
let admin: Agent;
let head: Agent;
let employee: Agent;
let other: Agent;

beforeAll(async () => {
  t = await startTestApp();
  p = await buildPortal(t);
  ({ admin, head, employee, other } = await signInAll(t, p));
});
afterAll(() => t?.dispose());

let seq = 0;
const make = async (who: Agent, body: Record<string, unknown> = {}) => {
  const res = await who.post('/api/groups', { name: `Группа ${++seq}`, ...body });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const fields = (res: { json(): any }) =>
  res
    .json()
    .error.fields.map((f: { field: string }) => f.field)
    .sort();
const notificationsOf = async (who: Agent) => (await who.get('/api/notifications?pageSize=50')).json().items as { kind: string; body: string; url: string | null }[];

describe('creating a group', () => {
  it('makes the creator its owner with the moderators and members named; a project keeps its dates', async () => {
    const g = await make(head, {
      name: 'Проект: Склад',
      kind: 'project',
      visibility: 'closed',
      dateStart: '2026-12-01',
      dateEnd: '2027-01-31',
      moderatorIds: [p.users.employee.id],
      memberIds: [p.users.other.id],
    });
    expect(g).toMatchObject({
      name: 'Проект: Склад',
      kind: 'project',
      visibility: 'closed',
      dateStart: '2026-12-01',
      dateEnd: '2027-01-31',
      owner: { id: p.users.head.id },
      membersCount: 3,
      myRole: 'owner',
      myStatus: 'member',
      version: 1,
    });
    expect(g.abilities).toMatchObject({ edit: true, delete: true, invite: true, leave: false, changeRoles: true });
    const members = (await head.get(`/api/groups/${g.id}/members`)).json().members;
    expect(members.map((m: any) => [m.user.id, m.role])).toEqual([
      [p.users.head.id, 'owner'],
      [p.users.employee.id, 'moderator'],
      [p.users.other.id, 'member'],
    ]);
  });

  it('refuses bad input with 400 naming the field', async () => {
    const bad = await employee.post('/api/groups', { name: '  ', kind: 'project', dateStart: '2026-12-10', dateEnd: '2026-12-01', memberIds: [999999] });
    expect(bad.statusCode).toBe(400);
    expect(fields(bad)).toContain('name');
    const dates = await employee.post('/api/groups', { name: 'Даты', kind: 'project', dateStart: '2026-12-10', dateEnd: '2026-12-01', memberIds: [999999], moderatorIds: [999998] });
    expect(dates.statusCode).toBe(400);
    expect(fields(dates)).toEqual(['dateEnd', 'memberIds', 'moderatorIds']);
    expect(dates.json().error.fields.find((f: any) => f.field === 'dateEnd').message).toBe('Дата завершения раньше даты начала');
    expect((await employee.post('/api/groups', { name: 'Вид', kind: 'club' })).statusCode).toBe(400);
    expect((await employee.post('/api/groups', { name: 'Видимость', visibility: 'hidden' })).statusCode).toBe(400);
  });

  it('takes an uploaded picture as its avatar, which its readers can open, and refuses a non-image', async () => {
    const up = await uploadFile(t, employee, pngBytes(), 'logo.png', 'image/png');
    expect(up.statusCode, up.body).toBe(200);
    const g = await make(employee, { avatarFileId: up.json().id });
    expect(g.avatarUrl).toBe(`/api/files/${up.json().id}`);
    expect((await other.get(g.avatarUrl)).statusCode).toBe(200);
    const txt = await uploadFile(t, employee, 'просто текст', 'a.txt', 'text/plain');
    const bad = await employee.post('/api/groups', { name: 'Текст', avatarFileId: txt.json().id });
    expect(bad.statusCode).toBe(400);
    expect(fields(bad)).toEqual(['avatarFileId']);
    // Someone else's upload is not an avatar either.
    expect((await other.post('/api/groups', { name: 'Чужой', avatarFileId: up.json().id })).statusCode).toBe(400);
  });
});

describe('who sees a group', () => {
  it('open and closed groups are seen by everyone; a secret one by its members and invitees only (404 otherwise)', async () => {
    const open = await make(head, { name: 'Видимость открытая', visibility: 'open' });
    const closed = await make(head, { name: 'Видимость закрытая', visibility: 'closed' });
    const secret = await make(head, { name: 'Видимость секретная', visibility: 'secret' });
    expect((await other.get(`/api/groups/${open.id}`)).statusCode).toBe(200);
    expect((await other.get(`/api/groups/${closed.id}`)).statusCode).toBe(200);
    expect((await other.get(`/api/groups/${secret.id}`)).statusCode).toBe(404);
    expect((await other.get(`/api/groups/${secret.id}/members`)).statusCode).toBe(404);
    expect((await other.get(`/api/groups/${secret.id}/history`)).statusCode).toBe(404);
    expect((await other.post(`/api/groups/${secret.id}/join`)).statusCode).toBe(404);
    expect((await other.patch(`/api/groups/${secret.id}`, { name: 'x', version: 1 })).statusCode).toBe(404);
    expect((await other.del(`/api/groups/${secret.id}`)).statusCode).toBe(404);
    expect((await admin.get(`/api/groups/${secret.id}`)).statusCode).toBe(200);

    const list = (await other.get('/api/groups?search=видимость&pageSize=50')).json();
    expect(list.items.map((g: any) => g.name).sort()).toEqual(['Видимость закрытая', 'Видимость открытая']);
    const search = (await other.get('/api/search?q=Видимость&limit=10')).json().groups.find((g: any) => g.kind === 'groups');
    expect(search.items.map((i: any) => i.title).sort()).toEqual(['Видимость закрытая', 'Видимость открытая']);

    await head.post(`/api/groups/${secret.id}/invitations`, { userIds: [p.users.other.id] });
    expect((await other.get(`/api/groups/${secret.id}`)).json()).toMatchObject({ myStatus: 'invited', abilities: { join: true } });
    expect((await other.get('/api/groups?search=видимость&pageSize=50')).json().items).toHaveLength(3);
  });

  it('filters mine, searches by name in any case and pages', async () => {
    const a = await make(other, { name: 'Поиск Альфа' });
    await make(head, { name: 'поиск бета' });
    const mine = (await other.get('/api/groups?filter=mine&search=ПОИСК')).json();
    expect(mine.items.map((g: any) => g.id)).toEqual([a.id]);
    const page = (await other.get('/api/groups?search=поиск&pageSize=1&page=2')).json();
    expect(page).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(page.items[0].name).toBe('поиск бета');
    expect((await other.get('/api/groups?filter=some')).statusCode).toBe(400);
  });

  it('another portal finds nothing of this one', async () => {
    const q = await buildPortal(t, `groups${Date.now()}`);
    const stranger = await signIn(t, q.portal.name, q.users.admin.email);
    const g = await make(head, { name: 'Чужая группа' });
    expect((await stranger.get(`/api/groups/${g.id}`)).statusCode).toBe(404);
    expect((await stranger.post(`/api/groups/${g.id}/join`)).statusCode).toBe(404);
    expect((await stranger.get('/api/groups?search=чужая')).json().items).toEqual([]);
    // Inviting another portal's people is refused.
    expect((await head.post(`/api/groups/${g.id}/invitations`, { userIds: [q.users.employee.id] })).statusCode).toBe(400);
  });
});

describe('membership', () => {
  it('an open group is joined at once; leaving works; the owner may not leave', async () => {
    const g = await make(head, { visibility: 'open' });
    const joined = (await other.post(`/api/groups/${g.id}/join`)).json();
    expect(joined).toMatchObject({ myStatus: 'member', myRole: 'member', membersCount: 2 });
    expect((await other.post(`/api/groups/${g.id}/leave`)).statusCode).toBe(200);
    expect((await other.get(`/api/groups/${g.id}`)).json().myStatus).toBeNull();
    const owner = await head.post(`/api/groups/${g.id}/leave`);
    expect(owner.statusCode).toBe(400);
    expect(owner.json().error.fields[0].message).toContain('передайте');
  });

  it('a closed group takes a request that a moderator accepts or declines, and the people concerned are notified', async () => {
    const g = await make(head, { visibility: 'closed', name: 'Закрытый клуб' });
    const asked = (await other.post(`/api/groups/${g.id}/join`, { message: 'Возьмите меня' })).json();
    expect(asked).toMatchObject({ myStatus: 'requested', membersCount: 1, abilities: { request: false, leave: true } });
    // A member without moderator rights may not decide.
    await head.post(`/api/groups/${g.id}/invitations`, { userIds: [p.users.employee.id] });
    await employee.post(`/api/groups/${g.id}/invitation/accept`);
    expect((await employee.post(`/api/groups/${g.id}/requests/${p.users.other.id}/accept`)).statusCode).toBe(403);
    const requests = (await head.get(`/api/groups/${g.id}/members`)).json().requests;
    expect(requests).toMatchObject([{ user: { id: p.users.other.id }, message: 'Возьмите меня', status: 'requested' }]);
    // The moderator hears of the request.
    await drainUntil(t, async () => (await notificationsOf(head)).some((n) => n.kind === 'groups.notify.requested' && n.body.includes('Закрытый клуб')));

    const accepted = (await head.post(`/api/groups/${g.id}/requests/${p.users.other.id}/accept`)).json();
    expect(accepted.members.map((m: any) => m.user.id)).toContain(p.users.other.id);
    await drainUntil(t, async () => (await notificationsOf(other)).some((n) => n.kind === 'groups.notify.request_accepted'));

    const g2 = await make(head, { visibility: 'closed', name: 'Закрытый клуб 2' });
    await other.post(`/api/groups/${g2.id}/join`);
    await head.post(`/api/groups/${g2.id}/requests/${p.users.other.id}/decline`);
    expect((await other.get(`/api/groups/${g2.id}`)).json().myStatus).toBeNull();
    await drainUntil(t, async () => (await notificationsOf(other)).some((n) => n.kind === 'groups.notify.request_declined' && n.body.includes('Закрытый клуб 2')));
    expect((await head.post(`/api/groups/${g2.id}/requests/${p.users.other.id}/accept`)).statusCode).toBe(404);
  });

  it('an invitation waits for the invitee, who accepts or declines it; invitations are listed for them', async () => {
    const g = await make(head, { visibility: 'secret', name: 'Тайный проект' });
    const bad = await head.post(`/api/groups/${g.id}/invitations`, { userIds: [999999] });
    expect(bad.statusCode).toBe(400);
    expect(fields(bad)).toEqual(['userIds']);
    const res = (await head.post(`/api/groups/${g.id}/invitations`, { userIds: [p.users.other.id, p.users.employee.id], message: 'Ждём вас' })).json();
    expect(res.invited.map((m: any) => m.user.id).sort()).toEqual([p.users.employee.id, p.users.other.id].sort());
    expect((await other.get('/api/groups/invitations')).json().items.map((i: any) => i.name)).toContain('Тайный проект');
    await drainUntil(t, async () => (await notificationsOf(other)).some((n) => n.kind === 'groups.notify.invited' && n.url === `/groups/${g.id}`));

    // Invitees see only their own invitation, not the others'.
    const seen = (await other.get(`/api/groups/${g.id}/members`)).json();
    expect(seen.invited.map((m: any) => m.user.id)).toEqual([p.users.other.id]);

    expect((await other.post(`/api/groups/${g.id}/invitation/accept`)).json().group).toMatchObject({ myStatus: 'member', membersCount: 2 });
    await drainUntil(t, async () => (await notificationsOf(head)).some((n) => n.kind === 'groups.notify.invitation_accepted'));
    expect((await employee.post(`/api/groups/${g.id}/invitation/decline`)).json().group).toBeNull();
    expect((await employee.get(`/api/groups/${g.id}`)).statusCode).toBe(404);
    await drainUntil(t, async () => (await notificationsOf(head)).some((n) => n.kind === 'groups.notify.invitation_declined'));
    const none = await employee.post(`/api/groups/${g.id}/invitation/accept`);
    expect(none.statusCode).toBe(404);
    const g2 = await make(head);
    const noInvite = await employee.post(`/api/groups/${g2.id}/invitation/accept`);
    expect(noInvite.statusCode).toBe(400);
    // Only moderators invite.
    expect((await other.post(`/api/groups/${g.id}/invitations`, { userIds: [p.users.employee.id] })).statusCode).toBe(403);
  });

  it('roles: the owner makes moderators and hands the group over; moderators remove members; others get 403', async () => {
    const g = await make(head, { memberIds: [p.users.employee.id, p.users.other.id] });
    expect((await employee.patch(`/api/groups/${g.id}/members/${p.users.other.id}`, { role: 'moderator' })).statusCode).toBe(403);
    expect((await employee.del(`/api/groups/${g.id}/members/${p.users.other.id}`)).statusCode).toBe(403);
    const made = (await head.patch(`/api/groups/${g.id}/members/${p.users.employee.id}`, { role: 'moderator' })).json();
    expect(made.members.find((m: any) => m.user.id === p.users.employee.id).role).toBe('moderator');
    // A moderator may remove a member but not another moderator or the owner.
    expect((await employee.del(`/api/groups/${g.id}/members/${p.users.head.id}`)).statusCode).toBe(400);
    expect((await head.patch(`/api/groups/${g.id}/members/${p.users.other.id}`, { role: 'moderator' })).statusCode).toBe(200);
    expect((await employee.del(`/api/groups/${g.id}/members/${p.users.other.id}`)).statusCode).toBe(403);
    await head.patch(`/api/groups/${g.id}/members/${p.users.other.id}`, { role: 'member' });
    expect((await employee.del(`/api/groups/${g.id}/members/${p.users.other.id}`)).statusCode).toBe(200);
    expect((await head.patch(`/api/groups/${g.id}/members/${p.users.other.id}`, { role: 'moderator' })).statusCode).toBe(404);
    expect((await head.patch(`/api/groups/${g.id}/members/${p.users.employee.id}`, { role: 'boss' })).statusCode).toBe(400);

    // Handing over: the new owner takes it, the old one stays a moderator.
    const handed = (await head.patch(`/api/groups/${g.id}/members/${p.users.employee.id}`, { role: 'owner' })).json();
    expect(handed.members.map((m: any) => [m.user.id, m.role])).toEqual([
      [p.users.employee.id, 'owner'],
      [p.users.head.id, 'moderator'],
    ]);
    const after = (await employee.get(`/api/groups/${g.id}`)).json();
    expect(after).toMatchObject({ owner: { id: p.users.employee.id }, myRole: 'owner', abilities: { delete: true } });
    expect((await head.get(`/api/groups/${g.id}`)).json().abilities).toMatchObject({ delete: false, edit: true, leave: true });
  });
});

describe('changing and deleting a group', () => {
  it('moderators edit and archive it, 403 for a member, 409 over a newer version; the owner or an admin deletes it', async () => {
    const g = await make(head, { memberIds: [p.users.other.id] });
    expect((await other.patch(`/api/groups/${g.id}`, { name: 'Чужое', version: 1 })).statusCode).toBe(403);
    const changed = (await head.patch(`/api/groups/${g.id}`, { name: 'Новое имя', description: 'О группе', version: 1 })).json();
    expect(changed).toMatchObject({ name: 'Новое имя', description: 'О группе', version: 2 });
    expect((await head.patch(`/api/groups/${g.id}`, { name: 'Снова', version: 1 })).statusCode).toBe(409);
    const bad = await head.patch(`/api/groups/${g.id}`, { kind: 'project', dateStart: '2026-12-05', dateEnd: '2026-12-01', version: 2 });
    expect(bad.statusCode).toBe(400);
    expect(fields(bad)).toEqual(['dateEnd']);
    const archived = (await head.patch(`/api/groups/${g.id}`, { archived: true, version: 2 })).json();
    expect(archived).toMatchObject({ archived: true, abilities: { invite: false, join: false } });
    expect((await head.get('/api/groups?archived=true&filter=mine')).json().items.map((x: any) => x.id)).toContain(g.id);
    expect((await head.get('/api/groups?filter=mine&pageSize=200')).json().items.map((x: any) => x.id)).not.toContain(g.id);

    expect((await other.del(`/api/groups/${g.id}`)).statusCode).toBe(403);
    expect((await head.del(`/api/groups/${g.id}`)).statusCode).toBe(200);
    expect((await head.get(`/api/groups/${g.id}`)).statusCode).toBe(404);
    const g2 = await make(head);
    expect((await admin.del(`/api/groups/${g2.id}`)).statusCode).toBe(200);
  });
});

describe('rights on the group tasks', () => {
  it('members see the group tasks; a removed member or one who left gets 404 at once', async () => {
    const g = await make(head, { memberIds: [p.users.other.id, p.users.employee.id] });
    const task = (await head.post('/api/tasks', { title: 'Задача группы', groupId: g.id })).json();
    expect((await other.get(`/api/tasks/${task.id}`)).statusCode).toBe(200);
    await head.del(`/api/groups/${g.id}/members/${p.users.other.id}`);
    expect((await other.get(`/api/tasks/${task.id}`)).statusCode).toBe(404);
    const mine = (await other.post('/api/groups', { name: 'Группа Марии', memberIds: [p.users.employee.id] })).json();
    const t2 = (await other.post('/api/tasks', { title: 'Задача Марии', groupId: mine.id })).json();
    expect((await employee.get(`/api/tasks/${t2.id}`)).statusCode).toBe(200);
    await employee.post(`/api/groups/${mine.id}/leave`);
    expect((await employee.get(`/api/tasks/${t2.id}`)).statusCode).toBe(404);
  });
});

describe('the group history', () => {
  it('shows what was done in the group and by whom, task lines only to who may read the task', async () => {
    const g = await make(head, { name: 'История', memberIds: [p.users.other.id] });
    await head.post(`/api/groups/${g.id}/invitations`, { userIds: [p.users.employee.id] });
    const task = (await head.post('/api/tasks', { title: 'Задача в истории', groupId: g.id })).json();
    await head.post(`/api/tasks/${task.id}/actions/start`, { version: task.version });
    const history = await drainUntil(t, async () => {
      const h = (await head.get(`/api/groups/${g.id}/history`)).json();
      return h.items.length >= 4 && h;
    });
    const texts = history.items.map((i: any) => i.text);
    expect(texts).toEqual(expect.arrayContaining(['Создана группа «История»', `Приглашён сотрудник Иван Сотрудников`, 'Создана задача «Задача в истории»', 'Задача «Задача в истории»: выполняется']));
    expect(history.items.find((i: any) => i.entityType === 'task')).toMatchObject({ actor: { id: p.users.head.id }, url: `/tasks/task/${task.id}` });
    // A member sees the group's task lines (they may read its tasks); the invitee of this open group does not.
    expect((await other.get(`/api/groups/${g.id}/history`)).json().items.some((i: any) => i.entityType === 'task')).toBe(true);
    const invitee = (await employee.get(`/api/groups/${g.id}/history`)).json().items;
    expect(invitee.length).toBeGreaterThan(0);
    expect(invitee.some((i: any) => i.entityType === 'task')).toBe(false);
    // Paging goes back in time.
    const first = (await head.get(`/api/groups/${g.id}/history?limit=2`)).json();
    expect(first.items).toHaveLength(2);
    const second = (await head.get(`/api/groups/${g.id}/history?limit=2&before=${first.next}`)).json();
    expect(second.items[0].id).toBeLessThan(first.items[1].id);
  });
});

describe('the portal frame', () => {
  it('lists «Группы» in the menu group «Совместная работа» and in the site map', async () => {
    const shell = (await other.get('/api/shell')).json();
    expect(JSON.stringify(shell)).toContain('"path":"/groups"');
    const map = (await other.get('/api/sitemap')).json();
    expect(JSON.stringify(map)).toContain('Группы');
  });

  it('a deleted group leaves its tasks without a group, readable by their participants', async () => {
    const g = await make(other);
    const task = (await other.post('/api/tasks', { title: 'Останется', groupId: g.id })).json();
    expect((await other.del(`/api/groups/${g.id}`)).statusCode).toBe(200);
    const after = await other.get(`/api/tasks/${task.id}`);
    expect(after.statusCode).toBe(200);
    expect(after.json().group).toBeNull();
  });
});
