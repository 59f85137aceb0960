import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, type Agent, type TestApp, type TestPortal } from '../../../../test/harness.js';
import { systemCtxFor, waitFor } from '../../../../test/support.js';
import { closeLiveApp, openSocket, socketHeaders, startLiveApp, type LiveSocket } from '../../../../test/ws-client.js';
import { csv, fieldErrors, ok, permissions, runJobs, upload } from '../../../../test/crm/transfer-fixtures.js';
import { assignRoleToDepartment, createRole } from '../api.js';

type Deal = { id: number; version: number };
const ACTIONS = ['read', 'add', 'edit', 'delete', 'export', 'import'] as const;
const every = (scope: string) => Object.fromEntries(ACTIONS.map((a) => [a, scope]));

let t: TestApp;
let p: TestPortal;
let url: string;
let admin: Agent;
let head: Agent;
let employee: Agent;
let other: Agent;
const sockets: LiveSocket[] = [];
let calls: { id: number; stages: { id: number }[] };
let tenders: { id: number; stages: { id: number }[] };
let sales: { id: number };
const deals: Record<string, Deal> = {};

const newDeal = async (by: Agent, title: string, responsibleId: number, pipelineId?: number) =>
  ok<Deal>(await by.post('/api/crm/deals', { title, responsibleId, ...(pipelineId ? { pipelineId } : {}) }));
const listIds = async (a: Agent, query = '') => (ok(await a.get(`/api/crm/deal/list?pageSize=200${query}`)).items as { id: number }[]).map((r) => r.id).sort((x, y) => x - y);
const boardIds = async (a: Agent, pipelineId: number) => {
  const board = ok(await a.get(`/api/crm/deals/kanban?pipelineId=${pipelineId}`));
  return {
    ids: (board.columns as { cards: { id: number }[] }[]).flatMap((c) => c.cards.map((x) => x.id)).sort((x, y) => x - y),
    count: board.columns.reduce((s: number, c: { count: number }) => s + c.count, 0),
    canAdd: board.canAdd,
  };
};
const ids = (...names: string[]) => names.map((n) => deals[n]!.id).sort((x, y) => x - y);

beforeAll(async () => {
  ({ t, p, url } = await startLiveApp({ socketCheckMs: 3_600_000 }));
  [admin, head, employee, other] = await Promise.all([p.users.admin, p.users.head, p.users.employee, p.users.other].map((u) => signIn(t, p.portal.name, u.email)));
  calls = ok(await admin.post('/api/crm/pipelines', { name: 'Обзвон по ролям' }));
  tenders = ok(await admin.post('/api/crm/pipelines', { name: 'Тендеры' }));
  sales = (ok(await admin.get('/api/crm/pipelines?entity=deal')).items as { id: number; isDefault: boolean }[]).find((x) => x.isDefault)!;
  const { employee: e, other: o, head: h } = p.users;
  deals.callsMine = await newDeal(admin, 'Обзвон: своя', e.id, calls.id);
  deals.callsOther = await newDeal(admin, 'Обзвон: коллеги', o.id, calls.id);
  deals.callsHead = await newDeal(admin, 'Обзвон: руководителя', h.id, calls.id);
  deals.tendersMine = await newDeal(admin, 'Тендер: своя', e.id, tenders.id);
  deals.salesOther = await newDeal(admin, 'Продажа: коллеги', o.id);
  // The preset's shape, through the CRM's api as the portal itself: the department's members
  // their own call deals and no tenders; its head the department's call deals.
  const sys = systemCtxFor(t, p.portal);
  const members = await createRole(sys, {
    name: 'Обзвон: сотрудник',
    permissions: permissions('department', { edit: 'own', delete: 'own', import: 'none' }) as never,
    dealPipelines: { [calls.id]: every('own'), [tenders.id]: every('none') } as never,
  });
  await assignRoleToDepartment(sys, members.id, p.departments.team);
  const heads = await createRole(sys, { name: 'Обзвон: руководитель', permissions: permissions('none') as never, dealPipelines: { [calls.id]: every('department') } as never });
  await assignRoleToDepartment(sys, heads.id, p.departments.team, { members: false, head: true });
});
afterAll(() => closeLiveApp(t, sockets));

describe('deal scopes per pipeline', () => {
  it('lists, counts and shows on the board only the deals of each pipeline its scope covers', async () => {
    expect(await listIds(employee)).toEqual(ids('callsMine', 'salesOther'));
    expect(await listIds(employee, `&pipelineId=${calls.id}`)).toEqual(ids('callsMine'));
    expect(await listIds(employee, `&pipelineId=${tenders.id}`)).toEqual([]);
    expect(ok(await employee.get('/api/crm/deal/count')).total).toBe(2);
    expect(await boardIds(employee, calls.id)).toEqual({ ids: ids('callsMine'), count: 1, canAdd: true });
    expect(await boardIds(employee, tenders.id)).toEqual({ ids: [], count: 0, canAdd: false });
    expect((await boardIds(employee, sales.id)).ids).toEqual(ids('salesOther'));
    // The head: the department's call deals (their own role), their members' role elsewhere.
    expect(await listIds(head)).toEqual(ids('callsMine', 'callsOther', 'callsHead', 'salesOther'));
    expect((await boardIds(head, calls.id)).ids).toEqual(ids('callsMine', 'callsOther', 'callsHead'));
    expect((await boardIds(head, tenders.id)).ids).toEqual([]);
    // An administrator sees everything.
    expect(await listIds(admin)).toEqual(ids('callsMine', 'callsOther', 'callsHead', 'tendersMine', 'salesOther'));
  });

  it('the portal search finds the same deals, and follows a deal to its new responsible', async () => {
    const found = async (a: Agent, q: string) =>
      (ok(await a.get(`/api/search/page?q=${encodeURIComponent(q)}&kind=crm.deal`)).items as { id: string }[]).map((i) => Number(i.id)).sort((x, y) => x - y);
    expect(await found(employee, 'обзвон')).toEqual(ids('callsMine'));
    expect(await found(employee, 'тендер')).toEqual([]);
    expect(await found(employee, 'продажа')).toEqual(ids('salesOther'));
    expect(await found(head, 'обзвон')).toEqual(ids('callsMine', 'callsOther', 'callsHead'));
    expect(await found(head, 'тендер')).toEqual([]);
    expect(await found(admin, 'тендер')).toEqual(ids('tendersMine'));
    // Handed to the employee, a colleague's call deal is theirs to find; handed back, it is not.
    const moved = ok<Deal>(await admin.patch(`/api/crm/deals/${deals.callsOther!.id}`, { version: deals.callsOther!.version, responsibleId: p.users.employee.id }));
    expect(await found(employee, 'обзвон')).toEqual(ids('callsMine', 'callsOther'));
    deals.callsOther = ok<Deal>(await admin.patch(`/api/crm/deals/${moved.id}`, { version: moved.version, responsibleId: p.users.other.id }));
    expect(await found(employee, 'обзвон')).toEqual(ids('callsMine'));
  });

  it('opens, changes and creates deals by the scope of their pipeline', async () => {
    expect((await employee.get(`/api/crm/deals/${deals.callsMine!.id}`)).statusCode).toBe(200);
    expect((await employee.get(`/api/crm/deals/${deals.callsOther!.id}`)).statusCode).toBe(404);
    expect((await employee.get(`/api/crm/deals/${deals.tendersMine!.id}`)).statusCode).toBe(404);
    expect((await employee.get(`/api/crm/deals/${deals.salesOther!.id}`)).statusCode).toBe(200);
    expect((await employee.patch(`/api/crm/deals/${deals.callsOther!.id}`, { version: deals.callsOther!.version, title: 'x' })).statusCode).toBe(404);
    expect((await employee.patch(`/api/crm/deals/${deals.tendersMine!.id}`, { version: deals.tendersMine!.version, title: 'x' })).statusCode).toBe(404);
    const card = ok(await head.get(`/api/crm/deals/${deals.callsOther!.id}`));
    expect(card.title).toBe('Обзвон: коллеги');
    expect((await employee.post('/api/crm/deals', { title: 'Новый тендер', responsibleId: p.users.employee.id, pipelineId: tenders.id })).statusCode).toBe(403);
    expect((await employee.post('/api/crm/deals', { title: 'Звонок коллеге', responsibleId: p.users.other.id, pipelineId: calls.id })).statusCode).toBe(403);
    const mine = ok(await employee.post('/api/crm/deals', { title: 'Мой звонок', responsibleId: p.users.employee.id, pipelineId: calls.id }));
    expect(mine.pipelineId).toBe(calls.id);
    ok(await admin.del(`/api/crm/deals/${mine.id}`));
  });

  it('acts in bulk only on the deals the pipeline scope covers', async () => {
    const all = ids('callsMine', 'callsOther', 'tendersMine');
    const res = ok(await employee.post('/api/crm/deal/bulk', { action: 'responsible', ids: all, responsibleId: p.users.employee.id }));
    expect(res.done).toBe(1);
    expect(res.denied.sort((a: number, b: number) => a - b)).toEqual(ids('callsOther', 'tendersMine'));
    expect(ok(await admin.get(`/api/crm/deals/${deals.callsOther!.id}`)).responsible.id).toBe(p.users.other.id);
  });

  it('exports only what the pipeline scope lets the user read and export', async () => {
    const text = (await employee.get('/api/crm/deal/export?format=csv')).body;
    expect(text).toContain('Обзвон: своя');
    expect(text).toContain('Продажа: коллеги');
    expect(text).not.toContain('Обзвон: коллеги');
    expect(text).not.toContain('Тендер: своя');
    const one = (await employee.get(`/api/crm/deal/export?format=csv&pipelineId=${tenders.id}`)).statusCode;
    expect(one).toBe(403);
  });

  it('imports deals only into the pipelines and for the responsibles the pipeline scope allows', async () => {
    const rows = [
      ['Название сделки', 'Воронка', 'Ответственный'],
      ['Импорт: свой звонок', 'Обзвон по ролям', 'Иван Сотрудников'],
      ['Импорт: звонок коллеги', 'Обзвон по ролям', 'Мария Другова'],
      ['Импорт: свой тендер', 'Тендеры', 'Иван Сотрудников'],
    ];
    const up = ok(await upload(employee, '/api/crm/deal/import', 'звонки.csv', csv(rows)));
    ok(await employee.post(`/api/crm/imports/${up.importId}/start`, { mapping: up.suggestedMapping, duplicatePolicy: 'create' }));
    // The live app's own workers may take the job first: run what is due, then wait for the end.
    const s = await waitFor(
      async () => {
        await runJobs(t);
        const now = ok(await employee.get(`/api/crm/imports/${up.importId}`));
        return now.status === 'done' ? now : undefined;
      },
      20_000,
      'the import ends',
    );
    expect(s).toMatchObject({ createdRows: 1, failedRows: 2 });
    const imported = (ok(await admin.get('/api/crm/deal/list?pageSize=200&search=Импорт')).items as { id: number; title: string }[]).map((r) => r.title);
    expect(imported).toEqual(['Импорт: свой звонок']);
  });

  it('tells the realtime socket only of deals the pipeline scope covers', async () => {
    const socket = await openSocket(url, socketHeaders(employee.cookies, p.portal.name));
    sockets.push(socket);
    const touch = async (d: Deal, title: string) => {
      const now = ok(await admin.get(`/api/crm/deals/${d.id}`));
      ok(await admin.patch(`/api/crm/deals/${d.id}`, { version: now.version, title }));
    };
    await touch(deals.tendersMine!, 'Тендер: своя, дороже');
    await touch(deals.callsOther!, 'Обзвон: коллеги, снова');
    await touch(deals.callsMine!, 'Обзвон: своя, снова');
    await waitFor(() => socket.messages.some((m) => m.entityType === 'deal' && m.entityId === String(deals.callsMine!.id)) || undefined, 10_000, 'the own call deal is heard');
    const heard = socket.messages.filter((m) => m.entityType === 'deal').map((m) => m.entityId);
    expect(heard).not.toContain(String(deals.tendersMine!.id));
    expect(heard).not.toContain(String(deals.callsOther!.id));
  });

  it('says in the effective permissions which pipelines have their own scopes', async () => {
    const mine = ok(await employee.get('/api/crm/me/permissions'));
    expect(mine.dealPipelines[String(calls.id)].read).toBe('own');
    expect(mine.dealPipelines[String(tenders.id)].read).toBe('none');
    expect(mine.permissions.deal.read).toBe('department');
    const heads = ok(await head.get('/api/crm/me/permissions'));
    expect(heads.dealPipelines[String(calls.id)]).toMatchObject({ read: 'department', edit: 'department' });
    expect(heads.roleIds).toHaveLength(2);
  });
});

describe('roles given to departments', () => {
  it('shows and changes a role’s departments, checking departments and pipelines', async () => {
    const roles = ok(await admin.get('/api/crm/roles')).items as any[];
    const members = roles.find((r) => r.name === 'Обзвон: сотрудник');
    expect(members.departments).toEqual([{ departmentId: p.departments.team, who: 'members' }]);
    expect(members.dealPipelines[String(calls.id)].read).toBe('own');
    const heads = roles.find((r) => r.name === 'Обзвон: руководитель');
    expect(heads.departments).toEqual([{ departmentId: p.departments.team, who: 'head' }]);

    const bad = await admin.patch(`/api/crm/roles/${members.id}`, { version: members.version, departments: [{ departmentId: 999999, who: 'members' }], dealPipelines: { '999999': every('all') } });
    expect(bad.statusCode).toBe(400);
    expect(fieldErrors(bad)).toEqual({ 'departments.0.departmentId': 'Нет такого отдела', 'dealPipelines.999999': 'Нет такой воронки' });
    expect((await admin.patch(`/api/crm/roles/${members.id}`, { version: members.version, departments: [{ departmentId: p.departments.team, who: 'everyone' }] })).statusCode).toBe(400);
  });

  it('reaches a department’s members, with its subdepartments only when asked, and its head', async () => {
    const roleOf = async (a: Agent) => (ok(await a.get('/api/crm/me/permissions')).roleIds as number[]).sort((x, y) => x - y);
    const wide = ok(await admin.post('/api/crm/roles', { name: 'Вся компания: экспорт', permissions: permissions('all'), departments: [{ departmentId: p.departments.root, who: 'members' }] }));
    // The root's members only: the team below it does not get the role.
    expect(await roleOf(other)).not.toContain(wide.id);
    const withSub = ok(await admin.patch(`/api/crm/roles/${wide.id}`, { version: wide.version, departments: [{ departmentId: p.departments.root, who: 'tree' }] }));
    expect(await roleOf(other)).toContain(wide.id);
    expect(await listIds(other)).toContain(deals.tendersMine!.id);
    ok(await admin.patch(`/api/crm/roles/${wide.id}`, { version: withSub.version, departments: [{ departmentId: p.departments.root, who: 'head' }] }));
    // The root has no head: nobody holds the role now.
    expect(await roleOf(other)).not.toContain(wide.id);
    expect(await listIds(other)).not.toContain(deals.tendersMine!.id);
    ok(await admin.del(`/api/crm/roles/${wide.id}`));
  });

  it('takes the default role away from whom a department role reaches, and gives it back', async () => {
    const roles = ok(await admin.get('/api/crm/roles')).items as any[];
    const def = roles.find((r) => r.isDefault);
    expect(ok(await employee.get('/api/crm/me/permissions')).roleIds as number[]).not.toContain(def.id);
    const members = roles.find((r) => r.name === 'Обзвон: сотрудник');
    const heads = roles.find((r) => r.name === 'Обзвон: руководитель');
    ok(await admin.patch(`/api/crm/roles/${members.id}`, { version: members.version, departments: [] }));
    ok(await admin.patch(`/api/crm/roles/${heads.id}`, { version: heads.version, departments: [] }));
    expect(ok(await employee.get('/api/crm/me/permissions')).roleIds).toEqual([def.id]);
    expect((await employee.get(`/api/crm/deals/${deals.callsOther!.id}`)).statusCode).toBe(200);
  });
});
