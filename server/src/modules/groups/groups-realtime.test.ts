import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, type Agent, type TestApp, type TestPortal } from '../../../test/harness.js';
import { waitFor } from '../../../test/support.js';
import { closeLiveApp, openSocket, socketHeaders, startLiveApp, type LiveSocket } from '../../../test/ws-client.js';

type Msg = LiveSocket['messages'][number];
const about = (s: LiveSocket, id: number) => s.messages.filter((m: Msg) => m.entityType === 'work_group' && m.entityId === String(id));
const heard = (s: LiveSocket, id: number, event: string, what: string) => waitFor(() => about(s, id).some((m) => m.event === event) || undefined, 10_000, what);

describe('realtime of groups', () => {
  let t: TestApp;
  let p: TestPortal;
  let url: string;
  const sockets: LiveSocket[] = [];
  let head: Agent;
  let employee: Agent;
  let other: Agent;
  beforeAll(async () => {
    ({ t, p, url } = await startLiveApp({ socketCheckMs: 3_600_000 }));
    [head, employee, other] = await Promise.all([signIn(t, p.portal.name, p.users.head.email), signIn(t, p.portal.name, p.users.employee.email), signIn(t, p.portal.name, p.users.other.email)]);
  });
  afterAll(() => closeLiveApp(t, sockets));
  const connect = async (a: Agent) => {
    const s = await openSocket(url, socketHeaders(a.cookies, p.portal.name));
    sockets.push(s);
    return s;
  };

  it('a secret group is heard by its members and its invitee, an open one by everyone', async () => {
    const [headSocket, employeeSocket, otherSocket] = await Promise.all([connect(head), connect(employee), connect(other)]);
    const secret = (await head.post('/api/groups', { name: 'Тайная', visibility: 'secret' })).json();
    await head.post(`/api/groups/${secret.id}/invitations`, { userIds: [p.users.employee.id] });
    await heard(headSocket, secret.id, 'group.member_changed', 'the owner hears the invitation');
    await heard(employeeSocket, secret.id, 'group.member_changed', 'the invitee hears their invitation');

    const open = (await head.post('/api/groups', { name: 'Открытая', visibility: 'open' })).json();
    await heard(otherSocket, open.id, 'group.created', 'everyone hears an open group');
    expect(about(otherSocket, secret.id)).toEqual([]);
    expect(JSON.stringify(otherSocket.messages)).not.toContain('Тайная');
  });
});
