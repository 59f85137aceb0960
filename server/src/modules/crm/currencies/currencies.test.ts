import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPortal, signIn, startTestApp, type Agent, type TestApp, type TestPortal } from '../../../../test/harness.js';
import { convertMinor, crossRate, formatRate, parseRate } from './rates.js';

let t: TestApp;
let p: TestPortal;
let admin: Agent;
let employee: Agent;
let sales: { id: number; stages: { id: number }[] };

// Days as the users (in Moscow, the portal's default zone) reckon them.
const moscowDay = (ms: number) => new Date(ms).toLocaleDateString('en-CA', { timeZone: 'Europe/Moscow' });
const today = moscowDay(Date.now());
const dayAfter = (n: number) => moscowDay(Date.now() + n * 86_400_000);

beforeAll(async () => {
  t = await startTestApp();
  p = await buildPortal(t);
  admin = await signIn(t, p.portal.name, p.users.admin.email);
  employee = await signIn(t, p.portal.name, p.users.employee.email);
  sales = (await admin.get('/api/crm/pipelines')).json().items[0];
});
afterAll(() => t?.dispose());

type Column = { stage: { id: number }; count: number; sum: string; cards: { id: number; amount: string; currency: string }[] };

async function board(a: Agent = admin, query = '') {
  const res = await a.get(`/api/crm/deals/kanban?pipelineId=${sales.id}${query}`);
  expect(res.statusCode).toBe(200);
  return res.json() as { columns: Column[]; currency: string };
}

async function column(stageId: number, query = '') {
  const b = await board(admin, query);
  return { ...b.columns.find((c) => c.stage.id === stageId)!, currency: b.currency };
}

async function setRate(code: string, rate: string, validFrom = today, a: Agent = admin) {
  return a.post(`/api/crm/currencies/${code}/rates`, { rate, validFrom });
}

async function deal(title: string, amount: string, currency: string, stageId: number) {
  const res = await admin.post('/api/crm/deals', { title, amount, currency, stageId, responsibleId: p.users.admin.id });
  expect(res.statusCode).toBe(200);
  return res.json() as { id: number; version: number };
}

describe('rates', () => {
  it('convert exactly in millionths', () => {
    expect(parseRate('90,5')).toBe(90_500_000);
    expect(formatRate(parseRate('0.155'))).toBe('0.155');
    expect(convertMinor(10_000, 90_000_000)).toBe(900_000);
    expect(convertMinor(-1, 500_000)).toBe(-1); // half away from zero
    expect(convertMinor(123_456_789_012, 92_123_456)).toBe(11_373_266_070_448); // past 2^53 in the product, exact
    expect(crossRate(1_000_000, 90_000_000)).toBe(11_111);
  });
});

describe('currencies', () => {
  it('lists the base currency first and the others with their rates, for everyone in the CRM', async () => {
    const res = await employee.get('/api/crm/currencies');
    expect(res.statusCode).toBe(200);
    const list = res.json();
    expect(list.base).toBe('RUB');
    expect(list.items[0]).toMatchObject({ code: 'RUB', isBase: true, rate: '1', name: 'Российский рубль', symbol: '₽' });
    expect(list.items.map((c: { code: string }) => c.code)).toEqual(expect.arrayContaining(['USD', 'EUR', 'CNY', 'KZT', 'BYN']));
  });

  it('adds a USD deal at its rate to the column sum in roubles, and follows a new rate at once', async () => {
    const stage = sales.stages[1]!.id;
    expect((await setRate('USD', '90')).statusCode).toBe(200);
    const before = await column(stage);
    await deal('Рублёвая', '1000', 'RUB', stage);
    const usd = await deal('Долларовая', '100', 'USD', stage);
    const col = await column(stage);
    expect(col.currency).toBe('RUB');
    expect(col.count).toBe(before.count + 2);
    expect(Number(col.sum) - Number(before.sum)).toBe(1000 + 9000);
    // The card keeps its deal's own currency.
    expect(col.cards.find((c) => c.id === usd.id)).toMatchObject({ amount: '100.00', currency: 'USD' });
    // A searched board counts live, converted the same way.
    expect(Number((await column(stage, '&search=долларовая')).sum)).toBe(9000);

    expect((await setRate('USD', '100')).statusCode).toBe(200);
    expect(Number((await column(stage)).sum) - Number(before.sum)).toBe(1000 + 10000);

    // A rate entered for a later day waits for it.
    const later = await setRate('USD', '120', dayAfter(2));
    expect(later.statusCode).toBe(200);
    expect(later.json().items.find((c: { code: string }) => c.code === 'USD')).toMatchObject({ rate: '100', rateFrom: today, next: { rate: '120', from: dayAfter(2) } });
    expect(Number((await column(stage)).sum) - Number(before.sum)).toBe(1000 + 10000);

    // A deal moved to another stage or to another currency moves its share of the sums.
    const next = sales.stages[2]!.id;
    const nextBefore = await column(next);
    const moved = await admin.post(`/api/crm/deals/${usd.id}/stage`, { stageId: next, version: usd.version });
    expect(moved.statusCode).toBe(200);
    expect(Number((await column(stage)).sum) - Number(before.sum)).toBe(1000);
    expect(Number((await column(next)).sum) - Number(nextBefore.sum)).toBe(10000);
    expect((await admin.patch(`/api/crm/deals/${usd.id}`, { currency: 'EUR', version: moved.json().version })).statusCode).toBe(200);
    expect((await setRate('EUR', '110')).statusCode).toBe(200);
    expect(Number((await column(next)).sum) - Number(nextBefore.sum)).toBe(11000);
  });

  it('sums a list of deals in the base currency, and per currency', async () => {
    const stage = sales.stages[3]!.id;
    await setRate('USD', '90');
    await deal('Список 1', '500', 'RUB', stage);
    await deal('Список 2', '10.50', 'USD', stage);
    const res = await admin.get(`/api/crm/deal/sum?pipelineId=${sales.id}&stageId=${stage}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      sum: '1445.00',
      currency: 'RUB',
      byCurrency: expect.arrayContaining([
        { currency: 'RUB', sum: '500.00' },
        { currency: 'USD', sum: '10.50' },
      ]),
    });
    // Leads too; contacts and companies have no sum.
    expect((await admin.post('/api/crm/leads', { title: 'Лид в евро', amount: '2', currency: 'EUR' })).statusCode).toBe(200);
    await setRate('EUR', '100');
    const leads = (await admin.get('/api/crm/lead/sum?search=евро')).json();
    expect(leads).toMatchObject({ sum: '200.00', currency: 'RUB', byCurrency: [{ currency: 'EUR', sum: '2.00' }] });
    expect((await admin.get('/api/crm/contact/sum')).statusCode).toBeGreaterThanOrEqual(400);
  });

  it('refuses bad input with the field, in the user’s language, and writes only for administrators', async () => {
    const zero = await setRate('USD', '0');
    expect(zero.statusCode).toBe(400);
    expect(zero.json().error.fields).toEqual([expect.objectContaining({ field: 'rate', message: 'Введите курс положительным числом, например 90,5' })]);
    const words = await setRate('USD', 'много');
    expect(words.statusCode).toBe(400);
    expect(words.json().error.fields[0]).toMatchObject({ field: 'rate' });
    expect((await setRate('USD', '-5')).statusCode).toBe(400);
    const unknown = await setRate('XXX', '10');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.fields[0]).toMatchObject({ field: 'code', message: 'Такой валюты нет в списке' });
    const base = await setRate('RUB', '2');
    expect(base.statusCode).toBe(400);
    expect(base.json().error.fields[0]).toMatchObject({ field: 'code' });
    const day = await setRate('USD', '90', '03.12.2026');
    expect(day.statusCode).toBe(400);
    expect(day.json().error.fields[0]).toMatchObject({ field: 'validFrom' });
    expect((await setRate('USD', '95', today, employee)).statusCode).toBe(403);
    expect((await employee.put('/api/crm/currencies/base', { code: 'USD', version: 1 })).statusCode).toBe(403);
  });

  it('keeps the only rate a currency has until today, and deletes others', async () => {
    const history = (await admin.get('/api/crm/currencies/CNY/rates')).json();
    expect(history.items).toHaveLength(1);
    const only = await admin.del(`/api/crm/currencies/CNY/rates/${history.items[0].id}`);
    expect(only.statusCode).toBe(400);
    expect(only.json().error.fields[0]).toMatchObject({ field: 'id' });
    await setRate('CNY', '12', dayAfter(3));
    const future = (await admin.get('/api/crm/currencies/CNY/rates')).json().items[0];
    expect(future).toMatchObject({ rate: '12', validFrom: dayAfter(3), createdBy: { id: p.users.admin.id } });
    expect((await admin.del(`/api/crm/currencies/CNY/rates/${future.id}`)).statusCode).toBe(200);
    expect((await admin.get('/api/crm/currencies/CNY/rates')).json().items).toHaveLength(1);
  });

  it('keeps each portal’s rates to itself', async () => {
    const q = await buildPortal(t);
    const otherAdmin = await signIn(t, q.portal.name, q.users.admin.email);
    await setRate('BYN', '31');
    const theirs = (await otherAdmin.get('/api/crm/currencies')).json();
    expect(theirs.items.find((c: { code: string }) => c.code === 'BYN').rate).not.toBe('31');
    const ours = (await admin.get('/api/crm/currencies/BYN/rates')).json().items[0];
    expect((await otherAdmin.del(`/api/crm/currencies/BYN/rates/${ours.id}`)).statusCode).toBe(404);
  });

  it('re-expresses every rate against a new base currency, and the sums follow', async () => {
    const stage = sales.stages[4]!.id;
    await setRate('USD', '90');
    await setRate('EUR', '99');
    await deal('База 1', '900', 'RUB', stage);
    await deal('База 2', '10', 'USD', stage);
    await deal('База 3', '10', 'EUR', stage);
    const list = (await admin.get('/api/crm/currencies')).json();
    expect((await admin.put('/api/crm/currencies/base', { code: 'USD', version: list.version - 1 })).statusCode).toBe(409);
    const res = await admin.put('/api/crm/currencies/base', { code: 'USD', version: list.version });
    expect(res.statusCode).toBe(200);
    const now = res.json();
    expect(now.base).toBe('USD');
    expect(now.items[0]).toMatchObject({ code: 'USD', isBase: true, rate: '1' });
    const rate = (code: string) => now.items.find((c: { code: string }) => c.code === code).rate;
    expect(rate('RUB')).toBe('0.011111');
    expect(rate('EUR')).toBe('1.1');
    const col = await column(stage);
    expect(col.currency).toBe('USD');
    expect(col.sum).toBe('31.00'); // 900 ₽ ≈ 10 $, 10 $, 10 € = 11 $
    // And back: the roubles' rates come out as entered.
    const back = await admin.put('/api/crm/currencies/base', { code: 'RUB', version: now.version });
    expect(back.statusCode).toBe(200);
    expect(back.json().items.find((c: { code: string }) => c.code === 'EUR').rate).toBe('99.00099');
  });
});
