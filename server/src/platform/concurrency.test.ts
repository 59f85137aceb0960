import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPortal, signIn, startTestApp, type Agent, type TestApp, type TestPortal } from '../../test/harness.js';

let t: TestApp;
let p: TestPortal;
let admin: Agent;

beforeAll(async () => {
  t = await startTestApp();
  p = await buildPortal(t);
  admin = await signIn(t, p.portal.name, p.users.admin.email);
});
afterAll(() => t?.dispose());

const CONFLICT_RU = 'Запись уже изменил другой пользователь. Обновите её и повторите';

describe('editing a record someone else has changed', () => {
  it('answers 409 with a clear message instead of overwriting their change', async () => {
    const id = p.users.other.id;
    const loaded = (await admin.get(`/api/users/${id}`)).json();
    // A second administrator edits the same employee in the meantime.
    const headVersion = (await admin.get(`/api/users/${p.users.head.id}`)).json().version;
    expect((await admin.patch(`/api/users/${p.users.head.id}`, { version: headVersion, role: 'admin' })).statusCode).toBe(200);
    const secondAdmin = await signIn(t, p.portal.name, p.users.head.email);

    const first = await secondAdmin.patch(`/api/users/${id}`, { version: loaded.version, position: 'Ведущий менеджер' });
    expect(first.statusCode).toBe(200);
    expect(first.json().version).toBe(loaded.version + 1);

    const stale = await admin.patch(`/api/users/${id}`, { version: loaded.version, position: 'Стажёр' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toEqual({ error: { code: 'conflict', message: CONFLICT_RU, requestId: expect.any(String) } });
    expect((await admin.get(`/api/users/${id}`)).json().position).toBe('Ведущий менеджер');
  });

  it('lets exactly one of two simultaneous edits of the same version through', async () => {
    const id = p.users.employee.id;
    const { version } = (await admin.get(`/api/users/${id}`)).json();
    const results = await Promise.all([admin.patch(`/api/users/${id}`, { version, middleName: 'Первый' }), admin.patch(`/api/users/${id}`, { version, middleName: 'Второй' })]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const winner = results.find((r) => r.statusCode === 200)!.json().middleName;
    expect((await admin.get(`/api/users/${id}`)).json()).toMatchObject({ middleName: winner, version: version + 1 });
  });

  it('gives the message in the language of the user', async () => {
    const other = await signIn(t, p.portal.name, p.users.other.email);
    expect((await other.put('/api/me/language', { language: 'en' })).statusCode).toBe(200);
    const me = (await other.get(`/api/users/${p.users.other.id}`)).json();
    const stale = await other.patch(`/api/users/${p.users.other.id}`, { version: me.version - 1, middleName: 'X' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toBe('Someone else has changed this record. Reload it and try again');
  });

  it('protects departments the same way', async () => {
    const list = (await admin.get('/api/departments')).json().items as { id: number; version: number; name: string }[];
    const dept = list.find((d) => d.id === p.departments.team)!;
    const renamed = await admin.patch(`/api/departments/${dept.id}`, { version: dept.version, name: 'Отдел продаж' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'Отдел продаж', version: dept.version + 1 });
    const stale = await admin.patch(`/api/departments/${dept.id}`, { version: dept.version, name: 'Отдел телемаркетинга' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'conflict', message: CONFLICT_RU });
    const after = (await admin.get('/api/departments')).json().items.find((d: { id: number }) => d.id === dept.id);
    expect(after.name).toBe('Отдел продаж');
  });
});

describe('history of changes', () => {
  it('shows who changed which field from what to what', async () => {
    const id = p.users.employee.id;
    const { version } = (await admin.get(`/api/users/${id}`)).json();
    const res = await admin.patch(`/api/users/${id}`, { version, position: 'Старший менеджер', departmentId: p.departments.root });
    expect(res.statusCode).toBe(200);
    await t.platform.events.drain();

    const items = (await admin.get(`/api/history/user/${id}`)).json().items as Record<string, unknown>[];
    expect(items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'users.user.updated', field: 'position', oldValue: 'Менеджер', newValue: 'Старший менеджер', actorId: p.users.admin.id }),
        expect.objectContaining({ field: 'department_id', oldValue: String(p.departments.team), newValue: String(p.departments.root), actorId: p.users.admin.id }),
      ]),
    );
    // Newest first.
    const ids = items.map((i) => i.id as number);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });

  it("is the administrator's and the user's own to read, not a colleague's", async () => {
    const employee = await signIn(t, p.portal.name, p.users.employee.email);
    const own = await employee.get(`/api/history/user/${p.users.employee.id}`);
    expect(own.statusCode).toBe(200);
    expect(own.json().items.some((i: { field: string }) => i.field === 'position')).toBe(true);

    const colleague = await employee.get(`/api/history/user/${p.users.other.id}`);
    expect(colleague.statusCode).toBe(404);
    expect(colleague.json().error).toMatchObject({ code: 'not_found', message: 'Не найдено' });
    expect((await employee.get(`/api/history/department/${p.departments.team}`)).statusCode).toBe(404);
    expect((await admin.get(`/api/history/department/${p.departments.team}`)).json().items).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'name', newValue: 'Отдел продаж' })]));
  });
});
