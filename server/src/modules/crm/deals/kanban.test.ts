import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPortal, signIn, startTestApp, type Agent, type TestApp, type TestPortal } from '../../../../test/harness.js';
import { crmData, kopecks } from '../../../../test/crm/deals-support.js';

let t: TestApp;
let p: TestPortal;
let admin: Agent;
let employee: Agent;
let data: ReturnType<typeof crmData>;
let sales: { id: number; stages: { id: number; name: string }[] };

beforeAll(async () => {
  t = await startTestApp();
  p = await buildPortal(t);
  data = crmData(t, p);
  // The employee sees, changes and deletes only their own deals.
  await data.role(p.users.employee.id, (perm) => {
    perm.deal.read = 'own';
    perm.deal.edit = 'own';
    perm.deal.delete = 'own';
  });
  admin = await signIn(t, p.portal.name, p.users.admin.email);
  employee = await signIn(t, p.portal.name, p.users.employee.email);
  sales = (await admin.get('/api/crm/pipelines')).json().items[0];
});
afterAll(() => t?.dispose());

type Column = { stage: { id: number }; count: number; sum: string; cards: { id: number; title: string; responsible: { id: number } | null }[]; hasMore: boolean };

async function board(a: Agent, query = '') {
  const res = await a.get(`/api/crm/deals/kanban?pipelineId=${sales.id}${query}`);
  expect(res.statusCode).toBe(200);
  return res.json() as { columns: Column[]; canAdd: boolean; pipeline: { id: number } };
}

/** Every column's count and sum equal a live count over the deals (optionally of some responsibles). */
async function expectTotalsMatch(a: Agent, responsibleIds?: number[], query = '') {
  const live = await data.liveTotals(sales.id, responsibleIds);
  for (const c of (await board(a, query)).columns) {
    const l = live.get(c.stage.id) ?? { count: 0, sum: 0 };
    expect({ stage: c.stage.id, count: c.count, sum: kopecks(c.sum) }).toEqual({ stage: c.stage.id, count: l.count, sum: l.sum });
  }
}

describe('Kanban counts and sums', () => {
  it('stay equal to a live count through creates, moves, edits, deletes, bulk changes and a deleted stage', async () => {
    const users = [p.users.admin.id, p.users.employee.id, p.users.other.id];
    const created: { id: number; version: number }[] = [];
    for (let i = 0; i < 24; i++) {
      const res = await admin.post('/api/crm/deals', {
        title: `Сделка ${i}`,
        amount: `${(i + 1) * 1000}.${String(i).padStart(2, '0')}`,
        stageId: sales.stages[i % 5]!.id,
        responsibleId: users[i % 3],
      });
      expect(res.statusCode).toBe(200);
      created.push(res.json());
    }
    await expectTotalsMatch(admin);

    // Drags.
    for (const d of created.slice(0, 6)) {
      const moved = await admin.post(`/api/crm/deals/${d.id}/stage`, { stageId: sales.stages[5]!.id, version: d.version });
      expect(moved.statusCode).toBe(200);
      d.version = moved.json().version;
    }
    // Edits of amount, responsible and stage at once.
    for (const d of created.slice(6, 10)) {
      const res = await admin.patch(`/api/crm/deals/${d.id}`, { amount: '99.99', responsibleId: p.users.head.id, stageId: sales.stages[6]!.id, version: d.version });
      expect(res.statusCode).toBe(200);
      d.version = res.json().version;
    }
    // Products change the amount too.
    const withRows = created[10]!;
    await admin.patch(`/api/crm/deals/${withRows.id}`, { products: [{ name: 'Услуга', price: '123.45', quantity: 3 }], version: withRows.version });
    await expectTotalsMatch(admin);

    // Deletes, one and in bulk.
    expect((await admin.del(`/api/crm/deals/${created[11]!.id}`)).statusCode).toBe(200);
    const del = await admin.post('/api/crm/deal/bulk', { action: 'delete', ids: [created[12]!.id, created[13]!.id] });
    expect(del.json()).toEqual({ done: 2, denied: [] });
    // Bulk stage and responsible changes.
    const st = await admin.post('/api/crm/deal/bulk', { action: 'stage', ids: created.slice(14, 18).map((d) => d.id), stageId: sales.stages[3]!.id });
    expect(st.json()).toEqual({ done: 4, denied: [] });
    const resp = await admin.post('/api/crm/deal/bulk', { action: 'responsible', ids: created.slice(16, 20).map((d) => d.id), responsibleId: p.users.employee.id });
    expect(resp.json()).toEqual({ done: 4, denied: [] });
    await expectTotalsMatch(admin);

    // A stage deleted with its deals moved elsewhere.
    const temp = (await admin.post(`/api/crm/pipelines/${sales.id}/stages`, { name: 'Временная' })).json();
    for (const d of created.slice(20, 23)) {
      const cur = (await admin.get(`/api/crm/deals/${d.id}`)).json();
      await admin.post(`/api/crm/deals/${d.id}/stage`, { stageId: temp.id, version: cur.version });
    }
    await expectTotalsMatch(admin);
    expect((await admin.request('DELETE', `/api/crm/stages/${temp.id}`, { moveToStageId: sales.stages[0]!.id })).statusCode).toBe(200);
    await expectTotalsMatch(admin);

    // Narrowed by responsible (from the totals) and by search (counted live).
    await expectTotalsMatch(admin, [p.users.other.id], `&responsibleId=${p.users.other.id}`);
    const found = await board(admin, `&search=${encodeURIComponent('сделка 2')}`);
    const total = found.columns.reduce((n, c) => n + c.count, 0);
    const titles = found.columns.flatMap((c) => c.cards.map((x) => x.title));
    expect(total).toBe(titles.length);
    expect(titles.every((x) => x.startsWith('Сделка 2'))).toBe(true);
    expect(total).toBe(['Сделка 2', 'Сделка 20', 'Сделка 21', 'Сделка 22', 'Сделка 23'].length);
  });

  it('shows a user with "own" rights only their deals: cards, counts, sums, columns, lists and bulk', async () => {
    const me = p.users.employee.id;
    const b = await board(employee);
    expect(b.columns.flatMap((c) => c.cards).every((c) => c.responsible?.id === me)).toBe(true);
    expect(b.columns.reduce((n, c) => n + c.count, 0)).toBeGreaterThan(0);
    await expectTotalsMatch(employee, [me]);
    // Asking for someone else's deals gives nothing.
    const theirs = await board(employee, `&responsibleId=${p.users.other.id}`);
    expect(theirs.columns.every((c) => c.count === 0 && c.cards.length === 0)).toBe(true);

    const list = (await employee.get('/api/crm/deal/list?pageSize=200')).json();
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.every((r: { responsible: { id: number } }) => r.responsible.id === me)).toBe(true);
    const live = [...(await data.liveTotals(sales.id, [me])).values()].reduce((n, x) => n + x.count, 0);
    expect((await employee.get('/api/crm/deal/count')).json().total).toBe(live);

    const all = (await admin.get('/api/crm/deal/list?pageSize=200')).json().items as { id: number; responsible: { id: number } | null; version: number }[];
    const foreign = all.filter((r) => r.responsible?.id !== me).map((r) => r.id);
    const own = all.filter((r) => r.responsible?.id === me).map((r) => r.id);
    const bulk = await employee.post('/api/crm/deal/bulk', { action: 'stage', ids: [...foreign.slice(0, 3), own[0]], stageId: sales.stages[2]!.id });
    expect(bulk.json().denied.sort()).toEqual(foreign.slice(0, 3).sort());
    for (const id of foreign.slice(0, 3)) expect((await admin.get(`/api/crm/deals/${id}`)).json().stageId).not.toBe(sales.stages[2]!.id);
    const delBulk = await employee.post('/api/crm/deal/bulk', { action: 'delete', ids: foreign.slice(0, 2) });
    expect(delBulk.json()).toEqual({ done: 0, denied: foreign.slice(0, 2) });
    expect((await admin.get(`/api/crm/deals/${foreign[0]}`)).statusCode).toBe(200);

    const column = (await employee.get(`/api/crm/deals/kanban/column?stageId=${sales.stages[0]!.id}`)).json();
    expect(column.cards.every((c: { responsible: { id: number } }) => c.responsible.id === me)).toBe(true);
    const cal = (await employee.get(`/api/crm/deals/calendar?pipelineId=${sales.id}&field=created_at&from=2000-01-01&to=2100-01-01`)).json();
    expect(cal.items.length).toBe(live);
    expect(cal.items.every((r: { responsible: { id: number } }) => r.responsible.id === me)).toBe(true);
    await expectTotalsMatch(admin);
  });
});

describe('Kanban columns', () => {
  it('show the first 20 cards and load the next 20 by the last id, newest first', async () => {
    const q = await buildPortal(t);
    const a = await signIn(t, q.portal.name, q.users.admin.email);
    const pl = (await a.get('/api/crm/pipelines')).json().items[0];
    const first = pl.stages[0].id;
    for (let i = 0; i < 45; i++) await a.post('/api/crm/deals', { title: `Карточка ${i}`, amount: '10.00' });
    const b = (await a.get('/api/crm/deals/kanban')).json();
    expect(b.pipeline.id).toBe(pl.id);
    expect(b.canAdd).toBe(true);
    const col = b.columns[0];
    expect(col).toMatchObject({ count: 45, sum: '450.00', hasMore: true });
    expect(col.cards).toHaveLength(20);
    expect(col.cards[0].title).toBe('Карточка 44');
    const seen = col.cards.map((c: { id: number }) => c.id);
    let after = seen.at(-1);
    for (let page = 0; page < 3; page++) {
      const more = (await a.get(`/api/crm/deals/kanban/column?stageId=${first}&afterId=${after}`)).json();
      seen.push(...more.cards.map((c: { id: number }) => c.id));
      after = seen.at(-1);
      if (!more.hasMore) break;
    }
    expect(seen).toHaveLength(45);
    expect(new Set(seen).size).toBe(45);
    expect([...seen].sort((x, y) => y - x)).toEqual(seen);
    expect((await a.get('/api/crm/deals/kanban/column?stageId=999999')).statusCode).toBe(404);
    expect((await a.get('/api/crm/deals/kanban?pipelineId=999999')).statusCode).toBe(404);
  });

  it('offers quick create only to users who may add deals', async () => {
    const q = await buildPortal(t);
    await crmData(t, q).role(q.users.employee.id, (perm) => {
      perm.deal.add = 'none';
    });
    const e = await signIn(t, q.portal.name, q.users.employee.email);
    expect((await e.get('/api/crm/deals/kanban')).json().canAdd).toBe(false);
    expect((await e.post('/api/crm/deals', { title: 'Нельзя' })).statusCode).toBe(403);
  });
});

describe('Kanban order', () => {
  it('puts a dragged card under the card it was dropped below, and keeps that order on reload and paging', async () => {
    const q = await buildPortal(t);
    const a = await signIn(t, q.portal.name, q.users.admin.email);
    const pl = (await a.get('/api/crm/pipelines')).json().items[0];
    const [s0, s1] = [pl.stages[0].id as number, pl.stages[1].id as number];
    const make = async (title: string, stageId: number) => (await a.post('/api/crm/deals', { title, stageId })).json() as { id: number; version: number };
    const deals = new Map<string, { id: number; version: number }>();
    for (const x of ['A', 'B', 'C']) deals.set(x, await make(x, s0));
    for (const x of ['X', 'Y']) deals.set(x, await make(x, s1));
    const titles = async (stageId: number) => {
      const b = (await a.get(`/api/crm/deals/kanban?pipelineId=${pl.id}`)).json() as { columns: Column[] };
      return b.columns.find((c) => c.stage.id === stageId)!.cards.map((c) => c.title);
    };
    const move = async (title: string, stageId: number, after?: string | null) => {
      const d = deals.get(title)!;
      const res = await a.post(`/api/crm/deals/${d.id}/stage`, { stageId, version: d.version, ...(after !== undefined ? { afterId: after && deals.get(after)!.id } : {}) });
      expect(res.statusCode).toBe(200);
      d.version = res.json().version;
      return res.json();
    };
    expect(await titles(s1)).toEqual(['Y', 'X']);

    await move('A', s1, 'Y'); // between Y and X
    expect(await titles(s1)).toEqual(['Y', 'A', 'X']);
    await move('C', s1); // no neighbour: the top
    expect(await titles(s1)).toEqual(['C', 'Y', 'A', 'X']);
    await move('B', s1, 'X'); // under the last card: the bottom
    expect(await titles(s1)).toEqual(['C', 'Y', 'A', 'X', 'B']);
    expect(await titles(s0)).toEqual([]);

    // Within the column: only the place changes, not the version nor the history.
    const xVersion = deals.get('X')!.version;
    await move('X', s1, 'C');
    expect(deals.get('X')!.version).toBe(xVersion);
    expect(await titles(s1)).toEqual(['C', 'X', 'Y', 'A', 'B']);
    await move('B', s1, null);
    expect(await titles(s1)).toEqual(['B', 'C', 'X', 'Y', 'A']);

    // Many cards dropped into the same gap (and cards created in the same millisecond): each lands right there.
    const many: string[] = [];
    for (let i = 0; i < 30; i++) {
      const title = `M${i}`;
      deals.set(title, await make(title, s0));
      many.push(title);
    }
    for (const title of many) await move(title, s1, 'C');
    const expected = ['B', 'C', ...[...many].reverse(), 'X', 'Y', 'A'];
    expect(await titles(s1)).toEqual(expected.slice(0, 20));
    // The next page follows the same order.
    const page1 = (await a.get(`/api/crm/deals/kanban/column?stageId=${s1}&afterId=${deals.get(expected[19]!)!.id}`)).json();
    expect(page1.cards.map((c: { title: string }) => c.title)).toEqual(expected.slice(20));
    expect(page1.hasMore).toBe(false);

    // A new deal comes in at the top; a neighbour from another column puts the card at the top too.
    deals.set('N', await make('N', s1));
    expect((await titles(s1)).slice(0, 2)).toEqual(['N', 'B']);
    deals.set('Z', await make('Z', s0));
    await move('A', s0, 'Y');
    expect(await titles(s0)).toEqual(['A', 'Z']);

    // A move from the card's stage bar (no neighbour) and an edit of the stage put it at the top.
    const z = deals.get('Z')!;
    const edited = await a.patch(`/api/crm/deals/${z.id}`, { stageId: s1, version: z.version });
    expect(edited.statusCode).toBe(200);
    expect((await titles(s1))[0]).toBe('Z');
  });
});

describe('deal calendar', () => {
  it('lists the deals whose close date falls in the range', async () => {
    const q = await buildPortal(t);
    const a = await signIn(t, q.portal.name, q.users.admin.email);
    const inRange = (await a.post('/api/crm/deals', { title: 'В марте', closeDate: '2025-03-15', amount: '5.00' })).json();
    await a.post('/api/crm/deals', { title: 'В апреле', closeDate: '2025-04-02' });
    await a.post('/api/crm/deals', { title: 'Без даты' });
    const res = await a.get('/api/crm/deals/calendar?from=2025-03-01&to=2025-03-31');
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([expect.objectContaining({ id: inRange.id, title: 'В марте', date: '2025-03-15', amount: '5.00', stage: expect.objectContaining({ name: 'Новая' }) })]);
    const begin = await a.get('/api/crm/deals/calendar?field=begin_date&from=2025-03-01&to=2025-03-31');
    expect(begin.json().items).toEqual([]);
    const bad = await a.get('/api/crm/deals/calendar?from=2025-02-30&to=2025-03-31');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toEqual([{ field: 'from', message: 'Введите дату в формате ГГГГ-ММ-ДД' }]);
  });
});
