import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorCtx, transaction, type Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import { moveAll } from '../../../platform/items/holders.js';
import { clientsWorld, ok, type ClientsWorld } from '../../../../test/crm/clients-fixtures.js';
import fs from 'node:fs';
import { uploadFile } from '../../../../test/files-support.js';
import { blobPath } from '../../../platform/files/store.js';
import { restoreItems } from './api.js';
import { purgeJob, PURGE_JOB } from './purge.js';

let w: ClientsWorld;
let adminCtx: Ctx;

beforeAll(async () => {
  w = await clientsWorld();
  const u = w.p.users.admin;
  adminCtx = actorCtx({ db: w.t.platform.db, sys: w.t.platform.sys }, w.p.portal, { userId: u.id, accountId: 0, portalId: w.p.portal.id, role: 'admin', departmentId: null, language: 'ru' });
});
afterAll(() => w?.t.dispose());

const db = () => scoped({ db: w.t.platform.db, portal: w.p.portal });

const ids = (list: { id: number }[] | undefined) => (list ?? []).map((x) => x.id);
const dealOf = async (id: number) => {
  const d = ok(await w.admin.get(`/api/crm/deals/${id}`));
  return { ...d, companyId: d.company?.id ?? null, contactIds: ids(d.contacts), observerIds: ids(d.observers) };
};

/** A company, a contact of it, and a deal of both with a product row, an activity, a comment and a task. */
async function world(tag: string) {
  const company = ok(await w.admin.post('/api/crm/companies', { title: `ООО «${tag}»` })).id as number;
  const contact = ok(await w.admin.post('/api/crm/contacts', { lastName: tag, firstName: 'Иван', companyIds: [company] })).id as number;
  const deal = ok(
    await w.admin.post('/api/crm/deals', {
      title: `Сделка ${tag}`,
      companyId: company,
      contactIds: [contact],
      observerIds: [w.p.users.head.id],
      products: [{ name: 'Стол', price: '1000.00', quantity: 2 }],
    }),
  ).id as number;
  return { company, contact, deal };
}

async function addHolders(type: 'deal' | 'contact' | 'company', id: number) {
  const activity = ok(await w.admin.post('/api/crm/activities', { type: 'call', subject: `Звонок ${type}`, owner: { type, id } })).id as number;
  const comment = ok(await w.admin.post(`/api/comments/${type}/${id}`, { html: `<p>Заметка ${type}</p>` })).id as number;
  const task = ok(await w.admin.post('/api/tasks', { title: `Задача ${type}`, crmLinks: [{ type, id }] })).id as number;
  return { activity, comment, task };
}

describe('the trash', () => {
  it('a deleted contact leaves its company and deal, and comes back with its links, activities, comments and tasks', async () => {
    const { company, contact, deal } = await world('Корзинов');
    const held = await addHolders('contact', contact);
    ok(await w.admin.del(`/api/crm/contacts/${contact}`));

    expect((await w.admin.get(`/api/crm/contacts/${contact}`)).statusCode).toBe(404);
    expect(ok(await w.admin.get(`/api/crm/companies/${company}`)).contacts).toEqual([]);
    expect((await dealOf(deal)).contactIds ?? []).toEqual([]);
    expect(await db().selectFrom('crm_activity').select('id').where('id', '=', held.activity).execute()).toEqual([]);
    expect(await db().selectFrom('comment').select('id').where('id', '=', held.comment).execute()).toEqual([]);
    expect(await db().selectFrom('task_crm_link').select('task_id').where('entity_type', '=', 'contact').where('entity_id', '=', contact).execute()).toEqual([]);
    const entry = await db().selectFrom('crm_trash').selectAll().where('entity_type', '=', 'contact').where('entity_id', '=', contact).executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ title: 'Корзинов Иван', reason: 'delete', deleted_by: w.p.users.admin.id });

    await restoreItems(adminCtx, 'contact', [contact]);
    const back = ok(await w.admin.get(`/api/crm/contacts/${contact}`));
    expect(back.id).toBe(contact);
    expect(back.companies.map((c: { id: number }) => c.id)).toEqual([company]);
    expect((await dealOf(deal)).contactIds).toEqual([contact]);
    expect((await db().selectFrom('crm_activity').select(['id', 'owner_id']).where('id', '=', held.activity).execute())[0]).toEqual({ id: held.activity, owner_id: contact });
    expect(ok(await w.admin.get(`/api/comments/contact/${contact}`)).items.map((c: { id: number }) => c.id)).toEqual([held.comment]);
    expect(await db().selectFrom('task_crm_link').select('task_id').where('entity_type', '=', 'contact').where('entity_id', '=', contact).execute()).toEqual([{ task_id: held.task }]);
    expect(await db().selectFrom('crm_trash').select('id').where('entity_id', '=', contact).where('entity_type', '=', 'contact').execute()).toEqual([]);
  });

  it('a deleted deal takes its product rows, contacts and observers along, and the Kanban totals follow both ways', async () => {
    const { company, contact, deal } = await world('Столов');
    const before = await dealOf(deal);
    const totals = async () =>
      Number(
        (
          await db()
            .selectFrom('crm_deal_totals')
            .select((eb) => eb.fn.sum<number>('amount_sum').as('s'))
            .where('stage_id', '=', before.stageId)
            .executeTakeFirst()
        )?.s ?? 0,
      );
    const sum = await totals();
    ok(await w.admin.del(`/api/crm/deals/${deal}`));
    expect(await totals()).toBe(sum - 200000);
    expect(await db().selectFrom('crm_product_row').select('id').where('deal_id', '=', deal).execute()).toEqual([]);

    await restoreItems(adminCtx, 'deal', [deal]);
    expect(await totals()).toBe(sum);
    const back = await dealOf(deal);
    expect(back).toMatchObject({ id: deal, title: before.title, companyId: company, contactIds: [contact], observerIds: [w.p.users.head.id], amount: before.amount });
    expect(back.products.map((r: { name: string }) => r.name)).toEqual(['Стол']);
  });

  it('a deleted company lets its deals go and binds them again, file links too', async () => {
    const { company, contact, deal } = await world('Файлов');
    const file = ok(await uploadFile(w.t, w.admin, 'договор', 'dogovor.txt', 'text/plain')).id as number;
    await db().insertInto('file_link', { file_id: file, entity_type: 'company', entity_id: company, field: 'docs' }).execute();
    ok(await w.admin.del(`/api/crm/companies/${company}`));
    expect((await dealOf(deal)).companyId).toBeNull();
    expect(await db().selectFrom('file_link').select('file_id').where('entity_type', '=', 'company').where('entity_id', '=', company).execute()).toEqual([]);

    await restoreItems(adminCtx, 'company', [company]);
    expect((await dealOf(deal)).companyId).toBe(company);
    expect(ok(await w.admin.get(`/api/crm/companies/${company}`)).contacts.map((c: { id: number }) => c.id)).toEqual([contact]);
    expect(await db().selectFrom('file_link').select('file_id').where('entity_type', '=', 'company').where('entity_id', '=', company).execute()).toEqual([{ file_id: file }]);
  });

  it('a merge moves every holder’s rows onto the survivor, a link both had once', async () => {
    const a = await world('Первов');
    const b = await world('Второв');
    // Both contacts in deal a.
    ok(await w.admin.patch(`/api/crm/deals/${a.deal}`, { contactIds: [a.contact, b.contact], version: (await dealOf(a.deal)).version }));
    const held = await addHolders('contact', b.contact);
    await transaction(adminCtx, (tx) => moveAll(tx, 'contact', [b.contact], a.contact));
    expect((await dealOf(a.deal)).contactIds).toEqual([a.contact]);
    expect((await dealOf(b.deal)).contactIds).toEqual([a.contact]);
    expect(
      ok(await w.admin.get(`/api/crm/contacts/${a.contact}`))
        .companies.map((c: { id: number }) => c.id)
        .sort(),
    ).toEqual([a.company, b.company].sort());
    expect((await db().selectFrom('crm_activity').select('owner_id').where('id', '=', held.activity).executeTakeFirstOrThrow()).owner_id).toBe(a.contact);
    expect(ok(await w.admin.get(`/api/comments/contact/${a.contact}`)).items.map((c: { id: number }) => c.id)).toContain(held.comment);
    expect(await db().selectFrom('task_crm_link').select(['entity_id']).where('task_id', '=', held.task).execute()).toEqual([{ entity_id: a.contact }]);
  });
});

describe('the trash routes', () => {
  it('a bulk delete goes to the trash: gone from the list, search and export; the page lists it and «Восстановить» brings both back', async () => {
    const a = ok(await w.admin.post('/api/crm/companies', { title: 'Пакетная Альфа' })).id as number;
    const b = ok(await w.admin.post('/api/crm/companies', { title: 'Пакетная Бета' })).id as number;
    expect(ok(await w.admin.post('/api/crm/company/bulk', { action: 'delete', ids: [a, b] }))).toMatchObject({ done: 2, denied: [] });
    expect(ok(await w.admin.get('/api/crm/company/list?search=Пакетная')).items).toEqual([]);
    expect(JSON.stringify(ok(await w.admin.get('/api/search?q=Пакетная')))).not.toContain('Пакетная');
    expect((await w.admin.get('/api/crm/company/export?search=Пакетная')).body).not.toContain('Пакетная');

    const page = ok(await w.admin.get('/api/crm/trash?type=company'));
    expect(
      page.items
        .filter((e: { itemId: number }) => [a, b].includes(e.itemId))
        .map((e: { title: string }) => e.title)
        .sort(),
    ).toEqual(['Пакетная Альфа', 'Пакетная Бета']);
    expect(page.items[0]).toMatchObject({ type: 'company', reason: 'delete', deletedBy: { id: w.p.users.admin.id }, canRestore: true });
    expect(page.canEmpty).toBe(true);

    expect(
      ok(
        await w.admin.post('/api/crm/trash/restore', {
          items: [
            { type: 'company', id: a },
            { type: 'company', id: b },
          ],
        }),
      ),
    ).toEqual({ restored: 2 });
    expect(
      ok(await w.admin.get('/api/crm/company/list?search=Пакетная'))
        .items.map((r: { id: number }) => r.id)
        .sort(),
    ).toEqual([a, b].sort());
    expect((await w.admin.post('/api/crm/trash/restore', { items: [{ type: 'company', id: a }] })).statusCode).toBe(404);
  });

  it('others see only what they deleted; emptying and removing entries is for CRM administrators', async () => {
    const mine = ok(await w.employee.post('/api/crm/contacts', { lastName: 'Сотрудников-удалённый' })).id as number;
    ok(await w.employee.del(`/api/crm/contacts/${mine}`));
    const theirs = ok(await w.admin.post('/api/crm/contacts', { lastName: 'Админов-удалённый' })).id as number;
    ok(await w.admin.del(`/api/crm/contacts/${theirs}`));

    const seen = ok(await w.employee.get('/api/crm/trash')).items.map((e: { itemId: number }) => e.itemId);
    expect(seen).toContain(mine);
    expect(seen).not.toContain(theirs);
    expect((await w.employee.post('/api/crm/trash/restore', { items: [{ type: 'contact', id: theirs }] })).statusCode).toBe(404);
    expect((await w.stranger.post('/api/crm/trash/restore', { items: [{ type: 'contact', id: mine }] })).statusCode).toBe(404);
    expect((await w.employee.del('/api/crm/trash')).statusCode).toBe(403);
    const entry = ok(await w.admin.get('/api/crm/trash?type=contact')).items.find((e: { itemId: number }) => e.itemId === theirs);
    expect((await w.employee.del(`/api/crm/trash/${entry.id}`)).statusCode).toBe(403);
    ok(await w.employee.post('/api/crm/trash/restore', { items: [{ type: 'contact', id: mine }] }));
    expect(ok(await w.employee.get(`/api/crm/contacts/${mine}`)).id).toBe(mine);

    ok(await w.admin.del(`/api/crm/trash/${entry.id}`));
    expect((await w.admin.post('/api/crm/trash/restore', { items: [{ type: 'contact', id: theirs }] })).statusCode).toBe(404);
    ok(await w.admin.del('/api/crm/trash'));
    expect(ok(await w.admin.get('/api/crm/trash')).items).toEqual([]);
  });

  it('an entry removed for good takes the files only it named, and their content; a file shared with a living item stays', async () => {
    const company = ok(await w.admin.post('/api/crm/companies', { title: 'ООО «Навсегда»' })).id as number;
    const other = ok(await w.admin.post('/api/crm/companies', { title: 'ООО «Живая»' })).id as number;
    const onlyHere = ok(await uploadFile(w.t, w.admin, `устав ${Date.now()}`, 'ustav.txt', 'text/plain')).id as number;
    const inComment = ok(await uploadFile(w.t, w.admin, `протокол ${Date.now()}`, 'protokol.txt', 'text/plain')).id as number;
    const shared = ok(await uploadFile(w.t, w.admin, `реквизиты ${Date.now()}`, 'rekvizity.txt', 'text/plain')).id as number;
    await db()
      .insertInto('file_link', [
        { file_id: onlyHere, entity_type: 'company', entity_id: company, field: 'docs' },
        { file_id: shared, entity_type: 'company', entity_id: company, field: 'docs' },
        { file_id: shared, entity_type: 'company', entity_id: other, field: 'docs' },
      ])
      .execute();
    ok(await w.admin.post(`/api/comments/company/${company}`, { html: '<p>Протокол встречи</p>', fileIds: [inComment] }));
    const hashOf = async (id: number) => (await db().selectFrom('file').select('sha256').where('id', '=', id).executeTakeFirstOrThrow()).sha256;
    const blobs = { onlyHere: blobPath(w.t.platform.sys.config.dataDir, await hashOf(onlyHere)), inComment: blobPath(w.t.platform.sys.config.dataDir, await hashOf(inComment)) };
    const sharedBlob = blobPath(w.t.platform.sys.config.dataDir, await hashOf(shared));

    ok(await w.admin.del(`/api/crm/companies/${company}`));
    // In the trash the files wait with the item: nobody reads them, nothing is deleted yet.
    expect(fs.existsSync(blobs.onlyHere) && fs.existsSync(blobs.inComment)).toBe(true);
    const entry = (await db().selectFrom('crm_trash').select('id').where('entity_type', '=', 'company').where('entity_id', '=', company).executeTakeFirstOrThrow()).id;
    expect((await w.employee.del(`/api/crm/trash/${entry}`)).statusCode).toBe(403);
    ok(await w.admin.del(`/api/crm/trash/${entry}`));

    const left = (await db().selectFrom('file').select('id').where('id', 'in', [onlyHere, inComment, shared]).execute()).map((f) => f.id);
    expect(left).toEqual([shared]);
    expect(fs.existsSync(blobs.onlyHere)).toBe(false);
    expect(fs.existsSync(blobs.inComment)).toBe(false);
    expect(fs.existsSync(sharedBlob)).toBe(true);
    expect((await w.admin.get(`/api/files/${shared}`)).statusCode).toBe(200);
    expect((await w.admin.get(`/api/files/${onlyHere}`)).statusCode).toBe(404);
    expect((await w.admin.del(`/api/crm/trash/${entry}`)).statusCode).toBe(404);
  });

  it("a file's content stays in the store while another file has the same content", async () => {
    const content = `одинаковое ${Date.now()}`;
    const company = ok(await w.admin.post('/api/crm/companies', { title: 'ООО «Копия»' })).id as number;
    const first = ok(await uploadFile(w.t, w.admin, content, 'a.txt', 'text/plain')).id as number;
    const twin = ok(await uploadFile(w.t, w.admin, content, 'b.txt', 'text/plain')).id as number;
    await db().insertInto('file_link', { file_id: first, entity_type: 'company', entity_id: company, field: 'docs' }).execute();
    ok(await w.admin.del(`/api/crm/companies/${company}`));
    ok(await w.admin.del('/api/crm/trash'));
    expect((await w.admin.get(`/api/files/${first}`)).statusCode).toBe(404);
    const sha = (await db().selectFrom('file').select('sha256').where('id', '=', twin).executeTakeFirstOrThrow()).sha256;
    expect(fs.existsSync(blobPath(w.t.platform.sys.config.dataDir, sha))).toBe(true);
  });

  it('the purge removes what waited more than 30 days, and a delete schedules it', async () => {
    const id = ok(await w.admin.post('/api/crm/leads', { title: 'Старый лид' })).id as number;
    const fresh = ok(await w.admin.post('/api/crm/leads', { title: 'Свежий лид' })).id as number;
    ok(await w.admin.del(`/api/crm/leads/${id}`));
    ok(await w.admin.del(`/api/crm/leads/${fresh}`));
    await db()
      .updateTable('crm_trash')
      .set({ deleted_at: new Date(Date.now() - 31 * 24 * 3600 * 1000).toISOString() })
      .where('entity_type', '=', 'lead')
      .where('entity_id', '=', id)
      .execute();
    const job = await w.t.platform.db.selectFrom('job').select(['id', 'run_at']).where('type', '=', PURGE_JOB).where('portal_id', '=', w.p.portal.id).where('status', '=', 'pending').execute();
    expect(job).toHaveLength(1);
    await purgeJob(w.t.platform)({ id: job[0]!.id, portalId: w.p.portal.id, type: PURGE_JOB, payload: {}, attempts: 0 });
    const left = (await db().selectFrom('crm_trash').select('entity_id').where('entity_type', '=', 'lead').execute()).map((r) => r.entity_id);
    expect(left).toContain(fresh);
    expect(left).not.toContain(id);
  });
});
