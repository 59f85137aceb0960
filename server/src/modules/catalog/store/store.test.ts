import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPortal, signIn, signInAll, startTestApp, type Agent, type TestApp, type TestPortal } from '../../../../test/harness.js';
import { addProducts } from './test-support.js';

let t: TestApp;
let p: TestPortal;
let admin: Agent;
let employee: Agent;
let paper: number;
let paint: number;
let design: number;
let main: number;
let showroom: number;

beforeAll(async () => {
  t = await startTestApp();
  p = await buildPortal(t);
  ({ admin, employee } = await signInAll(t, p));
  [paper, paint, design] = await addProducts(t, p.portal.id, [{ name: 'Бумага A4' }, { name: 'Краска', unit: 'кг' }, { name: 'Дизайн логотипа', kind: 'service' }]);
  main = (await admin.post('/api/crm/store/warehouses', { name: 'Основной склад', isDefault: true })).json().id;
  showroom = (await admin.post('/api/crm/store/warehouses', { name: 'Шоурум' })).json().id;
});
afterAll(() => t?.dispose());

async function doc(body: Record<string, unknown>, who = admin) {
  const res = await who.post('/api/crm/store/documents', body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
async function post(d: { id: number; version: number }, who = admin) {
  return who.post(`/api/crm/store/documents/${d.id}/post`, { version: d.version });
}
async function stockOf(productId: number) {
  const res = await admin.get(`/api/crm/store/stock?productId=${productId}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items[0]?.byWarehouse ?? {};
}

describe('warehouses', () => {
  it('lists the warehouses with one default, the settings and what the reader may do', async () => {
    const list = (await admin.get('/api/crm/store/warehouses')).json();
    expect(list.items.map((w: any) => [w.name, w.isDefault])).toEqual([
      ['Основной склад', true],
      ['Шоурум', false],
    ]);
    expect(list.settings).toEqual({ allowNegative: false });
    expect(list.can).toEqual({ post: true, settings: true });
    const mine = (await employee.get('/api/crm/store/warehouses')).json();
    expect(mine.can).toEqual({ post: false, settings: false });
  });

  it('renames, refuses an empty name, deletes an unused one and keeps one in use', async () => {
    const spare = (await admin.post('/api/crm/store/warehouses', { name: 'Временный' })).json();
    const renamed = await admin.patch(`/api/crm/store/warehouses/${spare.id}`, { name: 'Временный склад' });
    expect(renamed.json().name).toBe('Временный склад');
    const empty = await admin.post('/api/crm/store/warehouses', { name: ' ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.fields[0].field).toBe('name');
    expect((await admin.del(`/api/crm/store/warehouses/${spare.id}`)).statusCode).toBe(200);
    expect((await admin.get(`/api/crm/store/warehouses/${spare.id}`)).statusCode).toBe(404);
    await doc({ type: 'receipt', warehouseId: showroom, rows: [{ productId: paper, quantity: 1 }] });
    const inUse = await admin.del(`/api/crm/store/warehouses/${showroom}`);
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().error.message).toContain('сделайте его неактивным');
  });

  it('lets only the administrator allow negative stock; employees may not write documents', async () => {
    expect((await employee.put('/api/crm/store/settings', { allowNegative: true })).statusCode).toBe(403);
    expect((await employee.post('/api/crm/store/warehouses', { name: 'Мой' })).statusCode).toBe(403);
    const refused = await employee.post('/api/crm/store/documents', { type: 'receipt', warehouseId: main, rows: [] });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toBe('Нет доступа к складскому учёту');
  });
});

describe('documents', () => {
  it('posts a receipt, then a write-off, and the stock follows with its history', async () => {
    const receipt = await doc({
      type: 'receipt',
      warehouseId: main,
      comment: 'Поставка',
      rows: [
        { productId: paper, quantity: 10, price: '250.50' },
        { productId: paint, quantity: 2.5, price: '1000' },
      ],
    });
    expect(receipt).toMatchObject({ type: 'receipt', status: 'draft', warehouseName: 'Основной склад', rowsCount: 2, total: '5005.00' });
    expect(receipt.rows.map((r: any) => [r.productName, r.quantity, r.unit, r.sum])).toEqual([
      ['Бумага A4', 10, 'шт', '2505.00'],
      ['Краска', 2.5, 'кг', '2500.00'],
    ]);
    // A draft changes nothing in the stock.
    expect(await stockOf(paint)).toEqual({});
    const posted = await post(receipt);
    expect(posted.statusCode, posted.body).toBe(200);
    expect(posted.json()).toMatchObject({ status: 'posted', can: { edit: false, post: false, cancel: true, delete: false } });
    expect((await stockOf(paint))[main]).toBe(2.5);

    const writeoff = await doc({ type: 'writeoff', warehouseId: main, rows: [{ productId: paint, quantity: 1.25 }] });
    expect((await post(writeoff)).statusCode).toBe(200);
    expect((await stockOf(paint))[main]).toBe(1.25);

    const history = (await admin.get(`/api/crm/store/products/${paint}/movements`)).json();
    expect(history.items.map((m: any) => [m.documentType, m.delta, m.balance, m.warehouseName])).toEqual([
      ['writeoff', -1.25, 1.25, 'Основной склад'],
      ['receipt', 2.5, 2.5, 'Основной склад'],
    ]);
    expect(history.stock).toEqual({ [main]: 1.25 });
  });

  it('refuses a write-off beyond the stock with 409 naming each short product and by how much', async () => {
    const before = await stockOf(paper);
    const d = await doc({
      type: 'writeoff',
      warehouseId: main,
      rows: [
        { productId: paper, quantity: before[main] + 3 },
        { productId: paint, quantity: 2 },
      ],
    });
    const res = await post(d);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('stock_short');
    expect(res.json().error.message).toBe('Не хватает: «Бумага A4» — 3 шт; «Краска» — 0,75 кг');
    // Nothing moved, the document is still a draft.
    expect(await stockOf(paper)).toEqual(before);
    expect((await admin.get(`/api/crm/store/documents/${d.id}`)).json().status).toBe('draft');
    const en = await admin.request('POST', `/api/crm/store/documents/${d.id}/post`, { version: d.version }, { 'accept-language': 'en' });
    expect(en.json().error.message).toContain('«Бумага A4» — 3 шт');
  });

  it('lets the stock go below zero when the administrator allows it', async () => {
    await admin.put('/api/crm/store/settings', { allowNegative: true });
    try {
      const d = await doc({ type: 'writeoff', warehouseId: showroom, rows: [{ productId: paint, quantity: 4 }] });
      expect((await post(d)).statusCode).toBe(200);
      expect((await stockOf(paint))[showroom]).toBe(-4);
      const back = await doc({ type: 'receipt', warehouseId: showroom, rows: [{ productId: paint, quantity: 4 }] });
      await post(back);
    } finally {
      await admin.put('/api/crm/store/settings', { allowNegative: false });
    }
    expect((await stockOf(paint))[showroom]).toBe(0);
  });

  it('moves goods between warehouses and cancels a posting by reversing it', async () => {
    const before = await stockOf(paper);
    const move = await doc({ type: 'move', warehouseId: main, toWarehouseId: showroom, rows: [{ productId: paper, quantity: 4 }] });
    expect(move.toWarehouseName).toBe('Шоурум');
    const posted = (await post(move)).json();
    expect(await stockOf(paper)).toEqual({ [main]: before[main] - 4, [showroom]: (before[showroom] ?? 0) + 4 });
    const cancelled = await admin.post(`/api/crm/store/documents/${move.id}/cancel`, { version: posted.version });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json().status).toBe('cancelled');
    expect(await stockOf(paper)).toEqual({ [main]: before[main], [showroom]: before[showroom] ?? 0 });
    const history = (await admin.get(`/api/crm/store/products/${paper}/movements?limit=2`)).json();
    expect(history.items.map((m: any) => [m.reversal, m.delta])).toEqual([
      [true, expect.any(Number)],
      [true, expect.any(Number)],
    ]);
    expect(history.next).not.toBeNull();
    const older = (await admin.get(`/api/crm/store/products/${paper}/movements?limit=2&before=${history.next}`)).json();
    expect(older.items.every((m: any) => m.id < history.next)).toBe(true);
    // A cancelled document cannot be posted again, a second cancel is refused.
    expect((await admin.post(`/api/crm/store/documents/${move.id}/cancel`, { version: cancelled.json().version })).statusCode).toBe(409);
  });

  it('refuses cancelling a receipt whose goods are gone', async () => {
    const r = await doc({ type: 'receipt', warehouseId: showroom, rows: [{ productId: paint, quantity: 1 }] });
    const posted = (await post(r)).json();
    await post(await doc({ type: 'writeoff', warehouseId: showroom, rows: [{ productId: paint, quantity: 1 }] }));
    const res = await admin.post(`/api/crm/store/documents/${r.id}/cancel`, { version: posted.version });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toBe('Не хватает: «Краска» — 1 кг');
  });

  it('numbers documents per type, edits a draft with its version, deletes a draft and keeps a posted one', async () => {
    const a = await doc({ type: 'move', warehouseId: main, toWarehouseId: showroom });
    const b = await doc({ type: 'move', warehouseId: main, toWarehouseId: showroom });
    expect(b.number).toBe(a.number + 1);
    const edited = await admin.patch(`/api/crm/store/documents/${a.id}`, { version: a.version, comment: 'Образцы', rows: [{ productId: paper, quantity: 1 }] });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ comment: 'Образцы', rowsCount: 1 });
    const stale = await admin.patch(`/api/crm/store/documents/${a.id}`, { version: a.version, comment: 'Старое' });
    expect(stale.statusCode).toBe(409);
    const empty = await post(b);
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.fields[0].field).toBe('rows');
    expect((await admin.del(`/api/crm/store/documents/${b.id}`)).statusCode).toBe(200);
    const posted = (await post(edited.json())).json();
    const del = await admin.del(`/api/crm/store/documents/${posted.id}`);
    expect(del.statusCode).toBe(409);
    const change = await admin.patch(`/api/crm/store/documents/${posted.id}`, { version: posted.version, comment: 'x' });
    expect(change.statusCode).toBe(409);
  });

  it('lists documents by type, status, warehouse and date, newest first', async () => {
    const all = (await admin.get('/api/crm/store/documents?pageSize=200')).json();
    expect(all.total).toBeGreaterThan(5);
    const receipts = (await admin.get('/api/crm/store/documents?type=receipt&status=posted')).json();
    expect(receipts.items.length).toBeGreaterThan(0);
    expect(receipts.items.every((d: any) => d.type === 'receipt' && d.status === 'posted')).toBe(true);
    const inShowroom = (await admin.get(`/api/crm/store/documents?warehouseId=${showroom}`)).json();
    expect(inShowroom.items.every((d: any) => d.warehouseId === showroom || d.toWarehouseId === showroom)).toBe(true);
    const future = (await admin.get('/api/crm/store/documents?from=2999-01-01')).json();
    expect(future.total).toBe(0);
    expect((await employee.get('/api/crm/store/documents')).json().can).toEqual({ post: false });
  });

  it('answers bad input with 400 naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ type: 'receipt', warehouseId: main, rows: [{ productId: paper, quantity: -1 }] }, 'rows.0.quantity'],
      [{ type: 'receipt', warehouseId: main, rows: [{ productId: paper, quantity: 'много' }] }, 'rows.0.quantity'],
      [{ type: 'receipt', warehouseId: main, rows: [{ productId: paper, quantity: 1.0005 }] }, 'rows.0.quantity'],
      [{ type: 'receipt', warehouseId: main, rows: [{ productId: paper, quantity: 1, price: '-5' }] }, 'rows.0.price'],
      [{ type: 'receipt', warehouseId: main, rows: [{ productId: paper, quantity: 1, price: 'дёшево' }] }, 'rows.0.price'],
      [{ type: 'receipt', warehouseId: main, rows: [{ productId: 999999, quantity: 1 }] }, 'rows.0.productId'],
      [{ type: 'receipt', warehouseId: main, rows: [{ productId: design, quantity: 1 }] }, 'rows.0.productId'],
      [{ type: 'receipt', warehouseId: 999999, rows: [] }, 'warehouseId'],
      [{ type: 'move', warehouseId: main }, 'toWarehouseId'],
      [{ type: 'move', warehouseId: main, toWarehouseId: main }, 'toWarehouseId'],
      [{ type: 'receipt', warehouseId: main, docDate: '3 декабря' }, 'docDate'],
    ];
    for (const [body, field] of cases) {
      const res = await admin.post('/api/crm/store/documents', body);
      expect(res.statusCode, `${field}: ${res.body}`).toBe(400);
      expect(
        res.json().error.fields.map((f: any) => f.field),
        JSON.stringify(body),
      ).toContain(field);
    }
    const unknown = (await admin.post('/api/crm/store/documents', cases[5]![0])).json();
    expect(unknown.error.fields[0].message).toBe('Такого товара нет в каталоге');
  });

  it('shows another portal nothing: its ids are not found', async () => {
    const other = await buildPortal(t);
    const stranger = await signIn(t, other.portal.name, other.users.admin.email);
    const d = await doc({ type: 'receipt', warehouseId: main, rows: [{ productId: paper, quantity: 1 }] });
    expect((await stranger.get(`/api/crm/store/documents/${d.id}`)).statusCode).toBe(404);
    expect((await stranger.post(`/api/crm/store/documents/${d.id}/post`, { version: d.version })).statusCode).toBe(404);
    expect((await stranger.get(`/api/crm/store/products/${paper}/movements`)).statusCode).toBe(404);
    expect((await stranger.get('/api/crm/store/stock')).json().items).toEqual([]);
    const foreign = await stranger.post('/api/crm/store/documents', { type: 'receipt', warehouseId: main });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.fields[0].field).toBe('warehouseId');
  });
});
