import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainUntil } from '../../../../test/support.js';
import { addField, clientsWorld, fieldErrors, giveRole, ok, type ClientsWorld } from '../../../../test/crm/clients-fixtures.js';
import { pngBytes, uploadFile } from '../../../../test/files-support.js';

let w: ClientsWorld;
beforeAll(async () => {
  w = await clientsWorld();
  await giveRole(w.t, w.p, w.p.users.other.id, 'own');
});
afterAll(() => w?.t.dispose());

const timelineOf = async (entity: string, id: number, by = w.employee) => ok(await by.get(`/api/crm/${entity}/${id}/timeline`)).items as any[];

/** Waits for the history processor, then reads the timeline. */
async function settledTimeline(entity: string, id: number, until: (items: any[]) => boolean, by = w.employee) {
  return drainUntil(w.t, async () => {
    const items = await timelineOf(entity, id, by);
    return until(items) ? items : undefined;
  });
}

describe('timeline', () => {
  it('merges comments and changes, newest first, with Russian field labels and names', async () => {
    const c = ok(await w.employee.post('/api/crm/companies', { title: 'ООО «Лента»', industry: 'Торговля' }));
    ok(await w.employee.post(`/api/crm/company/${c.id}/comments`, { html: '<p>Позвонил, ждут КП</p>' }));
    const v2 = ok(await w.employee.patch(`/api/crm/companies/${c.id}`, { version: c.version, title: 'ООО «Лента+»', revenue: '2000000', responsibleId: w.p.users.head.id }));
    ok(await w.head.post(`/api/crm/company/${c.id}/comments`, { html: '<p>Принял клиента</p>' }));
    expect(v2.version).toBe(2);

    const items = await settledTimeline('company', c.id, (i) => i.some((x) => x.action === 'crm.company.updated'));
    const kinds = items.map((i) => (i.kind === 'comment' ? `comment:${i.html}` : `${i.action}:${i.field ?? ''}`));
    expect(kinds[0]).toBe('comment:<p>Принял клиента</p>');
    expect(kinds[kinds.length - 1]).toBe('crm.company.created:');
    expect(kinds.indexOf('comment:<p>Позвонил, ждут КП</p>')).toBeGreaterThan(kinds.indexOf('crm.company.updated:title'));
    const title = items.find((i) => i.field === 'title');
    expect(title).toMatchObject({ fieldLabel: 'Название компании', oldValue: 'ООО «Лента»', newValue: 'ООО «Лента+»' });
    expect(title.author).toMatchObject({ id: w.p.users.employee.id, fullName: 'Иван Сотрудников' });
    expect(items.find((i) => i.field === 'revenue')).toMatchObject({ fieldLabel: 'Выручка', oldValue: null, newValue: '2000000.00' });
    expect(items.find((i) => i.field === 'responsible_id')).toMatchObject({ fieldLabel: 'Ответственный', oldValue: 'Иван Сотрудников', newValue: 'Ольга Начальникова' });
    expect(items.find((i) => i.kind === 'comment' && i.html.includes('Принял')).author.fullName).toBe('Ольга Начальникова');
  });

  it('shows contact links and phones in words, and hides custom values the reader may not see', async () => {
    const role = await w.t.platform.db
      .insertInto('crm_role')
      .values({ portal_id: w.p.portal.id, name: 'Закрытые поля', permissions: '{}', is_default: 0, version: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    await addField(w.t, w.p, { entity: 'contact', code: 'uf_salary', label: 'Зарплата', readRoles: [role.id] });
    await addField(w.t, w.p, { entity: 'contact', code: 'uf_hobby', label: 'Хобби' });
    const company = ok(await w.admin.post('/api/crm/companies', { title: 'ООО «Связь»', responsibleId: w.p.users.head.id }));
    const c = ok(await w.admin.post('/api/crm/contacts', { lastName: 'Лебедев', responsibleId: w.p.users.employee.id }));
    ok(
      await w.admin.patch(`/api/crm/contacts/${c.id}`, {
        version: c.version,
        companyIds: [company.id],
        phones: [{ type: 'work', value: '+7 495 111-22-33' }],
        custom: { uf_salary: '100', uf_hobby: 'шахматы' },
      }),
    );
    const items = await settledTimeline('contact', c.id, (i) => i.some((x) => x.field === 'company_ids'));
    expect(items.find((i) => i.field === 'company_ids')).toMatchObject({ fieldLabel: 'Компании', oldValue: '', newValue: 'ООО «Связь»' });
    expect(items.find((i) => i.field === 'phones')).toMatchObject({ fieldLabel: 'Телефон', newValue: '+74951112233' });
    expect(items.find((i) => i.field === 'custom.uf_hobby')).toMatchObject({ fieldLabel: 'Хобби', newValue: 'шахматы' });
    expect(items.some((i) => i.field === 'custom.uf_salary')).toBe(false);
    const admins = await timelineOf('contact', c.id, w.admin);
    expect(admins.find((i) => i.field === 'custom.uf_salary')).toMatchObject({ fieldLabel: 'Зарплата', newValue: '100' });
    // The company's history tells of the new contact too.
    const companyItems = await settledTimeline('company', company.id, (i) => i.some((x) => x.field === 'contact_ids'), w.admin);
    expect(companyItems.find((i) => i.field === 'contact_ids')).toMatchObject({ fieldLabel: 'Контакты', newValue: 'Лебедев' });
  });
});

describe('comments', () => {
  it('keeps only safe formatting', async () => {
    const lead = ok(await w.employee.post('/api/crm/leads', { title: 'Лид для комментариев' }));
    const entry = ok(
      await w.employee.post(`/api/crm/lead/${lead.id}/comments`, {
        html:
          '<p onclick="x()">Привет <b>жирный</b> <a href="javascript:alert(1)">ссылка</a> <a href="https://example.ru" target="_blank">сайт</a>' +
          '<script>alert("xss")</script><img src=x onerror=alert(1)><span style="color:red" data-mention="abc">текст</span></p><iframe src="https://evil"></iframe>',
      }),
    );
    expect(entry.kind).toBe('comment');
    // An outside link opens in a new tab, never with a handle on the portal's window.
    expect(entry.html).toBe('<p>Привет <b>жирный</b> <a>ссылка</a> <a href="https://example.ru" target="_blank" rel="noopener noreferrer nofollow">сайт</a><span>текст</span></p>');
    const items = await timelineOf('lead', lead.id);
    expect(items.find((i) => i.kind === 'comment').html).not.toMatch(/script|onerror|javascript|iframe/);

    const empty = await w.employee.post(`/api/crm/lead/${lead.id}/comments`, { html: '<script>alert(1)</script>' });
    expect(empty.statusCode).toBe(400);
    expect(fieldErrors(empty).html).toBe('Напишите текст комментария');
  });

  it('notifies mentioned users who may read the item, in the same write', async () => {
    const c = ok(await w.admin.post('/api/crm/companies', { title: 'ООО «Упоминание»', responsibleId: w.p.users.head.id }));
    const before = ok(await w.employee.get('/api/notifications')).unread;
    ok(
      await w.admin.post(`/api/crm/company/${c.id}/comments`, {
        html: `<p><span data-mention="${w.p.users.employee.id}">@Иван</span>, посмотри</p>`,
        mentions: [w.p.users.employee.id, w.p.users.other.id],
      }),
    );
    const mine = ok(await w.employee.get('/api/notifications'));
    expect(mine.unread).toBe(before + 1);
    expect(mine.items[0]).toMatchObject({ kind: 'comments.mention', title: 'Анна Админова упомянул(а) вас в комментарии', url: `/crm/company/details/${c.id}` });
    expect(mine.items[0].body).toContain('ООО «Упоминание»');
    expect(mine.items[0].body).toContain('посмотри');
    // An "own" user cannot read the company: no notification naming it.
    expect(ok(await w.other.get('/api/notifications')).items.filter((n: any) => n.kind === 'comments.mention')).toEqual([]);

    const foreign = await w.admin.post(`/api/crm/company/${c.id}/comments`, { html: '<p>Кто это?</p>', mentions: [w.strangerPortal.users.admin.id] });
    expect(foreign.statusCode).toBe(400);
    expect(fieldErrors(foreign)['mentions.0']).toBe('Упомянуть можно только сотрудника портала');
  });

  it('lets the author or an administrator edit and delete a comment', async () => {
    const c = ok(await w.employee.post('/api/crm/contacts', { lastName: 'Комментируемый' }));
    const entry = ok(await w.employee.post(`/api/crm/contact/${c.id}/comments`, { html: '<p>Черновик</p>' }));
    expect((await w.head.patch(`/api/crm/comments/${entry.id}`, { html: '<p>Чужая правка</p>' })).statusCode).toBe(403);
    expect((await w.head.del(`/api/crm/comments/${entry.id}`)).statusCode).toBe(403);
    const edited = ok(await w.employee.patch(`/api/crm/comments/${entry.id}`, { html: '<p>Итог встречи</p><script>x</script>' }));
    expect(edited.html).toBe('<p>Итог встречи</p>');
    expect((await timelineOf('contact', c.id)).find((i) => i.kind === 'comment').html).toBe('<p>Итог встречи</p>');
    ok(await w.admin.del(`/api/crm/comments/${entry.id}`));
    expect((await timelineOf('contact', c.id)).some((i) => i.kind === 'comment')).toBe(false);
    expect((await w.employee.del(`/api/crm/comments/${entry.id}`)).statusCode).toBe(404);
  });

  it('records comment events', async () => {
    const c = ok(await w.employee.post('/api/crm/contacts', { lastName: 'События' }));
    const entry = ok(await w.employee.post(`/api/crm/contact/${c.id}/comments`, { html: '<p>Раз</p>' }));
    const ev = await w.t.platform.db.selectFrom('domain_event').selectAll().where('type', '=', 'comments.comment.created').where('entity_id', '=', String(entry.id)).executeTakeFirstOrThrow();
    expect(JSON.parse(ev.payload)).toMatchObject({ itemType: 'contact', itemId: c.id, authorId: w.p.users.employee.id });
  });
});

describe('timeline rights', () => {
  it('answers 404 to readers without rights and to another portal', async () => {
    const c = ok(await w.admin.post('/api/crm/companies', { title: 'ООО «Тайна»' }));
    const entry = ok(await w.admin.post(`/api/crm/company/${c.id}/comments`, { html: '<p>Секрет</p>' }));
    for (const a of [w.other, w.stranger]) {
      expect((await a.get(`/api/crm/company/${c.id}/timeline`)).statusCode).toBe(404);
      expect((await a.post(`/api/crm/company/${c.id}/comments`, { html: '<p>Я тут</p>' })).statusCode).toBe(404);
      expect((await a.patch(`/api/crm/comments/${entry.id}`, { html: '<p>Правка</p>' })).statusCode).toBe(404);
      expect((await a.del(`/api/crm/comments/${entry.id}`)).statusCode).toBe(404);
    }
    expect((await w.admin.get(`/api/crm/planet/${c.id}/timeline`)).statusCode).toBe(404);
    expect((await w.admin.get(`/api/crm/company/999999/timeline`)).statusCode).toBe(404);
    expect((await timelineOf('company', c.id, w.admin)).some((i) => i.kind === 'comment' && i.html === '<p>Секрет</p>')).toBe(true);
  });
});

describe('comments with files', () => {
  it("attaches the author's uploads; readers of the item see and download them, others get 404", async () => {
    const company = ok(await w.employee.post('/api/crm/companies', { title: 'ООО «Вложения»' }));
    const content = pngBytes(2048);
    const photo = ok(await uploadFile(w.t, w.employee, content, 'Фото склада.png', 'text/plain'));
    const doc = ok(await uploadFile(w.t, w.employee, 'Коммерческое предложение', 'КП.txt'));
    const entry = ok(await w.employee.post(`/api/crm/company/${company.id}/comments`, { html: '<p>Фото и КП</p>', fileIds: [photo.id, doc.id] }));
    expect(entry.files).toEqual([
      { id: photo.id, name: 'Фото склада.png', size: content.length, mime: 'image/png' },
      { id: doc.id, name: 'КП.txt', size: Buffer.byteLength('Коммерческое предложение'), mime: 'application/octet-stream' },
    ]);
    const stored = await w.t.platform.db.selectFrom('comment').select('files').where('id', '=', entry.id).executeTakeFirstOrThrow();
    expect(JSON.parse(stored.files)).toEqual([photo.id, doc.id]);

    // A colleague who may read the company sees the files in the timeline and downloads them.
    const seen = (await timelineOf('company', company.id, w.head)).find((i) => i.kind === 'comment' && i.id === entry.id);
    expect(seen.files.map((f: any) => f.id)).toEqual([photo.id, doc.id]);
    const dl = await w.head.get(`/api/files/${photo.id}`);
    expect(dl.statusCode).toBe(200);
    expect(dl.rawPayload.equals(content)).toBe(true);
    // An own-scope user cannot read the company, nor its files; another portal finds nothing.
    expect((await w.other.get(`/api/files/${photo.id}`)).statusCode).toBe(404);
    expect((await w.other.get(`/api/files/${doc.id}/meta`)).statusCode).toBe(404);
    expect((await w.stranger.get(`/api/files/${photo.id}`)).statusCode).toBe(404);

    // An edit without fileIds keeps the files; with them, it may drop one.
    const kept = ok(await w.employee.patch(`/api/crm/comments/${entry.id}`, { html: '<p>Фото и КП (правка)</p>' }));
    expect(kept.files.map((f: any) => f.id)).toEqual([photo.id, doc.id]);
    const dropped = ok(await w.employee.patch(`/api/crm/comments/${entry.id}`, { html: '<p>Только фото</p>', fileIds: [photo.id] }));
    expect(dropped.files.map((f: any) => f.id)).toEqual([photo.id]);
    expect((await w.head.get(`/api/files/${doc.id}`)).statusCode).toBe(404);
  });

  it("refuses files that are not the author's own uploads in this portal, and writes nothing", async () => {
    const company = ok(await w.employee.post('/api/crm/companies', { title: 'ООО «Чужие файлы»' }));
    const foreign = ok(await uploadFile(w.t, w.stranger, 'чужой', 'foreign.txt'));
    const colleagues = ok(await uploadFile(w.t, w.head, 'коллеги', 'head.txt'));
    const mine = ok(await uploadFile(w.t, w.employee, 'мой', 'mine.txt'));
    for (const fileIds of [[foreign.id], [mine.id, colleagues.id], [2_000_000_000]]) {
      const res = await w.employee.post(`/api/crm/company/${company.id}/comments`, { html: '<p>С чужим файлом</p>', fileIds });
      expect(res.statusCode).toBe(400);
      expect(fieldErrors(res)[`fileIds.${fileIds.length - 1}`]).toBe('Прикрепить можно только файл, загруженный вами');
    }
    expect((await timelineOf('company', company.id)).filter((i) => i.kind === 'comment')).toEqual([]);
  });
});
