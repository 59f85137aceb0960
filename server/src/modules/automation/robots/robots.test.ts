import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t as say } from '../../../platform/i18n/index.js';
import { scoped } from '../../../platform/db/scoped.js';
import { addDepartment } from '../../users/provision.js';
import { transaction } from '../../../platform/context.js';
import { deadlineFrom } from './deadline.js';
import { ok, reader, robotsWorld, type RobotsWorld } from './testing.js';

let w: RobotsWorld;
let read: ReturnType<typeof reader>;
const DAY = 86_400_000;

beforeAll(async () => {
  w = await robotsWorld();
  read = reader(w);
});
afterAll(() => w?.t.dispose());

/** The message of an outcome as a reader of the language reads it. */
const words = (o: { message: { key: string; params?: Record<string, string | number> } }, lang: 'ru' | 'en' = 'ru') => say(lang, o.message.key, o.message.params);

const notificationsOf = async (userId: number) => {
  await w.t.platform.events.drain();
  return scoped(w.system()).selectFrom('notification').selectAll().where('user_id', '=', userId).orderBy('id').execute();
};

describe('«Создать задачу»', () => {
  it('creates the task bound to the deal: texts with placeholders, responsible, deadline, lock, checklist, observers', async () => {
    const companyId = await w.company({ title: 'ООО «Ромашка»' });
    const list = await w.field('deal', { label: 'Источник звонка', type: 'list', options: [{ id: 'cold', label: 'Холодный' }] });
    const cold = list.options.find((o) => o.label === 'Холодный')!.id;
    const contactId = await w.contact({ lastName: 'Смирнова', firstName: 'Анна' });
    const dealId = await w.deal({ title: 'Поставка бумаги', companyId, contactIds: [contactId], custom: { [list.code]: cold } });
    const before = Date.now();
    const out = await w.run(
      'task.create',
      {
        title: 'Позвонить в {{company}}: {{title}} ({{stage}}, {{responsible}})',
        description: 'Источник: {{field:' + list.code + '}}\nКонтакт: {{contact}}',
        responsible: { kind: 'responsible' },
        deadline: { amount: 3, unit: 'days' },
        deadlineLocked: true,
        checklist: ['Узнать ЛПР', 'Записать телефон {{company}}'],
        observers: [{ kind: 'user', userId: w.p.users.other.id }, { kind: 'responsible' }],
      },
      dealId,
    );
    const after = Date.now();
    expect(out.status).toBe('done');
    const taskId = out.state!.taskId as number;
    const task = await read.task(taskId);
    const stage = (
      await scoped(w.system())
        .selectFrom('crm_stage')
        .select('name')
        .where('id', '=', (await read.deal(dealId)).stageId)
        .executeTakeFirstOrThrow()
    ).name;
    expect(task.title).toBe(`Позвонить в ООО «Ромашка»: Поставка бумаги (${stage}, Иван Сотрудников)`);
    expect(task.description).toBe('<p>Источник: Холодный</p><p>Контакт: Смирнова Анна</p>');
    expect(task.responsible_id).toBe(w.p.users.employee.id);
    expect(task.allow_change_deadline).toBeFalsy();
    const deadline = Date.parse(task.deadline!);
    expect(deadline).toBeGreaterThanOrEqual(before + 3 * DAY - 1000);
    expect(deadline).toBeLessThanOrEqual(after + 3 * DAY + 1000);
    expect(await read.checklist(taskId)).toEqual(['Узнать ЛПР', 'Записать телефон ООО «Ромашка»']);
    expect(await read.links(taskId)).toEqual([{ entity_type: 'deal', entity_id: dealId }]);
    const members = await read.members(taskId);
    expect(members.filter((m) => m.role === 'auditor').map((m) => m.user_id)).toEqual([w.p.users.other.id]);
    // Its creator is someone other than the responsible, so the lock holds for them.
    const creator = members.find((m) => m.role === 'creator')!.user_id;
    expect(creator).not.toBe(w.p.users.employee.id);
    expect(words(out)).toBe(`Создана задача «${task.title}», ответственный: Иван Сотрудников`);
    const [created] = await read.events('task.created', taskId);
    expect(created!.payload.source).toBe('automation');

    // The responsible may not move the locked deadline; the task shows in the deal's timeline.
    const res = await w.as.employee.patch(`/api/tasks/${taskId}`, { deadline: new Date(Date.now() + 10 * DAY).toISOString(), version: task.version });
    expect(res.statusCode).toBe(403);
    const timeline = ok<{ items: { kind: string; title?: string }[] }>(await w.as.employee.get(`/api/crm/deal/${dealId}/timeline`));
    expect(timeline.items.some((e) => e.kind === 'linked' && e.title === task.title)).toBe(true);
  });

  it('gives the task to a named user, the head of a named department, or the head of the responsible', async () => {
    const dealId = await w.deal();
    const user = await w.run('task.create', { title: 'А', responsible: { kind: 'user', userId: w.p.users.other.id } }, dealId);
    const dept = await w.run('task.create', { title: 'Б', responsible: { kind: 'department_head', departmentId: w.p.departments.team } }, dealId);
    const head = await w.run('task.create', { title: 'В', responsible: { kind: 'responsible_head' } }, dealId);
    expect((await read.task(user.state!.taskId as number)).responsible_id).toBe(w.p.users.other.id);
    expect((await read.task(dept.state!.taskId as number)).responsible_id).toBe(w.p.users.head.id);
    expect((await read.task(head.state!.taskId as number)).responsible_id).toBe(w.p.users.head.id);
    expect((await read.task(head.state!.taskId as number)).allow_change_deadline).toBeTruthy();
    expect((await read.task(head.state!.taskId as number)).deadline).toBeNull();
  });

  it('fails, creating nothing, when nobody is meant: a department without a head', async () => {
    const empty = await transaction(w.system(), (ctx) => addDepartment(ctx, 'Пустой отдел', w.p.departments.root));
    const dealId = await w.deal();
    const out = await w.run('task.create', { title: 'Никому', responsible: { kind: 'department_head', departmentId: empty } }, dealId);
    expect(out.status).toBe('failed');
    expect(words(out)).toBe('У отдела нет руководителя');
    expect(await read.dealTasks(dealId)).toEqual([]);
  });

  it('counts workdays past Saturdays and Sundays, keeping the time of day', () => {
    const friday = new Date('2026-12-04T09:30:00Z'); // 12:30 in Moscow, a Friday
    expect(deadlineFrom({ amount: 1, unit: 'workdays' }, friday).toISOString()).toBe('2026-12-07T09:30:00.000Z');
    expect(deadlineFrom({ amount: 6, unit: 'workdays' }, friday).toISOString()).toBe('2026-12-14T09:30:00.000Z');
    expect(deadlineFrom({ amount: 1, unit: 'workdays' }, new Date('2026-12-05T09:30:00Z')).toISOString()).toBe('2026-12-07T09:30:00.000Z');
    expect(deadlineFrom({ amount: 2, unit: 'hours' }, friday).toISOString()).toBe('2026-12-04T11:30:00.000Z');
  });
});

describe("robots acting on the deal's tasks", () => {
  it('«Завершить задачу» completes the task a robot created, and every open task', async () => {
    const dealId = await w.deal();
    const first = await w.run('task.create', { title: 'Первая', responsible: { kind: 'responsible' } }, dealId);
    const second = await w.run('task.create', { title: 'Вторая', responsible: { kind: 'responsible' } }, dealId);
    const third = await w.run('task.create', { title: 'Третья', responsible: { kind: 'responsible' } }, dealId);
    const done = await w.run('task.complete', { task: { kind: 'robot', ruleId: first.ruleId } }, dealId);
    expect(words(done)).toBe('Задача «Первая» завершена');
    expect((await read.task(first.state!.taskId as number)).status).toBe('completed');
    expect((await read.task(second.state!.taskId as number)).status).toBe('pending');
    const all = await w.run('task.complete', { task: { kind: 'all_open' } }, dealId);
    expect(words(all)).toBe('Завершено задач: 2');
    expect((await read.task(third.state!.taskId as number)).status).toBe('completed');
    const missing = await w.run('task.complete', { task: { kind: 'robot', ruleId: 2_000_000 } }, dealId);
    expect(missing.status).toBe('failed');
  });

  it('«Перенести крайний срок» moves a locked deadline by N days', async () => {
    const dealId = await w.deal();
    const made = await w.run('task.create', { title: 'Найти ЛПР', responsible: { kind: 'responsible' }, deadline: { amount: 1, unit: 'days' }, deadlineLocked: true }, dealId);
    const taskId = made.state!.taskId as number;
    const was = Date.parse((await read.task(taskId)).deadline!);
    const out = await w.run('task.deadline.shift', { task: { kind: 'robot', ruleId: made.ruleId }, days: 30 }, dealId);
    expect(out.status).toBe('done');
    const task = await read.task(taskId);
    expect(Date.parse(task.deadline!)).toBe(was + 30 * DAY);
    expect(task.allow_change_deadline).toBeFalsy();
    expect(words(out)).toMatch(/^Крайний срок задачи «Найти ЛПР» перенесён на \d\d\.\d\d\.\d{4} \d\d:\d\d$/);
  });
});

describe('robots changing the deal', () => {
  it("«Сменить ответственного» changes it through the CRM, with the deal's history", async () => {
    const dealId = await w.deal();
    const out = await w.run('responsible.change', { who: { kind: 'user', userId: w.p.users.other.id } }, dealId);
    expect(words(out)).toBe('Ответственный: Мария Другова');
    expect((await read.deal(dealId)).responsibleId).toBe(w.p.users.other.id);
    const updates = await read.events('crm.deal.updated', dealId);
    expect(updates.at(-1)!.payload.changes).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'responsible_id', new: w.p.users.other.id })]));
    const again = await w.run('responsible.change', { who: { kind: 'user', userId: w.p.users.other.id } }, dealId);
    expect(again.status).toBe('done');
    expect(await read.events('crm.deal.updated', dealId)).toHaveLength(updates.length);
  });

  it('«Изменить поле» sets a field as the CRM checks it; a value the CRM refuses fails with its words', async () => {
    const list = await w.field('deal', {
      label: 'Квалификация',
      type: 'list',
      options: [
        { id: 'yes', label: 'Да' },
        { id: 'no', label: 'Нет' },
      ],
    });
    const dealId = await w.deal({ title: 'Старое' });
    const yes = list.options.find((o) => o.label === 'Да')!.id;
    const set = await w.run('field.set', { field: list.code, value: yes }, dealId);
    expect(words(set)).toBe('Поле «Квалификация»: Да');
    expect((await read.deal(dealId)).custom[list.code]).toBe(yes);
    const bad = await w.run('field.set', { field: list.code, value: 'maybe' }, dealId);
    expect(bad.status).toBe('failed');
    expect(words(bad)).toBe('Поле «Квалификация» не изменено: Выберите значение из списка');
    expect(words(bad, 'en')).toBe('Field «Квалификация» not changed: Choose a value from the list');
    expect((await read.deal(dealId)).custom[list.code]).toBe(yes);
    const title = await w.run('field.set', { field: 'title', value: '{{title}} — проверено' }, dealId);
    expect(words(title)).toBe('Поле «Название»: Старое — проверено');
    expect((await read.deal(dealId)).title).toBe('Старое — проверено');
    const amount = await w.run('field.set', { field: 'amount', value: 'много' }, dealId);
    expect(amount.status).toBe('failed');
    const unknown = await w.run('field.set', { field: 'uf_nothing', value: 1 }, dealId);
    expect(words(unknown)).toBe('У сделки нет поля «uf_nothing»');
  });
});

describe('«Проверить обязательные поля»', () => {
  const companyFields = ['industry', 'revenue', 'phones', 'emails', 'inn'];

  it('fails listing exactly what is missing, notifies, comments and creates a task listing it', async () => {
    const companyId = await w.company({ industry: 'Производство', phones: [{ type: 'work', value: '+7 495 000-00-00' }] });
    const dealId = await w.deal({ companyId });
    const out = await w.run(
      'fields.check',
      {
        owner: 'company',
        fields: companyFields,
        onFailure: {
          notify: [{ kind: 'responsible_head' }, { kind: 'responsible' }],
          comment: 'Заполните: {{missing}}',
          task: { title: 'Заполнить поля компании {{company}}', responsible: { kind: 'responsible' }, deadline: { amount: 1, unit: 'workdays' }, deadlineLocked: false },
        },
      },
      dealId,
      { name: 'Проверка компании' },
    );
    expect(out.status).toBe('failed');
    expect(words(out)).toBe('Не заполнены поля компании: Выручка, E-mail, ИНН');
    expect(words(out, 'en')).toBe('Company fields not filled: Revenue, E-mail, INN');
    const task = await read.task(out.state!.taskId as number);
    expect(task.description).toBe('<p>Не заполнены поля компании: Выручка, E-mail, ИНН</p>');
    expect(task.title).toMatch(/^Заполнить поля компании ООО «Клиент \d+»$/);
    expect(await read.links(task.id)).toEqual([{ entity_type: 'deal', entity_id: dealId }]);
    const comments = await read.comments(dealId);
    expect(comments).toEqual([{ author_id: null, html: '<p>Заполните: Не заполнены поля компании: Выручка, E-mail, ИНН</p>' }]);
    for (const u of [w.p.users.head.id, w.p.users.employee.id]) {
      const mine = (await notificationsOf(u)).filter((n) => n.kind === 'automation.notified');
      expect(mine.map((n) => [n.title, n.body, n.url])).toEqual([
        ['Робот «Проверка компании»', expect.stringContaining('Не заполнены поля компании: Выручка, E-mail, ИНН'), `/crm/deal/details/${dealId}`],
      ]);
    }
    // The timeline shows the comment from «Робот» (no author).
    const timeline = ok<{ items: { kind: string; author: unknown; html?: string }[] }>(await w.as.employee.get(`/api/crm/deal/${dealId}/timeline`));
    expect(timeline.items.find((e) => e.kind === 'comment')).toMatchObject({ author: null, html: comments[0]!.html });
  });

  it('passes when everything is filled; a deal without a company or contact misses it all', async () => {
    const full = await w.company({ industry: 'Торговля', revenue: '1000000', inn: '7707083893', phones: [{ type: 'work', value: '+7 495 111-22-33' }], emails: [{ type: 'work', value: 'a@b.ru' }] });
    const filled = await w.run('fields.check', { owner: 'company', fields: companyFields }, await w.deal({ companyId: full }));
    expect(filled.status).toBe('done');
    const bare = await w.deal();
    const noCompany = await w.run('fields.check', { owner: 'company', fields: companyFields, onFailure: { comment: null } }, bare);
    expect(words(noCompany)).toBe('У сделки нет компании; нужны поля компании: Вид деятельности, Выручка, Телефон, E-mail, ИНН');
    const noContact = await w.run('fields.check', { owner: 'contact', fields: ['last_name', 'first_name', 'phones', 'emails', 'position'] }, bare);
    expect(words(noContact)).toBe('У сделки нет контакта; нужны поля контакта: Фамилия, Имя, Телефон, E-mail, Должность');
    expect(await read.comments(bare)).toEqual([]);
  });

  it("names the contact's fields and custom fields by their labels", async () => {
    const custom = await w.field('contact', { label: 'Роль в закупке', type: 'string' });
    const contactId = await w.contact({ lastName: 'Петров', firstName: 'Пётр', emails: [{ type: 'work', value: 'p@x.ru' }] });
    const dealId = await w.deal({ contactIds: [contactId] });
    const out = await w.run('fields.check', { owner: 'contact', fields: ['last_name', 'first_name', 'phones', 'emails', 'position', custom.code] }, dealId);
    expect(words(out)).toBe('Не заполнены поля контакта: Телефон, Должность, Роль в закупке');
    const item = await w.run('fields.check', { owner: 'item', fields: ['close_date', 'title'] }, dealId);
    expect(words(item)).toBe('Не заполнены поля сделки: Дата завершения');
    const unknown = await w.run('fields.check', { owner: 'item', fields: ['uf_gone'] }, dealId);
    expect(words(unknown)).toBe('Неизвестное поле «uf_gone»');
  });
});

describe('comments and notifications', () => {
  it("«Добавить комментарий» writes in the deal's timeline from «Робот», placeholders filled and escaped", async () => {
    const dealId = await w.deal({ title: 'Счёт <срочно>' });
    const out = await w.run('comment.add', { text: 'Сделка {{title}}\nОтветственный: {{responsible}}' }, dealId);
    expect(out.status).toBe('done');
    expect(await read.comments(dealId)).toEqual([{ author_id: null, html: '<p>Сделка Счёт &lt;срочно&gt;</p><p>Ответственный: Иван Сотрудников</p>' }]);
  });

  it("«Уведомить сотрудников» puts the text in each one's bell with a link to the deal", async () => {
    const dealId = await w.deal({ title: 'Горячий клиент' });
    const out = await w.run('notify', { who: [{ kind: 'user', userId: w.p.users.other.id }, { kind: 'responsible_head' }], text: 'Сделка {{title}} ждёт звонка' }, dealId, { name: 'Сообщить' });
    expect(words(out)).toBe('Уведомлены: Мария Другова, Ольга Начальникова');
    const [event] = await read.events('automation.notified', dealId);
    expect(event!.payload).toEqual({ userIds: [w.p.users.other.id, w.p.users.head.id], text: 'Сделка Горячий клиент ждёт звонка', ruleName: 'Сообщить' });
    for (const u of [w.p.users.other.id, w.p.users.head.id]) {
      const got = (await notificationsOf(u)).filter((n) => n.url === `/crm/deal/details/${dealId}`);
      expect(got.map((n) => [n.kind, n.title, n.body])).toEqual([['automation.notified', 'Робот «Сообщить»', 'Горячий клиент: Сделка Горячий клиент ждёт звонка']]);
    }
    const list = ok<{ items: { title: string; url: string | null }[] }>(await w.as.other.get('/api/notifications'));
    expect(list.items.some((n) => n.title === 'Робот «Сообщить»' && n.url === `/crm/deal/details/${dealId}`)).toBe(true);
  });
});

describe('a dry run', () => {
  it('says what each robot would do and leaves nothing behind', async () => {
    const dealId = await w.deal();
    const task = await w.run('task.create', { title: 'Пробная', responsible: { kind: 'responsible' } }, dealId, { dryRun: true });
    expect(task.status).toBe('done');
    expect(words(task)).toBe('Создана задача «Пробная», ответственный: Иван Сотрудников');
    const comment = await w.run('comment.add', { text: 'Пробный' }, dealId, { dryRun: true });
    const notice = await w.run('notify', { who: [{ kind: 'responsible' }], text: 'Пробное' }, dealId, { dryRun: true });
    const owner = await w.run('responsible.change', { who: { kind: 'user', userId: w.p.users.other.id } }, dealId, { dryRun: true });
    expect([comment.status, notice.status, owner.status]).toEqual(['done', 'done', 'done']);
    expect(await read.dealTasks(dealId)).toEqual([]);
    expect(await read.comments(dealId)).toEqual([]);
    expect(await read.events('automation.notified', dealId)).toEqual([]);
    expect((await read.deal(dealId)).responsibleId).toBe(w.p.users.employee.id);
    expect(await scoped(w.system()).selectFrom('automation_run').select('id').where('entity_id', '=', dealId).execute()).toEqual([]);
  });
});
