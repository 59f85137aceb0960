import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPortal, signIn, signInAll, startTestApp, type Agent, type TestApp, type TestPortal } from '../../../../test/harness.js';
import { crmData } from '../../../../test/crm/deals-support.js';
import { scoped } from '../../../platform/db/scoped.js';

/**
 * The designer's API «Роботы»: who may use it, what a rule may hold (400 with the field),
 * order, the history with rollback, 409 for a stale version, and what a rule points at that is gone.
 */

let t: TestApp;
let p: TestPortal;
let as: Awaited<ReturnType<typeof signInAll>>;
let admin: Agent;
let pipelineId: number;
let stages: { id: number; name: string }[];

interface RuleOut {
  id: number;
  kind: string;
  stageId: number;
  type: string;
  name: string;
  config: Record<string, any>;
  start: Record<string, any>;
  sort: number;
  problems: { path: string; message: string }[];
  version: number;
}

async function automation(a: Agent = admin, id = pipelineId) {
  const res = await a.get(`/api/automation/pipelines/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { version: number; pipelineName: string; stages: { id: number; name: string; robots: RuleOut[]; triggers: RuleOut[] }[]; detached: RuleOut[] };
}

const comment = (stageId: number, name = 'Комментарий', extra: Record<string, unknown> = {}) => ({ kind: 'robot', stageId, type: 'comment.add', name, config: { text: 'Сделка в работе' }, ...extra });

async function create(body: unknown, a: Agent = admin, id = pipelineId): Promise<RuleOut> {
  const res = await a.post(`/api/automation/pipelines/${id}/rules`, body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function fieldErrors(res: { statusCode: number; json(): any }) {
  expect(res.statusCode).toBe(400);
  return Object.fromEntries((res.json().error.fields as { field: string; message: string }[]).map((f) => [f.field, f.message]));
}

beforeAll(async () => {
  t = await startTestApp();
  p = await buildPortal(t);
  as = await signInAll(t, p);
  admin = as.admin;
  const sales = (await admin.get('/api/crm/pipelines?entity=deal')).json().items[0];
  pipelineId = sales.id;
  stages = sales.stages;
});
afterAll(() => t?.dispose());

describe('who may configure', () => {
  it('refuses employees and department heads (403), lets portal and CRM administrators in', async () => {
    for (const a of [as.employee, as.head]) {
      expect((await a.get(`/api/automation/pipelines/${pipelineId}`)).statusCode).toBe(403);
      expect((await a.post(`/api/automation/pipelines/${pipelineId}/rules`, comment(stages[0]!.id))).statusCode).toBe(403);
      expect((await a.get(`/api/automation/pipelines/${pipelineId}/versions`)).statusCode).toBe(403);
      expect((await a.post(`/api/automation/pipelines/${pipelineId}/dry-run`, { dealId: 1 })).statusCode).toBe(403);
    }
    // «Администратор CRM»: a CRM role that edits every deal.
    await crmData(t, p).role(p.users.other.id, () => {}, 'Администратор CRM (тест)');
    const crmAdmin = await signIn(t, p.portal.name, p.users.other.email);
    const view = await automation(crmAdmin);
    expect(view.pipelineName).toBe('Продажи');
    expect(view.stages.map((s) => s.name)).toEqual(stages.map((s) => s.name));
  });

  it('keeps one portal’s automation from another portal’s administrator (404)', async () => {
    const rule = await create(comment(stages[0]!.id, 'Чужой не увидит'));
    const q = await buildPortal(t);
    const other = await signIn(t, q.portal.name, q.users.admin.email);
    expect((await other.get(`/api/automation/pipelines/${pipelineId}`)).statusCode).toBe(404);
    expect((await other.patch(`/api/automation/rules/${rule.id}`, { ...comment(stages[0]!.id), version: 100 })).statusCode).toBe(404);
    expect((await other.del(`/api/automation/rules/${rule.id}`)).statusCode).toBe(404);
    expect((await other.get(`/api/automation/pipelines/${pipelineId}/versions`)).statusCode).toBe(404);
    expect((await other.post(`/api/automation/pipelines/${pipelineId}/versions/1/restore`, {})).statusCode).toBe(404);
    // Nor can a rule of portal B name portal A's stage.
    const theirs = (await other.get('/api/crm/pipelines?entity=deal')).json().items[0];
    expect(await fieldErrors(await other.post(`/api/automation/pipelines/${theirs.id}/rules`, comment(stages[0]!.id)))).toMatchObject({ stageId: 'Стадия не из этой воронки' });
    await admin.del(`/api/automation/rules/${rule.id}`);
  });
});

describe('rules', () => {
  it('creates a robot with its configuration’s defaults, shows it in its stage, changes and removes it', async () => {
    const body = {
      kind: 'robot',
      stageId: stages[1]!.id,
      type: 'task.create',
      name: 'Подготовить документы',
      config: { title: 'Подготовить документы по сделке', responsible: { kind: 'responsible' } },
      start: { on: 'entry', afterPrevious: true, delay: { mode: 'after', minutes: 30 } },
    };
    const rule = await create(body);
    expect(rule).toMatchObject({ kind: 'robot', type: 'task.create', stageId: stages[1]!.id, problems: [] });
    expect(rule.config).toEqual({
      title: 'Подготовить документы по сделке',
      description: '',
      responsible: { kind: 'responsible' },
      deadline: null,
      deadlineLocked: false,
      checklist: [],
      observers: [],
    });
    expect(rule.start).toEqual({ on: 'entry', afterPrevious: true, delay: { mode: 'after', minutes: 30 } });

    const view = await automation();
    expect(view.version).toBe(rule.version);
    expect(view.stages[1]!.robots.map((r) => r.id)).toEqual([rule.id]);

    const changed = await admin.patch(`/api/automation/rules/${rule.id}`, { ...body, name: 'Собрать документы', version: view.version });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ name: 'Собрать документы', version: view.version + 1 });

    // Another stage: the rule goes to its end.
    const moved = await admin.patch(`/api/automation/rules/${rule.id}`, { ...body, stageId: stages[2]!.id, name: 'Собрать документы', version: view.version + 1 });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await automation()).stages[2]!.robots.map((r) => r.id)).toEqual([rule.id]);

    const removed = await admin.del(`/api/automation/rules/${rule.id}`);
    expect(removed.statusCode).toBe(200);
    expect(removed.json()).toEqual({ ok: true, version: view.version + 3 });
    expect((await automation()).stages[2]!.robots).toEqual([]);
    expect((await admin.patch(`/api/automation/rules/${rule.id}`, { ...body, version: view.version + 3 })).statusCode).toBe(404);

    const versions = (await admin.get(`/api/automation/pipelines/${pipelineId}/versions`)).json() as { number: number; summary: string; authorName: string; createdAt: string }[];
    expect(versions.slice(0, 4).map((v) => v.summary)).toEqual([
      `Удалён робот «Собрать документы» из стадии «${stages[2]!.name}»`,
      `Робот «Собрать документы» перенесён из стадии «${stages[1]!.name}» в стадию «${stages[2]!.name}»`,
      `Изменён робот «Собрать документы» в стадии «${stages[1]!.name}»`,
      `Добавлен робот «Подготовить документы» в стадии «${stages[1]!.name}»`,
    ]);
    expect(versions[0]).toMatchObject({ number: view.version + 3, authorName: 'Анна Админова' });
    expect(Number.isNaN(Date.parse(versions[0]!.createdAt))).toBe(false);

    // Each change is an event of the pipeline, which the whole portal's designers hear.
    const events = await crmData(t, p).events('automation.config.changed', pipelineId);
    expect(events.at(-1)).toMatchObject({ entity_type: 'pipeline', payload: { pipelineId, version: view.version + 3, summary: versions[0]!.summary } });
  });

  it('makes a webhook trigger’s token itself and keeps it through changes', async () => {
    const body = { kind: 'trigger', stageId: stages[3]!.id, type: 'webhook', name: 'Вебхук', config: { token: 'a-token-the-client-chose' } };
    const trigger = await create(body);
    expect(trigger.config.token).toMatch(new RegExp(`^${p.portal.id}-[A-Za-z0-9_-]{32}$`));
    const view = await automation();
    expect(view.stages[3]!.triggers.map((r) => r.id)).toEqual([trigger.id]);
    const changed = (await admin.patch(`/api/automation/rules/${trigger.id}`, { ...body, name: 'Входящий вебхук', config: { allowBackwards: true }, version: view.version })).json();
    expect(changed.config).toEqual({ allowBackwards: true, token: trigger.config.token });
    expect((await admin.patch(`/api/automation/rules/${trigger.id}`, { ...comment(stages[3]!.id), version: view.version + 1 })).statusCode).toBe(400);
    await admin.del(`/api/automation/rules/${trigger.id}`);
  });

  it('refuses bad rules with the field and a message in the user’s language', async () => {
    const stageId = stages[0]!.id;
    const post = (body: unknown) => admin.post(`/api/automation/pipelines/${pipelineId}/rules`, body);
    expect(await fieldErrors(await post({ ...comment(stageId), type: 'robot.unknown' }))).toEqual({ type: 'Неизвестный тип робота или триггера' });
    expect(await fieldErrors(await post({ ...comment(stageId), kind: 'trigger' }))).toEqual({ type: 'Неизвестный тип робота или триггера' });
    expect(await fieldErrors(await post({ ...comment(stageId), config: { text: '' } }))).toEqual({ 'config.text': 'Заполните поле' });
    expect(await fieldErrors(await post({ kind: 'robot', stageId, type: 'task.create', name: 'Задача', config: { responsible: { kind: 'user' } } }))).toEqual({
      'config.title': 'Обязательное поле',
      'config.responsible.userId': 'Обязательное поле',
    });
    expect(await fieldErrors(await post({ kind: 'robot', stageId, type: 'task.create', name: 'Задача', config: { title: 'Позвонить', responsible: { kind: 'user', userId: 999999 } } }))).toEqual({
      'config.responsible.userId': 'Сотрудника больше нет на портале',
    });
    const other = (await admin.post('/api/crm/pipelines', { name: 'Другая воронка' })).json();
    expect(await fieldErrors(await post(comment(other.stages[0].id)))).toEqual({ stageId: 'Стадия не из этой воронки' });
    expect(await fieldErrors(await post({ kind: 'robot', stageId, type: 'stage.change', name: 'Перевести', config: { stageId: other.stages[1].id } }))).toEqual({
      'config.stageId': 'Стадии больше нет или она из другой воронки',
    });
    expect(await fieldErrors(await post(comment(stageId, 'По полю', { start: { on: 'field' } })))).toEqual({ 'start.field': 'Укажите поле, заполнение которого запускает робота' });
    expect(await fieldErrors(await post(comment(stageId, 'В дату', { start: { delay: { mode: 'at', field: 'title' } } })))).toEqual({ 'start.delay.field': 'Выберите поле сделки с датой' });
    expect((await post(comment(stageId, 'В дату', { start: { delay: { mode: 'at', field: 'close_date', offsetMinutes: -60 } } }))).statusCode).toBe(200);
    expect(await fieldErrors(await post(comment(stageId, 'С условием', { condition: { terms: [{ owner: 'company', field: 'no_such_field', op: 'filled' }] } })))).toEqual({
      'condition.terms.0.field': 'Поля «no_such_field» больше нет',
    });
    expect(await fieldErrors(await post({ kind: 'trigger', stageId, type: 'task.completed', name: 'Задача выполнена', config: { ruleId: 999999 } }))).toEqual({
      'config.ruleId': 'Робота, на которого ссылается настройка, больше нет',
    });
    // Not JSON of the contract at all: the route's own check.
    expect((await post({ kind: 'robot' })).statusCode).toBe(400);
  });

  it('reorders a stage’s robots, refusing an order that is not all of them and a stale version', async () => {
    const stageId = stages[4]!.id;
    const a = await create(comment(stageId, 'Первый'));
    const b = await create(comment(stageId, 'Второй'));
    const c = await create(comment(stageId, 'Третий'));
    const { version } = await automation();
    const put = (ids: number[], v = version) => admin.put(`/api/automation/pipelines/${pipelineId}/order`, { stageId, kind: 'robot', ids, version: v });
    expect(await fieldErrors(await put([c.id, a.id]))).toEqual({ ids: 'Порядок должен перечислять все роботы (или триггеры) этой стадии, каждый один раз' });
    expect(await fieldErrors(await put([c.id, a.id, a.id]))).toHaveProperty('ids');
    const res = await put([c.id, a.id, b.id]);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().stages[4].robots.map((r: RuleOut) => r.name)).toEqual(['Третий', 'Первый', 'Второй']);
    expect(res.json().version).toBe(version + 1);
    const stale = await put([a.id, b.id, c.id]);
    expect(stale.statusCode).toBe(409);
    expect((await automation()).stages[4]!.robots.map((r) => r.name)).toEqual(['Третий', 'Первый', 'Второй']);
    const versions = (await admin.get(`/api/automation/pipelines/${pipelineId}/versions`)).json();
    expect(versions[0].summary).toBe(`Изменён порядок роботов стадии «${stages[4]!.name}»`);
  });

  it('refuses a change made on a stale version (409) and changes nothing', async () => {
    const rule = await create(comment(stages[0]!.id, 'Старое имя'));
    const first = await admin.patch(`/api/automation/rules/${rule.id}`, { ...comment(stages[0]!.id, 'Имя одного'), version: rule.version });
    expect(first.statusCode).toBe(200);
    const second = await admin.patch(`/api/automation/rules/${rule.id}`, { ...comment(stages[0]!.id, 'Имя другого'), version: rule.version });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('conflict');
    expect((await admin.del(`/api/automation/rules/${rule.id}?version=${rule.version}`)).statusCode).toBe(409);
    const after = (await automation()).stages[0]!.robots.find((r) => r.id === rule.id)!;
    expect(after.name).toBe('Имя одного');

    // Two administrators saving at once on the same version: one wins, the other hears 409.
    const both = await Promise.all(['Первый', 'Второй'].map((name) => admin.patch(`/api/automation/rules/${rule.id}`, { ...comment(stages[0]!.id, name), version: after.version })));
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const versions = (await admin.get(`/api/automation/pipelines/${pipelineId}/versions`)).json() as { number: number }[];
    expect(versions[0]!.number).toBe(after.version + 1);
  });
});

describe('history', () => {
  it('restores an earlier version as a new one, bringing removed rules back with their ids', async () => {
    const pl = (await admin.post('/api/crm/pipelines', { name: 'История' })).json();
    const [s0, s1] = pl.stages as { id: number; name: string }[];
    const task = await create({ kind: 'robot', stageId: s0!.id, type: 'task.create', name: 'Позвонить', config: { title: 'Позвонить клиенту', responsible: { kind: 'responsible' } } }, admin, pl.id);
    const done = await create({ kind: 'robot', stageId: s0!.id, type: 'task.complete', name: 'Закрыть звонок', config: { task: { kind: 'robot', ruleId: task.id } } }, admin, pl.id);
    const trigger = await create({ kind: 'trigger', stageId: s1!.id, type: 'task.completed', name: 'Звонок сделан', config: { ruleId: task.id } }, admin, pl.id);
    expect(trigger.version).toBe(3);
    expect((await admin.del(`/api/automation/rules/${task.id}`)).json().version).toBe(4);
    await create(comment(s1!.id, 'Лишний'), admin, pl.id);

    // What pointed at the removed robot is broken now.
    let view = await automation(admin, pl.id);
    expect(view.stages[0]!.robots.find((r) => r.id === done.id)!.problems).toEqual([{ path: 'config.task.ruleId', message: 'Робота, на которого ссылается настройка, больше нет' }]);
    expect(view.stages[1]!.triggers[0]!.problems).toEqual([{ path: 'config.ruleId', message: 'Робота, на которого ссылается настройка, больше нет' }]);

    const restored = await admin.post(`/api/automation/pipelines/${pl.id}/versions/3/restore`, {});
    expect(restored.statusCode, restored.body).toBe(200);
    view = restored.json();
    expect(view.version).toBe(6);
    expect(view.stages[0]!.robots.map((r) => [r.id, r.name])).toEqual([
      [task.id, 'Позвонить'],
      [done.id, 'Закрыть звонок'],
    ]);
    expect(view.stages[1]!.robots).toEqual([]);
    expect(view.stages.flatMap((s) => [...s.robots, ...s.triggers]).every((r) => r.problems.length === 0)).toBe(true);

    const versions = (await admin.get(`/api/automation/pipelines/${pl.id}/versions`)).json();
    expect(versions.map((v: { number: number }) => v.number)).toEqual([6, 5, 4, 3, 2, 1]);
    expect(versions[0]).toMatchObject({ summary: 'Восстановлена версия 3', restoredFrom: 3, authorName: 'Анна Админова' });
    expect((await admin.post(`/api/automation/pipelines/${pl.id}/versions/99/restore`, {})).statusCode).toBe(404);
    expect((await admin.post(`/api/automation/pipelines/${pl.id}/versions/1/restore`, { version: 5 })).statusCode).toBe(409);

    // Going back to version 1 removes the two that came after.
    const back = (await admin.post(`/api/automation/pipelines/${pl.id}/versions/1/restore`)).json();
    expect(back.stages.flatMap((s: { robots: RuleOut[]; triggers: RuleOut[] }) => [...s.robots, ...s.triggers]).map((r: RuleOut) => r.id)).toEqual([task.id]);
  });

  it('reads the history in the reader’s language', async () => {
    const pl = (await admin.post('/api/crm/pipelines', { name: 'Languages' })).json();
    await create(comment(pl.stages[0].id, 'Notice'), admin, pl.id);
    const res = await admin.request('GET', `/api/automation/pipelines/${pl.id}/versions`, undefined, {});
    expect(res.json()[0].summary).toBe(`Добавлен робот «Notice» в стадии «${pl.stages[0].name}»`);
    await scoped(crmData(t, p).ctx)
      .updateTable('app_user' as never)
      .set({ language: 'en' } as never)
      .where('id' as never, '=', p.users.admin.id as never)
      .execute();
    const en = await signIn(t, p.portal.name, p.users.admin.email);
    expect((await en.get(`/api/automation/pipelines/${pl.id}/versions`)).json()[0].summary).toBe(`Robot «Notice» added to stage «${pl.stages[0].name}»`);
    const bad = await en.post(`/api/automation/pipelines/${pl.id}/rules`, { ...comment(pl.stages[0].id), config: { text: '' } });
    expect(await fieldErrors(bad)).toEqual({ 'config.text': 'Please fill in this field' });
    await scoped(crmData(t, p).ctx)
      .updateTable('app_user' as never)
      .set({ language: 'ru' } as never)
      .where('id' as never, '=', p.users.admin.id as never)
      .execute();
  });
});

describe('problems', () => {
  it('shows a rule as broken when its field, stage, employee, department or pipeline is gone', async () => {
    const pl = (await admin.post('/api/crm/pipelines', { name: 'Поломки' })).json();
    const [s0, s1, s2] = pl.stages as { id: number; name: string }[];
    const field = (
      await admin.post('/api/crm/fields', {
        entityType: 'deal',
        label: 'Квалифицировать',
        type: 'list',
        options: [
          { id: 'yes', label: 'Да' },
          { id: 'no', label: 'Нет' },
        ],
      })
    ).json();
    const dept = (await admin.post('/api/departments', { name: 'Телемаркетинг', parentId: p.departments.root })).json();
    const target = (await admin.post('/api/crm/pipelines', { name: 'Продажи 2' })).json();
    const extra = (await admin.post(`/api/crm/pipelines/${pl.id}/stages`, { name: 'Временная' })).json();

    const setField = await create(
      {
        kind: 'robot',
        stageId: s0!.id,
        type: 'field.set',
        name: 'Поставить «Да»',
        config: { field: field.code, value: 'yes' },
        condition: { terms: [{ field: field.code, op: 'empty' }] },
        start: { on: 'field', field: field.code },
      },
      admin,
      pl.id,
    );
    const notify = await create(
      {
        kind: 'robot',
        stageId: s0!.id,
        type: 'notify',
        name: 'Уведомить',
        config: { who: [{ kind: 'responsible' }, { kind: 'user', userId: p.users.other.id }, { kind: 'department_head', departmentId: dept.id }], text: 'Новая сделка' },
      },
      admin,
      pl.id,
    );
    const move = await create({ kind: 'robot', stageId: s1!.id, type: 'stage.change', name: 'Во временную', config: { stageId: extra.id } }, admin, pl.id);
    const inExtra = await create(comment(extra.id, 'Во временной стадии'), admin, pl.id);
    const cross = await create({ kind: 'trigger', stageId: s2!.id, type: 'pipeline.item', name: 'Сделка в продажах', config: { pipelineId: target.id } }, admin, pl.id);
    const fieldTrigger = await create({ kind: 'trigger', stageId: s2!.id, type: 'field.value', name: 'Да', config: { field: field.code, value: 'yes' } }, admin, pl.id);
    let view = await automation(admin, pl.id);
    expect(view.stages.flatMap((s) => [...s.robots, ...s.triggers]).flatMap((r) => r.problems)).toEqual([]);

    expect((await admin.del(`/api/crm/fields/${field.id}`)).statusCode).toBe(200);
    expect((await admin.post(`/api/users/${p.users.other.id}/deactivate`)).statusCode).toBe(200);
    expect((await admin.del(`/api/departments/${dept.id}`)).statusCode).toBe(200);
    expect((await admin.del(`/api/crm/pipelines/${target.id}`)).statusCode).toBe(200);
    expect((await admin.del(`/api/crm/stages/${extra.id}`)).statusCode).toBe(200);
    // Stored before the robot type went away.
    await scoped(crmData(t, p).ctx).updateTable('automation_rule').set({ type: 'robot.retired' }).where('id', '=', inExtra.id).execute();

    view = await automation(admin, pl.id);
    const rule = (id: number) => [...view.stages.flatMap((s) => [...s.robots, ...s.triggers]), ...view.detached].find((r) => r.id === id)!;
    const gone = `Поля «${field.code}» больше нет`;
    expect(rule(setField.id).problems).toEqual([
      { path: 'condition.terms.0.field', message: gone },
      { path: 'start.field', message: gone },
      { path: 'config.field', message: gone },
    ]);
    expect(rule(notify.id).problems).toEqual([
      { path: 'config.who.1.userId', message: 'Сотрудник «Мария Другова» уволен' },
      { path: 'config.who.2.departmentId', message: 'Отдела больше нет' },
    ]);
    expect(rule(move.id).problems).toEqual([{ path: 'config.stageId', message: 'Стадии больше нет или она из другой воронки' }]);
    expect(view.detached.map((r) => r.id)).toEqual([inExtra.id]);
    expect(rule(inExtra.id).problems).toEqual([
      { path: 'type', message: 'Робота этого типа больше нет' },
      { path: 'stageId', message: 'Стадии больше нет или она из другой воронки' },
    ]);
    expect(rule(cross.id).problems).toEqual([{ path: 'config.pipelineId', message: 'Воронки больше нет' }]);
    expect(rule(fieldTrigger.id).problems).toEqual([{ path: 'config.field', message: gone }]);

    // A save of a broken rule is refused with the same words until it is mended.
    const res = await admin.patch(`/api/automation/rules/${move.id}`, {
      kind: 'robot',
      stageId: s1!.id,
      type: 'stage.change',
      name: 'Во временную',
      config: { stageId: extra.id },
      version: view.version,
    });
    expect(await fieldErrors(res)).toEqual({ 'config.stageId': 'Стадии больше нет или она из другой воронки' });
    await admin.post(`/api/users/${p.users.other.id}/activate`);
  });
});

describe('catalog', () => {
  it('lists the robot and trigger types with their configuration fields, for administrators only', async () => {
    const res = await admin.get('/api/automation/catalog');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    const taskCreate = body.robots.find((r: { type: string }) => r.type === 'task.create');
    expect(taskCreate.config.properties).toHaveProperty('title');
    expect(taskCreate.config.required).toEqual(['title', 'responsible']);
    expect(body.triggers.map((r: { type: string }) => r.type)).toEqual(['field.value', 'task.completed', 'activity.completed', 'pipeline.item', 'webhook']);
    expect((await as.employee.get('/api/automation/catalog')).statusCode).toBe(403);
  });
});
