import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPortal, signInAll, startTestApp, type Agent, type TestApp, type TestPortal } from '../../../test/harness.js';
import { boxItems, boxTitles } from '../../../test/search-support.js';

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

const found = (a: Agent, q: string) => boxItems(a, q, 'groups');
const titles = (a: Agent, q: string) => boxTitles(a, q, 'groups');

describe('groups in the portal search', () => {
  it('finds a group by a word form of its name and description; a secret one only for its members, invitees and administrators', async () => {
    const open = (await head.post('/api/groups', { name: 'Клуб бегунов', description: 'Пробежки по субботам', visibility: 'open' })).json();
    await head.post('/api/groups', { name: 'Клуб шахматистов', visibility: 'closed' });
    const secret = (await head.post('/api/groups', { name: 'Клуб инвесторов', visibility: 'secret', memberIds: [p.users.employee.id] })).json();

    const hits = await found(other, 'клубов');
    expect(hits.map((i) => i.title).sort()).toEqual(['Клуб бегунов', 'Клуб шахматистов']);
    expect(hits.find((i) => i.id === String(open.id))).toMatchObject({ url: `/groups/${open.id}`, subtitle: 'Группа' });
    expect(await titles(other, 'пробежкам')).toEqual(['Клуб бегунов']);
    expect(await titles(other, 'инвесторы')).toEqual([]);
    expect(await titles(employee, 'инвесторы')).toEqual(['Клуб инвесторов']);
    expect(await titles(admin, 'инвесторы')).toEqual(['Клуб инвесторов']);

    // Invited, they find it; the invitation declined, no longer.
    expect((await head.post(`/api/groups/${secret.id}/invitations`, { userIds: [p.users.other.id] })).statusCode).toBe(200);
    expect(await titles(other, 'инвесторы')).toEqual(['Клуб инвесторов']);
    expect((await head.del(`/api/groups/${secret.id}/members/${p.users.other.id}`)).statusCode).toBe(200);
    expect(await titles(other, 'инвесторы')).toEqual([]);
    // A group made secret leaves the search of those outside it.
    const g = (await head.get(`/api/groups/${open.id}`)).json();
    expect((await head.patch(`/api/groups/${open.id}`, { visibility: 'secret', version: g.version })).statusCode).toBe(200);
    expect(await titles(other, 'бегунов')).toEqual([]);
    expect(await titles(head, 'бегунов')).toEqual(['Клуб бегунов']);
  });

  it('follows a rename, an archiving and a delete', async () => {
    const g = (await employee.post('/api/groups', { name: 'Выставка в Казани' })).json();
    expect(await titles(other, 'выставки')).toEqual(['Выставка в Казани']);
    const renamed = await employee.patch(`/api/groups/${g.id}`, { name: 'Выставка в Самаре', version: g.version });
    expect(renamed.statusCode).toBe(200);
    expect(await titles(other, 'казани')).toEqual([]);
    expect(await titles(other, 'самары')).toEqual(['Выставка в Самаре']);
    const archived = await employee.patch(`/api/groups/${g.id}`, { archived: true, version: renamed.json().version });
    expect(archived.statusCode).toBe(200);
    expect(await titles(employee, 'самары')).toEqual([]);
    const back = await employee.patch(`/api/groups/${g.id}`, { archived: false, version: archived.json().version });
    expect(await titles(employee, 'самары')).toEqual(['Выставка в Самаре']);
    expect(back.statusCode).toBe(200);
    expect((await employee.del(`/api/groups/${g.id}`)).statusCode).toBe(200);
    expect(await titles(employee, 'самары')).toEqual([]);
  });
});
