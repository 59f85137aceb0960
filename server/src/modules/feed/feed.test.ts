import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPortal, signIn, signInAll, type Agent, startTestApp, type TestApp, type TestPortal } from '../../../test/harness.js';
import { pngBytes, uploadFile } from '../../../test/files-support.js';
import { drainUntil } from '../../../test/support.js';

let t: TestApp;
let p: TestPortal;
let admin: Agent;
let head: Agent;
let employee: Agent;
let other: Agent;
let stranger: Agent;
let strangerId: number;

beforeAll(async () => {
  t = await startTestApp();
  p = await buildPortal(t);
  ({ admin, head, employee, other } = await signInAll(t, p));
  const q = await buildPortal(t);
  strangerId = q.users.employee.id;
  stranger = await signIn(t, q.portal.name, q.users.employee.email);
});
afterAll(() => t?.dispose());

const ok = (res: { statusCode: number; json(): unknown; body: string }): any => {
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const fields = (res: { json(): any }) => Object.fromEntries((res.json().error.fields ?? []).map((f: { field: string; message: string }) => [f.field, f.message]));
const feedIds = async (a: Agent, query = '') => ok(await a.get(`/api/feed${query}`)).items.map((x: { id: number }) => x.id) as number[];
const post = (a: Agent, body: Record<string, unknown>) => a.post('/api/feed/posts', { audience: [{ type: 'all' }], ...body });
const notifications = async (a: Agent) => ok(await a.get('/api/notifications')).items as { kind: string; title: string; url: string | null }[];

describe('posts and their audience', () => {
  it('shows a post to everyone newest first, with its author and the audience as chips', async () => {
    const first = ok(await post(admin, { html: '<p>Первое</p>' }));
    const second = ok(await post(employee, { html: '<p>Второе <b>важно</b></p>' }));
    const page = ok(await other.get('/api/feed'));
    const ids = page.items.map((x: { id: number }) => x.id);
    expect(ids.indexOf(second.id)).toBeLessThan(ids.indexOf(first.id));
    expect(page.items.find((x: { id: number }) => x.id === second.id)).toMatchObject({ kind: 'message', html: '<p>Второе <b>важно</b></p>', audience: [{ type: 'all', name: 'Всем сотрудникам' }] });
    expect(page.items.find((x: { id: number }) => x.id === second.id).author.fullName).toContain('Сотрудников');
  });

  it('keeps a personal post to its people (and administrators); others get 404 everywhere', async () => {
    const secret = ok(await post(employee, { html: '<p>Только для руководителя</p>', audience: [{ type: 'user', id: p.users.head.id }] }));
    expect(await feedIds(head)).toContain(secret.id);
    expect(await feedIds(employee)).toContain(secret.id);
    expect(await feedIds(admin)).toContain(secret.id);
    expect(await feedIds(other)).not.toContain(secret.id);
    expect((await other.get(`/api/feed/posts/${secret.id}`)).statusCode).toBe(404);
    expect((await other.post(`/api/comments/feed_post/${secret.id}`, { html: '<p>Я тоже</p>' })).statusCode).toBe(404);
    expect((await stranger.get(`/api/feed/posts/${secret.id}`)).statusCode).toBe(404);
    expect(await feedIds(stranger)).not.toContain(secret.id);
    const urls = async (a: Agent) => {
      return (ok(await a.get(`/api/search?q=${encodeURIComponent('Только для руководителя')}`)).groups as { items: { url: string }[] }[]).flatMap((g) => g.items.map((i) => i.url));
    };
    expect(await urls(head)).toContain(`/stream?post=${secret.id}`);
    expect(await urls(other)).not.toContain(`/stream?post=${secret.id}`);
    // Its file opens for its readers only.
    const file = ok(await uploadFile(t, employee, 'смета', 'smeta.txt', 'text/plain'));
    const withFile = ok(await post(employee, { html: '<p>Смета</p>', fileIds: [file.id], audience: [{ type: 'user', id: p.users.head.id }] }));
    expect(withFile.files.map((f: { id: number }) => f.id)).toEqual([file.id]);
    expect((await head.get(`/api/files/${file.id}`)).statusCode).toBe(200);
    expect((await other.get(`/api/files/${file.id}`)).statusCode).toBe(404);
  });

  it('takes a department with the ones below it, and a group only from its members', async () => {
    const toTeam = ok(await post(admin, { html: '<p>Отделу</p>', audience: [{ type: 'department', id: p.departments.team }] }));
    expect(await feedIds(employee)).toContain(toTeam.id);
    const toRoot = ok(await post(admin, { html: '<p>Всей компании по структуре</p>', audience: [{ type: 'department', id: p.departments.root }] }));
    expect(await feedIds(other)).toContain(toRoot.id);

    const group = ok(await head.post('/api/groups', { name: 'Закрытая группа', visibility: 'closed', memberIds: [p.users.employee.id] }));
    const refused = await post(other, { html: '<p>В чужую группу</p>', audience: [{ type: 'group', id: group.id }] });
    expect(refused.statusCode).toBe(400);
    expect(fields(refused)['audience.0']).toBe('Писать в группу могут только её участники');
    const inGroup = ok(await post(employee, { html: '<p>Группе</p>', audience: [{ type: 'group', id: group.id }] }));
    expect(await feedIds(head)).toContain(inGroup.id);
    expect(await feedIds(other)).not.toContain(inGroup.id);
    expect(await feedIds(employee, `?groupId=${group.id}`)).toEqual([inGroup.id]);
    expect((await other.get(`/api/feed?groupId=${group.id}`)).statusCode).toBe(404);
  });

  it('refuses an empty post, a post to nobody, someone of another portal, and stores no unsafe HTML', async () => {
    const empty = await post(employee, { html: '<p> </p><script>alert(1)</script>' });
    expect(empty.statusCode).toBe(400);
    expect(fields(empty).html).toBe('Напишите текст сообщения');
    const nobody = await post(employee, { html: '<p>Кому-то</p>', audience: [] });
    expect(fields(nobody).audience).toBe('Выберите, кому адресовано сообщение');
    const foreign = await post(employee, { html: '<p>Чужому</p>', audience: [{ type: 'user', id: strangerId }] });
    expect(fields(foreign)['audience.0']).toBe('Сотрудник не найден');
    const dirty = ok(
      await post(employee, {
        html: '<p onclick="x()" style="position:fixed;inset:0">Текст <a href="javascript:alert(1)">ссылка</a><img src="https://evil.example/x.png" onerror="alert(1)"></p><iframe src="https://evil"></iframe>',
      }),
    );
    expect(dirty.html).not.toMatch(/onclick|style|javascript|iframe|onerror|evil/);
    expect(dirty.html).toContain('Текст');
  });

  it('refuses a picture in the text that is not an image file of the author', async () => {
    const text = ok(await uploadFile(t, employee, 'не картинка', 'note.txt', 'text/plain'));
    const bad = await post(employee, { html: `<p>Смотрите</p><img src="/api/files/${text.id}">` });
    expect(bad.statusCode).toBe(400);
    expect(fields(bad).html).toContain('картинку');
    const png = ok(await uploadFile(t, employee, pngBytes(), 'chart.png', 'image/png'));
    const good = ok(await post(employee, { html: `<p>Смотрите</p><img src="/api/files/${png.id}">` }));
    expect(good.html).toContain(`/api/files/${png.id}`);
    // The picture is attached where the post lives: its readers may open it.
    expect((await other.get(`/api/files/${png.id}`)).statusCode).toBe(200);
  });

  it('lets only the author or an administrator edit and delete, and records the edit', async () => {
    const mine = ok(await post(employee, { html: '<p>Черновик мысли</p>' }));
    expect((await other.patch(`/api/feed/posts/${mine.id}`, { version: mine.version, html: '<p>Чужая правка</p>' })).statusCode).toBe(403);
    const edited = ok(await employee.patch(`/api/feed/posts/${mine.id}`, { version: mine.version, html: '<p>Готовая мысль</p>' }));
    expect(edited).toMatchObject({ html: '<p>Готовая мысль</p>', version: mine.version + 1 });
    expect(edited.editedAt).not.toBeNull();
    expect((await employee.patch(`/api/feed/posts/${mine.id}`, { version: mine.version, html: '<p>Старая версия</p>' })).statusCode).toBe(409);
    expect((await other.del(`/api/feed/posts/${mine.id}`)).statusCode).toBe(403);
    ok(await admin.del(`/api/feed/posts/${mine.id}`));
    expect((await employee.get(`/api/feed/posts/${mine.id}`)).statusCode).toBe(404);
  });

  it('moves a post to another audience on edit: those left out lose it, the new readers get it, files can be taken off', async () => {
    const file = ok(await uploadFile(t, employee, 'план', 'plan.txt', 'text/plain'));
    const mine = ok(await post(employee, { html: '<p>План на квартал</p>', fileIds: [file.id] }));
    expect(await feedIds(other)).toContain(mine.id);
    const moved = ok(await employee.patch(`/api/feed/posts/${mine.id}`, { version: mine.version, title: 'Квартал', html: mine.html, fileIds: [], audience: [{ type: 'user', id: p.users.head.id }] }));
    expect(moved.title).toBe('Квартал');
    expect(moved.files).toEqual([]);
    expect(moved.audience.map((c: { type: string; id: number | null }) => [c.type, c.id])).toEqual([['user', p.users.head.id]]);
    expect(await feedIds(head)).toContain(mine.id);
    expect(await feedIds(other)).not.toContain(mine.id);
    expect((await other.get(`/api/feed/posts/${mine.id}`)).statusCode).toBe(404);
    // An edit to nobody is refused and changes nothing.
    const none = await employee.patch(`/api/feed/posts/${mine.id}`, { version: moved.version, html: mine.html, audience: [] });
    expect(fields(none).audience).toBeTruthy();
    expect(ok(await head.get(`/api/feed/posts/${mine.id}`)).version).toBe(moved.version);
  });

  it('finds posts by words, author and dates, and pages with a cursor without repeats', async () => {
    const word = `слово${Date.now()}`;
    const made: number[] = [];
    for (let i = 0; i < 5; i++) made.push(ok(await post(head, { html: `<p>${word} номер ${i}</p>` })).id);
    expect(await feedIds(other, `?q=${word}`)).toEqual([...made].reverse());
    expect(await feedIds(other, `?q=${word}&authorId=${p.users.employee.id}`)).toEqual([]);
    const first = ok(await other.get(`/api/feed?q=${word}&limit=2`));
    expect(first.items.map((x: { id: number }) => x.id)).toEqual([made[4], made[3]]);
    const second = ok(await other.get(`/api/feed?q=${word}&limit=2&cursor=${first.nextCursor}`));
    expect(second.items.map((x: { id: number }) => x.id)).toEqual([made[2], made[1]]);
    const today = new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/Moscow' });
    expect(await feedIds(other, `?q=${word}&from=${today}&to=${today}`)).toHaveLength(5);
    expect(await feedIds(other, `?q=${word}&to=2020-01-01`)).toEqual([]);
    const bad = await other.get(`/api/feed?from=${today}&to=2020-01-01`);
    expect(bad.statusCode).toBe(400);
    expect(fields(bad).to).toBe('Дата «по» не может быть раньше даты «с»');
    // «Мои»: the reader's own posts only.
    expect((await feedIds(head, `?filter=mine&q=${word}`)).length).toBe(5);
    expect(await feedIds(other, `?filter=mine&q=${word}`)).toEqual([]);
  });
});

describe('views', () => {
  it('counts a view once per person and shows the author who viewed', async () => {
    const mine = ok(await post(employee, { html: '<p>Кто прочитает?</p>' }));
    expect(ok(await other.post('/api/feed/views', { postIds: [mine.id] })).recorded).toBe(1);
    expect(ok(await other.post('/api/feed/views', { postIds: [mine.id, mine.id] })).recorded).toBe(0);
    ok(await head.post('/api/feed/views', { postIds: [mine.id] }));
    const list = ok(await employee.get(`/api/feed/posts/${mine.id}/viewers`));
    expect(list.total).toBe(2);
    expect(list.items.map((v: { user: { id: number } }) => v.user.id).sort()).toEqual([p.users.head.id, p.users.other.id].sort());
    expect(list.nextOffset).toBeNull();
    // Page by page, newest view first.
    const first = ok(await employee.get(`/api/feed/posts/${mine.id}/viewers?limit=1`));
    expect(first.items.map((v: { user: { id: number } }) => v.user.id)).toEqual([list.items[0].user.id]);
    expect(first.nextOffset).toBe(1);
    const second = ok(await employee.get(`/api/feed/posts/${mine.id}/viewers?limit=1&offset=1`));
    expect(second.items.map((v: { user: { id: number } }) => v.user.id)).toEqual([list.items[1].user.id]);
    expect(second.nextOffset).toBeNull();
    expect(ok(await other.get(`/api/feed/posts/${mine.id}`)).viewCount).toBe(2);
    expect((await other.get(`/api/feed/posts/${mine.id}/viewers`)).statusCode).toBe(403);
    // A post the reader may not see is not counted.
    const secret = ok(await post(employee, { html: '<p>Лично</p>', audience: [{ type: 'user', id: p.users.head.id }] }));
    expect(ok(await other.post('/api/feed/views', { postIds: [secret.id] })).recorded).toBe(0);
  });

  it('counts views that arrive at once only once', async () => {
    const mine = ok(await post(employee, { html: '<p>Одновременно</p>' }));
    await Promise.all([other, other, other, head, head].map((a) => a.post('/api/feed/views', { postIds: [mine.id] })));
    expect(ok(await employee.get(`/api/feed/posts/${mine.id}`)).viewCount).toBe(2);
  });
});

describe('kinds', () => {
  it('pins an important message until «Прочитал», and tells the author who has and has not read it', async () => {
    const imp = ok(await post(head, { kind: 'important', title: 'Собрание', html: '<p>В пятницу в 10:00</p>', audience: [{ type: 'department', id: p.departments.team }] }));
    const before = ok(await other.get('/api/feed'));
    expect(before.pinned.map((x: { id: number }) => x.id)).toContain(imp.id);
    expect(before.items.map((x: { id: number }) => x.id)).not.toContain(imp.id);
    const read = ok(await other.post(`/api/feed/posts/${imp.id}/read`));
    expect(read.important).toEqual({ read: true, readCount: 1 });
    expect(ok(await other.get('/api/feed')).pinned.map((x: { id: number }) => x.id)).not.toContain(imp.id);
    expect(ok(await other.get('/api/feed?filter=important')).items.map((x: { id: number }) => x.id)).toContain(imp.id);
    const readers = ok(await head.get(`/api/feed/posts/${imp.id}/readers`));
    expect(readers.items.map((r: { user: { id: number } }) => r.user.id)).toEqual([p.users.other.id]);
    const unread = ok(await head.get(`/api/feed/posts/${imp.id}/readers?list=unread`));
    expect(unread.readCount).toBe(1);
    expect(unread.unreadCount).toBe(unread.items.length);
    expect(unread.items.map((r: { user: { id: number } }) => r.user.id)).toContain(p.users.employee.id);
    expect(unread.items.map((r: { user: { id: number } }) => r.user.id)).not.toContain(p.users.other.id);
    // One at a time: the pages join up to the whole list, each name once.
    const paged: number[] = [];
    for (let offset: number | null = 0; offset !== null;) {
      const pg = ok(await head.get(`/api/feed/posts/${imp.id}/readers?list=unread&limit=1&offset=${offset}`));
      expect(pg.items.length).toBe(1);
      paged.push(pg.items[0].user.id);
      offset = pg.nextOffset;
    }
    expect(paged).toEqual(unread.items.map((r: { user: { id: number } }) => r.user.id));
    expect(fields(await head.get(`/api/feed/posts/${imp.id}/readers?list=all`)).list).toBeTruthy();
    const plain = ok(await post(head, { html: '<p>Обычное</p>' }));
    expect(fields(await other.post(`/api/feed/posts/${plain.id}/read`)).postId).toBe('Это сообщение не отмечено как важное');
  });

  it('counts a poll’s votes, shows results after voting, and refuses a second choice in a single-choice poll', async () => {
    const poll = ok(await post(admin, { kind: 'poll', html: '', poll: { question: 'Где обедаем?', options: ['Кафе', 'Столовая'] } }));
    const seen = ok(await other.get(`/api/feed/posts/${poll.id}`));
    expect(seen.poll.options.map((o: { votes: number | null }) => o.votes)).toEqual([null, null]);
    const two = await other.post(`/api/feed/posts/${poll.id}/vote`, { optionIds: [1, 2] });
    expect(fields(two).optionIds).toBe('В этом опросе можно выбрать только один вариант');
    expect(fields(await other.post(`/api/feed/posts/${poll.id}/vote`, { optionIds: [7] }))['optionIds.0']).toBe('Такого варианта ответа нет');
    const voted = ok(await other.post(`/api/feed/posts/${poll.id}/vote`, { optionIds: [1] }));
    expect(voted.poll).toMatchObject({ voters: 1, myChoices: [1] });
    expect(voted.poll.options.map((o: { votes: number }) => o.votes)).toEqual([1, 0]);
    ok(await employee.post(`/api/feed/posts/${poll.id}/vote`, { optionIds: [2] }));
    // A changed vote replaces the earlier one.
    const changed = ok(await other.post(`/api/feed/posts/${poll.id}/vote`, { optionIds: [2] }));
    expect(changed.poll.options.map((o: { votes: number }) => o.votes)).toEqual([0, 2]);
    const repeat = await post(admin, { kind: 'poll', html: '', poll: { question: 'Да?', options: ['Да', 'да'] } });
    expect(fields(repeat)['poll.options']).toBe('Варианты ответа не должны повторяться');
    expect(fields(await post(admin, { kind: 'poll', html: '' })).poll).toBe('Добавьте вопрос и хотя бы два варианта ответа');
  });

  it('shows a thanks on the thanked person’s profile and tells them', async () => {
    const thanks = ok(await post(head, { kind: 'thanks', html: '<p>За отчёт!</p>', thanks: { userIds: [p.users.other.id], badge: 'cup' } }));
    expect(thanks.thanks).toMatchObject({ badge: 'cup', users: [{ id: p.users.other.id }] });
    const list = ok(await employee.get(`/api/feed/thanks/${p.users.other.id}`));
    expect(list.items[0]).toMatchObject({ postId: thanks.id, badge: 'cup', text: 'За отчёт!' });
    await drainUntil(t, async () => (await notifications(other)).some((n) => n.kind === 'feed.thanks'));
    expect((await notifications(other)).find((n) => n.kind === 'feed.thanks')).toMatchObject({ title: 'Ольга Начальникова благодарит вас', url: `/stream?post=${thanks.id}` });
    expect(fields(await post(head, { kind: 'thanks', html: '', thanks: { userIds: [strangerId] } }))['thanks.userIds.0']).toBe('Поблагодарить можно только сотрудника портала');
  });
});

describe('comments, reactions and notifications', () => {
  it('shows the latest comments in the feed and tells the author and earlier commenters', async () => {
    const mine = ok(await post(employee, { html: '<p>Обсудим?</p>' }));
    ok(await other.post(`/api/comments/feed_post/${mine.id}`, { html: '<p>Да</p>' }));
    ok(await head.post(`/api/comments/feed_post/${mine.id}`, { html: '<p>Конечно</p>' }));
    const shown = ok(await employee.get(`/api/feed/posts/${mine.id}`));
    expect(shown.commentCount).toBe(2);
    expect(shown.comments.map((c: { html: string }) => c.html)).toEqual(['<p>Да</p>', '<p>Конечно</p>']);
    await drainUntil(t, async () => (await notifications(other)).some((n) => n.kind === 'feed.comment' && n.url === `/stream?post=${mine.id}`));
    const toAuthor = (await notifications(employee)).filter((n) => n.kind === 'feed.comment' && n.url === `/stream?post=${mine.id}`);
    expect(toAuthor.map((n) => n.title)).toEqual(expect.arrayContaining(['Мария Другова прокомментировал ваше сообщение', 'Ольга Начальникова прокомментировал ваше сообщение']));
    expect((await notifications(other)).find((n) => n.kind === 'feed.comment')!.title).toBe('Ольга Начальникова прокомментировал сообщение, которое вы обсуждали');
  });

  it('takes reactions on a post and shows them in the feed', async () => {
    const mine = ok(await post(employee, { html: '<p>Нравится?</p>' }));
    ok(await other.post(`/api/reactions/feed_post/${mine.id}`, { emoji: '👍' }));
    ok(await head.post(`/api/reactions/feed_post/${mine.id}`, { emoji: '👍' }));
    ok(await head.post(`/api/reactions/feed_post/${mine.id}`, { emoji: '🎉' }));
    const shown = ok(await other.get(`/api/feed/posts/${mine.id}`));
    expect(shown.reactions).toEqual([
      { emoji: '👍', count: 2, mine: true },
      { emoji: '🎉', count: 1, mine: false },
    ]);
    const secret = ok(await post(employee, { html: '<p>Лично</p>', audience: [{ type: 'user', id: p.users.head.id }] }));
    expect((await other.post(`/api/reactions/feed_post/${secret.id}`, { emoji: '👍' })).statusCode).toBe(404);
  });

  it('tells the mentioned and the people a post is addressed to, only those who may read it', async () => {
    const mention = ok(
      await post(employee, { html: `<p>Смотри, <span data-mention="${p.users.other.id}">@Мария</span></p>`, mentions: [p.users.other.id], audience: [{ type: 'user', id: p.users.head.id }] }),
    );
    await drainUntil(t, async () => (await notifications(head)).some((n) => n.url === `/stream?post=${mention.id}`));
    expect((await notifications(head)).find((n) => n.url === `/stream?post=${mention.id}`)).toMatchObject({ kind: 'feed.personal', title: 'Иван Сотрудников написал вам сообщение' });
    // Mentioned, but not among the readers: not told.
    expect((await notifications(other)).some((n) => n.url === `/stream?post=${mention.id}`)).toBe(false);
  });
});

describe('module posts', () => {
  it('publishes an event of the company calendar to everyone, hidden with «hideSources» and gone with the event', async () => {
    const cals = ok(await employee.get('/api/calendar/calendars')).items as { id: number; kind: string }[];
    const company = cals.find((c) => c.kind === 'company')!.id;
    const start = new Date(Date.now() + 3 * 86_400_000);
    const event = ok(
      await employee.post('/api/calendar/events', { calendarId: company, title: 'Корпоратив в пятницу', startAt: start.toISOString(), endAt: new Date(start.getTime() + 3_600_000).toISOString() }),
    );
    const published = await drainUntil(t, async () =>
      ok(await other.get('/api/feed')).items.find((x: { kind: string; title: string }) => x.kind === 'calendar.event' && x.title === 'Корпоратив в пятницу'),
    );
    expect(published).toMatchObject({ source: true, canManage: false, audience: [{ type: 'all' }], link: { url: `/calendar?event=${event.id}` } });
    expect(published.html).toContain('Событие в календаре компании');
    expect((await feedIds(other, '?hideSources=true')).includes(published.id)).toBe(false);
    // Only the company calendar's events are news: one's own calendar stays private.
    const mine = cals.find((c) => c.kind === 'user')!.id;
    ok(await employee.post('/api/calendar/events', { calendarId: mine, title: 'Личная встреча', startAt: start.toISOString(), endAt: new Date(start.getTime() + 3_600_000).toISOString() }));
    ok(await employee.del(`/api/calendar/events/${event.id}`));
    await drainUntil(t, async () => !(await feedIds(other)).includes(published.id));
    expect(ok(await other.get('/api/feed')).items.some((x: { title: string }) => x.title === 'Личная встреча')).toBe(false);
  });
});

describe('search', () => {
  type Hit = { title: string; url: string };
  const hits = async (a: Agent, q: string): Promise<Hit[]> => {
    const res = ok(await a.get(`/api/search?q=${encodeURIComponent(q)}`));
    return (res.groups as { kind: string; items: Hit[] }[]).filter((g) => g.kind === 'feed.post').flatMap((g) => g.items);
  };
  const finds = async (a: Agent, q: string, id: number) => (await hits(a, q)).some((h) => h.url === `/stream?post=${id}`);
  const page = async (a: Agent, q: string) => {
    return ok(await a.get(`/api/search/page?q=${encodeURIComponent(q)}&module=feed`)) as {
      items: { kind: string; id: string; title: string; author: { id: number } | null; date: string | null }[];
      kinds: { kind: string; count: number }[];
    };
  };

  it('finds a post by another form of its words, by its title and by its comments', async () => {
    const titled = ok(await post(employee, { title: 'Совещание отдела продаж', html: '<p>Итоги квартала и планы</p>' }));
    const plain = ok(await post(head, { html: '<p>Переезд офиса на новую площадку состоится в марте, просьба собрать вещи заранее</p>' }));
    expect((await hits(other, 'совещания')).find((h) => h.url === `/stream?post=${titled.id}`)?.title).toBe('Совещание отдела продаж');
    expect(await finds(other, 'итогам квартала', titled.id)).toBe(true);
    expect((await hits(other, 'переезда офиса')).find((h) => h.url === `/stream?post=${plain.id}`)?.title).toMatch(/^Переезд офиса на новую площадку/);
    ok(await head.post(`/api/comments/feed_post/${titled.id}`, { html: '<p>Согласовано с бухгалтерией</p>' }));
    expect(await finds(other, 'бухгалтерии', titled.id)).toBe(true);
    const shown = await page(other, 'совещания');
    expect(shown.items.find((i) => i.id === String(titled.id))).toMatchObject({ kind: 'feed.post', author: { id: p.users.employee.id }, date: titled.createdAt });
    expect(shown.kinds.find((k) => k.kind === 'feed.post')?.count).toBeGreaterThanOrEqual(1);
  });

  it('finds a post only for its audience, and counts it only for them', async () => {
    const secret = ok(await post(employee, { html: '<p>Премиальный фонд утверждён</p>', audience: [{ type: 'user', id: p.users.head.id }] }));
    expect(await finds(head, 'премиального фонда', secret.id)).toBe(true);
    expect(await finds(employee, 'премиального фонда', secret.id)).toBe(true);
    expect(await finds(admin, 'премиального фонда', secret.id)).toBe(true);
    expect(await hits(other, 'премиального фонда')).toEqual([]);
    expect(await hits(stranger, 'премиального фонда')).toEqual([]);
    const counted = await page(other, 'премиального фонда');
    expect(counted.items).toEqual([]);
    expect(counted.kinds).toEqual([]);
    expect((await page(head, 'премиального фонда')).kinds).toEqual([expect.objectContaining({ kind: 'feed.post', count: 1 })]);
    // Moved to another audience: those left out no longer find it.
    const moved = ok(await employee.patch(`/api/feed/posts/${secret.id}`, { version: secret.version, html: secret.html, audience: [{ type: 'user', id: p.users.other.id }] }));
    expect(moved.version).toBe(secret.version + 1);
    expect(await hits(head, 'премиального фонда')).toEqual([]);
    expect(await finds(other, 'премиального фонда', secret.id)).toBe(true);
  });

  it('follows groups: a closed group’s post for its members (as they are at the time of the query), an open group’s for everyone', async () => {
    const closed = ok(await head.post('/api/groups', { name: 'Группа закупщиков', visibility: 'closed', memberIds: [p.users.employee.id] }));
    const inClosed = ok(await post(employee, { html: '<p>Тендер на поставку бумаги</p>', audience: [{ type: 'group', id: closed.id }] }));
    expect(await finds(head, 'тендера', inClosed.id)).toBe(true);
    expect(await hits(other, 'тендера')).toEqual([]);
    ok(await head.post(`/api/groups/${closed.id}/invitations`, { userIds: [p.users.other.id] }));
    ok(await other.post(`/api/groups/${closed.id}/invitation/accept`));
    expect(await finds(other, 'тендера', inClosed.id)).toBe(true);
    const open = ok(await head.post('/api/groups', { name: 'Клуб любителей бега', visibility: 'open', memberIds: [] }));
    const inOpen = ok(await post(head, { html: '<p>Забег по набережной в субботу</p>', audience: [{ type: 'group', id: open.id }] }));
    expect(await finds(other, 'забега', inOpen.id)).toBe(true);
    expect(await hits(stranger, 'забега')).toEqual([]);
  });

  it('follows a department: a person moved into it finds its posts at once', async () => {
    const dept = ok(await admin.post('/api/departments', { name: 'Отдел логистики', parentId: p.departments.root }));
    const toDept = ok(await post(admin, { html: '<p>Инвентаризация склада в пятницу</p>', audience: [{ type: 'department', id: dept.id }] }));
    expect(await hits(other, 'инвентаризации склада')).toEqual([]);
    const move = async (departmentId: number) => {
      const me = ok(await admin.get(`/api/users/${p.users.other.id}`));
      ok(await admin.patch(`/api/users/${p.users.other.id}`, { version: me.version, departmentId }));
    };
    await move(dept.id);
    try {
      expect(await finds(other, 'инвентаризации склада', toDept.id)).toBe(true);
    } finally {
      await move(p.departments.team);
    }
    expect(await hits(other, 'инвентаризации склада')).toEqual([]);
  });

  it('takes a deleted post out of the search', async () => {
    const gone = ok(await post(employee, { html: '<p>Объявление о распродаже мебели</p>' }));
    expect(await finds(other, 'распродажа мебели', gone.id)).toBe(true);
    ok(await employee.del(`/api/feed/posts/${gone.id}`));
    expect(await hits(other, 'распродажа мебели')).toEqual([]);
    expect(await hits(admin, 'распродажа мебели')).toEqual([]);
    expect((await page(admin, 'распродажа мебели')).kinds).toEqual([]);
  });
});
