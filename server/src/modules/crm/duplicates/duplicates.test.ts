import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientsWorld, giveRole, ok, VALID_INN_10, type ClientsWorld } from '../../../../test/crm/clients-fixtures.js';
import { csv, runJobs, upload } from '../../../../test/crm/transfer-fixtures.js';
import { systemCtx } from '../../../platform/context.js';
import { rebuildKeys } from './store.js';

let w: ClientsWorld;
beforeAll(async () => {
  w = await clientsWorld();
  await giveRole(w.t, w.p, w.p.users.other.id, 'own');
});
afterAll(() => w?.t.dispose());

const settle = () => w.t.platform.events.drain();
const phone = (value: string) => [{ type: 'work', value }];
const contact = async (body: Record<string, unknown>, by = w.admin) => ok(await by.post('/api/crm/contacts', body));
const check = async (body: Record<string, unknown>, by = w.admin) => {
  await settle();
  return ok<{ items: { id: number; title: string; url: string; reasons: { reason: string; value: string }[]; score: number }[] }>(await by.post('/api/crm/duplicates/check', body));
};
const groups = async (type: string, by = w.admin) => {
  await settle();
  return ok<{ groups: { items: { id: number; title: string }[]; reasons: { reason: string; value: string }[]; score: number }[]; hasMore: boolean }>(
    await by.get(`/api/crm/duplicates?type=${type}&pageSize=100`),
  );
};
const groupWith = (list: Awaited<ReturnType<typeof groups>>, id: number) => list.groups.find((g) => g.items.some((i) => i.id === id));

describe('the card’s warning', () => {
  it('finds a contact by a phone written another way, by e-mail, and by name with the company', async () => {
    const c = await contact({ lastName: 'Сидоров', firstName: 'Пётр', phones: phone('+7 901 111-22-33'), emails: [{ type: 'work', value: 'Sidorov@Mail.ru' }] });
    const byPhone = await check({ type: 'contact', phones: ['8 (901) 111 22 33'] });
    expect(byPhone.items.map((i) => i.id)).toEqual([c.id]);
    expect(byPhone.items[0]).toMatchObject({ title: 'Сидоров Пётр', url: `/crm/contact/details/${c.id}`, reasons: [{ reason: 'phone', value: '79011112233' }] });
    expect((await check({ type: 'contact', emails: [' SIDOROV@mail.ru'] })).items.map((i) => i.id)).toEqual([c.id]);
    expect((await check({ type: 'contact', name: 'Петр', lastName: 'сидоров' })).items.map((i) => i.id)).toEqual([c.id]);
    // Its own card does not warn about itself.
    expect((await check({ type: 'contact', phones: ['89011112233'], excludeId: c.id })).items).toEqual([]);
  });

  it('follows edits and deletes: an old phone no longer finds the contact, a deleted one is gone', async () => {
    const c = await contact({ firstName: 'Зоя', phones: phone('+79012223344') });
    expect((await check({ type: 'contact', phones: ['+79012223344'] })).items).toHaveLength(1);
    ok(await w.admin.patch(`/api/crm/contacts/${c.id}`, { version: c.version, phones: phone('+79012223355') }));
    expect((await check({ type: 'contact', phones: ['+79012223344'] })).items).toEqual([]);
    expect((await check({ type: 'contact', phones: ['+79012223355'] })).items.map((i) => i.id)).toEqual([c.id]);
    ok(await w.admin.del(`/api/crm/contacts/${c.id}`));
    expect((await check({ type: 'contact', phones: ['+79012223355'] })).items).toEqual([]);
  });

  it('finds a company by ИНН and by its name without the legal form', async () => {
    const co = ok(await w.admin.post('/api/crm/companies', { title: 'ООО «Лютик»', inn: VALID_INN_10 }));
    const byInn = await check({ type: 'company', inn: VALID_INN_10, title: 'Совсем другое' });
    expect(byInn.items.map((i) => i.id)).toEqual([co.id]);
    expect(byInn.items[0]!.reasons).toEqual([{ reason: 'inn', value: VALID_INN_10 }]);
    const byTitle = await check({ type: 'company', title: 'лютик' });
    expect(byTitle.items.map((i) => i.id)).toEqual([co.id]);
    expect(byTitle.items[0]!.score).toBeLessThan(byInn.items[0]!.score);
  });

  it('refuses an unknown type with the field named', async () => {
    const res = await w.admin.post('/api/crm/duplicates/check', { type: 'deal', phones: ['+79000000000'] });
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json())).toContain('type');
  });
});

describe('the «Дубликаты» page', () => {
  it('groups two «Иван Петров» with one phone, and «ООО Ромашка» with «Ромашка» of one ИНН, with reasons and a score', async () => {
    const a = await contact({ lastName: 'Петров', firstName: 'Иван', phones: phone('+79005550001') });
    const b = await contact({ lastName: 'Иван', firstName: 'Петров', phones: phone('8 900 555-00-01') });
    const list = await groups('contact');
    const g = groupWith(list, a.id)!;
    expect(g.items.map((i) => i.id)).toEqual([a.id, b.id]);
    expect(g.reasons).toEqual(
      expect.arrayContaining([
        { reason: 'phone', value: '79005550001' },
        { reason: 'name', value: 'иван петров' },
      ]),
    );
    expect(g.score).toBeGreaterThanOrEqual(85);

    const inn = '7728168971';
    const x = ok(await w.admin.post('/api/crm/companies', { title: 'ООО «Ромашка»', inn }));
    const y = ok(await w.admin.post('/api/crm/companies', { title: 'Ромашка', inn }));
    const cg = groupWith(await groups('company'), x.id)!;
    expect(cg.items.map((i) => i.title)).toEqual(['ООО «Ромашка»', 'Ромашка']);
    expect(cg.items.map((i) => i.id)).toEqual([x.id, y.id]);
    expect(cg.reasons).toEqual(
      expect.arrayContaining([
        { reason: 'inn', value: inn },
        { reason: 'title', value: 'ромашка' },
      ]),
    );
    // The surest groups first.
    const scores = (await groups('company')).groups.map((c) => c.score);
    expect(scores).toEqual([...scores].sort((p, q) => q - p));
  });

  it('shows only items the reader may read, in groups and in warnings', async () => {
    const mine = await contact({ firstName: 'Ольга', phones: phone('+79007770001'), responsibleId: w.p.users.other.id }, w.other);
    const theirs = await contact({ firstName: 'Ольга', phones: phone('+79007770001'), responsibleId: w.p.users.admin.id });
    expect(groupWith(await groups('contact'), mine.id)!.items.map((i) => i.id)).toEqual([mine.id, theirs.id]);
    // «other» reads only their own items: no group of one, and the admin's contact is not named.
    expect(groupWith(await groups('contact', w.other), mine.id)).toBeUndefined();
    expect((await check({ type: 'contact', phones: ['+79007770001'] }, w.other)).items.map((i) => i.id)).toEqual([mine.id]);
    // Another portal finds nothing of this one.
    expect((await check({ type: 'contact', phones: ['+79007770001'] }, w.stranger)).items).toEqual([]);
  });

  it('comes back whole from a rebuild of the index', async () => {
    const a = await contact({ firstName: 'Глеб', emails: [{ type: 'work', value: 'gleb@dup.ru' }] });
    const b = await contact({ firstName: 'Глеб Иванович', emails: [{ type: 'work', value: 'GLEB@dup.ru' }] });
    await settle();
    const db = w.t.platform.db;
    await db.deleteFrom('crm_dup_key').where('portal_id', '=', w.p.portal.id).execute();
    expect(groupWith(await groups('contact'), a.id)).toBeUndefined();
    const built = await rebuildKeys(systemCtx(w.t.platform, w.p.portal), 'contact', { page: 3 });
    expect(built.items).toBeGreaterThanOrEqual(2);
    expect(groupWith(await groups('contact'), a.id)!.items.map((i) => i.id)).toEqual([a.id, b.id]);
    // Administrators may ask for it as a job.
    expect((await w.employee.post('/api/crm/duplicates/rebuild', { type: 'contact' })).statusCode).toBe(403);
    ok(await w.admin.post('/api/crm/duplicates/rebuild', { type: 'contact' }));
    await runJobs(w.t);
    expect(groupWith(await groups('contact'), a.id)!.items.map((i) => i.id)).toEqual([a.id, b.id]);
  });
});

describe('import', () => {
  it('skips a row whose phone is an existing contact’s written another way, by the same normal forms', async () => {
    await contact({ lastName: 'Импортов', firstName: 'Иван', phones: phone('+79008880001') });
    const up = ok(
      await upload(
        w.admin,
        '/api/crm/contact/import',
        'p.csv',
        csv([
          ['Фамилия', 'Имя', 'Телефон'],
          ['Импортов', 'Иван', '8 (900) 888-00-01'],
          ['Новиков', 'Ян', '+7 900 888-00-02'],
        ]),
      ),
    );
    ok(await w.admin.post(`/api/crm/imports/${up.importId}/start`, { mapping: up.suggestedMapping, duplicatePolicy: 'skip' }));
    await runJobs(w.t);
    const report = ok(await w.admin.get(`/api/crm/imports/${up.importId}`));
    expect(report).toMatchObject({ status: 'done', createdRows: 1, skippedRows: 1 });
    // The imported contact is in the index too.
    expect((await check({ type: 'contact', phones: ['89008880002'] })).items.map((i) => i.title)).toEqual(['Новиков Ян']);
  });
});
