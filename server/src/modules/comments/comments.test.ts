import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientsWorld, fieldErrors, giveRole, ok, type ClientsWorld } from '../../../test/crm/clients-fixtures.js';
import { uploadFile } from '../../../test/files-support.js';
import { systemCtxFor } from '../../../test/support.js';
import { actorCtx, type Actor, type Ctx } from '../../platform/context.js';
import { t } from '../../platform/i18n/index.js';
import { restoreItems } from '../crm/trash/api.js';
import type { KyselyPlugin } from 'kysely';
import { commentCounts, deleteCommentsOf, latestComments, listComments } from './api.js';

let w: ClientsWorld;
beforeAll(async () => {
  w = await clientsWorld();
  // «other» sees only the CRM items they are responsible for.
  await giveRole(w.t, w.p, w.p.users.other.id, 'own');
});
afterAll(() => w?.t.dispose());

const deal = async (title: string, responsibleId = w.p.users.employee.id) => ok(await w.admin.post('/api/crm/deals', { title, responsibleId })).id as number;
const asEmployee = (): Ctx => {
  const actor: Actor = { userId: w.p.users.employee.id, accountId: 0, portalId: w.p.portal.id, role: 'employee', departmentId: w.p.departments.team, language: 'ru' };
  return { ...systemCtxFor(w.t, w.p.portal), actor };
};

describe('comments on any commentable item: /api/comments/:type/:id', () => {
  it('writes, lists newest first a page at a time, edits with a version and deletes', async () => {
    const id = await deal('Сделка для обсуждения');
    const first = ok(await w.employee.post(`/api/comments/deal/${id}`, { html: '<p>Первый</p>' }));
    expect(first).toMatchObject({ itemType: 'deal', itemId: id, html: '<p>Первый</p>', version: 1, canManage: true, files: [], mentions: [] });
    expect(first.author).toMatchObject({ id: w.p.users.employee.id, fullName: 'Иван Сотрудников' });
    for (const n of [2, 3]) ok(await w.head.post(`/api/comments/deal/${id}`, { html: `<p>Ответ ${n}</p>` }));

    const page1 = ok(await w.employee.get(`/api/comments/deal/${id}?pageSize=2`));
    expect(page1).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(page1.items.map((c: any) => c.html)).toEqual(['<p>Ответ 3</p>', '<p>Ответ 2</p>']);
    expect(page1.items.map((c: any) => c.canManage)).toEqual([false, false]);
    const page2 = ok(await w.employee.get(`/api/comments/deal/${id}?pageSize=2&page=2`));
    expect(page2.items.map((c: any) => c.id)).toEqual([first.id]);

    const edited = ok(await w.employee.patch(`/api/comments/item/${first.id}`, { html: '<p>Первый, исправлен</p>', version: 1 }));
    expect(edited).toMatchObject({ html: '<p>Первый, исправлен</p>', version: 2 });
    expect((await w.employee.patch(`/api/comments/item/${first.id}`, { html: '<p>Устарело</p>', version: 1 })).statusCode).toBe(409);
    // The CRM's timeline shows the same comments.
    const timeline = ok(await w.employee.get(`/api/crm/deal/${id}/timeline`)).items.filter((i: any) => i.kind === 'comment');
    expect(timeline.map((c: any) => c.html)).toEqual(['<p>Ответ 3</p>', '<p>Ответ 2</p>', '<p>Первый, исправлен</p>']);

    ok(await w.employee.del(`/api/comments/item/${first.id}`));
    expect(ok(await w.employee.get(`/api/comments/deal/${id}`)).total).toBe(2);
    expect((await w.employee.del(`/api/comments/item/${first.id}`)).statusCode).toBe(404);
  });

  it('answers 404 to whoever may not read the item, to another portal and for a type nobody comments', async () => {
    const id = await deal('Закрытая сделка', w.p.users.head.id);
    const c = ok(await w.head.post(`/api/comments/deal/${id}`, { html: '<p>Секрет</p>' }));
    for (const a of [w.other, w.stranger]) {
      expect((await a.get(`/api/comments/deal/${id}`)).statusCode).toBe(404);
      expect((await a.post(`/api/comments/deal/${id}`, { html: '<p>Я тут</p>' })).statusCode).toBe(404);
      expect((await a.patch(`/api/comments/item/${c.id}`, { html: '<p>Правка</p>' })).statusCode).toBe(404);
      expect((await a.del(`/api/comments/item/${c.id}`)).statusCode).toBe(404);
    }
    expect((await w.admin.get(`/api/comments/planet/${id}`)).statusCode).toBe(404);
    expect((await w.admin.post(`/api/comments/history/${id}`, { html: '<p>x</p>' })).statusCode).toBe(404);
    expect((await w.admin.get(`/api/comments/deal/999999`)).statusCode).toBe(404);
    expect(ok(await w.employee.get(`/api/comments/deal/${id}`)).items.map((x: any) => x.html)).toEqual(['<p>Секрет</p>']);
  });

  it('lets only the author or an administrator change a comment: a reader gets 403', async () => {
    const id = await deal('Сделка с чужим комментарием');
    const c = ok(await w.employee.post(`/api/comments/deal/${id}`, { html: '<p>Моё</p>' }));
    expect((await w.head.patch(`/api/comments/item/${c.id}`, { html: '<p>Чужая правка</p>' })).statusCode).toBe(403);
    expect((await w.head.del(`/api/comments/item/${c.id}`)).statusCode).toBe(403);
    expect(ok(await w.admin.patch(`/api/comments/item/${c.id}`, { html: '<p>Поправил администратор</p>' })).canManage).toBe(true);
    ok(await w.admin.del(`/api/comments/item/${c.id}`));
  });

  it('keeps only safe formatting and refuses an empty text', async () => {
    const id = await deal('Сделка с разметкой');
    const c = ok(
      await w.employee.post(`/api/comments/deal/${id}`, {
        html: '<p onclick="x()">Привет <b>жирный</b> <a href="javascript:alert(1)">ссылка</a><script>alert(1)</script><img src=x onerror=alert(1)><span style="color:red" data-mention="abc">текст</span></p><iframe src="https://evil"></iframe>',
      }),
    );
    expect(c.html).toBe('<p>Привет <b>жирный</b> <a>ссылка</a><span>текст</span></p>');
    const empty = await w.employee.post(`/api/comments/deal/${id}`, { html: '<script>alert(1)</script>' });
    expect(empty.statusCode).toBe(400);
    expect(fieldErrors(empty).html).toBe('Напишите текст комментария');
  });

  it('notifies mentioned readers of the item; a user of another portal cannot be mentioned', async () => {
    const id = await deal('Сделка с упоминанием', w.p.users.head.id);
    const before = ok(await w.employee.get('/api/notifications')).unread;
    const c = ok(
      await w.admin.post(`/api/comments/deal/${id}`, {
        html: `<p><span data-mention="${w.p.users.employee.id}">@Иван</span>, посмотри</p>`,
        mentions: [w.p.users.employee.id, w.p.users.other.id],
      }),
    );
    expect(c.mentions.sort()).toEqual([w.p.users.employee.id, w.p.users.other.id].sort());
    const mine = ok(await w.employee.get('/api/notifications'));
    expect(mine.unread).toBe(before + 1);
    expect(mine.items[0]).toMatchObject({ kind: 'comments.mention', title: 'Анна Админова упомянул(а) вас в комментарии', url: `/crm/deal/details/${id}` });
    expect(mine.items[0].body).toBe('Сделка с упоминанием: @Иван, посмотри');
    // «other» may not read the deal: no notification naming it.
    expect(ok(await w.other.get('/api/notifications')).items.filter((n: any) => n.kind === 'comments.mention')).toEqual([]);

    const foreign = await w.admin.post(`/api/comments/deal/${id}`, { html: '<p>Кто это?</p>', mentions: [w.strangerPortal.users.admin.id] });
    expect(foreign.statusCode).toBe(400);
    expect(fieldErrors(foreign)['mentions.0']).toBe('Упомянуть можно только сотрудника портала');
  });

  it("attaches only the author's own uploads, readable then by the item's readers", async () => {
    const id = await deal('Сделка с файлами');
    const mine = ok(await uploadFile(w.t, w.employee, 'моё', 'mine.txt'));
    const colleagues = ok(await uploadFile(w.t, w.head, 'коллеги', 'head.txt'));
    const foreign = ok(await uploadFile(w.t, w.stranger, 'чужой', 'foreign.txt'));
    for (const fileIds of [[foreign.id], [mine.id, colleagues.id], [2_000_000_000]]) {
      const res = await w.employee.post(`/api/comments/deal/${id}`, { html: '<p>С чужим файлом</p>', fileIds });
      expect(res.statusCode).toBe(400);
      expect(fieldErrors(res)[`fileIds.${fileIds.length - 1}`]).toBe('Прикрепить можно только файл, загруженный вами');
    }
    expect(ok(await w.employee.get(`/api/comments/deal/${id}`)).total).toBe(0);
    expect((await w.head.get(`/api/files/${mine.id}`)).statusCode).toBe(404);
    const c = ok(await w.employee.post(`/api/comments/deal/${id}`, { html: '<p>Файл</p>', fileIds: [mine.id] }));
    expect(c.files).toEqual([{ id: mine.id, name: 'mine.txt', size: Buffer.byteLength('моё'), mime: 'application/octet-stream' }]);
    expect((await w.head.get(`/api/files/${mine.id}`)).statusCode).toBe(200);
    expect((await w.other.get(`/api/files/${mine.id}`)).statusCode).toBe(404);
  });

  it('records comments.comment.* events naming the item, and the socket audience is the item’s readers', async () => {
    const id = await deal('Сделка с событиями');
    const c = ok(await w.employee.post(`/api/comments/deal/${id}`, { html: `<p>Раз <span data-mention="${w.p.users.head.id}">@Ольга</span></p>` }));
    ok(await w.employee.patch(`/api/comments/item/${c.id}`, { html: '<p>Два</p>' }));
    ok(await w.employee.del(`/api/comments/item/${c.id}`));
    const events = await w.t.platform.db.selectFrom('domain_event').selectAll().where('entity_type', '=', 'comment').where('entity_id', '=', String(c.id)).orderBy('id').execute();
    expect(events.map((e) => e.type)).toEqual(['comments.comment.created', 'comments.comment.updated', 'comments.comment.deleted']);
    expect(JSON.parse(events[0]!.payload)).toMatchObject({ itemType: 'deal', itemId: id, authorId: w.p.users.employee.id, mentions: [w.p.users.head.id], files: [] });
    expect(JSON.parse(events[2]!.payload)).toMatchObject({ itemType: 'deal', itemId: id });
  });
});

describe("comments on another module's items", () => {
  it("work for any type a module declares commentable, by that module's read rule", async () => {
    // A module of notes kept on departments, readable by the head of sales alone.
    const head = w.p.users.head.id;
    w.t.platform.sys.registry.add({
      name: 'notes',
      access: { note: { table: 'department', read: async (ctx, ids) => (ctx.actor?.userId === head ? ids : []) } },
      commentable: ['note'],
      describe: { note: async (_ctx, ids) => new Map(ids.map((id) => [id, { title: `Заметка ${id}`, url: `/notes/${id}` }])) },
    });
    const note = w.p.departments.team;
    const c = ok(await w.head.post(`/api/comments/note/${note}`, { html: '<p>Про заметку</p>', mentions: [w.p.users.employee.id] }));
    expect(c).toMatchObject({ itemType: 'note', itemId: note, canManage: true });
    expect((await w.employee.get(`/api/comments/note/${note}`)).statusCode).toBe(404);
    expect((await w.employee.post(`/api/comments/note/${note}`, { html: '<p>Я тоже</p>' })).statusCode).toBe(404);
    expect(ok(await w.admin.get(`/api/comments/note/${note}`)).items.map((x: any) => x.id)).toEqual([c.id]);
    // The mentioned employee may not read the note: no notification names it.
    expect(ok(await w.employee.get('/api/notifications')).items.filter((n: any) => n.url === `/notes/${note}`)).toEqual([]);
    const admin = ok(await w.head.patch(`/api/comments/item/${c.id}`, { html: `<p>Для <span data-mention="${w.p.users.admin.id}">@Анна</span></p>` }));
    expect(admin.mentions).toEqual([w.p.users.admin.id]);
    expect(ok(await w.admin.get('/api/notifications')).items.find((n: any) => n.url === `/notes/${note}`)).toMatchObject({ kind: 'comments.mention', body: `Заметка ${note}: Для @Анна` });
  });
});

describe('comments api for modules', () => {
  it('counts the comments of readable items and deletes those of deleted items', async () => {
    const [a, b, hidden] = [await deal('Сделка А'), await deal('Сделка Б'), await deal('Сделка администратора', w.p.users.admin.id)];
    for (const [id, n] of [
      [a, 2],
      [b, 1],
      [hidden, 1],
    ] as const)
      for (let i = 0; i < n; i++) ok(await w.admin.post(`/api/comments/deal/${id}`, { html: `<p>${i}</p>` }));
    const ctx = asEmployee();
    expect(await commentCounts(ctx, 'deal', [a, b, hidden])).toEqual(
      new Map([
        [a, 2],
        [b, 1],
      ]),
    );
    expect(await commentCounts(ctx, 'no_such_type', [a])).toEqual(new Map());
    // New ones: after the last seen comment of an item, not written by the reader.
    const seen = ok(await w.admin.get(`/api/comments/deal/${a}`)).items.at(-1).id as number;
    ok(await w.employee.post(`/api/comments/deal/${b}`, { html: '<p>Моё</p>' }));
    expect(await commentCounts(ctx, 'deal', [a, b], { newerThan: new Map([[a, seen]]), notBy: w.p.users.employee.id })).toEqual(
      new Map([
        [a, 1],
        [b, 1],
      ]),
    );
    ok(await w.employee.del(`/api/comments/item/${ok(await w.employee.get(`/api/comments/deal/${b}`)).items[0].id}`));
    await deleteCommentsOf(ctx, 'deal', [a]);
    expect((await listComments(ctx, 'deal', a)).total).toBe(0);
    expect((await listComments(ctx, 'deal', b)).total).toBe(1);
    // Deleting a CRM item takes its comments with it.
    ok(await w.admin.del(`/api/crm/deals/${b}`));
    expect(await w.t.platform.db.selectFrom('comment').select('id').where('entity_type', '=', 'deal').where('entity_id', '=', b).execute()).toEqual([]);
  });
});

describe('answers in threads one level deep', () => {
  const post = async (a: ClientsWorld['admin'], id: number, html: string, extra: Record<string, unknown> = {}) => ok(await a.post(`/api/comments/deal/${id}`, { html: `<p>${html}</p>`, ...extra }));
  const notices = async (a: ClientsWorld['admin'], kind: string) => ok(await a.get('/api/notifications?pageSize=100')).items.filter((n: any) => n.kind === kind);

  it('attaches an answer to its comment, and an answer to an answer to the same top-level comment', async () => {
    const id = await deal('Сделка с ответами');
    const top = await post(w.employee, id, 'Вопрос');
    expect(top).toMatchObject({ parentId: null, replyCount: 0 });
    const answer = await post(w.head, id, 'Ответ', { parentId: top.id });
    expect(answer).toMatchObject({ parentId: top.id, replyCount: 0, itemType: 'deal', itemId: id });
    const deeper = await post(w.employee, id, 'Ответ на ответ', { parentId: answer.id });
    expect(deeper.parentId).toBe(top.id);

    const list = ok(await w.employee.get(`/api/comments/deal/${id}`));
    expect(list.total).toBe(1);
    expect(list.items.map((c: any) => ({ id: c.id, replyCount: c.replyCount, replies: c.replies.map((r: any) => r.id) }))).toEqual([{ id: top.id, replyCount: 2, replies: [answer.id, deeper.id] }]);
    expect(list.items[0].replies[0]).toMatchObject({ html: '<p>Ответ</p>', parentId: top.id, canManage: false, author: { id: w.p.users.head.id } });
    // The CRM timeline shows the top-level comments.
    expect(
      ok(await w.employee.get(`/api/crm/deal/${id}/timeline`))
        .items.filter((i: any) => i.kind === 'comment')
        .map((c: any) => c.id),
    ).toEqual([top.id]);
    // An edit keeps the comment where it was.
    expect(ok(await w.head.patch(`/api/comments/item/${answer.id}`, { html: '<p>Ответ, исправлен</p>' })).parentId).toBe(top.id);
  });

  it('answers 400 on parentId for a comment of another item or none, in Russian and English', async () => {
    const [id, elsewhere] = [await deal('Сделка для ответа'), await deal('Другая сделка')];
    const foreign = await post(w.employee, elsewhere, 'Чужой комментарий');
    for (const parentId of [foreign.id, 2_000_000_000]) {
      const res = await w.employee.post(`/api/comments/deal/${id}`, { html: '<p>Ответ</p>', parentId });
      expect(res.statusCode).toBe(400);
      expect(fieldErrors(res).parentId).toBe('Ответить можно только на комментарий к этому же элементу');
    }
    // A user who reads the portal in English gets the message in English.
    expect(t('en', 'comments.parent_invalid')).toBe('Only a comment on the same item can be answered');
    expect(ok(await w.employee.get(`/api/comments/deal/${id}`)).total).toBe(0);
    expect(ok(await w.employee.get(`/api/comments/deal/${elsewhere}`)).items[0].replyCount).toBe(0);
  });

  it('lists top-level comments with their counts and last 3 answers, and one comment’s answers oldest first, a page at a time', async () => {
    const id = await deal('Сделка с длинной веткой');
    const quiet = await post(w.employee, id, 'Без ответов');
    const busy = await post(w.employee, id, 'Обсуждаемый');
    const answers: number[] = [];
    for (let i = 1; i <= 5; i++) answers.push((await post(w.head, id, `Ответ ${i}`, { parentId: busy.id })).id);
    const newest = await post(w.admin, id, 'Последний');

    const list = ok(await w.employee.get(`/api/comments/deal/${id}?pageSize=2`));
    expect(list.total).toBe(3);
    expect(list.items.map((c: any) => [c.id, c.replyCount, c.replies.map((r: any) => r.html)])).toEqual([
      [newest.id, 0, []],
      [busy.id, 5, ['<p>Ответ 3</p>', '<p>Ответ 4</p>', '<p>Ответ 5</p>']],
    ]);
    expect(ok(await w.employee.get(`/api/comments/deal/${id}?pageSize=2&page=2`)).items.map((c: any) => [c.id, c.replyCount])).toEqual([[quiet.id, 0]]);

    const first = ok(await w.employee.get(`/api/comments/deal/${id}?parentId=${busy.id}&pageSize=2`));
    expect(first).toMatchObject({ total: 5, page: 1, pageSize: 2 });
    expect(first.items.map((c: any) => c.id)).toEqual(answers.slice(0, 2));
    expect(ok(await w.employee.get(`/api/comments/deal/${id}?parentId=${busy.id}&pageSize=2&page=3`)).items.map((c: any) => c.id)).toEqual([answers[4]]);
    // An answer stands for its thread; a comment of another item is not found.
    expect(ok(await w.employee.get(`/api/comments/deal/${id}?parentId=${answers[1]}`)).items.map((c: any) => c.id)).toEqual(answers);
    expect(ok(await w.employee.get(`/api/comments/deal/${id}?parentId=${quiet.id}`))).toMatchObject({ total: 0, items: [] });
    const elsewhere = await deal('Сделка без ветки');
    expect((await w.employee.get(`/api/comments/deal/${elsewhere}?parentId=${busy.id}`)).statusCode).toBe(404);
    // Whoever may not read the item does not see its answers either.
    expect((await w.other.get(`/api/comments/deal/${id}?parentId=${busy.id}`)).statusCode).toBe(404);
  });

  it('gives the latest top-level comments of a set of items in a constant number of queries', async () => {
    const [a, b, empty] = [await deal('Лента А'), await deal('Лента Б'), await deal('Лента пустая')];
    const inA: number[] = [];
    for (let i = 1; i <= 4; i++) inA.push((await post(w.admin, a, `А${i}`)).id);
    for (let i = 1; i <= 2; i++) await post(w.head, a, `Ответ ${i}`, { parentId: inA[3] });
    await post(w.head, a, 'Ответ на второй', { parentId: inA[1] });
    const inB = await post(w.head, b, 'Б1');

    let queries = 0;
    const counter: KyselyPlugin = { transformQuery: (args) => args.node, transformResult: async (args) => (queries++, args.result) };
    const ctx = asEmployee();
    const counted: Ctx = { ...ctx, db: ctx.db.withPlugin(counter) };
    const got = await latestComments(counted, 'deal', [a, b, empty], 2);
    const few = queries;
    expect([...got.keys()].sort()).toEqual([a, b, empty].sort());
    expect(got.get(a)!.total).toBe(4);
    expect(got.get(a)!.items.map((c) => [c.id, c.replyCount, c.parentId])).toEqual([
      [inA[2], 0, null],
      [inA[3], 2, null],
    ]);
    expect(got.get(a)!.items[0]).toMatchObject({ html: '<p>А3</p>', itemType: 'deal', itemId: a, author: { id: w.p.users.admin.id }, canManage: false });
    expect(got.get(b)).toMatchObject({ total: 1, items: [{ id: inB.id, replyCount: 0 }] });
    expect(got.get(empty)).toEqual({ total: 0, items: [] });

    // Twenty items take as many queries as three.
    const more = [a, b, empty];
    for (let i = 0; i < 17; i++) {
      const d = await deal(`Лента ${i}`);
      await post(w.head, d, `Комментарий ${i}`);
      more.push(d);
    }
    queries = 0;
    const many = await latestComments(counted, 'deal', more, 2);
    expect(queries).toBe(few);
    expect(many.size).toBe(20);
    expect(many.get(more[19]!)!.total).toBe(1);
    expect(await latestComments(ctx, 'no_such_type', [a], 2)).toEqual(new Map([[a, { total: 0, items: [] }]]));
  });

  it('deletes a top-level comment with its answers and their files; an answer alone leaves its thread', async () => {
    const id = await deal('Сделка с удалением ветки');
    const top = await post(w.employee, id, 'Ветка');
    const file = ok(await uploadFile(w.t, w.head, 'ответ', 'answer.txt'));
    const withFile = await post(w.head, id, 'С файлом', { parentId: top.id, fileIds: [file.id] });
    const plain = await post(w.head, id, 'Простой', { parentId: top.id });
    const kept = await post(w.head, id, 'Другая ветка');

    ok(await w.head.del(`/api/comments/item/${plain.id}`));
    expect(ok(await w.employee.get(`/api/comments/deal/${id}`)).items.find((c: any) => c.id === top.id)).toMatchObject({ replyCount: 1, replies: [{ id: withFile.id }] });

    ok(await w.employee.del(`/api/comments/item/${top.id}`));
    expect(ok(await w.employee.get(`/api/comments/deal/${id}`)).items.map((c: any) => c.id)).toEqual([kept.id]);
    expect(await w.t.platform.db.selectFrom('comment').select('id').where('id', 'in', [top.id, withFile.id]).execute()).toEqual([]);
    expect(await w.t.platform.db.selectFrom('file_link').select('file_id').where('entity_type', '=', 'comment').where('entity_id', '=', withFile.id).execute()).toEqual([]);
    expect((await w.head.get(`/api/comments/deal/${id}?parentId=${top.id}`)).statusCode).toBe(404);
    const events = await w.t.platform.db
      .selectFrom('domain_event')
      .select(['entity_id'])
      .where('type', '=', 'comments.comment.deleted')
      .where('entity_id', 'in', [top.id, withFile.id, plain.id].map(String))
      .orderBy('id')
      .execute();
    expect(events.map((e) => Number(e.entity_id))).toEqual([plain.id, top.id, withFile.id]);
  });

  it('tells the author of the comment answered, not the one answering nor twice someone mentioned', async () => {
    const id = await deal('Сделка с уведомлением об ответе');
    const top = await post(w.employee, id, 'Что скажете?');
    const before = (await notices(w.employee, 'comments.reply')).length;
    const answer = await post(w.head, id, 'Скажу так', { parentId: top.id });
    const mine = await notices(w.employee, 'comments.reply');
    expect(mine.length).toBe(before + 1);
    expect(mine[0]).toMatchObject({ title: 'Ольга Начальникова ответил(а) на ваш комментарий', body: 'Сделка с уведомлением об ответе: Скажу так', url: `/crm/deal/details/${id}` });
    const event = await w.t.platform.db
      .selectFrom('domain_event')
      .select('payload')
      .where('type', '=', 'comments.comment.created')
      .where('entity_id', '=', String(answer.id))
      .executeTakeFirstOrThrow();
    expect(JSON.parse(event.payload)).toMatchObject({ parentId: top.id, replyTo: [w.p.users.employee.id] });

    // One's own answer tells nobody.
    const headBefore = (await notices(w.head, 'comments.reply')).length;
    await post(w.head, id, 'Дополню себя', { parentId: answer.id });
    expect((await notices(w.employee, 'comments.reply')).length).toBe(before + 2);
    expect((await notices(w.head, 'comments.reply')).length).toBe(headBefore);

    // An answer to an answer tells its author and the thread's; a mentioned author gets the mention only.
    const mentionsBefore = (await notices(w.head, 'comments.mention')).length;
    await post(w.admin, id, `<span data-mention="${w.p.users.head.id}">@Ольга Начальникова</span>, согласна`, { parentId: answer.id });
    expect((await notices(w.head, 'comments.reply')).length).toBe(headBefore);
    expect((await notices(w.head, 'comments.mention')).length).toBe(mentionsBefore + 1);
    expect((await notices(w.employee, 'comments.reply')).length).toBe(before + 3);
    expect((await notices(w.employee, 'comments.reply'))[0].title).toBe('Анна Админова ответил(а) на ваш комментарий');
    expect(t('en', 'comments.reply_title', { name: 'Anna' })).toBe('Anna replied to your comment');
  });

  it('a deal in the trash takes its threads along and brings them back', async () => {
    const id = await deal('Сделка в корзину с ветками');
    const top = await post(w.admin, id, 'Ветка в корзине');
    const answer = await post(w.head, id, 'Ответ в корзине', { parentId: top.id });
    ok(await w.admin.del(`/api/crm/deals/${id}`));
    expect((await w.admin.get(`/api/comments/deal/${id}`)).statusCode).toBe(404);
    const u = w.p.users.admin;
    await restoreItems(
      actorCtx({ db: w.t.platform.db, sys: w.t.platform.sys }, w.p.portal, { userId: u.id, accountId: 0, portalId: w.p.portal.id, role: 'admin', departmentId: null, language: 'ru' }),
      'deal',
      [id],
    );
    const back = ok(await w.admin.get(`/api/comments/deal/${id}`));
    expect(back.items.map((c: any) => [c.id, c.replyCount, c.replies.map((r: any) => r.id)])).toEqual([[top.id, 1, [answer.id]]]);
  });
});
