import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { automationEvents, RuleInput } from '@vavilon/contracts';
import { buildPortal, dbKind, reopenTestApp, signInAll, startTestApp, type Agent, type TestApp, type TestPortal } from '../../../../test/harness.js';
import { drainUntil, systemCtxFor } from '../../../../test/support.js';
import { transaction, type Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import { recordEvent } from '../../../platform/events/outbox.js';
import { insertRule } from '../rules/store.js';
import { ensureWebhookToken } from './token.js';

let t: TestApp;
let p: TestPortal;
let w: Awaited<ReturnType<typeof signInAll>>;
let ctx: Ctx;

interface Stage {
  id: number;
  name: string;
  kind: string;
}
interface Pipe {
  id: number;
  stages: Stage[];
  /** A stage by its name. */
  at(name: string): number;
}

let calls: Pipe;
let sales: Pipe;
let qualify: { code: string; options: { id: string; label: string }[] };
let yes: string;
let no: string;

function ok(res: { statusCode: number; body: string; json(): any }) {
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

function pipe(json: { id: number; stages: Stage[] }): Pipe {
  return {
    id: json.id,
    stages: json.stages,
    at: (name) => {
      const s = json.stages.find((x) => x.name === name);
      if (!s) throw new Error(`no stage ${name}`);
      return s.id;
    },
  };
}

/** A pipeline of its own: «Новая», «В работе», «Тёплые», «Горячие», then «Сделка успешна» and «Сделка провалена». */
async function callPipeline(admin: Agent, name: string): Promise<Pipe> {
  const created = ok(await admin.post('/api/crm/pipelines', { name }));
  for (const stage of ['Тёплые', 'Горячие']) ok(await admin.post(`/api/crm/pipelines/${created.id}/stages`, { name: stage }));
  return pipe(ok(await admin.get(`/api/crm/pipelines/${created.id}`)));
}

async function trigger(pipeline: Pipe, stage: string, type: string, config: Record<string, unknown>, name = `Триггер ${type}`): Promise<number> {
  return transaction(ctx, async (tx) => {
    const input = RuleInput.parse({ kind: 'trigger', stageId: pipeline.at(stage), type, name, config });
    return insertRule(tx, pipeline.id, { ...input, config: ensureWebhookToken(tx, input) });
  });
}

async function robot(pipeline: Pipe, stage: string, name: string): Promise<number> {
  return transaction(ctx, (tx) =>
    insertRule(tx, pipeline.id, RuleInput.parse({ kind: 'robot', stageId: pipeline.at(stage), type: 'task.create', name, config: { title: name, who: { kind: 'responsible' } } })),
  );
}

async function removeRules(): Promise<void> {
  await scoped(ctx).deleteFrom('automation_rule').execute();
}

async function deal(pipeline: Pipe, stage: string, extra: Record<string, unknown> = {}, a: Agent = w.admin): Promise<number> {
  return ok(await a.post('/api/crm/deals', { title: `Сделка ${Math.random().toString(36).slice(2, 7)}`, pipelineId: pipeline.id, stageId: pipeline.at(stage), ...extra })).id;
}

async function patchDeal(id: number, patch: Record<string, unknown>): Promise<void> {
  const current = ok(await w.admin.get(`/api/crm/deals/${id}`));
  ok(await w.admin.patch(`/api/crm/deals/${id}`, { ...patch, version: current.version }));
}

async function stageOf(id: number): Promise<number> {
  return ok(await w.admin.get(`/api/crm/deals/${id}`)).stageId;
}

async function company(title: string): Promise<number> {
  return ok(await w.admin.post('/api/crm/companies', { title })).id;
}

/** Runs the processors until the triggers' one has passed every event recorded so far. */
async function settle(): Promise<void> {
  const max = await t.platform.db
    .selectFrom('domain_event')
    .select((eb) => eb.fn.max('id').as('max'))
    .executeTakeFirst();
  await drainUntil(t, async () => {
    const c = await t.platform.db.selectFrom('processor_cursor').select('last_event_id').where('name', '=', 'automation.triggers').executeTakeFirst();
    return Number(c?.last_event_id ?? 0) >= Number(max?.max ?? 0);
  });
  await t.platform.events.drain();
}

async function runsOf(dealId: number) {
  return scoped(ctx).selectFrom('automation_run').selectAll().where('entity_type', '=', 'deal').where('entity_id', '=', dealId).orderBy('id').execute();
}

beforeAll(async () => {
  t = await startTestApp();
  p = await buildPortal(t);
  w = await signInAll(t, p);
  ctx = systemCtxFor(t, p.portal);
  const list = ok(await w.admin.get('/api/crm/pipelines?entity=deal')).items as { id: number; code: string | null; stages: Stage[] }[];
  sales = pipe(list.find((x) => x.code === 'sales')!);
  calls = await callPipeline(w.admin, 'Обзвон');
  qualify = ok(
    await w.admin.post('/api/crm/fields', {
      entityType: 'deal',
      label: 'Квалифицировать',
      type: 'list',
      options: [{ label: 'Да' }, { label: 'Нет' }],
    }),
  );
  yes = qualify.options.find((o) => o.label === 'Да')!.id;
  no = qualify.options.find((o) => o.label === 'Нет')!.id;
});
afterAll(() => t?.dispose());

describe('«Изменение поля»', () => {
  it('moves the deal when its field takes the value, and writes the move in the run table', async () => {
    await removeRules();
    const rule = await trigger(calls, 'Тёплые', 'field.value', { field: qualify.code, value: yes }, 'Квалифицирована');
    const id = await deal(calls, 'Новая');
    await patchDeal(id, { custom: { [qualify.code]: no } });
    await settle();
    expect(await stageOf(id)).toBe(calls.at('Новая'));

    await patchDeal(id, { custom: { [qualify.code]: yes } });
    await settle();
    expect(await stageOf(id)).toBe(calls.at('Тёплые'));
    const runs = await runsOf(id);
    expect(runs).toHaveLength(1);
    const event = await scoped(ctx)
      .selectFrom('domain_event')
      .select('id')
      .where('type', '=', 'crm.deal.updated')
      .where('entity_id', '=', String(id))
      .where('payload', 'like', `%custom.${qualify.code}%"new":"${yes}"%`)
      .executeTakeFirstOrThrow();
    expect(runs[0]).toMatchObject({
      rule_id: rule,
      rule_type: 'field.value',
      rule_name: 'Квалифицирована',
      status: 'done',
      entry_key: `t${event.id}`,
      pipeline_id: calls.id,
      stage_id: calls.at('Тёплые'),
      message_key: 'automation.triggers.moved',
    });
    expect(JSON.parse(runs[0]!.message_params!)).toEqual({ name: 'Квалифицирована' });
    // The deal's history says who moved it: the portal itself, through the CRM's own update.
    const moved = await scoped(ctx)
      .selectFrom('domain_event')
      .select(['actor_id', 'payload'])
      .where('type', '=', 'crm.deal.updated')
      .where('entity_id', '=', String(id))
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(moved.actor_id).toBeNull();
    expect(JSON.parse(moved.payload).changes).toEqual([{ field: 'stage_id', old: calls.at('Новая'), new: calls.at('Тёплые') }]);
    // The run's end is an event of the deal, for its timeline and the run log.
    const finished = await scoped(ctx).selectFrom('domain_event').select('payload').where('type', '=', 'automation.run.finished').where('entity_id', '=', String(id)).executeTakeFirstOrThrow();
    expect(JSON.parse(finished.payload)).toMatchObject({ runId: runs[0]!.id, ruleId: rule, status: 'done', stageId: calls.at('Тёплые') });
  });

  it('moves the deal when a result is chosen, the same value again included', async () => {
    await removeRules();
    await trigger(calls, 'Горячие', 'field.value', { field: qualify.code, value: yes });
    const id = await deal(calls, 'Новая');
    const setResult = () =>
      transaction(ctx, (tx) =>
        recordEvent(tx, automationEvents.resultSet, { entityType: 'deal', entityId: id, payload: { field: qualify.code, value: yes, pipelineId: calls.id, stageId: calls.at('Новая') } }),
      );
    await setResult();
    await settle();
    expect(await stageOf(id)).toBe(calls.at('Горячие'));
    // Chosen again while there: it is in the trigger's stage already, nothing more happens.
    await setResult();
    await settle();
    expect(await runsOf(id)).toHaveLength(1);
  });

  it('moves only forward unless the trigger allows going back', async () => {
    await removeRules();
    await trigger(calls, 'В работе', 'field.value', { field: 'title', value: 'Назад' });
    const id = await deal(calls, 'Горячие');
    await patchDeal(id, { title: 'Назад' });
    await settle();
    expect(await stageOf(id)).toBe(calls.at('Горячие'));
    expect(await runsOf(id)).toHaveLength(0);

    await removeRules();
    await trigger(calls, 'В работе', 'field.value', { field: 'title', value: 'Снова назад', allowBackwards: true });
    await patchDeal(id, { title: 'Снова назад' });
    await settle();
    expect(await stageOf(id)).toBe(calls.at('В работе'));
  });

  it('never moves a closed deal, nor a deal of another pipeline', async () => {
    await removeRules();
    await trigger(calls, 'Горячие', 'field.value', { field: 'title', value: 'Горячо' });
    const won = await deal(calls, 'Сделка успешна');
    const lost = await deal(calls, 'Сделка провалена');
    const other = await deal(sales, 'Новая');
    for (const id of [won, lost, other]) await patchDeal(id, { title: 'Горячо' });
    await settle();
    expect(await stageOf(won)).toBe(calls.at('Сделка успешна'));
    expect(await stageOf(lost)).toBe(calls.at('Сделка провалена'));
    expect(await stageOf(other)).toBe(sales.at('Новая'));
    for (const id of [won, lost, other]) expect(await runsOf(id)).toHaveLength(0);
  });

  it('takes the furthest stage when triggers of several stages fire on one change', async () => {
    await removeRules();
    await trigger(calls, 'Тёплые', 'field.value', { field: 'title', value: 'Оба' });
    await trigger(calls, 'Горячие', 'field.value', { field: 'title', value: 'Оба' });
    const id = await deal(calls, 'Новая');
    await patchDeal(id, { title: 'Оба' });
    await settle();
    expect(await stageOf(id)).toBe(calls.at('Горячие'));
    expect(await runsOf(id)).toHaveLength(1);
  });
});

describe('«Задача выполнена»', () => {
  async function task(dealId: number, title: string): Promise<number> {
    return ok(await w.admin.post('/api/tasks', { title, responsibleId: p.users.employee.id, crmLinks: [{ type: 'deal', id: dealId }] })).id;
  }
  const complete = async (taskId: number) => ok(await w.employee.post(`/api/tasks/${taskId}/actions/complete`, {}));

  it('moves the deal when any task bound to it is completed', async () => {
    await removeRules();
    await trigger(calls, 'Тёплые', 'task.completed', {});
    const id = await deal(calls, 'Новая');
    const loose = ok(await w.admin.post('/api/tasks', { title: 'Ни к чему не привязана', responsibleId: p.users.employee.id })).id;
    await complete(loose);
    await settle();
    expect(await stageOf(id)).toBe(calls.at('Новая'));
    await complete(await task(id, 'Позвонить'));
    await settle();
    expect(await stageOf(id)).toBe(calls.at('Тёплые'));
    const [run] = await runsOf(id);
    expect(run).toMatchObject({ rule_type: 'task.completed', status: 'done' });
    // The event is the task's: the key names the deal too, as one task may be bound to several deals.
    expect(run!.entry_key).toMatch(new RegExp(`^t\\d+d${id}$`));
  });

  it('with a robot named, only the task that robot created for the deal counts', async () => {
    await removeRules();
    const creator = await robot(calls, 'Новая', 'Позвонить клиенту');
    await trigger(calls, 'Тёплые', 'task.completed', { ruleId: creator });
    const id = await deal(calls, 'Новая');
    const robotTask = await task(id, 'Позвонить клиенту');
    const manual = await task(id, 'Своя задача');
    // What the robot's run keeps of the task it created.
    const at = new Date().toISOString();
    await scoped(ctx)
      .insertInto('automation_run', {
        entity_type: 'deal',
        entity_id: id,
        pipeline_id: calls.id,
        stage_id: calls.at('Новая'),
        rule_id: creator,
        rule_type: 'task.create',
        rule_name: 'Позвонить клиенту',
        entry_key: 'e-test',
        after_run_id: null,
        status: 'done',
        due_at: null,
        message_key: null,
        message_params: null,
        state: JSON.stringify({ taskId: robotTask }),
        created_at: at,
        finished_at: at,
      })
      .execute();
    await complete(manual);
    await settle();
    expect(await stageOf(id)).toBe(calls.at('Новая'));
    await complete(robotTask);
    await settle();
    expect(await stageOf(id)).toBe(calls.at('Тёплые'));
  });
});

describe('«Сделка в другой воронке»', () => {
  beforeAll(async () => {
    await removeRules();
  });
  const cross = () => trigger(calls, 'Горячие', 'pipeline.item', { pipelineId: sales.id }, 'Есть сделка в «Продажах»');

  it('moves the call deal created after the sales deal of its company', async () => {
    await removeRules();
    await cross();
    const c = await company('ООО «Сначала продажа»');
    await deal(sales, 'Новая', { companyId: c });
    await settle();
    const call = await deal(calls, 'Новая', { companyId: c });
    await settle();
    expect(await stageOf(call)).toBe(calls.at('Горячие'));
    expect((await runsOf(call))[0]).toMatchObject({ rule_type: 'pipeline.item', status: 'done', rule_name: 'Есть сделка в «Продажах»' });
  });

  it('moves the call deal when the sales deal of its company comes later, every call deal of the company', async () => {
    await removeRules();
    await cross();
    const c = await company('ООО «Сначала звонок»');
    const first = await deal(calls, 'Новая', { companyId: c });
    const second = await deal(calls, 'Тёплые', { companyId: c });
    const elsewhere = await deal(calls, 'Новая', { companyId: await company('ООО «Другая»') });
    await settle();
    expect(await stageOf(first)).toBe(calls.at('Новая'));
    await deal(sales, 'Новая', { companyId: c });
    await settle();
    expect(await stageOf(first)).toBe(calls.at('Горячие'));
    expect(await stageOf(second)).toBe(calls.at('Горячие'));
    expect(await stageOf(elsewhere)).toBe(calls.at('Новая'));
  });

  it('moves the call deal when a sales deal gains its company later, and when the call deal gains a company that has one', async () => {
    await removeRules();
    await cross();
    const c = await company('ООО «Позже»');
    const call = await deal(calls, 'Новая', { companyId: c });
    const sale = await deal(sales, 'Новая');
    await settle();
    expect(await stageOf(call)).toBe(calls.at('Новая'));
    await patchDeal(sale, { companyId: c });
    await settle();
    expect(await stageOf(call)).toBe(calls.at('Горячие'));

    const late = await deal(calls, 'Новая');
    await settle();
    await patchDeal(late, { companyId: c });
    await settle();
    expect(await stageOf(late)).toBe(calls.at('Горячие'));
  });

  it('counts only sales deals in the stage kinds asked for, and moves when one reaches them', async () => {
    await removeRules();
    await cross();
    const c = await company('ООО «Проиграли»');
    const sale = await deal(sales, 'Сделка провалена', { companyId: c });
    const call = await deal(calls, 'Новая', { companyId: c });
    await settle();
    expect(await stageOf(call)).toBe(calls.at('Новая'));
    // Back to work: the company now has a sales deal in progress.
    await patchDeal(sale, { stageId: sales.at('В работе') });
    await settle();
    expect(await stageOf(call)).toBe(calls.at('Горячие'));
  });
});

describe('exactly once', () => {
  it('moves nothing again when the events are handled again', async () => {
    await removeRules();
    await trigger(calls, 'Тёплые', 'field.value', { field: 'title', value: 'Однажды' });
    const id = await deal(calls, 'Новая');
    await patchDeal(id, { title: 'Однажды' });
    await settle();
    expect(await stageOf(id)).toBe(calls.at('Тёплые'));
    // The manager puts it back; then the events are read again, as after a crash before the cursor moved.
    await patchDeal(id, { stageId: calls.at('Новая') });
    await settle();
    await t.platform.db.updateTable('processor_cursor').set({ last_event_id: 0 }).where('name', '=', 'automation.triggers').execute();
    await settle();
    await settle();
    expect(await stageOf(id)).toBe(calls.at('Новая'));
    expect(await runsOf(id)).toHaveLength(1);
  });

  // Several processes are a PostgreSQL set-up (one SQLite file has one writer process).
  it.runIf(dbKind === 'postgres')('moves each deal once with two processes draining at the same time', async () => {
    await removeRules();
    await trigger(calls, 'Тёплые', 'field.value', { field: 'title', value: 'Вдвоём' });
    const ids = [await deal(calls, 'Новая'), await deal(calls, 'Новая'), await deal(calls, 'Новая')];
    for (const id of ids) await patchDeal(id, { title: 'Вдвоём' });
    const second = await reopenTestApp(t);
    try {
      await Promise.all([settle(), second.platform.events.drain(), second.platform.events.drain()]);
      await settle();
    } finally {
      await second.close();
    }
    for (const id of ids) {
      expect(await stageOf(id)).toBe(calls.at('Тёплые'));
      expect(await runsOf(id)).toHaveLength(1);
      const moves = await scoped(ctx)
        .selectFrom('domain_event')
        .select('id')
        .where('type', '=', 'crm.deal.updated')
        .where('entity_id', '=', String(id))
        .where('payload', 'like', '%"stage_id"%')
        .execute();
      expect(moves).toHaveLength(1);
    }
  });

  it('stops a deal that automation keeps moving round', async () => {
    await removeRules();
    await trigger(calls, 'Горячие', 'field.value', { field: 'title', value: 'Круг', allowBackwards: true });
    await trigger(calls, 'Новая', 'field.value', { field: 'title', value: 'Обратно', allowBackwards: true });
    const id = await deal(calls, 'Тёплые');
    for (let i = 0; i < 6; i++) {
      await patchDeal(id, { title: 'Круг' });
      await patchDeal(id, { title: 'Обратно' });
    }
    await settle();
    const runs = await runsOf(id);
    expect(runs.filter((r) => r.status === 'done')).toHaveLength(10);
    expect(runs.at(-1)).toMatchObject({ status: 'failed', message_key: 'automation.triggers.loop' });
  });
});

describe('«Входящий вебхук»', () => {
  let rule: number;
  let token: string;
  let other: TestPortal;
  let otherDeal: number;

  beforeAll(async () => {
    await removeRules();
    rule = await trigger(calls, 'Горячие', 'webhook', {}, 'Звонок из телефонии');
    const row = await scoped(ctx).selectFrom('automation_rule').select('config').where('id', '=', rule).executeTakeFirstOrThrow();
    token = JSON.parse(row.config).token;
    other = await buildPortal(t);
    const otherAdmin = (await signInAll(t, other)).admin;
    otherDeal = ok(await otherAdmin.post('/api/crm/deals', { title: 'Чужая сделка' })).id;
  });

  const call = (method: 'GET' | 'POST', url: string, portal: string | null = null, body?: string, type = 'application/json') =>
    t.app.inject({ method, url, headers: { ...(portal ? { 'x-portal': portal } : {}), ...(body !== undefined ? { 'content-type': type } : {}) }, ...(body !== undefined ? { payload: body } : {}) });

  it('gets a token naming its portal when it is saved, and keeps it across edits', () => {
    expect(token).toMatch(new RegExp(`^${p.portal.id}-[A-Za-z0-9_-]{32}$`));
    const kept = ensureWebhookToken(ctx, { type: 'webhook', config: { token: 'chosen-by-the-client-0000' } }, { type: 'webhook', config: { token } });
    expect(kept.token).toBe(token);
    expect(ensureWebhookToken(ctx, { type: 'webhook', config: { token: 'chosen-by-the-client-0000' } }).token).not.toBe('chosen-by-the-client-0000');
    expect(ensureWebhookToken(ctx, { type: 'field.value', config: { field: 'x' } })).toEqual({ field: 'x' });
  });

  it('moves the deal called by GET or POST, without a session, and records the call', async () => {
    const a = await deal(calls, 'Новая');
    const res = await call('GET', `/api/automation/hook/${token}?dealId=${a}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ ok: true });
    const recorded = await scoped(ctx)
      .selectFrom('domain_event')
      .select(['entity_type', 'payload', 'actor_id'])
      .where('type', '=', 'automation.webhook.called')
      .where('entity_id', '=', String(a))
      .executeTakeFirstOrThrow();
    expect(recorded.entity_type).toBe('deal');
    expect(recorded.actor_id).toBeNull();
    expect(JSON.parse(recorded.payload)).toEqual({ ruleId: rule, pipelineId: calls.id, stageId: calls.at('Горячие') });
    await settle();
    expect(await stageOf(a)).toBe(calls.at('Горячие'));
    expect((await runsOf(a))[0]).toMatchObject({ rule_type: 'webhook', status: 'done', rule_name: 'Звонок из телефонии' });

    const b = await deal(calls, 'Новая');
    const form = await call('POST', `/api/automation/hook/${token}?dealId=${b}`, p.portal.name, 'source=telephony', 'application/x-www-form-urlencoded');
    expect(form.statusCode, form.body).toBe(200);
    const json = await call('POST', `/api/automation/hook/${token}?dealId=${b}`, null, '{"event":"call"}');
    expect(json.statusCode, json.body).toBe(200);
    await settle();
    expect(await stageOf(b)).toBe(calls.at('Горячие'));
    expect(await runsOf(b)).toHaveLength(1);
  });

  it('answers 404 to a wrong token and 400 to a missing or foreign deal, recording nothing', async () => {
    const a = await deal(calls, 'Новая');
    const salesDeal = await deal(sales, 'Новая');
    const count = async () =>
      Number(
        (
          await t.platform.db
            .selectFrom('domain_event')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('type', '=', 'automation.webhook.called')
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const wrong = [
      `${p.portal.id}-${'A'.repeat(32)}`,
      // The last letter changed (to another one whatever it was).
      `${token.slice(0, -1)}${token.endsWith('x') ? 'y' : 'x'}`,
      'nonsense',
      `999999-${token.split('-').slice(1).join('-')}`,
      `${other.portal.id}-${token.split('-').slice(1).join('-')}`,
    ];
    for (const bad of wrong) {
      for (const method of ['GET', 'POST'] as const) {
        const res = await call(method, `/api/automation/hook/${encodeURIComponent(bad)}?dealId=${a}`);
        expect(res.statusCode, `${method} ${bad}: ${res.body}`).toBe(404);
        expect(res.json().error.code).toBe('not_found');
      }
    }
    // The right token, addressed to another portal: nothing of this portal there.
    expect((await call('GET', `/api/automation/hook/${token}?dealId=${a}`, other.portal.name)).statusCode).toBe(404);
    for (const query of ['', '?dealId=', '?dealId=abc', '?dealId=-1', '?dealId=1.5', '?dealId=99999999999', `?dealId=${salesDeal}`, `?dealId=${otherDeal}`, '?dealId=2147483647']) {
      const res = await call('GET', `/api/automation/hook/${token}${query}`);
      expect(res.statusCode, `${query}: ${res.body}`).toBe(400);
      expect(res.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['dealId']);
    }
    const missing = await call('POST', `/api/automation/hook/${token}`);
    expect(missing.json().error.fields[0].message).toBe('Укажите номер сделки в параметре dealId');
    const foreign = await call('POST', `/api/automation/hook/${token}?dealId=${otherDeal}`);
    expect(foreign.json().error.fields[0].message).toBe('Сделка не найдена в воронке этого вебхука');
    expect(await count()).toBe(before);
    await settle();
    expect(await stageOf(a)).toBe(calls.at('Новая'));
  });
});
