import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPortal, signInAll, startTestApp, type Agent, type TestApp, type TestPortal } from '../../../../test/harness.js';
import { systemCtxFor } from '../../../../test/support.js';
import { actorCtx, type Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import { createGroup } from '../../groups/api.js';
import { actorFor } from '../../users/api.js';

let t: TestApp;
let p: TestPortal;
let admin: Agent;
let head: Agent;
let employee: Agent;
let other: Agent;
let ctx: Ctx;
let groupId: number;

const period = 'from=2026-11-01&to=2026-11-30';
const at = (day: string) => `${day}T12:00:00.000Z`;

/** A task of `responsible` with the dates and status given, written straight into its row. */
async function task(responsible: number, v: { created: string; deadline?: string; closed?: string; status?: 'pending' | 'in_progress' | 'completed'; group?: number }): Promise<number> {
  const res = await head.post('/api/tasks', { title: `Задача ${v.created}`, responsibleId: responsible, ...(v.group ? { groupId: v.group } : {}) });
  expect(res.statusCode).toBe(200);
  const id = res.json().id;
  const status = v.status ?? 'pending';
  await scoped(ctx)
    .updateTable('task')
    .set({ created_at: at(v.created), deadline: v.deadline ? at(v.deadline) : null, closed_at: v.closed ? at(v.closed) : null, status })
    .where('id', '=', id)
    .execute();
  await scoped(ctx).updateTable('task_member').set({ status }).where('task_id', '=', id).execute();
  return id;
}

beforeAll(async () => {
  t = await startTestApp();
  p = await buildPortal(t);
  ({ admin, head, employee, other } = await signInAll(t, p));
  ctx = systemCtxFor(t, p.portal);
  const headActor = (await actorFor(ctx, p.users.head.id))!;
  groupId = (await createGroup(actorCtx(t.platform, p.portal, headActor), { name: 'Проект «Север»', memberIds: [p.users.employee.id] })).id;
  const e = p.users.employee.id;
  await task(e, { created: '2026-11-05', deadline: '2026-11-10', closed: '2026-11-09', status: 'completed' }); // on time
  await task(e, { created: '2026-11-06', deadline: '2026-11-12', closed: '2026-11-15', status: 'completed' }); // late
  await task(e, { created: '2026-11-07', deadline: '2026-11-20' }); // open past its deadline
  await task(e, { created: '2026-10-20', deadline: '2026-11-25', closed: '2026-11-24', status: 'completed', group: groupId }); // due in the period, on time
  await task(e, { created: '2026-10-01', deadline: '2026-10-15' }); // outside the period
  const noDeadline = await task(e, { created: '2026-11-10', status: 'in_progress', group: groupId });
  await task(p.users.other.id, { created: '2026-11-03', deadline: '2026-11-04', closed: '2026-11-03', status: 'completed' });
  const now = new Date().toISOString();
  await scoped(ctx)
    .insertInto('task_time', [
      { task_id: noDeadline, user_id: e, started_at: at('2026-11-11'), seconds: 3600, comment: '', source: 'manual', created_at: now },
      { task_id: noDeadline, user_id: e, started_at: at('2026-11-12'), seconds: 1800, comment: '', source: 'timer', created_at: now },
      { task_id: noDeadline, user_id: e, started_at: at('2026-10-12'), seconds: 7200, comment: '', source: 'manual', created_at: now },
    ])
    .execute();
});
afterAll(() => t?.dispose());

const employeeFigures = { assigned: 5, completed: 3, completedOnTime: 2, overdue: 2, efficiency: 60, timeSpentSeconds: 5400 };

describe('a report', () => {
  it('counts a person’s assigned, completed, on-time and overdue tasks, efficiency and time over the period', async () => {
    const res = await employee.get(`/api/tasks/reports?scope=me&${period}`);
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]).toMatchObject({ user: { id: p.users.employee.id }, ...employeeFigures });
    expect(r.totals).toMatchObject(employeeFigures);
    // Weeks from Monday 26 October to the week of 30 November.
    expect(r.weeks.map((w: { weekStart: string }) => w.weekStart)).toEqual(['2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30']);
    expect(r.weeks.reduce((s: number, w: { completed: number }) => s + w.completed, 0)).toBe(3);
    expect(r.weeks.reduce((s: number, w: { overdue: number }) => s + w.overdue, 0)).toBe(2);
  });

  it('gives a department its people’s rows and the totals', async () => {
    const r = (await head.get(`/api/tasks/reports?scope=department&id=${p.departments.team}&${period}`)).json();
    expect(r.title).toBe('Отдел');
    const byId = Object.fromEntries(r.rows.map((row: { user: { id: number } }) => [row.user.id, row]));
    expect(Object.keys(byId).map(Number).sort()).toEqual([p.users.head.id, p.users.employee.id, p.users.other.id].sort());
    expect(byId[p.users.employee.id]).toMatchObject(employeeFigures);
    expect(byId[p.users.other.id]).toMatchObject({ assigned: 1, completed: 1, completedOnTime: 1, overdue: 0, efficiency: 100 });
    expect(byId[p.users.head.id]).toMatchObject({ assigned: 0, efficiency: null });
    expect(r.totals).toMatchObject({ assigned: 6, completed: 4, completedOnTime: 3, overdue: 2, efficiency: 66.7, timeSpentSeconds: 5400 });
  });

  it('gives a group only its tasks', async () => {
    const r = (await head.get(`/api/tasks/reports?scope=group&id=${groupId}&${period}`)).json();
    const row = r.rows.find((x: { user: { id: number } }) => x.user.id === p.users.employee.id);
    expect(row).toMatchObject({ assigned: 2, completed: 1, completedOnTime: 1, overdue: 0, efficiency: 100, timeSpentSeconds: 5400 });
  });

  it('is seen by the person, their head, the group’s moderators and administrators; others get 403 or 404', async () => {
    expect((await head.get(`/api/tasks/reports?scope=user&id=${p.users.employee.id}&${period}`)).statusCode).toBe(200);
    expect((await admin.get(`/api/tasks/reports?scope=user&id=${p.users.employee.id}&${period}`)).statusCode).toBe(200);
    expect((await admin.get(`/api/tasks/reports?scope=department&id=${p.departments.root}&${period}`)).json().rows.length).toBe(4);
    expect((await other.get(`/api/tasks/reports?scope=user&id=${p.users.employee.id}&${period}`)).statusCode).toBe(403);
    expect((await employee.get(`/api/tasks/reports?scope=department&id=${p.departments.team}&${period}`)).statusCode).toBe(403);
    expect((await employee.get(`/api/tasks/reports?scope=group&id=${groupId}&${period}`)).statusCode).toBe(403);
    expect((await other.get(`/api/tasks/reports?scope=group&id=${groupId}&${period}`)).statusCode).toBe(404);
    expect((await head.get(`/api/tasks/reports?scope=user&id=999999&${period}`)).statusCode).toBe(404);
    expect((await other.get(`/api/tasks/reports/export?scope=user&id=${p.users.employee.id}&${period}`)).statusCode).toBe(403);
    const bad = await employee.get('/api/tasks/reports?scope=me&from=2026-11-30&to=2026-11-01');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0]).toMatchObject({ field: 'to', message: 'Конец периода раньше его начала' });
  });

  it('offers the scopes the viewer may pick', async () => {
    const s = (await head.get('/api/tasks/reports/scopes')).json();
    expect(s.departments.map((d: { id: number }) => d.id)).toEqual([p.departments.team]);
    expect(s.groups.map((g: { id: number }) => g.id)).toEqual([groupId]);
    expect(s.people.map((u: { id: number }) => u.id).sort()).toEqual([p.users.head.id, p.users.employee.id, p.users.other.id].sort());
    expect((await employee.get('/api/tasks/reports/scopes')).json()).toMatchObject({ departments: [], groups: [] });
  });

  it('exports the same figures to Excel', async () => {
    const res = await head.get(`/api/tasks/reports/export?scope=department&id=${p.departments.team}&${period}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(String(res.headers['content-disposition'])).toContain('attachment');
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const values: unknown[][] = [];
    ws.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
    expect(values.find((r) => r[0] === 'Сотрудник')).toEqual(['Сотрудник', 'Поставлено', 'Завершено', 'Завершено в срок', 'Просрочено', 'Эффективность, %', 'Затрачено, ч']);
    expect(values.find((r) => r[0] === 'Иван Сотрудников')).toEqual(['Иван Сотрудников', 5, 3, 2, 2, 60, 1.5]);
    expect(values.find((r) => r[0] === 'Итого')).toEqual(['Итого', 6, 4, 3, 2, 66.7, 1.5]);
  });
});
