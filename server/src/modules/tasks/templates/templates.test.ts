import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPortal, dbKind, reopenTestApp, signIn, startTestApp, type Agent, type TestApp, type TestPortal } from '../../../../test/harness.js';
import { systemCtxFor } from '../../../../test/support.js';
import { scoped } from '../../../platform/db/scoped.js';
import { scheduleJob } from '../../../platform/jobs/jobs.js';
import { TEMPLATE_RUN_JOB, runOccurrence } from './service.js';
import { wallOf } from './recurrence.js';

let t: TestApp;
let p: TestPortal;
let admin: Agent;
let employee: Agent;
let other: Agent;

beforeAll(async () => {
  t = await startTestApp();
  p = await buildPortal(t);
  [admin, employee, other] = await Promise.all([signIn(t, p.portal.name, p.users.admin.email), signIn(t, p.portal.name, p.users.employee.email), signIn(t, p.portal.name, p.users.other.email)]);
});
afterAll(() => t?.dispose());

/** The wall clock of Moscow (the test people's zone) `minutes` from now, as «HH:MM» and its date. */
function moscowIn(minutes: number): { time: string; date: string } {
  const w = wallOf(new Date(Date.now() + minutes * 60_000), 'Europe/Moscow').toISOString();
  return { time: w.slice(11, 16), date: w.slice(0, 10) };
}

const tasksOf = (app: TestApp, templateId: number) =>
  scoped(systemCtxFor(app, p.portal)).selectFrom('task').select(['id', 'title', 'parent_id', 'deadline', 'responsible_id']).where('template_id', '=', templateId).orderBy('id').execute();

async function templateRow(app: TestApp, id: number) {
  return scoped(systemCtxFor(app, p.portal)).selectFrom('task_template').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

const full = {
  title: 'Подготовить отчёт по проекту',
  description: '<p>Собрать цифры <script>x</script></p>',
  accompliceIds: [] as number[],
  tags: ['отчёт'],
  important: true,
  taskControl: true,
  allowChangeDeadline: false,
  deadlineAfter: { amount: 3, unit: 'days' as const },
  checklist: [
    { title: 'Подготовка', items: [{ title: 'Выгрузить данные' }, { title: 'Проверить цифры' }] },
    { title: '', items: [{ title: 'Отправить руководителю' }] },
  ],
};

describe('a template', () => {
  it('creates its task with the checklist, subtasks, participants and a deadline counted from now', async () => {
    const created = await employee.post('/api/tasks/templates', {
      ...full,
      responsibleId: p.users.other.id,
      auditorIds: [p.users.head.id],
      subtasks: [{ title: 'Собрать данные отдела', responsibleId: p.users.employee.id }, { title: 'Свести таблицу' }],
    });
    expect(created.statusCode).toBe(200);
    const tpl = created.json();
    expect(tpl).toMatchObject({
      title: full.title,
      responsible: { id: p.users.other.id },
      auditors: [{ id: p.users.head.id }],
      repeating: false,
      nextRunAt: null,
      description: '<p>Собрать цифры </p>',
    });
    const made = await employee.post(`/api/tasks/templates/${tpl.id}/tasks`);
    expect(made.statusCode).toBe(200);
    const task = (await employee.get(`/api/tasks/${made.json().taskId}`)).json();
    expect(task).toMatchObject({
      title: full.title,
      creator: { id: p.users.employee.id },
      responsible: { id: p.users.other.id },
      auditors: [{ id: p.users.head.id }],
      important: true,
      taskControl: true,
      allowChangeDeadline: false,
      tags: ['отчёт'],
    });
    const due = new Date(task.deadline).getTime() - Date.now();
    expect(due).toBeGreaterThan(3 * 86_400_000 - 60_000);
    expect(due).toBeLessThan(3 * 86_400_000 + 60_000);
    const ctx = systemCtxFor(t, p.portal);
    const items = await scoped(ctx).selectFrom('task_checklist_item').selectAll().where('task_id', '=', task.id).orderBy('sort').execute();
    expect(items.map((i) => [i.title, i.is_group])).toEqual([
      ['Подготовка', 1],
      ['Выгрузить данные', 0],
      ['Проверить цифры', 0],
      ['Отправить руководителю', 0],
    ]);
    expect(items[1]!.parent_id).toBe(items[0]!.id);
    expect(items[3]!.parent_id).toBeNull();
    const subs = (await tasksOf(t, tpl.id)).filter((s) => s.parent_id === task.id);
    expect(subs.map((s) => [s.title, s.responsible_id])).toEqual([
      ['Собрать данные отдела', p.users.employee.id],
      ['Свести таблицу', p.users.other.id],
    ]);
    const events = await scoped(ctx).selectFrom('domain_event').select('type').where('entity_type', '=', 'task_template').where('entity_id', '=', String(tpl.id)).execute();
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['task_template.created', 'task_template.task_created']));
  });

  it('is seen by its author and administrators only; anyone else gets 404', async () => {
    const tpl = (await employee.post('/api/tasks/templates', { title: 'Личный шаблон' })).json();
    expect((await admin.get(`/api/tasks/templates/${tpl.id}`)).statusCode).toBe(200);
    expect((await other.get(`/api/tasks/templates/${tpl.id}`)).statusCode).toBe(404);
    expect((await other.post(`/api/tasks/templates/${tpl.id}/tasks`)).statusCode).toBe(404);
    expect((await other.patch(`/api/tasks/templates/${tpl.id}`, { title: 'x', version: 1 })).statusCode).toBe(404);
    expect((await other.del(`/api/tasks/templates/${tpl.id}`)).statusCode).toBe(404);
    const mine = (await other.get('/api/tasks/templates')).json().items.map((i: { id: number }) => i.id);
    expect(mine).not.toContain(tpl.id);
    expect((await admin.get('/api/tasks/templates')).json().items.map((i: { id: number }) => i.id)).toContain(tpl.id);
  });

  it('refuses a weekly repetition without days, unknown people, and a stale version', async () => {
    const bad = await employee.post('/api/tasks/templates', { title: 'Плохой', responsibleId: 999999, repeating: true, repeat: { freq: 'weekly', interval: 1, weekdays: [], time: '09:00' } });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .error.fields.map((f: { field: string }) => f.field)
        .sort(),
    ).toEqual(['repeat.weekdays', 'responsibleId']);
    expect(bad.json().error.fields.find((f: { field: string }) => f.field === 'repeat.weekdays').message).toBe('Выберите хотя бы один день недели');
    const tpl = (await employee.post('/api/tasks/templates', { title: 'Версии' })).json();
    expect((await employee.patch(`/api/tasks/templates/${tpl.id}`, { title: 'Версии 2', version: 1 })).statusCode).toBe(200);
    expect((await employee.patch(`/api/tasks/templates/${tpl.id}`, { title: 'Версии 3', version: 1 })).statusCode).toBe(409);
  });
});

describe('a repeating template', () => {
  it('stores its RRULE and the next run in the author’s zone, and is rescheduled when turned off, on, or edited', async () => {
    const tpl = (
      await employee.post('/api/tasks/templates', { title: 'Еженедельный отчёт', repeating: true, repeat: { freq: 'weekly', interval: 1, weekdays: ['mo', 'we'], time: '09:00', until: '2099-12-31' } })
    ).json();
    expect(tpl.rrule).toContain('FREQ=WEEKLY');
    expect(tpl.rrule).toContain('BYDAY=MO,WE');
    expect(tpl.timeZone).toBe('Europe/Moscow');
    const next = new Date(tpl.nextRunAt);
    expect(next.getTime()).toBeGreaterThan(Date.now());
    expect([1, 3]).toContain(wallOf(next, 'Europe/Moscow').getUTCDay());
    expect(wallOf(next, 'Europe/Moscow').toISOString().slice(11, 16)).toBe('09:00');
    const off = (await employee.patch(`/api/tasks/templates/${tpl.id}`, { repeating: false, version: tpl.version })).json();
    expect(off).toMatchObject({ repeating: false, nextRunAt: null });
    const on = (await employee.patch(`/api/tasks/templates/${tpl.id}`, { repeating: true, version: off.version })).json();
    expect(on.nextRunAt).toBe(tpl.nextRunAt);
    const edited = (await employee.patch(`/api/tasks/templates/${tpl.id}`, { repeat: { freq: 'monthly', interval: 1, monthDay: 15, time: '10:30' }, version: on.version })).json();
    expect(wallOf(new Date(edited.nextRunAt), 'Europe/Moscow').toISOString().slice(8, 16)).toBe('15T10:30');
    // The jobs queued for the old rule find the run moved and create nothing.
    const ctx = systemCtxFor(t, p.portal);
    const jobs = await ctx.db.selectFrom('job').select(['id', 'payload']).where('type', '=', TEMPLATE_RUN_JOB).execute();
    const old = jobs.map((j) => JSON.parse(j.payload)).filter((j) => j.templateId === tpl.id && j.at !== new Date(edited.nextRunAt).toISOString());
    expect(old.length).toBeGreaterThan(0);
    for (const j of old) expect(await runOccurrence(ctx, tpl.id, j.occurrence, j.at)).toBe('skipped');
    expect(await tasksOf(t, tpl.id)).toEqual([]);
  });

  it('creates its task when the job is due, once, even when the job runs twice, and plans the next run', async () => {
    const at = moscowIn(2);
    const tpl = (
      await employee.post('/api/tasks/templates', { ...full, title: 'Ежедневная сводка', responsibleId: p.users.other.id, repeating: true, repeat: { freq: 'daily', interval: 1, time: at.time } })
    ).json();
    const due = new Date(tpl.nextRunAt);
    expect(due.getTime() - Date.now()).toBeLessThan(3 * 60_000);
    // Not before its time.
    await t.platform.jobs.runDue(new Date(due.getTime() - 30_000));
    expect(await tasksOf(t, tpl.id)).toEqual([]);
    // A second job for the same occurrence (a retry, another process) finds the run and does nothing.
    const payload = { templateId: tpl.id, occurrence: `${at.date}T${at.time}`, at: due.toISOString() };
    await scheduleJob(t.platform.db, { type: TEMPLATE_RUN_JOB, portalId: p.portal.id, runAt: due, payload });
    await t.platform.jobs.runDue(new Date(due.getTime() + 1000));
    const made = await tasksOf(t, tpl.id);
    expect(made.filter((m) => m.parent_id === null)).toHaveLength(1);
    expect(made[0]!.responsible_id).toBe(p.users.other.id);
    const row = await templateRow(t, tpl.id);
    expect(row.runs).toBe(1);
    expect(new Date(row.next_run_at!).getTime() - due.getTime()).toBe(86_400_000);
    // The same occurrence once more, as a process that did not see the move: the run row stops it.
    const ctx = systemCtxFor(t, p.portal);
    await scoped(ctx).updateTable('task_template').set({ next_run_at: due.toISOString() }).where('id', '=', tpl.id).execute();
    expect(await runOccurrence(ctx, tpl.id, payload.occurrence, payload.at)).toBe('skipped');
    expect((await tasksOf(t, tpl.id)).filter((m) => m.parent_id === null)).toHaveLength(1);
    const run = await scoped(ctx).selectFrom('task_template_run').selectAll().where('template_id', '=', tpl.id).execute();
    expect(run).toEqual([expect.objectContaining({ occurrence: payload.occurrence, task_id: made[0]!.id })]);
  });

  it('stops after N times and after its last date', async () => {
    const at = moscowIn(2);
    const counted = (await employee.post('/api/tasks/templates', { title: 'Два раза', repeating: true, repeat: { freq: 'daily', interval: 1, time: at.time, count: 2 } })).json();
    const until = (await employee.post('/api/tasks/templates', { title: 'До сегодня', repeating: true, repeat: { freq: 'daily', interval: 1, time: at.time, until: at.date } })).json();
    expect(counted.rrule).toContain('COUNT=2');
    expect(until.rrule).toContain('UNTIL=');
    const first = new Date(counted.nextRunAt).getTime();
    await t.platform.jobs.runDue(new Date(first + 1000));
    expect(await tasksOf(t, until.id)).toHaveLength(1);
    const u = await templateRow(t, until.id);
    expect(u).toMatchObject({ runs: 1, next_run_at: null, active: 0 });
    const c1 = await templateRow(t, counted.id);
    expect(c1.runs).toBe(1);
    await t.platform.jobs.runDue(new Date(new Date(c1.next_run_at!).getTime() + 1000));
    const c2 = await templateRow(t, counted.id);
    expect(c2).toMatchObject({ runs: 2, next_run_at: null, active: 0 });
    expect(await tasksOf(t, counted.id)).toHaveLength(2);
    // Nothing more is queued for either.
    await t.platform.jobs.runDue(new Date(first + 30 * 86_400_000));
    expect(await tasksOf(t, counted.id)).toHaveLength(2);
    expect(await tasksOf(t, until.id)).toHaveLength(1);
  });
});

describe('a repeating template across processes', () => {
  it('creates its task after a restart, on the same database', async () => {
    const a = await startTestApp();
    const pa = await buildPortal(a);
    const author = await signIn(a, pa.portal.name, pa.users.employee.email);
    const tpl = (await author.post('/api/tasks/templates', { title: 'После перезапуска', repeating: true, repeat: { freq: 'daily', interval: 1, time: moscowIn(2).time } })).json();
    await a.close();
    const b = await reopenTestApp(a);
    try {
      await b.platform.jobs.runDue(new Date(new Date(tpl.nextRunAt).getTime() + 1000));
      const rows = await scoped(systemCtxFor(b, pa.portal)).selectFrom('task').select(['title', 'creator_id']).where('template_id', '=', tpl.id).execute();
      expect(rows).toEqual([{ title: 'После перезапуска', creator_id: pa.users.employee.id }]);
    } finally {
      await b.dispose();
    }
  });

  it.runIf(dbKind === 'postgres')('creates the task once when two processes run the jobs of one occurrence at the same time', async () => {
    const a = await startTestApp();
    const b = await reopenTestApp(a);
    try {
      const pa = await buildPortal(a);
      await b.platform.portals.reload();
      const author = await signIn(a, pa.portal.name, pa.users.employee.email);
      const at = moscowIn(2);
      const tpl = (await author.post('/api/tasks/templates', { title: 'Два процесса', repeating: true, repeat: { freq: 'daily', interval: 1, time: at.time } })).json();
      const due = new Date(tpl.nextRunAt);
      const payload = { templateId: tpl.id, occurrence: `${at.date}T${at.time}`, at: due.toISOString() };
      for (let i = 0; i < 3; i++) await scheduleJob(a.platform.db, { type: TEMPLATE_RUN_JOB, portalId: pa.portal.id, runAt: due, payload });
      const later = new Date(due.getTime() + 1000);
      await Promise.all([a.platform.jobs.runDue(later), b.platform.jobs.runDue(later)]);
      const rows = await scoped(systemCtxFor(a, pa.portal)).selectFrom('task').select('id').where('template_id', '=', tpl.id).execute();
      expect(rows).toHaveLength(1);
    } finally {
      await b.close();
      await a.dispose();
    }
  });
});
