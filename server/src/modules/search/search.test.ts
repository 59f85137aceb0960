import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPortal, signInAll, startTestApp, type Agent, type TestApp, type TestPortal } from '../../../test/harness.js';
import { systemCtxFor } from '../../../test/support.js';
import { engineFor } from './engine.js';
import { rebuildPortal } from './indexer.js';

// The portal search over real CRM items and employees, on the database the suite runs on (SQLite,
// and PostgreSQL with TEST_DATABASE_URL): both must give the same answers.

let t: TestApp;
let p: TestPortal;
let as: Record<'admin' | 'head' | 'employee' | 'other', Agent>;
const ids: Record<string, number> = {};

type Box = { groups: { kind: string; title: string; items: { id: string; title: string; subtitle: string | null; url: string; marks: [number, number][] }[] }[]; corrected: string | null };

async function box(a: Agent, q: string, limit = 5): Promise<Box> {
  const res = await a.get(`/api/search?q=${encodeURIComponent(q)}&limit=${limit}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
/** The titles found of one kind. */
const found = async (a: Agent, q: string, kind: string) => (await box(a, q)).groups.find((g) => g.kind === kind)?.items.map((i) => i.title) ?? [];

async function created(a: Agent, url: string, body: unknown): Promise<number> {
  const res = await a.post(url, body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().id;
}

beforeAll(async () => {
  t = await startTestApp();
  p = await buildPortal(t);
  as = await signInAll(t, p);
  const admin = as.admin;
  ids.volga = await created(admin, '/api/crm/companies', { title: 'ООО «Волга»', inn: '7707083893' });
  ids.petrova = await created(admin, '/api/crm/contacts', {
    lastName: 'Петрова',
    firstName: 'Анна',
    phones: [{ type: 'mobile', value: '+7 (912) 345-67-89' }],
    emails: [{ type: 'work', value: 'Anna.Petrova@volga.example' }],
  });
  ids.trees = await created(admin, '/api/crm/deals', { title: 'Договор поставки ёлок', responsibleId: p.users.admin.id });
  ids.mine = await created(admin, '/api/crm/deals', { title: 'Сделка сотрудника', responsibleId: p.users.employee.id });
  ids.call = await created(admin, '/api/crm/leads', { title: 'Звонок в Волгу', responsibleId: p.users.admin.id });
  // The same words in another portal: never found from this one.
  const q = await buildPortal(t);
  const other = (await signInAll(t, q)).admin;
  await created(other, '/api/crm/deals', { title: 'Договор поставки ёлок другого портала' });
});
afterAll(() => t?.dispose());

describe('portal search', () => {
  it('matches Russian word forms, ё as е, and case and punctuation ignored', async () => {
    for (const q of ['договоров', 'ДОГОВОР', 'поставками', 'елок', 'ЁЛОК', 'договор, поставки!']) {
      expect(await found(as.admin, q, 'crm.deal'), q).toEqual(['Договор поставки ёлок']);
    }
    expect(await found(as.admin, 'сделки', 'crm.deal')).toEqual(['Сделка сотрудника']);
    expect(await found(as.admin, 'волги', 'crm.company')).toEqual(['ООО «Волга»']);
    expect(await found(as.admin, 'волги', 'crm.lead')).toEqual(['Звонок в Волгу']);
    // Two words: both must be there.
    expect(await found(as.admin, 'договор сотрудника', 'crm.deal')).toEqual([]);
  });

  it('tries a query typed in the wrong keyboard layout, and says how it read it', async () => {
    const r = await box(as.admin, 'ljujdjh');
    expect(r.corrected).toBe('договор');
    expect(r.groups.find((g) => g.kind === 'crm.deal')?.items.map((i) => i.title)).toEqual(['Договор поставки ёлок']);
    // A query found as typed is not "corrected".
    expect((await box(as.admin, 'договор')).corrected).toBeNull();
  });

  it('forgives a typo in a name and finds a name written in Latin letters', async () => {
    expect(await found(as.admin, 'Петрава', 'crm.contact')).toEqual(['Петрова Анна']);
    expect(await found(as.admin, 'Petrova', 'crm.contact')).toEqual(['Петрова Анна']);
    expect(await found(as.admin, 'Sotrudnikov', 'employees')).toEqual(['Иван Сотрудников']);
    expect(await found(as.admin, 'Сотрудникоф', 'employees')).toEqual(['Иван Сотрудников']);
  });

  it('finds a phone however it is written, an e-mail exactly and an ИНН', async () => {
    for (const q of ['+7 (912) 345-67-89', '89123456789', '79123456789', '9123456789', '912 345 67 89']) {
      expect(await found(as.admin, q, 'crm.contact'), q).toEqual(['Петрова Анна']);
    }
    expect(await found(as.admin, '912 345 67 80', 'crm.contact')).toEqual([]);
    expect(await found(as.admin, 'anna.petrova@VOLGA.example', 'crm.contact')).toEqual(['Петрова Анна']);
    expect(await found(as.admin, '7707083893', 'crm.company')).toEqual(['ООО «Волга»']);
  });

  it('marks the matched words of a title', async () => {
    const item = (await box(as.admin, 'поставкам')).groups.find((g) => g.kind === 'crm.deal')!.items[0]!;
    expect(item.marks.map(([a, b]) => item.title.slice(a, b))).toEqual(['поставки']);
  });

  it('shows, counts and suggests only what the user may open', async () => {
    // A default employee reads their department's deals: the one they are responsible for, not the administrator's.
    expect(await found(as.employee, 'сделка', 'crm.deal')).toEqual(['Сделка сотрудника']);
    expect(await found(as.employee, 'договор', 'crm.deal')).toEqual([]);
    expect(await found(as.employee, 'ljujdjh', 'crm.deal')).toEqual([]);
    expect(await found(as.employee, 'Петрава', 'crm.contact')).toEqual([]);
    expect(await found(as.employee, '89123456789', 'crm.contact')).toEqual([]);
    const page = (await as.employee.get(`/api/search/page?q=${encodeURIComponent('договор')}`)).json();
    expect(page.items).toEqual([]);
    expect(page.kinds).toEqual([]);
    const adminPage = (await as.admin.get(`/api/search/page?q=${encodeURIComponent('договор')}`)).json();
    expect(adminPage.kinds).toEqual([{ kind: 'crm.deal', title: 'Сделки', count: 1, capped: false }]);
    // Nothing of another portal, however much alike.
    expect(adminPage.items.map((i: { title: string }) => i.title)).toEqual(['Договор поставки ёлок']);
  });

  it('follows a colleague to another department: their deals leave the department’s search and come back with them', async () => {
    const deal = await created(as.admin, '/api/crm/deals', { title: 'Сделка коллеги по отделу', responsibleId: p.users.other.id });
    expect(await found(as.employee, 'коллеги', 'crm.deal')).toEqual(['Сделка коллеги по отделу']);
    const store = (await as.admin.post('/api/departments', { name: 'Склад', parentId: p.departments.root })).json();
    const move = async (departmentId: number) => {
      const { version } = (await as.admin.get(`/api/users/${p.users.other.id}`)).json();
      expect((await as.admin.patch(`/api/users/${p.users.other.id}`, { version, departmentId })).statusCode).toBe(200);
    };
    await move(store.id);
    expect(await found(as.employee, 'коллеги', 'crm.deal')).toEqual([]);
    await move(p.departments.team);
    expect(await found(as.employee, 'коллеги', 'crm.deal')).toEqual(['Сделка коллеги по отделу']);
    expect((await as.admin.del(`/api/crm/deals/${deal}`)).statusCode).toBe(200);
  });

  it('follows edits and deletes', async () => {
    const deal = (await as.admin.get(`/api/crm/deals/${ids.trees}`)).json();
    expect((await as.admin.patch(`/api/crm/deals/${ids.trees}`, { title: 'Договор поставки кирпича', version: deal.version })).statusCode).toBe(200);
    expect(await found(as.admin, 'кирпичей', 'crm.deal')).toEqual(['Договор поставки кирпича']);
    expect(await found(as.admin, 'елок', 'crm.deal')).toEqual([]);
    const extra = await created(as.admin, '/api/crm/deals', { title: 'Сделка на удаление' });
    expect(await found(as.admin, 'удаление', 'crm.deal')).toEqual(['Сделка на удаление']);
    expect((await as.admin.del(`/api/crm/deals/${extra}`)).statusCode).toBe(200);
    expect(await found(as.admin, 'удаление', 'crm.deal')).toEqual([]);
  });

  it('is built again by a rebuild with the same answers', async () => {
    const ctx = systemCtxFor(t, p.portal);
    await ctx.sys.openTransaction(ctx, (tx) => engineFor(ctx.sys.dialect).clear(tx, 'crm.contact'));
    expect(await found(as.admin, 'Петрова', 'crm.contact')).toEqual([]);
    expect(await rebuildPortal(ctx, ['crm.contact'])).toBe(1);
    expect(await found(as.admin, 'Петрова', 'crm.contact')).toEqual(['Петрова Анна']);
  });

  it('pages the full results newest first, with filters, and refuses bad filters', async () => {
    for (let i = 0; i < 12; i++) await created(as.admin, '/api/crm/deals', { title: `Пакетная сделка ${i}` });
    const seen: string[] = [];
    let next: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/search/page?q=${encodeURIComponent('пакетные')}&limit=5${next ? `&before=${next}` : ''}`;
      const page = (await as.admin.get(url)).json();
      if (!next) expect(page.kinds).toEqual([{ kind: 'crm.deal', title: 'Сделки', count: 12, capped: false }]);
      seen.push(...page.items.map((i: { title: string }) => i.title));
      next = page.next;
      pages++;
    } while (next);
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: 12 }, (_, i) => `Пакетная сделка ${11 - i}`));
    // By kind and by module.
    expect((await as.admin.get(`/api/search/page?q=${encodeURIComponent('пакетные')}&kind=crm.lead`)).json().items).toEqual([]);
    expect((await as.admin.get(`/api/search/page?q=${encodeURIComponent('пакетные')}&module=crm&limit=1`)).json().items).toHaveLength(1);
    const bad = await as.admin.get(`/api/search/page?q=x&from=2026-12-10&to=2026-12-01`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toEqual([expect.objectContaining({ field: 'to', message: 'Дата «по» не может быть раньше даты «с»' })]);
    expect((await as.admin.get('/api/search?q=')).statusCode).toBe(400);
  });
});
