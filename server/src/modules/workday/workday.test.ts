import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPortal, PASSWORD, signIn, signInAll, type Agent, startTestApp, type TestApp, type TestPortal } from '../../../test/harness.js';
import { systemCtxFor } from '../../../test/support.js';
import { actorCtx, systemCtx } from '../../platform/context.js';
import { loadActor } from '../../platform/http/request-context.js';
import { scoped } from '../../platform/db/scoped.js';
import { addDepartment, addMember, setDepartmentHead } from '../users/provision.js';
import * as workday from './service.js';

let t: TestApp;
let p: TestPortal;
let admin: Agent;
let head: Agent;
let employee: Agent;
let other: Agent;

beforeAll(async () => {
  t = await startTestApp();
  p = await buildPortal(t);
  ({ admin, head, employee, other } = await signInAll(t, p));
});
afterAll(() => t?.dispose());

describe('the workday panel (timeman.status/open/pause/close)', () => {
  it('is not started at first, starts, pauses, resumes and finishes with a report', async () => {
    const s0 = (await employee.get('/api/workday/status')).json();
    expect(s0).toMatchObject({ state: 'not_started', intervals: [], workedMs: 0, userId: p.users.employee.id });
    const opened = await employee.post('/api/workday/open', {});
    expect(opened.statusCode).toBe(200);
    expect(opened.json()).toMatchObject({ state: 'working' });
    expect(opened.json().intervals).toHaveLength(1);
    const paused = (await employee.post('/api/workday/pause', {})).json();
    expect(paused.state).toBe('paused');
    expect(paused.intervals[0].end).not.toBeNull();
    const resumed = (await employee.post('/api/workday/open', {})).json();
    expect(resumed.state).toBe('working');
    expect(resumed.intervals).toHaveLength(2);
    const closed = await employee.post('/api/workday/close', { report: 'Подготовил КП для «Ромашки»' });
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ state: 'finished', report: 'Подготовил КП для «Ромашки»' });
    const again = (await employee.get('/api/workday/status')).json();
    expect(again.state).toBe('finished');
    expect(again.workedMs).toBe(closed.json().workedMs);
  });

  it('refuses to finish a day not started, to start twice, to pause a paused day, with a clear message', async () => {
    const notStarted = await other.post('/api/workday/close', {});
    expect(notStarted.statusCode).toBe(400);
    expect(notStarted.json().error.message).toBe('Рабочий день ещё не начат');
    expect((await other.post('/api/workday/pause', {})).statusCode).toBe(400);
    expect((await other.post('/api/workday/open', {})).statusCode).toBe(200);
    const twice = await other.post('/api/workday/open', {});
    expect(twice.statusCode).toBe(400);
    expect(twice.json().error.message).toBe('Рабочий день уже начат');
    await other.post('/api/workday/pause', {});
    expect((await other.post('/api/workday/pause', {})).json().error.message).toBe('Рабочий день на перерыве');
    const days = await scoped(await systemCtxFor(t, p.portal))
      .selectFrom('workday_day')
      .select('id')
      .where('user_id', '=', p.users.other.id)
      .execute();
    expect(days).toHaveLength(1);
  });

  it('each member sees only their own day', async () => {
    expect((await head.get('/api/workday/status')).json()).toMatchObject({ state: 'not_started', userId: p.users.head.id });
  });
});

describe('schedules and rules', () => {
  it('an administrator sets the portal schedule; others may not', async () => {
    const body = {
      scope: 'portal',
      targetId: null,
      kind: 'fixed',
      start: '09:00',
      end: '18:00',
      lunchStart: '13:00',
      lunchEnd: '14:00',
      workDays: [1, 2, 3, 4, 5, 6, 7],
      allowedLateMinutes: 0,
      reasonRequired: false,
      autoClose: 'after_hours',
      autoCloseHours: 3,
      ipRanges: [],
    };
    expect((await employee.put('/api/workday/schedules', body)).statusCode).toBe(403);
    const bad = await admin.put('/api/workday/schedules', { ...body, lunchStart: '14:00', lunchEnd: '13:00' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0]).toMatchObject({ field: 'lunchEnd', message: 'Конец обеда должен быть позже начала' });
    const ok = await admin.put('/api/workday/schedules', body);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ scope: 'portal', autoClose: 'after_hours', autoCloseHours: 3 });
    // A department's own schedule, named in the list, then removed: its people follow the portal's again.
    const dept = await admin.put('/api/workday/schedules', { ...body, scope: 'department', targetId: p.departments.team, start: '10:00', end: '19:00' });
    expect(dept.statusCode).toBe(200);
    expect(dept.json()).toMatchObject({ scope: 'department', targetId: p.departments.team, start: '10:00' });
    expect(dept.json().targetName).toBeTruthy();
    const missing = await admin.put('/api/workday/schedules', { ...body, scope: 'department', targetId: 987654 });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.fields[0]).toMatchObject({ field: 'targetId', message: 'Такого отдела или сотрудника на портале нет' });
    expect((await employee.del(`/api/workday/schedules/${dept.json().id}`)).statusCode).toBe(403);
    const left = await admin.del(`/api/workday/schedules/${dept.json().id}`);
    expect(left.statusCode).toBe(200);
    expect(left.json().items.map((s: { scope: string }) => s.scope)).toEqual(['portal']);
    expect((await admin.del(`/api/workday/schedules/${dept.json().id}`)).statusCode).toBe(404);
  });

  it('a day left open is closed by the rule after N hours and flagged «Не завершён»', async () => {
    const s = (await head.post('/api/workday/open', {})).json();
    const start = Date.parse(s.intervals[0].start);
    await t.platform.jobs.runDue(new Date(start + 2 * 3_600_000));
    expect((await head.get('/api/workday/status')).json().state).toBe('working');
    await t.platform.jobs.runDue(new Date(start + 3 * 3_600_000 + 1000));
    const after = (await head.get('/api/workday/status')).json();
    expect(after.state).toBe('finished');
    expect(after.flags.unclosed).toBe(true);
    expect(after.workedMs).toBe(3 * 3_600_000);
  });

  it('a day left open is closed at the schedule’s end (a clock the test controls), flagged for the manager', async () => {
    const shift = await t.platform.db.transaction().execute((tx) =>
      addMember(systemCtx({ db: tx, sys: t.platform.sys }, p.portal), {
        email: `shift.${p.portal.name}@example.test`,
        password: PASSWORD,
        firstName: 'Семён',
        lastName: 'Сменов',
        departmentId: p.departments.team,
      }),
    );
    const own = { scope: 'user', targetId: shift, kind: 'fixed', start: '09:00', end: '18:00', lunchStart: null, lunchEnd: null, workDays: [1, 2, 3, 4, 5, 6, 7] };
    const put = await admin.put('/api/workday/schedules', { ...own, allowedLateMinutes: 10, reasonRequired: false, autoClose: 'schedule_end', autoCloseHours: 12, ipRanges: [] });
    expect(put.statusCode).toBe(200);
    const row = await t.platform.db.selectFrom('app_user').select(['account_id']).where('id', '=', shift).executeTakeFirstOrThrow();
    const actor = await loadActor(t.platform, p.portal.id, row.account_id);
    const ctx = actorCtx(t.platform, p.portal, actor!);
    // 10:00 in Moscow on a past Wednesday: a late start (09:10 allowed).
    const opened = await workday.open(ctx, {}, { now: new Date('2026-06-10T07:00:00Z') });
    expect(opened).toMatchObject({ state: 'working', date: '2026-06-10', plannedEnd: '2026-06-10T15:00:00.000Z', flags: { late: true } });
    await t.platform.jobs.runDue(new Date('2026-06-10T14:59:00Z'));
    expect((await head.get(`/api/workday/days/${shift}/2026-06-10`)).json().state).toBe('working');
    await t.platform.jobs.runDue(new Date('2026-06-10T15:00:01Z'));
    const day = (await head.get(`/api/workday/days/${shift}/2026-06-10`)).json();
    expect(day).toMatchObject({ state: 'finished', workedMs: 8 * 3_600_000, flags: { unclosed: true, late: true } });
    expect(day.history.map((h: { action: string }) => h.action)).toEqual(['opened', 'auto_closed']);
    const rep = (await head.get(`/api/workday/report?month=2026-06&userId=${shift}`)).json();
    expect(rep.rows[0].days.find((d: { date: string }) => d.date === '2026-06-10')).toMatchObject({ unclosed: true, late: true, workedMs: 8 * 3_600_000 });
    expect(rep.rows[0]).toMatchObject({ unclosed: 1, late: 1 });
  });

  it('the start needs the office network when the schedule names one, refused with the reason', async () => {
    const body = {
      scope: 'user',
      targetId: p.users.admin.id,
      kind: 'free',
      start: '09:00',
      end: '18:00',
      lunchStart: null,
      lunchEnd: null,
      workDays: [1, 2, 3, 4, 5],
      allowedLateMinutes: 0,
      reasonRequired: false,
      autoClose: 'none',
      autoCloseHours: 8,
      ipRanges: ['10.20.0.0/16'],
    };
    expect((await admin.put('/api/workday/schedules', body)).statusCode).toBe(200);
    const refused = await admin.post('/api/workday/open', {});
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.fields[0].field).toBe('ip');
    expect(refused.json().error.fields[0].message).toContain('сети офиса');
  });

  it('a late start asks a reason when the schedule requires one', async () => {
    const body = {
      scope: 'user',
      targetId: p.users.admin.id,
      kind: 'fixed',
      start: '00:00',
      end: '00:01',
      lunchStart: null,
      lunchEnd: null,
      workDays: [1, 2, 3, 4, 5, 6, 7],
      allowedLateMinutes: 0,
      reasonRequired: true,
      autoClose: 'none',
      autoCloseHours: 8,
      ipRanges: [],
    };
    expect((await admin.put('/api/workday/schedules', body)).statusCode).toBe(200);
    const noReason = await admin.post('/api/workday/open', {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.fields[0]).toMatchObject({ field: 'reason', message: 'Укажите причину опоздания' });
    const ok = (await admin.post('/api/workday/open', { reason: 'Пробки' })).json();
    expect(ok).toMatchObject({ state: 'working', lateReason: 'Пробки', flags: { late: true } });
  });

  it('holidays: the Russian calendar is there, an administrator edits a year', async () => {
    const list = (await employee.get('/api/workday/holidays/2026')).json();
    expect(list.edited).toBe(false);
    expect(list.items.map((h: { date: string }) => h.date)).toContain('2026-06-12');
    expect((await employee.put('/api/workday/holidays/2027', { items: [] })).statusCode).toBe(403);
    const wrongYear = await admin.put('/api/workday/holidays/2027', { items: [{ date: '2026-01-01', name: 'x' }] });
    expect(wrongYear.statusCode).toBe(400);
    const put = (await admin.put('/api/workday/holidays/2027', { items: [{ date: '2027-01-01', name: 'Новый год' }] })).json();
    expect(put).toMatchObject({ edited: true, items: [{ date: '2027-01-01', name: 'Новый год' }] });
  });
});

describe('the report and corrections', () => {
  const today = () => new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/Moscow' });
  const month = today().slice(0, 7);
  // Corrections are of a finished day: the day before today (in Moscow, the people's zone), at hours it surely had, whatever the hour now.
  const yesterday = () => new Date(Date.now() - 86_400_000).toLocaleDateString('en-CA', { timeZone: 'Europe/Moscow' });
  const at = (date: string, time: string) => new Date(`${date}T${time}:00+03:00`).toISOString();
  /** The person worked half an hour yesterday morning, started and finished through the panel's service at those instants. */
  const workedYesterday = async (userId: number) => {
    const row = await t.platform.db.selectFrom('app_user').select(['account_id']).where('id', '=', userId).executeTakeFirstOrThrow();
    const ctx = actorCtx(t.platform, p.portal, (await loadActor(t.platform, p.portal.id, row.account_id))!);
    await workday.open(ctx, { reason: 'Пробки' }, { now: new Date(at(yesterday(), '09:00')) });
    await workday.close(ctx, {}, { now: new Date(at(yesterday(), '09:30')) });
  };

  it('the head sees the department’s month; an employee only themself; another department’s head is refused', async () => {
    const rep = await head.get(`/api/workday/report?month=${month}&departmentId=${p.departments.team}`);
    expect(rep.statusCode).toBe(200);
    const rows = rep.json().rows as { user: { id: number }; days: { date: string; workedMs: number }[]; normMs: number }[];
    expect(rows.map((r) => r.user.id)).toContain(p.users.employee.id);
    const emp = rows.find((r) => r.user.id === p.users.employee.id)!;
    expect(emp.days.find((d) => d.date === today())!.workedMs).toBeGreaterThanOrEqual(0);
    expect(emp.normMs).toBeGreaterThan(0);
    expect((await employee.get(`/api/workday/report?month=${month}&departmentId=${p.departments.team}`)).statusCode).toBe(403);
    const mine = (await employee.get(`/api/workday/report?month=${month}`)).json();
    expect(mine.rows.map((r: { user: { id: number } }) => r.user.id)).toEqual([p.users.employee.id]);
    expect((await employee.get(`/api/workday/report?month=${month}&userId=${p.users.other.id}`)).statusCode).toBe(403);
    const xlsx = await head.get(`/api/workday/report/export?month=${month}&departmentId=${p.departments.team}`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
  });

  it('a manager corrects a day with a reason kept with the old values; no reason → 400; own day and strangers → 403', async () => {
    const date = yesterday();
    const first = { start: at(date, '08:00'), end: at(date, '11:00') };
    expect((await head.put(`/api/workday/days/${p.users.employee.id}/${date}`, { intervals: [first], reason: 'Начал раньше' })).statusCode).toBe(200);
    const start = at(date, '09:00');
    const end = at(date, '13:00');
    const body = { intervals: [{ start, end }], reason: '' };
    const noReason = await head.put(`/api/workday/days/${p.users.employee.id}/${date}`, body);
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.fields[0]).toMatchObject({ field: 'reason', message: 'Укажите причину изменения' });
    const overlap = await head.put(`/api/workday/days/${p.users.employee.id}/${date}`, { reason: 'x', intervals: [{ start: end, end: start }] });
    expect(overlap.statusCode).toBe(400);
    const own = await head.put(`/api/workday/days/${p.users.head.id}/${date}`, { ...body, reason: 'Забыла' });
    expect(own.statusCode).toBe(403);
    expect((await employee.put(`/api/workday/days/${p.users.other.id}/${date}`, { ...body, reason: 'Поправил' })).statusCode).toBe(403);
    const ok = await head.put(`/api/workday/days/${p.users.employee.id}/${date}`, { ...body, reason: 'Забыл начать день' });
    expect(ok.statusCode).toBe(200);
    const d = ok.json();
    expect(d).toMatchObject({ state: 'finished', workedMs: 4 * 3_600_000, flags: { corrected: true } });
    const last = d.history[d.history.length - 1];
    expect(last).toMatchObject({ action: 'corrected', reason: 'Забыл начать день', actor: { id: p.users.head.id } });
    expect(last.old).toEqual([first]);
    expect(last.new).toEqual([{ start, end }]);
    await t.platform.events.drain();
    const notes = (await employee.get('/api/notifications')).json();
    expect(JSON.stringify(notes)).toContain('Забыл начать день');
  });

  it('an employee requests a correction; the head approves; a decided request cannot be decided again', async () => {
    const date = yesterday();
    // Someone of the head's department who worked yesterday and has no day open now.
    const email = `late.${p.portal.name}@example.test`;
    const userId = await t.platform.db
      .transaction()
      .execute((tx) => addMember(systemCtx({ db: tx, sys: t.platform.sys }, p.portal), { email, password: PASSWORD, firstName: 'Лидия', lastName: 'Забывчивая', departmentId: p.departments.team }));
    const other = await signIn(t, p.portal.name, email);
    await workedYesterday(userId);
    const start = at(date, '10:00');
    const end = at(date, '14:00');
    const req = await other.post(`/api/workday/days/${userId}/${date}/requests`, { intervals: [{ start, end }], reason: 'Забыла продолжить после обеда' });
    expect(req.statusCode).toBe(200);
    const id = req.json().id;
    expect((await other.post(`/api/workday/requests/${id}/decide`, { approve: true })).statusCode).toBe(403);
    const list = (await head.get('/api/workday/requests')).json().items;
    expect(list.find((r: { id: number }) => r.id === id)).toMatchObject({ status: 'pending', abilities: { decide: true } });
    const ok = await head.post(`/api/workday/requests/${id}/decide`, { approve: true });
    expect(ok.json()).toMatchObject({ status: 'approved', decidedBy: { id: p.users.head.id } });
    expect((await head.post(`/api/workday/requests/${id}/decide`, { approve: false })).statusCode).toBe(400);
    await t.platform.events.drain();
    expect(JSON.stringify((await head.get('/api/notifications')).json())).toContain('просит исправить');
    const told = ((await other.get('/api/notifications')).json().items as { kind: string }[]).filter((n) => n.kind.startsWith('workday.'));
    // One notice of the decision, not a second one of the change it made.
    expect(told.map((n) => n.kind)).toEqual(['workday.decided']);
    expect(JSON.stringify(told)).toContain('одобрено');
    const day = (await other.get(`/api/workday/days/${userId}/${date}`)).json();
    expect(day).toMatchObject({ workedMs: 4 * 3_600_000, flags: { corrected: true } });
  });

  it('the head of another department may not see, correct or decide for this one: 403, nothing written', async () => {
    const date = yesterday();
    const sales = await t.platform.db.transaction().execute(async (tx) => {
      const c = systemCtx({ db: tx, sys: t.platform.sys }, p.portal);
      const dept = await addDepartment(c, 'Продажи', p.departments.root);
      const boss = await addMember(c, { email: `sales.${p.portal.name}@example.test`, password: PASSWORD, firstName: 'Пётр', lastName: 'Продажин', departmentId: dept });
      await setDepartmentHead(c, dept, boss);
      return { dept, boss };
    });
    const stranger = await signIn(t, p.portal.name, `sales.${p.portal.name}@example.test`);
    const before = (await head.get(`/api/workday/days/${p.users.employee.id}/${date}`)).json();
    const start = at(date, '07:00');
    const end = at(date, '08:00');
    const put = await stranger.put(`/api/workday/days/${p.users.employee.id}/${date}`, { intervals: [{ start, end }], reason: 'Чужой отдел' });
    expect(put.statusCode).toBe(403);
    expect((await stranger.get(`/api/workday/days/${p.users.employee.id}/${date}`)).statusCode).toBe(403);
    expect((await stranger.get(`/api/workday/report?month=${month}&departmentId=${p.departments.team}`)).statusCode).toBe(403);
    expect((await stranger.get(`/api/workday/report?month=${month}&userId=${p.users.employee.id}`)).statusCode).toBe(403);
    const own = (await stranger.get(`/api/workday/report?month=${month}&departmentId=${sales.dept}`)).json();
    expect(own.rows.map((r: { user: { id: number } }) => r.user.id)).toEqual([sales.boss]);
    const req = await employee.post(`/api/workday/days/${p.users.employee.id}/${date}/requests`, { intervals: [{ start, end }], reason: 'Пришёл раньше' });
    expect(req.statusCode).toBe(200);
    expect((await stranger.post(`/api/workday/requests/${req.json().id}/decide`, { approve: true })).statusCode).toBe(403);
    expect(((await stranger.get('/api/workday/requests')).json().items as { id: number }[]).map((r) => r.id)).not.toContain(req.json().id);
    const after = (await head.get(`/api/workday/days/${p.users.employee.id}/${date}`)).json();
    expect(after.intervals).toEqual(before.intervals);
    expect(after.history).toHaveLength(before.history.length);
  });
});
