import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPortal, signIn, signInAll, startTestApp, type Agent, type TestApp, type TestPortal } from '../../../../test/harness.js';
import { actorCtx } from '../../../platform/context.js';
import { deadlinesBoard, moveToColumn } from './deadlines.js';
import { columnOf, deadlineBounds } from './zone.js';

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

const MSK = 'Europe/Moscow';
const q = (tz: string) => `tz=${encodeURIComponent(tz)}`;
type Card = { id: number; title: string; deadline: string | null; version: number };
type Column = { id: string; count: number; cards: Card[]; hasMore: boolean };
const columnWith = (board: { columns: Column[] }, id: number) => board.columns.find((c) => c.cards.some((x) => x.id === id))?.id;
const ctxOf = (userId: number) => actorCtx(t.platform, p.portal, { userId, accountId: 0, portalId: p.portal.id, role: 'employee', departmentId: null, language: 'ru' });

describe('«Сроки»', () => {
  it('puts the user’s open tasks (responsible or accomplice) in the columns of their day and week, at the edges too', async () => {
    const b = deadlineBounds(new Date(), MSK);
    const justBefore = new Date(Date.parse(b.tomorrow) - 1000).toISOString();
    const made: Record<string, Card> = {};
    for (const [name, deadline] of Object.entries({
      past: new Date(Date.now() - 3_600_000).toISOString(),
      beforeMidnight: justBefore,
      midnight: b.tomorrow,
      nextWeek: b.nextWeek,
      weekAfter: b.weekAfter,
      none: null,
    })) {
      made[name] = (await head.post('/api/tasks', { title: `Сроки ${name}`, responsibleId: p.users.employee.id, deadline })).json();
    }
    const helping = (await head.post('/api/tasks', { title: 'Помогаю', accompliceIds: [p.users.employee.id], deadline: b.weekAfter })).json();
    const watching = (await head.post('/api/tasks', { title: 'Наблюдаю', auditorIds: [p.users.employee.id], deadline: b.weekAfter })).json();
    const closed = (await head.post('/api/tasks', { title: 'Закрыта', responsibleId: p.users.employee.id, deadline: b.weekAfter })).json();
    await head.post(`/api/tasks/${closed.id}/actions/complete`, {});

    const res = await employee.get(`/api/tasks/boards/deadlines?${q(MSK)}`);
    expect(res.statusCode).toBe(200);
    const board = res.json();
    expect(board.roles).toEqual(['responsible', 'accomplice']);
    expect(board.columns.map((c: Column) => c.id)).toEqual(['overdue', 'today', 'week', 'next_week', 'none', 'later']);
    expect(columnWith(board, made.past!.id)).toBe('overdue');
    expect(columnWith(board, made.beforeMidnight!.id)).toBe('today');
    // Midnight starts tomorrow: this week, or next week when tomorrow is Monday.
    expect(columnWith(board, made.midnight!.id)).toBe(columnOf(b.tomorrow, b));
    expect(columnWith(board, made.nextWeek!.id)).toBe('next_week');
    expect(columnWith(board, made.weekAfter!.id)).toBe('later');
    expect(columnWith(board, made.none!.id)).toBe('none');
    expect(columnWith(board, helping.id)).toBe('later');
    expect(columnWith(board, watching.id)).toBeUndefined();
    expect(columnWith(board, closed.id)).toBeUndefined();
    expect(board.columns.find((c: Column) => c.id === 'later').count).toBe(2);
    // The creator does not do these tasks: their board has none of them.
    const headBoard = (await head.get(`/api/tasks/boards/deadlines?${q(MSK)}`)).json();
    expect(columnWith(headBoard, made.past!.id)).toBeUndefined();
  });

  it('counts a deadline by the user’s zone (a fixed clock, two zones)', async () => {
    const task = (await head.post('/api/tasks', { title: 'Зона', responsibleId: p.users.other.id, deadline: '2030-01-09T22:00:00.000Z' })).json();
    const now = new Date('2030-01-09T20:00:00.000Z'); // Wednesday: 23:00 in Moscow, 15:00 in New York
    const ctx = ctxOf(p.users.other.id);
    expect(columnWith(await deadlinesBoard(ctx, MSK, now), task.id)).toBe('week');
    expect(columnWith(await deadlinesBoard(ctx, 'America/New_York', now), task.id)).toBe('today');
    // Sunday night in Moscow: a Monday deadline is next week.
    const sunday = new Date('2030-01-13T20:30:00.000Z'); // 23:30 on Sunday in Moscow
    const monday = (await head.post('/api/tasks', { title: 'Понедельник', responsibleId: p.users.other.id, deadline: '2030-01-13T21:30:00.000Z' })).json();
    const board = await deadlinesBoard(ctx, MSK, sunday);
    expect(columnWith(board, monday.id)).toBe('next_week');
    expect(board.columns.find((c) => c.id === 'week')!.count).toBe(0);
    await expect(moveToColumn(ctx, monday.id, { column: 'week', tz: MSK, version: monday.version }, sunday)).rejects.toMatchObject({ status: 400, messageKey: 'tasks.boards.week_over' });
  });

  it('shows each column’s count and first 20, and loads more', async () => {
    const me = admin;
    const many = Array.from({ length: 23 }, (_, i) => ({ title: `Без срока ${i}` }));
    for (const m of many) await me.post('/api/tasks', m);
    const resp = await me.get(`/api/tasks/boards/deadlines?${q(MSK)}`);
    const board = resp.json();
    const none = board.columns.find((c: Column) => c.id === 'none');
    expect(none.count).toBe(23);
    expect(none.cards).toHaveLength(20);
    expect(none.hasMore).toBe(true);
    const more = (await me.get(`/api/tasks/boards/deadlines/none?${q(MSK)}&offset=20`)).json();
    expect(more.cards).toHaveLength(3);
    expect(more.hasMore).toBe(false);
    expect(new Set([...none.cards, ...more.cards].map((c: Card) => c.id)).size).toBe(23);
  });

  it('refuses an unknown zone with 400 on the field', async () => {
    const res = await employee.get(`/api/tasks/boards/deadlines?${q('Mars/Olympus')}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0]).toMatchObject({ field: 'tz', message: 'Неизвестный часовой пояс' });
  });

  it('sets a deadline that fits the column a card is dropped on', async () => {
    const task = (await employee.post('/api/tasks', { title: 'Перетащить' })).json();
    let version = task.version;
    for (const column of ['today', 'next_week', 'later', 'none'] as const) {
      const res = await employee.post(`/api/tasks/boards/deadlines/tasks/${task.id}`, { column, tz: MSK, version });
      expect(res.statusCode).toBe(200);
      const moved = res.json();
      version = moved.version;
      const board = (await employee.get(`/api/tasks/boards/deadlines?${q(MSK)}`)).json();
      expect(columnWith(board, task.id)).toBe(column);
      if (column === 'none') expect(moved.deadline).toBeNull();
      else expect(new Date(moved.deadline).toLocaleTimeString('ru-RU', { timeZone: MSK, hour: '2-digit', minute: '2-digit' })).toMatch(/^(19:00|23:59)$/);
    }
    const overdue = await employee.post(`/api/tasks/boards/deadlines/tasks/${task.id}`, { column: 'overdue', tz: MSK, version });
    expect(overdue.statusCode).toBe(400);
    expect(overdue.json().error.message).toContain('Просрочены');
    expect((await employee.post(`/api/tasks/boards/deadlines/tasks/${task.id}`, { column: 'today', tz: MSK, version: version - 1 })).statusCode).toBe(409);
  });

  it('refuses a locked deadline to the responsible with the reason (403) and lets the creator move it', async () => {
    const task = (await head.post('/api/tasks', { title: 'Срок закреплён', responsibleId: p.users.employee.id, allowChangeDeadline: false })).json();
    const refused = await employee.post(`/api/tasks/boards/deadlines/tasks/${task.id}`, { column: 'today', tz: MSK, version: task.version });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toContain('только постановщик');
    const byCreator = await head.post(`/api/tasks/boards/deadlines/tasks/${task.id}`, { column: 'today', tz: MSK, version: task.version });
    expect(byCreator.statusCode).toBe(200);
    expect(byCreator.json().deadline).not.toBeNull();
  });

  it('never shows another user’s task nor lets them move it (404)', async () => {
    const task = (await employee.post('/api/tasks', { title: 'Личная задача сотрудника', deadline: new Date(Date.now() + 86_400_000).toISOString() })).json();
    const otherBoard = (await other.get(`/api/tasks/boards/deadlines?${q(MSK)}`)).json();
    expect(columnWith(otherBoard, task.id)).toBeUndefined();
    expect((await other.post(`/api/tasks/boards/deadlines/tasks/${task.id}`, { column: 'today', tz: MSK, version: task.version })).statusCode).toBe(404);
  });
});

describe('«Мой план»', () => {
  it('starts with «Новые», «Выполняются», «Сделаны» and puts tasks not placed yet in the first stage', async () => {
    const task = (await head.post('/api/tasks', { title: 'План: новая', auditorIds: [p.users.other.id] })).json();
    const board = (await other.get('/api/tasks/boards/plan')).json();
    expect(board.stages.map((s: { title: string }) => s.title)).toEqual(['Новые', 'Выполняются', 'Сделаны']);
    expect(board.stages[0].cards.map((c: Card) => c.id)).toContain(task.id);
    // Asked again, the stages are not made twice.
    expect((await other.get('/api/tasks/boards/plan')).json().stages).toHaveLength(3);
  });

  it('creates, renames, recolours, reorders and deletes stages; a deleted stage’s cards go to the first', async () => {
    const start = (await employee.get('/api/tasks/boards/plan')).json().stages;
    const made = await employee.post('/api/tasks/boards/plan-stages', { title: 'На согласовании', color: '#ff5752' });
    expect(made.statusCode).toBe(200);
    const stage = made.json();
    expect(stage).toMatchObject({ title: 'На согласовании', color: '#ff5752' });
    expect((await employee.patch(`/api/tasks/boards/plan-stages/${stage.id}`, { title: 'Согласование', color: '#2fc6f6' })).json()).toMatchObject({ title: 'Согласование', color: '#2fc6f6' });
    const bad = await employee.post('/api/tasks/boards/plan-stages', { title: '  ', color: 'red' });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .error.fields.map((f: { field: string }) => f.field)
        .sort(),
    ).toEqual(['color', 'title']);

    const order = [stage.id, ...start.map((s: { id: number }) => s.id)];
    expect((await employee.put('/api/tasks/boards/plan-stages/order', { ids: order })).json().map((s: { id: number }) => s.id)).toEqual(order);
    expect((await employee.put('/api/tasks/boards/plan-stages/order', { ids: [stage.id] })).statusCode).toBe(400);

    const task = (await employee.post('/api/tasks', { title: 'План: перенос' })).json();
    expect((await employee.post(`/api/tasks/boards/plan/tasks/${task.id}`, { stageId: start[1].id, afterId: null })).statusCode).toBe(200);
    expect((await employee.post(`/api/tasks/boards/plan/tasks/${task.id}`, { stageId: stage.id, afterId: null })).statusCode).toBe(200);
    expect((await employee.del(`/api/tasks/boards/plan-stages/${stage.id}`)).statusCode).toBe(200);
    const after = (await employee.get('/api/tasks/boards/plan')).json();
    expect(after.stages.map((s: { id: number }) => s.id)).toEqual(start.map((s: { id: number }) => s.id));
    expect(after.stages[0].cards.map((c: Card) => c.id)).toContain(task.id);
  });

  it('keeps the order cards are placed in and moves between stages', async () => {
    const stages = (await head.get('/api/tasks/boards/plan')).json().stages;
    const ids: number[] = [];
    for (const title of ['П1', 'П2', 'П3']) ids.push((await head.post('/api/tasks', { title })).json().id);
    const doing = stages[1].id;
    await head.post(`/api/tasks/boards/plan/tasks/${ids[0]}`, { stageId: doing, afterId: null });
    await head.post(`/api/tasks/boards/plan/tasks/${ids[1]}`, { stageId: doing, afterId: ids[0] });
    await head.post(`/api/tasks/boards/plan/tasks/${ids[2]}`, { stageId: doing, afterId: null });
    let board = (await head.get('/api/tasks/boards/plan')).json();
    expect(board.stages[1].cards.map((x: Card) => x.id)).toEqual([ids[2], ids[0], ids[1]]);
    expect(board.stages[1].count).toBe(3);
    await head.post(`/api/tasks/boards/plan/tasks/${ids[2]}`, { stageId: doing, afterId: ids[1] });
    board = (await head.get('/api/tasks/boards/plan')).json();
    expect(board.stages[1].cards.map((x: Card) => x.id)).toEqual([ids[0], ids[1], ids[2]]);
    // A completed task leaves the plan.
    await head.post(`/api/tasks/${ids[0]}/actions/complete`, {});
    board = (await head.get('/api/tasks/boards/plan')).json();
    expect(board.stages[1].cards.map((x: Card) => x.id)).toEqual([ids[1], ids[2]]);
  });

  it('keeps each user’s stages and tasks their own (404 for another’s)', async () => {
    const mine = (await employee.get('/api/tasks/boards/plan')).json().stages;
    const theirs = (await other.get('/api/tasks/boards/plan')).json().stages;
    expect(mine.map((s: { id: number }) => s.id)).not.toContain(theirs[0].id);
    expect((await employee.patch(`/api/tasks/boards/plan-stages/${theirs[0].id}`, { title: 'Чужой' })).statusCode).toBe(404);
    expect((await employee.del(`/api/tasks/boards/plan-stages/${theirs[0].id}`)).statusCode).toBe(404);
    const foreign = (await head.post('/api/tasks', { title: 'Чужая задача' })).json();
    expect((await employee.post(`/api/tasks/boards/plan/tasks/${foreign.id}`, { stageId: mine[0].id, afterId: null })).statusCode).toBe(404);
    const board = (await employee.get('/api/tasks/boards/plan')).json();
    expect(board.stages.flatMap((s: Column) => s.cards).map((c: Card) => c.id)).not.toContain(foreign.id);
  });

  it('does not delete the last stage', async () => {
    const lone = await signIn(t, p.portal.name, p.users.admin.email);
    const stages = (await lone.get('/api/tasks/boards/plan')).json().stages;
    for (const s of stages.slice(1)) expect((await lone.del(`/api/tasks/boards/plan-stages/${s.id}`)).statusCode).toBe(200);
    const last = await lone.del(`/api/tasks/boards/plan-stages/${stages[0].id}`);
    expect(last.statusCode).toBe(400);
    expect(last.json().error.message).toBe('Последний этап удалить нельзя');
  });
});

describe('«Календарь»', () => {
  it('gives the user’s tasks by deadline or planned dates in the window, not others’', async () => {
    const from = '2031-03-01T00:00:00.000Z';
    const to = '2031-04-01T00:00:00.000Z';
    const byDeadline = (await employee.post('/api/tasks', { title: 'Срок в марте', deadline: '2031-03-10T16:00:00.000Z' })).json();
    const byPlan = (await employee.post('/api/tasks', { title: 'План через март', startPlan: '2031-02-20T06:00:00.000Z', endPlan: '2031-03-03T15:00:00.000Z' })).json();
    const outside = (await employee.post('/api/tasks', { title: 'Апрель', deadline: '2031-04-01T00:00:00.000Z' })).json();
    const foreign = (await other.post('/api/tasks', { title: 'Чужой март', deadline: '2031-03-11T16:00:00.000Z' })).json();
    const res = await employee.get(`/api/tasks/boards/calendar?from=${from}&to=${to}`);
    expect(res.statusCode).toBe(200);
    const ids = res.json().items.map((i: Card) => i.id);
    expect(ids).toEqual(expect.arrayContaining([byDeadline.id, byPlan.id]));
    expect(ids).not.toContain(outside.id);
    expect(ids).not.toContain(foreign.id);
    expect(res.json().truncated).toBe(false);
    // The head sees their subordinate's task, but the calendar shows only their own.
    expect((await head.get(`/api/tasks/boards/calendar?from=${from}&to=${to}`)).json().items.map((i: Card) => i.id)).not.toContain(byDeadline.id);
    const bad = await employee.get(`/api/tasks/boards/calendar?from=${to}&to=${from}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toBe('to');
  });
});
