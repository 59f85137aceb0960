import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientsWorld, fieldErrors, giveRole, ok, type ClientsWorld } from '../../../test/crm/clients-fixtures.js';
import { uploadFile } from '../../../test/files-support.js';
import { systemCtxFor } from '../../../test/support.js';
import type { Actor, Ctx } from '../../platform/context.js';
import { commentCounts, deleteCommentsOf, listComments } from './api.js';

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
