import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { automationEvents } from '@vavilon/contracts';
import { buildPortal, dbKind, reopenTestApp, signIn, startTestApp, type Agent, type TestApp, type TestPortal } from '../../../../test/harness.js';
import { scoped } from '../../../platform/db/scoped.js';
import { recordEvent } from '../../../platform/events/outbox.js';
import { dealSnapshot } from '../../crm/api.js';
import { executeRule } from '../core/execute.js';
import { LOOP_MOVES } from '../core/loops.js';
import { toLoaded } from '../rules/store.js';
import { addRule, ensureTaskRobot, moveDeal, runsOf, sysCtx, tasksOf } from './test-kit.js';

let t: TestApp;
let p: TestPortal;
let admin: Agent;
let employee: Agent;
let pipe: { id: number; stages: { id: number; name: string; kind: string }[] };
let other: { id: number; stages: { id: number; name: string }[] };

const task = (title: string, extra: Record<string, unknown> = {}) => ({ kind: 'robot' as const, type: 'task.create', name: title, config: { title, responsible: { kind: 'responsible' } }, ...extra });

/** A pipeline of its own per test, so rules of one test never touch another's deals. */
async function pipeline(name: string) {
  const res = await admin.post('/api/crm/pipelines', { name });
  expect(res.statusCode).toBe(200);
  return res.json() as typeof pipe;
}

async function deal(stageId: number, title = 'Сделка', extra: Record<string, unknown> = {}): Promise<number> {
  const res = await admin.post('/api/crm/deals', { title, stageId, responsibleId: p.users.employee.id, ...extra });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().id;
}

const drain = async () => {
  await t.platform.events.drain();
  const f = await t.platform.db.selectFrom('processor_failure').selectAll().execute();
  if (f.length) console.log('FAILURES', JSON.stringify(f));
};
const later = (days: number) => new Date(Date.now() + days * 86_400_000);

beforeAll(async () => {
  ensureTaskRobot();
  t = await startTestApp();
  p = await buildPortal(t);
  admin = await signIn(t, p.portal.name, p.users.admin.email);
  employee = await signIn(t, p.portal.name, p.users.employee.email);
  other = await pipeline('Другая воронка');
});
afterAll(() => t?.dispose());

describe('robots on a stage entry', () => {
  beforeAll(async () => {
    pipe = await pipeline('Автоматизация: вход');
    await addRule(t, p.portal, pipe.id, { ...task('Позвонить клиенту'), stageId: pipe.stages[0]!.id });
    await addRule(t, p.portal, pipe.id, { ...task('Отправить письмо'), stageId: pipe.stages[0]!.id });
    await addRule(t, p.portal, pipe.id, { ...task('Подготовить договор'), stageId: pipe.stages[1]!.id });
  });

  it('runs each robot of the stage once per entry, however often the outbox is read again', async () => {
    const id = await deal(pipe.stages[0]!.id);
    await drain();
    await drain();
    expect((await tasksOf(t, p.portal, id)).map((x) => x.title)).toEqual(['Позвонить клиенту', 'Отправить письмо']);
    // The engine reads the whole outbox again (a cursor lost, a replayed backlog): nothing new.
    await t.platform.db.updateTable('processor_cursor').set({ last_event_id: 0 }).where('name', '=', 'automation.engine').execute();
    await drain();
    expect(await tasksOf(t, p.portal, id)).toHaveLength(2);
    const runs = await runsOf(t, p.portal, id);
    expect(runs.map((r) => r.status)).toEqual(['done', 'done']);
    expect(new Set(runs.map((r) => r.entry_key)).size).toBe(1);
    // The task is bound to the deal and given to its responsible.
    expect((await tasksOf(t, p.portal, id))[0]!.responsible_id).toBe(p.users.employee.id);
  });

  it('runs the next stage’s robots on a move, and again on each later entry', async () => {
    const id = await deal(pipe.stages[0]!.id);
    await drain();
    await moveDeal(t, p.portal, id, pipe.stages[1]!.id);
    await drain();
    await moveDeal(t, p.portal, id, pipe.stages[0]!.id);
    await drain();
    expect((await tasksOf(t, p.portal, id)).map((x) => x.title)).toEqual(['Позвонить клиенту', 'Отправить письмо', 'Подготовить договор', 'Позвонить клиенту', 'Отправить письмо']);
  });

  it('shows each finished run on the deal’s timeline, in the reader’s words', async () => {
    const id = await deal(pipe.stages[0]!.id);
    await drain();
    const res = await employee.get(`/api/crm/deal/${id}/timeline`);
    expect(res.statusCode).toBe(200);
    const robots = res.json().items.filter((e: { kind: string; itemKind?: string }) => e.kind === 'linked' && e.itemKind === 'robot');
    expect(robots.map((e: { title: string }) => e.title).sort()).toEqual(['Робот «Отправить письмо»: выполнен', 'Робот «Позвонить клиенту»: выполнен']);
    expect(robots[0]).toMatchObject({ done: true, state: 'выполнен' });
    // The run's event is not repeated as a change of the deal.
    expect(res.json().items.some((e: { action?: string }) => e.action === 'automation.run.finished')).toBe(false);
  });
});

describe('chains, delays, conditions and failures', () => {
  let chain: typeof pipe;
  beforeAll(async () => {
    chain = await pipeline('Автоматизация: цепочки');
  });

  it('starts an afterPrevious robot once the one before it is done, its delay counted from then, through the job', async () => {
    const s = chain.stages[0]!.id;
    await addRule(t, p.portal, chain.id, { ...task('Первая'), stageId: s });
    await addRule(t, p.portal, chain.id, { ...task('Через час', { start: { afterPrevious: true, delay: { mode: 'after', minutes: 60 } } }), stageId: s });
    await addRule(t, p.portal, chain.id, { ...task('Сразу после'), start: { afterPrevious: true }, stageId: s });
    const id = await deal(s);
    await drain();
    let runs = await runsOf(t, p.portal, id);
    expect(runs.map((r) => r.status)).toEqual(['done', 'scheduled', 'pending']);
    expect(runs[2]!.after_run_id).toBe(runs[1]!.id);
    expect((await tasksOf(t, p.portal, id)).map((x) => x.title)).toEqual(['Первая']);
    await t.platform.jobs.runDue(new Date(Date.now() + 30 * 60_000));
    expect(await tasksOf(t, p.portal, id)).toHaveLength(1);
    await t.platform.jobs.runDue(new Date(Date.now() + 61 * 60_000));
    runs = await runsOf(t, p.portal, id);
    expect(runs.map((r) => r.status)).toEqual(['done', 'done', 'done']);
    expect((await tasksOf(t, p.portal, id)).map((x) => x.title)).toEqual(['Первая', 'Через час', 'Сразу после']);
    // The job comes again (a crash after its commit, another process): the run's row says it is done.
    await t.platform.db.updateTable('job').set({ status: 'pending' }).where('type', '=', 'automation.run').execute();
    await t.platform.jobs.runDue(later(1));
    expect(await tasksOf(t, p.portal, id)).toHaveLength(3);
  });

  it('cancels what is still open when the deal leaves the stage', async () => {
    const pl = await pipeline('Автоматизация: уход');
    await addRule(t, p.portal, pl.id, { ...task('Завтра', { start: { delay: { mode: 'after', minutes: 1440 } } }), stageId: pl.stages[0]!.id });
    const id = await deal(pl.stages[0]!.id);
    await drain();
    expect((await runsOf(t, p.portal, id))[0]!.status).toBe('scheduled');
    await moveDeal(t, p.portal, id, pl.stages[1]!.id);
    await drain();
    const [run] = await runsOf(t, p.portal, id);
    expect(run).toMatchObject({ status: 'cancelled', message_key: 'automation.engine.left_stage' });
    await t.platform.jobs.runDue(later(2));
    expect(await tasksOf(t, p.portal, id)).toHaveLength(0);
    const log = (await admin.get(`/api/automation/runs?dealId=${id}`)).json();
    expect(log.runs[0]).toMatchObject({ status: 'cancelled', message: 'Сделка ушла со стадии', ruleName: 'Завтра', stageName: pl.stages[0]!.name, entityTitle: 'Сделка' });
  });

  it('skips a robot whose condition does not hold, and the one after it still runs', async () => {
    const pl = await pipeline('Автоматизация: условия');
    const s = pl.stages[0]!.id;
    await addRule(t, p.portal, pl.id, { ...task('Только для VIP'), condition: { terms: [{ field: 'title', op: 'contains', value: 'VIP' }] }, stageId: s });
    await addRule(t, p.portal, pl.id, { ...task('Для всех'), start: { afterPrevious: true }, stageId: s });
    const plain = await deal(s, 'Обычный клиент');
    const vip = await deal(s, 'VIP клиент');
    await drain();
    expect((await runsOf(t, p.portal, plain)).map((r) => r.status)).toEqual(['skipped', 'done']);
    expect((await tasksOf(t, p.portal, plain)).map((x) => x.title)).toEqual(['Для всех']);
    expect((await tasksOf(t, p.portal, vip)).map((x) => x.title)).toEqual(['Только для VIP', 'Для всех']);
    // Skipped runs are in the log, not on the timeline.
    const items = (await employee.get(`/api/crm/deal/${plain}/timeline`)).json().items.filter((e: { itemKind?: string }) => e.itemKind === 'robot');
    expect(items.map((e: { title: string }) => e.title)).toEqual(['Робот «Для всех»: выполнен']);
  });

  it('a failed robot cancels the chain after it and says why on the timeline; a stage of another pipeline is refused', async () => {
    const pl = await pipeline('Автоматизация: сбой');
    const s = pl.stages[0]!.id;
    await addRule(t, p.portal, pl.id, { kind: 'robot', type: 'stage.change', name: 'В чужую воронку', config: { stageId: other.stages[1]!.id }, stageId: s });
    await addRule(t, p.portal, pl.id, { ...task('После перехода'), start: { afterPrevious: true }, stageId: s });
    const id = await deal(s);
    await drain();
    const runs = await runsOf(t, p.portal, id);
    expect(runs.map((r) => [r.status, r.message_key])).toEqual([
      ['failed', 'automation.stage.other_pipeline'],
      ['cancelled', 'automation.engine.previous_failed'],
    ]);
    expect(await tasksOf(t, p.portal, id)).toHaveLength(0);
    const titles = (await employee.get(`/api/crm/deal/${id}/timeline`))
      .json()
      .items.filter((e: { itemKind?: string }) => e.itemKind === 'robot')
      .map((e: { title: string }) => e.title);
    expect(titles).toContain(`Робот «В чужую воронку»: не выполнен: Стадия «${other.stages[1]!.name}» относится к другой воронке`);
    expect(titles).toContain('Робот «После перехода»: не выполнен: Предыдущий робот не выполнен');
    expect((await scoped(sysCtx(t, p.portal)).selectFrom('crm_deal').select('stage_id').where('id', '=', id).executeTakeFirstOrThrow()).stage_id).toBe(s);
  });

  it('a broken configuration or an unknown type fails with a clear message, and the other robots still run', async () => {
    const pl = await pipeline('Автоматизация: поломки');
    const s = pl.stages[0]!.id;
    await addRule(t, p.portal, pl.id, { kind: 'robot', type: 'task.create', name: 'Без названия', config: { responsible: { kind: 'nobody' } }, stageId: s });
    await addRule(t, p.portal, pl.id, { kind: 'robot', type: 'no.such.robot', name: 'Неизвестный', config: {}, stageId: s });
    await addRule(t, p.portal, pl.id, { ...task('Исправный'), stageId: s });
    const id = await deal(s);
    await drain();
    const log = (await admin.get(`/api/automation/runs?dealId=${id}`)).json().runs as { ruleName: string; status: string; message: string }[];
    const by = Object.fromEntries(log.map((r) => [r.ruleName, r]));
    expect(by['Без названия']).toMatchObject({ status: 'failed' });
    expect(by['Без названия']!.message).toMatch(/^Настройки робота неверны: /);
    expect(by['Неизвестный']).toMatchObject({ status: 'failed', message: 'Неизвестный тип робота «no.such.robot»' });
    expect(by['Исправный']).toMatchObject({ status: 'done' });
    expect((await tasksOf(t, p.portal, id)).map((x) => x.title)).toEqual(['Исправный']);
  });

  it('moves a deal through «Сменить стадию» and runs the target stage’s robots; robots moving it in circles are stopped', async () => {
    const pl = await pipeline('Автоматизация: круг');
    const [a, b] = [pl.stages[0]!.id, pl.stages[1]!.id];
    await addRule(t, p.portal, pl.id, { kind: 'robot', type: 'stage.change', name: 'Вперёд', config: { stageId: b }, stageId: a });
    await addRule(t, p.portal, pl.id, { kind: 'robot', type: 'stage.change', name: 'Назад', config: { stageId: a }, stageId: b });
    const id = await deal(a);
    for (let i = 0; i < LOOP_MOVES + 5; i++) await drain();
    const runs = await runsOf(t, p.portal, id);
    expect(runs.filter((r) => r.status === 'done')).toHaveLength(LOOP_MOVES);
    expect(runs.at(-1)).toMatchObject({ status: 'failed', message_key: 'automation.engine.loop' });
    expect(runs).toHaveLength(LOOP_MOVES + 1);
    const log = (await admin.get(`/api/automation/runs?dealId=${id}&status=failed`)).json().runs;
    expect(log.map((r: { message: string }) => r.message)).toEqual(['Роботы перемещают сделку по кругу: остановлено']);
  });
});

describe('waiting, field starts, webhooks', () => {
  it('a waiting robot holds the chain until the deal meets its condition, re-checked on each change, and fails at its time limit', async () => {
    const pl = await pipeline('Автоматизация: ожидание');
    const s = pl.stages[0]!.id;
    await addRule(t, p.portal, pl.id, {
      kind: 'robot',
      type: 'wait',
      name: 'Ждать суммы',
      config: { condition: { terms: [{ field: 'amount', op: 'gt', value: 100000 }] }, timeoutDays: 3 },
      stageId: s,
    });
    await addRule(t, p.portal, pl.id, { ...task('Крупная сделка'), start: { afterPrevious: true }, stageId: s });
    const id = await deal(s);
    const slow = await deal(s, 'Медленная');
    await drain();
    expect((await runsOf(t, p.portal, id)).map((r) => r.status)).toEqual(['waiting', 'pending']);
    const patch = async (amount: string) => {
      const d = (await admin.get(`/api/crm/deals/${id}`)).json();
      expect((await admin.patch(`/api/crm/deals/${id}`, { amount, version: d.version })).statusCode).toBe(200);
      await drain();
    };
    await patch('500.00');
    expect((await runsOf(t, p.portal, id)).map((r) => r.status)).toEqual(['waiting', 'pending']);
    await patch('250000.00');
    expect((await runsOf(t, p.portal, id)).map((r) => r.status)).toEqual(['done', 'done']);
    expect((await tasksOf(t, p.portal, id)).map((x) => x.title)).toEqual(['Крупная сделка']);
    // The other deal never gets there: after three days the wait fails and the chain stops.
    await t.platform.jobs.runDue(later(4));
    expect((await runsOf(t, p.portal, slow)).map((r) => [r.status, r.message_key])).toEqual([
      ['failed', 'automation.engine.timeout'],
      ['cancelled', 'automation.engine.previous_failed'],
    ]);
    expect(await tasksOf(t, p.portal, slow)).toHaveLength(0);
  });

  it('a field-started robot runs on each setting of its field while the deal is in the stage, the same value again included', async () => {
    const pl = await pipeline('Автоматизация: поля');
    const s = pl.stages[0]!.id;
    await addRule(t, p.portal, pl.id, { ...task('Сумма изменилась'), start: { on: 'field', field: 'amount' }, stageId: s });
    await addRule(t, p.portal, pl.id, { ...task('Результат выбран'), start: { on: 'field', field: 'uf_result' }, stageId: s });
    const id = await deal(s);
    await drain();
    expect(await tasksOf(t, p.portal, id)).toHaveLength(0);
    const d = (await admin.get(`/api/crm/deals/${id}`)).json();
    await admin.patch(`/api/crm/deals/${id}`, { amount: '10.00', version: d.version });
    const result = () =>
      t.platform.transaction(sysCtx(t, p.portal), (tx) =>
        recordEvent(tx, automationEvents.resultSet, { entityType: 'deal', entityId: id, payload: { field: 'uf_result', value: 'no_answer', pipelineId: pl.id, stageId: s } }),
      );
    await result();
    await result();
    await drain();
    expect((await tasksOf(t, p.portal, id)).map((x) => x.title)).toEqual(['Сумма изменилась', 'Результат выбран', 'Результат выбран']);
  });

  it('calls a webhook from its job with the deal as JSON, retries a failing address, then fails with its HTTP status; a dry run only tells', async () => {
    process.env.WEBHOOK_ALLOW_PRIVATE = 'true';
    const got: { method: string; body: unknown }[] = [];
    let answer = 200;
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        got.push({ method: req.method!, body: JSON.parse(body || 'null') });
        res.statusCode = answer;
        res.end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    try {
      const pl = await pipeline('Автоматизация: вебхук');
      const s = pl.stages[0]!.id;
      const ruleId = await addRule(t, p.portal, pl.id, { kind: 'robot', type: 'webhook.call', name: 'В учётную систему', config: { url, fields: ['title', 'amount'] }, stageId: s });
      await addRule(t, p.portal, pl.id, { ...task('После вебхука'), start: { afterPrevious: true }, stageId: s });
      const id = await deal(s, 'Заказ', { amount: '1500.00' });
      await drain();
      expect(got).toHaveLength(0); // never inside the engine's transaction
      await t.platform.jobs.runDue();
      expect(got).toEqual([
        { method: 'POST', body: { event: 'automation.robot', rule: { id: ruleId, name: 'В учётную систему' }, deal: expect.objectContaining({ id, stageId: s, title: 'Заказ' }) } },
      ]);
      expect((await runsOf(t, p.portal, id)).map((r) => r.status)).toEqual(['done', 'done']);

      answer = 503;
      const failing = await deal(s, 'Заказ 2');
      await drain();
      for (let i = 0; i < 6; i++) await t.platform.jobs.runDue(later(1 + i));
      expect(got.length).toBe(1 + 4);
      const log = (await admin.get(`/api/automation/runs?dealId=${failing}`)).json().runs;
      expect(log.map((r: { ruleName: string; status: string; message: string }) => [r.ruleName, r.status, r.message])).toEqual([
        ['После вебхука', 'cancelled', 'Предыдущий робот не выполнен'],
        ['В учётную систему', 'failed', 'Вебхук ответил HTTP 503'],
      ]);

      // A dry run of the same rule sends nothing and says what it would send.
      const row = await scoped(sysCtx(t, p.portal)).selectFrom('automation_rule').selectAll().where('id', '=', ruleId).executeTakeFirstOrThrow();
      const snap = (await dealSnapshot(sysCtx(t, p.portal), id))!;
      const dry = await executeRule(sysCtx(t, p.portal), toLoaded(row), snap, { id: 0, entryKey: 'dry', state: null }, { dryRun: true });
      expect(dry.status).toBe('done');
      expect(dry.message.key).toBe('automation.webhook.dry');
      expect(String(dry.message.params?.url)).toBe(url);
      expect(got.length).toBe(5);
    } finally {
      delete process.env.WEBHOOK_ALLOW_PRIVATE;
      server.close();
    }
  });
});

describe('the run log', () => {
  it('lists runs newest first for administrators, with filters and keyset paging; others get 403', async () => {
    const pl = await pipeline('Автоматизация: журнал');
    await addRule(t, p.portal, pl.id, { ...task('Одна'), stageId: pl.stages[0]!.id });
    const ids = [await deal(pl.stages[0]!.id, 'Ж1'), await deal(pl.stages[0]!.id, 'Ж2'), await deal(pl.stages[0]!.id, 'Ж3')];
    await drain();
    const first = await admin.get(`/api/automation/runs?pipelineId=${pl.id}&limit=2`);
    expect(first.statusCode).toBe(200);
    expect(first.json().runs.map((r: { entityId: number }) => r.entityId)).toEqual([ids[2], ids[1]]);
    expect(first.json().next).toBe(first.json().runs[1].id);
    const second = (await admin.get(`/api/automation/runs?pipelineId=${pl.id}&limit=2&before=${first.json().next}`)).json();
    expect(second).toMatchObject({ runs: [{ entityId: ids[0], entityTitle: 'Ж1', ruleName: 'Одна', ruleType: 'task.create', status: 'done' }], next: null });
    expect((await admin.get(`/api/automation/runs?pipelineId=${pl.id}&status=failed`)).json().runs).toEqual([]);
    expect((await admin.get(`/api/automation/runs?from=2000-01-01&to=2000-01-02`)).json().runs).toEqual([]);
    expect((await employee.get('/api/automation/runs')).statusCode).toBe(403);
    expect((await admin.get('/api/automation/runs?from=вчера')).statusCode).toBe(400);
  });
});

describe.runIf(dbKind === 'postgres')('several processes on one PostgreSQL database', () => {
  it('two apps draining the same backlog at once run each robot once', async () => {
    const pl = await pipeline('Автоматизация: два процесса');
    await addRule(t, p.portal, pl.id, { ...task('Звонок'), stageId: pl.stages[0]!.id });
    await addRule(t, p.portal, pl.id, { ...task('Через день', { start: { delay: { mode: 'after', minutes: 1440 } } }), stageId: pl.stages[0]!.id });
    const second = await reopenTestApp(t);
    try {
      const ids: number[] = [];
      for (let i = 0; i < 40; i++) ids.push(await deal(pl.stages[0]!.id, `Параллельная ${i}`));
      await Promise.all([t.platform.events.drain(), second.platform.events.drain(), t.platform.events.drain(), second.platform.events.drain()]);
      await Promise.all([t.platform.events.drain(), second.platform.events.drain()]);
      await Promise.all([t.platform.jobs.runDue(later(2)), second.platform.jobs.runDue(later(2))]);
      for (const id of ids) {
        expect((await tasksOf(t, p.portal, id)).map((x) => x.title).sort()).toEqual(['Звонок', 'Через день']);
        expect((await runsOf(t, p.portal, id)).map((r) => r.status)).toEqual(['done', 'done']);
      }
    } finally {
      await second.close();
    }
  });
});
