import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPortal, signInAll, type Agent, startTestApp, type TestApp, type TestPortal } from '../../../test/harness.js';
import { systemCtxFor } from '../../../test/support.js';
import { scoped } from '../../platform/db/scoped.js';

let t: TestApp;
let p: TestPortal;
let admin: Agent;
let head: Agent;
let employee: Agent;
let other: Agent;
let strangers: Agent;
let myDeal: number;
let adminDeal: number;

const inMinutes = (n: number) => new Date(Date.now() + n * 60_000).toISOString();

beforeAll(async () => {
  t = await startTestApp();
  p = await buildPortal(t);
  ({ admin, head, employee, other } = await signInAll(t, p));
  const q = await buildPortal(t);
  strangers = (await signInAll(t, q)).admin;
  myDeal = (await employee.post('/api/crm/deals', { title: 'Дизайн офиса «Ромашка»' })).json().id;
  adminDeal = (await admin.post('/api/crm/deals', { title: 'Сделка администратора' })).json().id;
});
afterAll(() => t?.dispose());

const call = (over: Record<string, unknown> = {}) => ({ type: 'call', subject: 'Обсудить КП', owner: { type: 'deal', id: myDeal }, startAt: inMinutes(120), ...over });

describe('an activity', () => {
  it('is created on a deal with the actor as responsible, a call lasting half an hour, and read back with its owner', async () => {
    const res = await employee.post('/api/crm/activities', call());
    expect(res.statusCode).toBe(200);
    const a = res.json();
    expect(a).toMatchObject({
      type: 'call',
      direction: 'outgoing',
      subject: 'Обсудить КП',
      owner: { type: 'deal', id: myDeal, title: 'Дизайн офиса «Ромашка»', url: `/crm/deal/details/${myDeal}` },
      responsible: { id: p.users.employee.id },
      completed: false,
      overdue: false,
      version: 1,
      abilities: { edit: true, delete: true },
    });
    expect(new Date(a.endAt).getTime() - new Date(a.startAt).getTime()).toBe(30 * 60_000);
    expect(a.deadline).toBe(a.startAt);
    expect((await employee.get(`/api/crm/activities/${a.id}`)).json().subject).toBe('Обсудить КП');
  });

  it('refuses bad input with 400 naming the field, in the user’s language', async () => {
    const bad = await employee.post('/api/crm/activities', call({ startAt: inMinutes(60), endAt: inMinutes(30), responsibleId: 999999 }));
    expect(bad.statusCode).toBe(400);
    const fields = bad.json().error.fields as { field: string; message: string }[];
    expect(fields.map((f) => f.field).sort()).toEqual(['endAt', 'responsibleId']);
    expect(fields.find((f) => f.field === 'endAt')!.message).toBe('Окончание не может быть раньше начала');
    const noOwner = await employee.post('/api/crm/activities', call({ owner: { type: 'deal', id: 987654 } }));
    expect(noOwner.statusCode).toBe(400);
    expect(noOwner.json().error.fields[0].field).toBe('owner.id');
    const noType = await employee.post('/api/crm/activities', call({ type: 'visit' }));
    expect(noType.statusCode).toBe(400);
    expect(noType.json().error.fields[0].field).toBe('type');
  });

  it('may not be created on a deal the actor cannot read, nor be seen by them there', async () => {
    const refused = await employee.post('/api/crm/activities', call({ owner: { type: 'deal', id: adminDeal } }));
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.fields[0].field).toBe('owner.id');
    const a = (await admin.post('/api/crm/activities', call({ owner: { type: 'deal', id: adminDeal }, subject: 'Секретный звонок' }))).json();
    expect((await employee.get(`/api/crm/activities/${a.id}`)).statusCode).toBe(404);
    expect((await employee.patch(`/api/crm/activities/${a.id}`, { subject: 'x', version: 1 })).statusCode).toBe(404);
    expect((await employee.post(`/api/crm/activities/${a.id}/complete`, { completed: true })).statusCode).toBe(404);
    expect((await employee.del(`/api/crm/activities/${a.id}`)).statusCode).toBe(404);
    const list = (await employee.get(`/api/crm/activities?responsible=any&view=all`)).json();
    expect(list.items.some((i: { id: number }) => i.id === a.id)).toBe(false);
  });

  it('is its responsible’s to read and complete even on a deal they cannot read, which stays hidden', async () => {
    const a = (await admin.post('/api/crm/activities', call({ owner: { type: 'deal', id: adminDeal }, responsibleId: p.users.employee.id, subject: 'Поручено сотруднику' }))).json();
    const seen = (await employee.get(`/api/crm/activities/${a.id}`)).json();
    expect(seen.owner).toMatchObject({ id: adminDeal, title: 'Скрыто', url: '' });
    expect((await employee.post(`/api/crm/activities/${a.id}/complete`, { completed: true, result: 'Сделано' })).json()).toMatchObject({ completed: true, result: 'Сделано' });
  });

  it('is read but not changed by a colleague who reads the deal and may not edit it (403)', async () => {
    const a = (await employee.post('/api/crm/activities', call({ subject: 'Коллега видит' }))).json();
    const seen = (await other.get(`/api/crm/activities/${a.id}`)).json();
    expect(seen.abilities).toEqual({ edit: false, delete: false });
    expect((await other.patch(`/api/crm/activities/${a.id}`, { subject: 'x', version: a.version })).statusCode).toBe(403);
    expect((await other.del(`/api/crm/activities/${a.id}`)).statusCode).toBe(403);
    // Who may edit the deal (here the administrator) edits its activities.
    expect((await admin.patch(`/api/crm/activities/${a.id}`, { priority: 'high', version: a.version })).json().priority).toBe('high');
  });

  it('is another portal’s to nobody: 404 everywhere', async () => {
    const a = (await employee.post('/api/crm/activities', call())).json();
    expect((await strangers.get(`/api/crm/activities/${a.id}`)).statusCode).toBe(404);
    expect((await strangers.patch(`/api/crm/activities/${a.id}`, { subject: 'x', version: 1 })).statusCode).toBe(404);
    expect((await strangers.del(`/api/crm/activities/${a.id}`)).statusCode).toBe(404);
    expect((await strangers.post('/api/crm/activities', call())).statusCode).toBe(400);
  });

  it('answers 409 to a change saved over a newer version, and moves a meeting’s end with its start', async () => {
    const m = (await employee.post('/api/crm/activities', call({ type: 'meeting', subject: 'Встреча', startAt: inMinutes(60) }))).json();
    expect(new Date(m.endAt).getTime() - new Date(m.startAt).getTime()).toBe(60 * 60_000);
    const moved = (await employee.patch(`/api/crm/activities/${m.id}`, { startAt: inMinutes(180), version: m.version })).json();
    expect(new Date(moved.endAt).getTime() - new Date(moved.startAt).getTime()).toBe(60 * 60_000);
    expect(moved.version).toBe(2);
    expect((await employee.patch(`/api/crm/activities/${m.id}`, { subject: 'Старая версия', version: 1 })).statusCode).toBe(409);
    expect((await employee.post(`/api/crm/activities/${m.id}/complete`, { completed: true, version: 1 })).statusCode).toBe(409);
  });

  it('goes with its deal when the deal is deleted', async () => {
    const deal = (await employee.post('/api/crm/deals', { title: 'Удаляемая сделка' })).json();
    const a = (await employee.post('/api/crm/activities', call({ owner: { type: 'deal', id: deal.id } }))).json();
    expect((await employee.del(`/api/crm/deals/${deal.id}`)).statusCode).toBe(200);
    await t.platform.events.drain();
    expect((await employee.get(`/api/crm/activities/${a.id}`)).statusCode).toBe(404);
  });

  it('is deleted by who may edit it', async () => {
    const a = (await employee.post('/api/crm/activities', call())).json();
    expect((await employee.del(`/api/crm/activities/${a.id}`)).json()).toEqual({ ok: true });
    expect((await employee.get(`/api/crm/activities/${a.id}`)).statusCode).toBe(404);
  });
});

describe('«Мои дела»', () => {
  let lister: Agent;
  let deal: number;
  beforeAll(async () => {
    lister = head;
    deal = (await head.post('/api/crm/deals', { title: 'Сделка для списка' })).json().id;
    const mk = (subject: string, type: string, deadline: string | null, extra: Record<string, unknown> = {}) =>
      head.post('/api/crm/activities', { type, subject, owner: { type: 'deal', id: deal }, ...(type === 'call' || type === 'meeting' ? { startAt: deadline } : { deadline }), ...extra });
    await mk('Просрочено 1', 'todo', inMinutes(-60 * 30));
    await mk('Просрочено 2', 'call', inMinutes(-5));
    await mk('Позже 1', 'todo', inMinutes(60 * 24 * 20));
    await mk('Без срока', 'todo', null);
    await mk('Сделано', 'email', inMinutes(-60), { completed: true });
    for (let i = 0; i < 5; i++) await mk(`Будущее ${i}`, 'meeting', inMinutes(60 * 24 * 10 + i));
  });

  it('pages the planned ones by deadline, those without one last, with a total', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let total = 0;
    do {
      const page: { items: { subject: string }[]; next: string | null; total: number } = (
        await lister.get(`/api/crm/activities?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
      ).json();
      seen.push(...page.items.map((i) => i.subject));
      cursor = page.next;
      total = page.total;
    } while (cursor);
    expect(seen).toEqual(['Просрочено 1', 'Просрочено 2', 'Будущее 0', 'Будущее 1', 'Будущее 2', 'Будущее 3', 'Будущее 4', 'Позже 1', 'Без срока']);
    expect(total).toBe(9);
  });

  it('filters overdue, done, by type and by item, and counts overdue and today for the actor', async () => {
    const subjects = async (query: string) => ((await lister.get(`/api/crm/activities?${query}`)).json().items as { subject: string }[]).map((i) => i.subject);
    expect(await subjects('view=overdue')).toEqual(['Просрочено 1', 'Просрочено 2']);
    expect(await subjects('view=done')).toEqual(['Сделано']);
    expect(await subjects('type=meeting&limit=2')).toEqual(['Будущее 0', 'Будущее 1']);
    expect((await subjects(`ownerType=deal&ownerId=${deal}&view=all`)).length).toBe(10);
    const counters = (await lister.get('/api/crm/activities/counters')).json();
    expect(counters.overdue).toBe(2);
    expect(counters.planned).toBe(9);
    // «Просрочено 2» is five minutes old: today's as well, unless the day began since (in Moscow, the portal's zone).
    const day = (d: Date) => d.toLocaleDateString('ru-RU', { timeZone: 'Europe/Moscow' });
    expect(counters.today).toBeGreaterThanOrEqual(day(new Date(Date.now() - 5 * 60_000)) === day(new Date()) ? 1 : 0);
    expect((await lister.get('/api/crm/activities?cursor=zzz')).statusCode).toBe(400);
  });

  it('shows the menu counter of overdue and today’s activities', async () => {
    const shell = JSON.stringify((await lister.get('/api/shell')).json());
    expect(shell).toMatch(/"id":"crm\.activity","title":"Мои дела"[^}]*"counter":2/);
  });

  it('lists another’s activities only on items the actor may read', async () => {
    const mine = (await employee.get(`/api/crm/activities?responsible=${p.users.head.id}&view=all`)).json();
    expect(mine.total).toBe(10);
    const adminOwn = (await admin.post('/api/crm/activities', call({ owner: { type: 'deal', id: adminDeal }, subject: 'Админское' }))).json();
    const others = (await employee.get(`/api/crm/activities?responsible=${p.users.admin.id}&view=all`)).json();
    expect(others.items.some((i: { id: number }) => i.id === adminOwn.id)).toBe(false);
  });
});

describe('a reminder', () => {
  const bell = async (userId: number) => {
    await t.platform.events.drain();
    return scoped(systemCtxFor(t, p.portal))
      .selectFrom('notification')
      .select(['title', 'body', 'url', 'kind'])
      .where('user_id', '=', userId)
      .where('kind', '=', 'activities.reminder')
      .orderBy('id')
      .execute();
  };

  it('comes once at its time to the responsible with a link to the deal, not for a changed or completed activity', async () => {
    const a = (await employee.post('/api/crm/activities', call({ subject: 'Напомни', startAt: inMinutes(30), remindBefore: 15 }))).json();
    const moved = (await employee.post('/api/crm/activities', call({ subject: 'Перенесённый', startAt: inMinutes(30), remindBefore: 15 }))).json();
    await employee.patch(`/api/crm/activities/${moved.id}`, { startAt: inMinutes(600), version: moved.version });
    const done = (await employee.post('/api/crm/activities', call({ subject: 'Уже сделан', startAt: inMinutes(30), remindBefore: 15 }))).json();
    await employee.post(`/api/crm/activities/${done.id}/complete`, { completed: true });
    await t.platform.jobs.runDue(new Date(Date.now() + 20 * 60_000));
    const got = await bell(p.users.employee.id);
    expect(got).toHaveLength(1);
    // The time, and the day too when it is not today where the responsible is (past midnight in Moscow).
    expect(got[0]!.title).toMatch(/^Напоминание: Звонок «Напомни» в \d\d:\d\d(, \d{1,2} [а-я]+)?$/);
    expect(got[0]!).toMatchObject({ body: 'Дизайн офиса «Ромашка»', url: `/crm/deal/details/${myDeal}` });
    await t.platform.jobs.runDue(new Date(Date.now() + 25 * 60_000));
    expect(await bell(p.users.employee.id)).toHaveLength(1);
    expect((await employee.get(`/api/crm/activities/${a.id}`)).json().completed).toBe(false);
    await t.platform.jobs.runDue(new Date(Date.now() + 600 * 60_000));
    // The moved call is reminded at its new time; the completed one never.
    const later = (await bell(p.users.employee.id)).map((n) => n.title.replace(/ в .*$/, ''));
    expect(later).toEqual(['Напоминание: Звонок «Напомни»', 'Напоминание: Звонок «Перенесённый»']);
  });
});

describe('a task activity', () => {
  it('creates its task bound to the deal, and is completed when the task is', async () => {
    const a = (await employee.post('/api/crm/activities', { type: 'task', subject: 'Подготовить договор', owner: { type: 'deal', id: myDeal }, deadline: inMinutes(60 * 24) })).json();
    expect(a.taskId).toBeGreaterThan(0);
    const task = (await employee.get(`/api/tasks/${a.taskId}`)).json();
    expect(task.title).toBe('Подготовить договор');
    await employee.post(`/api/tasks/${a.taskId}/actions/complete`, {});
    await t.platform.events.drain();
    expect((await employee.get(`/api/crm/activities/${a.id}`)).json().completed).toBe(true);
    await employee.post(`/api/crm/activities/${a.id}/complete`, { completed: false });
    expect((await employee.get(`/api/tasks/${a.taskId}`)).json().status).not.toBe('completed');
  });

  it('is shown in the deal’s timeline', async () => {
    const timeline = (await employee.get(`/api/crm/deal/${myDeal}/timeline`)).json();
    expect(JSON.stringify(timeline)).toContain('Звонок: Обсудить КП');
  });
});
