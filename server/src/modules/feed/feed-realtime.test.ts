import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, type Agent, type TestApp, type TestPortal } from '../../../test/harness.js';
import { waitFor } from '../../../test/support.js';
import { closeLiveApp, openSocket, socketHeaders, startLiveApp, type LiveSocket } from '../../../test/ws-client.js';

type Msg = LiveSocket['messages'][number];
const about = (s: LiveSocket, id: number) => s.messages.filter((m: Msg) => m.entityType === 'feed_post' && m.entityId === String(id));
const count = (s: LiveSocket, id: number, event: string) => about(s, id).filter((m) => m.event === event).length;
const heard = (s: LiveSocket, id: number, event: string, times: number, what: string) => waitFor(() => count(s, id, event) >= times || undefined, 10_000, what);

describe('realtime of the feed', () => {
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

  it('an edit that leaves a reader out is heard by them once, so the post leaves their page; later edits are not', async () => {
    const [headSocket, otherSocket] = await Promise.all([connect(head), connect(other)]);
    const post = (await employee.post('/api/feed/posts', { html: '<p>Для всех</p>', audience: [{ type: 'all' }] })).json();
    await heard(otherSocket, post.id, 'feed.post.created', 1, 'everyone hears a post to everyone');
    const moved = (await employee.patch(`/api/feed/posts/${post.id}`, { version: post.version, html: post.html, audience: [{ type: 'user', id: p.users.head.id }] })).json();
    await heard(otherSocket, post.id, 'feed.post.updated', 1, 'the reader left out hears the edit that took the post away');
    await heard(headSocket, post.id, 'feed.post.updated', 1, 'the new reader hears it');
    expect((await other.get(`/api/feed/posts/${post.id}`)).statusCode).toBe(404);
    await employee.patch(`/api/feed/posts/${post.id}`, { version: moved.version, html: '<p>Только руководителю</p>' });
    await heard(headSocket, post.id, 'feed.post.updated', 2, 'the reader hears the next edit');
    expect(count(otherSocket, post.id, 'feed.post.updated')).toBe(1);
    expect(JSON.stringify(otherSocket.messages)).not.toContain('Только руководителю');
  });
});
