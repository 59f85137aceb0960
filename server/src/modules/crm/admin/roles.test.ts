import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldErrors, ok, permissions, world, type World } from '../../../../test/crm/transfer-fixtures.js';

let w: World;
beforeAll(async () => {
  w = await world();
});
afterAll(() => w?.t.dispose());

const roles = async () => ok(await w.admin.get('/api/crm/roles')).items as any[];
const defaults = async () => (await roles()).filter((r) => r.isDefault);
const mine = async (a = w.employee) => ok(await a.get('/api/crm/me/permissions'));

describe('CRM roles', () => {
  it('starts a portal with exactly one default role', async () => {
    const list = await roles();
    expect(list.length).toBeGreaterThan(0);
    expect((await defaults()).length).toBe(1);
    for (const r of list) expect(Object.keys(r.permissions).sort()).toEqual(['company', 'contact', 'deal', 'lead']);
  });

  it('creates, renames and deletes a role, with its users, version and Russian messages', async () => {
    const created = ok(
      await w.admin.post('/api/crm/roles', {
        name: 'Менеджер по продажам',
        permissions: permissions('own', { read: 'department', export: 'none' }),
        userIds: [w.p.users.employee.id, w.p.users.other.id],
      }),
    );
    expect(created).toMatchObject({ name: 'Менеджер по продажам', isDefault: false, userIds: [w.p.users.employee.id, w.p.users.other.id].sort((a, b) => a - b), version: 1 });
    expect(created.permissions.deal).toEqual({ read: 'department', add: 'own', edit: 'own', delete: 'own', export: 'none', import: 'own' });

    const renamed = ok(await w.admin.patch(`/api/crm/roles/${created.id}`, { version: 1, name: 'Продажи', userIds: [w.p.users.other.id] }));
    expect(renamed).toMatchObject({ name: 'Продажи', userIds: [w.p.users.other.id], version: 2 });
    expect((await w.admin.patch(`/api/crm/roles/${created.id}`, { version: 1, name: 'x' })).statusCode).toBe(409);

    const unknownUser = await w.admin.post('/api/crm/roles', { name: 'x', permissions: permissions('all'), userIds: [999999] });
    expect(unknownUser.statusCode).toBe(400);
    expect(fieldErrors(unknownUser)['userIds.0']).toBe('Нет такого сотрудника');
    const partial = await w.admin.post('/api/crm/roles', { name: 'x', permissions: { deal: { read: 'all' } } });
    expect(partial.statusCode).toBe(400);
    const badScope = await w.admin.post('/api/crm/roles', { name: 'x', permissions: permissions('everything' as never) });
    expect(badScope.statusCode).toBe(400);

    ok(await w.admin.del(`/api/crm/roles/${created.id}`));
    expect((await roles()).map((r) => r.id)).not.toContain(created.id);
    expect((await w.admin.del(`/api/crm/roles/${created.id}`)).statusCode).toBe(404);
  });

  it('keeps exactly one default role', async () => {
    const [before] = await defaults();
    const next = ok(await w.admin.post('/api/crm/roles', { name: 'Новая основная', permissions: permissions('all', { delete: 'own' }), isDefault: true }));
    expect((await defaults()).map((r) => r.id)).toEqual([next.id]);

    const unset = await w.admin.patch(`/api/crm/roles/${next.id}`, { version: next.version, isDefault: false });
    expect(unset.statusCode).toBe(400);
    expect(fieldErrors(unset).isDefault).toBe('Роль по умолчанию должна быть: сначала назначьте ею другую роль');
    const del = await w.admin.del(`/api/crm/roles/${next.id}`);
    expect(del.statusCode).toBe(400);
    expect(fieldErrors(del).isDefault).toBe('Нельзя удалить роль по умолчанию: сначала назначьте ею другую роль');

    const old = (await roles()).find((r) => r.id === before.id);
    ok(await w.admin.patch(`/api/crm/roles/${before.id}`, { version: old.version, isDefault: true }));
    expect((await defaults()).map((r) => r.id)).toEqual([before.id]);
    ok(await w.admin.del(`/api/crm/roles/${next.id}`));
  });

  it('is for administrators only', async () => {
    expect((await w.employee.get('/api/crm/roles')).statusCode).toBe(403);
    expect((await w.employee.post('/api/crm/roles', { name: 'x', permissions: permissions('all') })).statusCode).toBe(403);
    expect((await w.head.patch('/api/crm/roles/1', { version: 1, name: 'x' })).statusCode).toBe(403);
    expect((await w.head.del('/api/crm/roles/1')).statusCode).toBe(403);
  });
});

describe('effective permissions', () => {
  it('are the default role for users without a role, the widest of their roles otherwise, everything for administrators', async () => {
    const [def] = await defaults();
    const plain = await mine(w.head);
    expect(plain.isAdmin).toBe(false);
    expect(plain.roleIds).toEqual([def.id]);
    expect(plain.permissions).toEqual(def.permissions);

    const narrow = ok(await w.admin.post('/api/crm/roles', { name: 'Свои сделки', permissions: permissions('none', { read: 'own', add: 'own' }), userIds: [w.p.users.employee.id] }));
    const wide = ok(await w.admin.post('/api/crm/roles', { name: 'Отдел: экспорт', permissions: permissions('none', { read: 'department', export: 'department' }), userIds: [w.p.users.employee.id] }));
    const p = await mine();
    expect(p.roleIds.sort()).toEqual([narrow.id, wide.id].sort());
    expect(p.permissions.deal).toEqual({ read: 'department', add: 'own', edit: 'none', delete: 'none', export: 'department', import: 'none' });

    const admin = await mine(w.admin);
    expect(admin.isAdmin).toBe(true);
    expect(admin.permissions.company).toEqual({ read: 'all', add: 'all', edit: 'all', delete: 'all', export: 'all', import: 'all' });
  });

  it('take effect on the next request: a user moved to a role without reading loses the items', async () => {
    const company = ok(await w.admin.post('/api/crm/companies', { title: 'Видимая', responsibleId: w.p.users.head.id }));
    const blind = ok(await w.admin.post('/api/crm/roles', { name: 'Без доступа', permissions: permissions('none'), userIds: [] }));
    expect((await w.other.get(`/api/crm/companies/${company.id}`)).statusCode).toBe(200);
    ok(await w.admin.patch(`/api/crm/roles/${blind.id}`, { version: blind.version, userIds: [w.p.users.other.id] }));
    expect((await w.other.get(`/api/crm/companies/${company.id}`)).statusCode).toBe(404);
    expect((await mine(w.other)).permissions.company.read).toBe('none');
  });
});
