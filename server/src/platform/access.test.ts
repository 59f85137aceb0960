import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAccess, requireAccess } from './access.js';
import type { Actor, Ctx } from './context.js';
import { scoped } from './db/scoped.js';
import { nowIso } from './db/database.js';
import { up as fileLinkMigration } from '../modules/files/migrations/20261202_0007_file_link.js';
import { addField, clientsWorld, giveRole, ok, type ClientsWorld } from '../../test/crm/clients-fixtures.js';
import { uploadFile } from '../../test/files-support.js';
import { systemCtxFor } from '../../test/support.js';
import type { TestPortal } from '../../test/harness.js';

let w: ClientsWorld;
beforeAll(async () => {
  w = await clientsWorld();
  // «other» sees only the CRM items they are responsible for.
  await giveRole(w.t, w.p, w.p.users.other.id, 'own');
});
afterAll(() => w?.t.dispose());

function ctxOf(p: TestPortal, who: 'admin' | 'head' | 'employee' | 'other'): Ctx {
  const actor: Actor = {
    userId: p.users[who].id,
    accountId: 0,
    portalId: p.portal.id,
    role: who === 'admin' ? 'admin' : 'employee',
    departmentId: who === 'admin' ? p.departments.root : p.departments.team,
    language: 'ru',
  };
  return { ...systemCtxFor(w.t, p.portal), actor };
}

const links = (fileId: number) => w.t.platform.db.selectFrom('file_link').select(['entity_type', 'entity_id', 'field']).where('file_id', '=', fileId).orderBy('entity_type').execute();

describe("checkAccess: one batched question per entity type, the platform's rules applied once", () => {
  it("answers the allowed ids of a set, by the owning module's rights", async () => {
    const mk = async (title: string, responsibleId: number) => ok(await w.admin.post('/api/crm/companies', { title, responsibleId })).id as number;
    const others = await mk('ООО «Чужая»', w.p.users.employee.id);
    const own = await mk('ООО «Своя»', w.p.users.other.id);
    expect(await checkAccess(ctxOf(w.p, 'other'), 'read', 'company', [others, own, own])).toEqual(new Set([own]));
    expect(await checkAccess(ctxOf(w.p, 'head'), 'read', 'company', [others, own])).toEqual(new Set([others, own]));
    // «Сотрудник» reads the department's companies but edits only their own.
    expect(await checkAccess(ctxOf(w.p, 'employee'), 'update', 'company', [others, own])).toEqual(new Set([others]));
    await expect(requireAccess(ctxOf(w.p, 'other'), 'read', 'company', [own, others])).rejects.toMatchObject({ status: 404 });
    await expect(requireAccess(ctxOf(w.p, 'other'), 'read', 'company', [own])).resolves.toBeUndefined();
  });

  it("never allows another portal's ids, missing or malformed ids, or a type no module registered, even to an administrator", async () => {
    const foreign = ok(await w.stranger.post('/api/crm/companies', { title: 'ООО «Другой портал»' })).id as number;
    const mine = ok(await w.admin.post('/api/crm/companies', { title: 'ООО «Этот портал»' })).id as number;
    const admin = ctxOf(w.p, 'admin');
    expect(await checkAccess(admin, 'read', 'company', [foreign, mine, 2_000_000_000, '1e3', -1, 0, '07', 'x'])).toEqual(new Set([mine]));
    expect(await checkAccess(ctxOf(w.strangerPortal, 'admin'), 'read', 'company', [mine])).toEqual(new Set());
    for (const type of ['no_such_type', 'valueOf', '__proto__', 'constructor']) expect(await checkAccess(admin, 'read', type, [mine]), type).toEqual(new Set());
    expect(await checkAccess({ ...admin, actor: null }, 'read', 'company', [mine])).toEqual(new Set());
  });
});

describe('file links: a file is read through the items it is attached to', () => {
  it("writes a link on attaching, and removes it with the attachment, so the file is the uploader's alone again", async () => {
    const company = ok(await w.employee.post('/api/crm/companies', { title: 'ООО «Вложения»' }));
    const file = ok(await uploadFile(w.t, w.employee, 'протокол встречи', 'Протокол.txt'));
    expect((await w.head.get(`/api/files/${file.id}`)).statusCode).toBe(404);
    const comment = ok(await w.employee.post(`/api/crm/company/${company.id}/comments`, { html: '<p>Протокол</p>', fileIds: [file.id] }));
    expect(await links(file.id)).toEqual([{ entity_type: 'comment', entity_id: comment.id, field: 'files' }]);
    expect((await w.head.get(`/api/files/${file.id}`)).body).toBe('протокол встречи');
    expect((await w.other.get(`/api/files/${file.id}`)).statusCode).toBe(404);

    expect((await w.employee.patch(`/api/crm/comments/${comment.id}`, { html: '<p>Без протокола</p>', fileIds: [] })).statusCode).toBe(200);
    expect(await links(file.id)).toEqual([]);
    expect((await w.head.get(`/api/files/${file.id}`)).statusCode).toBe(404);
    expect((await w.employee.get(`/api/files/${file.id}`)).statusCode).toBe(200);
  });

  it("removes the links of an item's fields and comments when the item is deleted", async () => {
    await addField(w.t, w.p, { entity: 'contact', code: 'uf_passport', label: 'Скан паспорта', type: 'file' });
    const scan = ok(await uploadFile(w.t, w.employee, 'скан', 'scan.pdf'));
    const note = ok(await uploadFile(w.t, w.employee, 'заметка', 'note.txt'));
    const contact = ok(await w.employee.post('/api/crm/contacts', { lastName: 'Петров', firstName: 'Пётр', custom: { uf_passport: scan.id } }));
    ok(await w.employee.post(`/api/crm/contact/${contact.id}/comments`, { html: '<p>Заметка</p>', fileIds: [note.id] }));
    expect(await links(scan.id)).toEqual([{ entity_type: 'contact', entity_id: contact.id, field: 'uf_passport' }]);
    expect((await w.head.get(`/api/files/${scan.id}`)).body).toBe('скан');
    expect((await w.head.get(`/api/files/${note.id}`)).body).toBe('заметка');

    expect((await w.employee.del(`/api/crm/contacts/${contact.id}`)).statusCode).toBe(200);
    expect([...(await links(scan.id)), ...(await links(note.id))]).toEqual([]);
    expect((await w.head.get(`/api/files/${scan.id}`)).statusCode).toBe(404);
    expect((await w.head.get(`/api/files/${note.id}`)).statusCode).toBe(404);
  });

  it("keeps the files of today's data readable: the migration writes their links from comments, file fields and photos", async () => {
    const ctx = systemCtxFor(w.t, w.p.portal);
    await addField(w.t, w.p, { entity: 'deal', code: 'uf_offer', label: 'КП', type: 'file' });
    const [inComment, inField, photo, loose] = await Promise.all(['в комментарии', 'в поле', 'фото', 'ничей'].map(async (text) => ok(await uploadFile(w.t, w.admin, text, 'f.txt')).id as number));
    const deal = ok(await w.admin.post('/api/crm/deals', { title: 'Сделка с файлами', responsibleId: w.p.users.employee.id }));
    // Rows as they were before links existed: ids inside JSON and an address.
    await scoped(ctx)
      .updateTable('crm_deal')
      .set({ custom: JSON.stringify({ uf_offer: [inField] }) })
      .where('id', '=', deal.id)
      .execute();
    const comment = await scoped(ctx)
      .insertInto('comment', {
        entity_type: 'deal',
        entity_id: deal.id,
        author_id: w.p.users.admin.id,
        html: '<p>x</p>',
        files: JSON.stringify([inComment]),
        mentions: '[]',
        created_at: nowIso(),
        updated_at: nowIso(),
        version: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await scoped(ctx)
      .updateTable('app_user')
      .set({ photo_url: `/api/files/${photo}` })
      .where('id', '=', w.p.users.admin.id)
      .execute();

    const db = w.t.platform.db;
    await db.schema.dropTable('file_link').execute();
    // The comments lived in the CRM's table then; the comments' migration renames their links.
    await db.schema.createTable('crm_comment').addColumn('portal_id', 'integer').addColumn('id', 'integer').addColumn('files', 'text').execute();
    await db
      .insertInto('crm_comment' as any)
      .values({ portal_id: w.p.portal.id, id: comment.id, files: JSON.stringify([inComment]) })
      .execute();
    await fileLinkMigration(db, w.t.platform.dialect);
    await db.updateTable('file_link').set({ entity_type: 'comment' }).where('entity_type', '=', 'crm_comment').execute();
    await db.schema.dropTable('crm_comment').execute();
    for (const id of [inComment, inField, photo]) expect((await w.employee.get(`/api/files/${id}`)).statusCode, String(id)).toBe(200);
    expect((await w.employee.get(`/api/files/${loose}`)).statusCode).toBe(404);
    // «other» (own scope) reads the photo of a colleague, not the files of a deal that is not theirs.
    expect((await w.other.get(`/api/files/${photo}`)).statusCode).toBe(200);
    expect((await w.other.get(`/api/files/${inField}`)).statusCode).toBe(404);
    expect((await w.other.get(`/api/files/${inComment}`)).statusCode).toBe(404);
  });
});
