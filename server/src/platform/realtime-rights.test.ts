import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, type Agent, type TestApp, type TestPortal } from '../../test/harness.js';
import { waitFor } from '../../test/support.js';
import { crmData } from '../../test/crm/deals-support.js';
import { closeLiveApp, openSocket, socketHeaders, startLiveApp, type LiveSocket } from '../../test/ws-client.js';

type Msg = LiveSocket['messages'][number];
const about = (s: LiveSocket, entityType: string, id: number) => s.messages.filter((m: Msg) => m.entityType === entityType && m.entityId === String(id));
const heard = (s: LiveSocket, entityType: string, id: number, event: string, what: string) => waitFor(() => about(s, entityType, id).some((m) => m.event === event) || undefined, 10_000, what);

describe('realtime by rights: a socket hears only what its user may read', () => {
  let t: TestApp;
  let p: TestPortal;
  let url: string;
  const sockets: LiveSocket[] = [];
  let admin: Agent;
  let employee: Agent;
  beforeAll(async () => {
    ({ t, p, url } = await startLiveApp({ socketCheckMs: 3_600_000 }));
    admin = await signIn(t, p.portal.name, p.users.admin.email);
    employee = await signIn(t, p.portal.name, p.users.employee.email);
  });
  afterAll(() => closeLiveApp(t, sockets));
  const connect = async (a: Agent) => {
    const s = await openSocket(url, socketHeaders(a.cookies, p.portal.name));
    sockets.push(s);
    return s;
  };
  const newDeal = async (by: Agent, title: string, responsibleId: number) => {
    const res = await by.post('/api/crm/deals', { title, responsibleId });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { id: number; version: number };
  };

  it('tells a user nothing about a deal they may not read, while its readers hear every change of it', async () => {
    const adminSocket = await connect(admin);
    const employeeSocket = await connect(employee);
    // «Сотрудник» reads their department's deals: the administrator's (another department) is not theirs.
    const secret = await newDeal(admin, 'Секретная сделка', p.users.admin.id);
    expect((await employee.get(`/api/crm/deals/${secret.id}`)).statusCode).toBe(404);
    const patched = await admin.patch(`/api/crm/deals/${secret.id}`, { version: secret.version, title: 'Секретная сделка, дороже' });
    expect(patched.statusCode, patched.body).toBe(200);
    expect((await admin.post(`/api/crm/deal/${secret.id}/comments`, { html: '<p>Только для своих</p>' })).statusCode).toBe(200);

    await heard(adminSocket, 'deal', secret.id, 'crm.deal.created', 'the reader hears the creation');
    await heard(adminSocket, 'deal', secret.id, 'crm.deal.updated', 'the reader hears the change');
    await waitFor(() => adminSocket.messages.some((m) => m.entityType === 'comment' && m.event === 'comments.comment.created') || undefined, 10_000, 'the reader hears the comment');
    expect((await admin.del(`/api/crm/deals/${secret.id}`)).statusCode).toBe(200);
    await heard(adminSocket, 'deal', secret.id, 'crm.deal.deleted', 'the reader hears the deletion');

    // A deal of the employee's own: once its creation reached their socket, everything before it has been delivered (or never will be).
    const mine = await newDeal(admin, 'Сделка сотрудника', p.users.employee.id);
    await heard(employeeSocket, 'deal', mine.id, 'crm.deal.created', 'the employee hears their own deal');
    expect(employeeSocket.messages.filter((m) => m.type === 'entity.changed' && m.entityType !== 'deal' && m.entityType !== 'user' && m.entityType !== 'department')).toEqual([]);
    expect(about(employeeSocket, 'deal', secret.id)).toEqual([]);
    expect(employeeSocket.messages.filter((m) => m.type === 'entity.changed').map((m) => m.entityId)).toEqual([String(mine.id)]);
    expect(JSON.stringify(employeeSocket.messages)).not.toContain('Секретная');

    // And the deletion of a deal they could read reaches them, though it is gone when they are asked about.
    expect((await admin.del(`/api/crm/deals/${mine.id}`)).statusCode).toBe(200);
    await heard(employeeSocket, 'deal', mine.id, 'crm.deal.deleted', 'the employee hears the deletion of their deal');
  });

  it("follows the user's rights as they are when the change happens, not when the socket opened", async () => {
    const head = await signIn(t, p.portal.name, p.users.head.email);
    const headSocket = await connect(head);
    const before = await newDeal(admin, 'До роли', p.users.admin.id);
    // The head's own deal, heard after the one before it was checked (and refused): a socket's checks run in order.
    const own = await newDeal(admin, 'Сделка руководителя', p.users.head.id);
    await heard(headSocket, 'deal', own.id, 'crm.deal.created', 'the head hears their own deal');
    // A role that reads every deal, given while the socket is open.
    await crmData(t, p).role(p.users.head.id, () => undefined, 'Читает всё');
    const after = await newDeal(admin, 'После роли', p.users.admin.id);
    await heard(headSocket, 'deal', after.id, 'crm.deal.created', 'the head hears a deal the new role lets them read');
    expect(about(headSocket, 'deal', before.id)).toEqual([]);
  });
});
