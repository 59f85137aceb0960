import type { TaskAction } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import { scoped } from '../../../platform/db/scoped.js';
import type { DemoSeed } from '../../../platform/registry/registry.js';
import { createGroup, groupRefs, memberGroupIds } from '../../groups/api.js';
import { applyAction, createTask } from '../service.js';
import { createEpic } from './epics.js';
import { completeSprint, createSprint, startSprint } from './sprints.js';

/** The demo Scrum project's name; the groups demo may have made it already. */
export const DEMO_SCRUM_PROJECT = 'Скрам: Портал';

const DAY = 86_400_000;
const day = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);
/** Midday (Moscow) of a day `n` days from today. */
const at = (n: number) => new Date(`${day(n)}T09:00:00.000Z`).toISOString();

/**
 * «Скрам: Портал»: epics, a sprint completed two weeks ago (the team's velocity), a running sprint
 * with story points and items done on its earlier days (the burndown has a shape), a planned
 * sprint and a backlog.
 */
export async function demoScrum(system: Ctx, seed: DemoSeed): Promise<void> {
  const { admin, headTm, tm1, tm2 } = seed.users;
  if (!admin) return;
  // The demo runs inside the portal's creating transaction: the services join it (`tx`) instead of opening one.
  const ctx: Ctx = { ...system, tx: system.tx ?? { afterCommit: [] }, actor: { userId: admin, accountId: 0, portalId: system.portal.id, role: 'admin', departmentId: null, language: 'ru' } };
  const mine = await groupRefs(ctx, await memberGroupIds(ctx, admin));
  const found = [...mine.values()].find((g) => g.name === DEMO_SCRUM_PROJECT && g.kind === 'scrum');
  const members = [headTm, tm1, tm2].filter((u): u is number => !!u);
  const groupId =
    found?.id ?? (await createGroup(ctx, { name: DEMO_SCRUM_PROJECT, description: 'Новый клиентский портал: личный кабинет, оплата, уведомления', kind: 'scrum', memberIds: members })).id;

  const [cabinet, payments, notices] = [
    await createEpic(ctx, groupId, { title: 'Личный кабинет', color: '#2fc6f6' }),
    await createEpic(ctx, groupId, { title: 'Оплата онлайн', color: '#9dcf00' }),
    await createEpic(ctx, groupId, { title: 'Уведомления', color: '#ffa900' }),
  ];
  let sort = 0;
  const item = async (title: string, points: number, epicId: number, sprintId: number | null, responsibleId: number | undefined) => {
    const task = await createTask(ctx, { title, groupId, storyPoints: points, epicId, sprintId, responsibleId: responsibleId ?? admin });
    await scoped(ctx).updateTable('task').set({ scrum_sort: ++sort }).where('id', '=', task.id).execute();
    return task.id;
  };
  const act = async (id: number, actions: TaskAction[]) => {
    for (const a of actions) await applyAction(ctx, id, a);
  };
  const closedOn = (id: number, n: number) =>
    scoped(ctx)
      .updateTable('task')
      .set({ closed_at: at(n), started_at: at(n - 1) })
      .where('id', '=', id)
      .execute();

  // The earlier sprint: two weeks, 18 of 21 points done; the rest went on to the running one.
  const s1 = await createSprint(ctx, groupId, { title: 'Спринт 1', goal: 'Вход в личный кабинет', dateStart: day(-18), dateEnd: day(-5) });
  const first = [
    await item('Вход по телефону и паролю', 5, cabinet.id, s1.id, tm1),
    await item('Восстановление пароля', 3, cabinet.id, s1.id, tm2),
    await item('Профиль клиента', 5, cabinet.id, s1.id, tm1),
    await item('Макеты оплаты', 5, payments.id, s1.id, headTm),
  ];
  const carried = await item('Выбор способа оплаты', 3, payments.id, s1.id, tm2);
  const s2 = await createSprint(ctx, groupId, { title: 'Спринт 2', goal: 'Первая онлайн-оплата', dateStart: day(-4), dateEnd: day(5) });
  const run1 = await startSprint(ctx, groupId, s1.id, s1.version);
  for (const [i, id] of first.entries()) {
    await act(id, ['complete']);
    await closedOn(id, -16 + i * 3);
  }
  await completeSprint(ctx, groupId, s1.id, { version: run1.version, carryOverSprintId: s2.id });
  await scoped(ctx)
    .updateTable('task_sprint')
    .set({ started_at: at(-18), completed_at: at(-5) })
    .where('id', '=', s1.id)
    .execute();

  // The running sprint: done on its first days, some in progress, some waiting.
  const pay = await item('Оплата картой', 8, payments.id, s2.id, tm1);
  const receipt = await item('Электронный чек', 3, payments.id, s2.id, tm2);
  const email = await item('Письмо об оплате', 2, notices.id, s2.id, headTm);
  const history = await item('История платежей', 5, cabinet.id, s2.id, tm2);
  const push = await item('Напоминание о счёте', 3, notices.id, s2.id, tm1);
  const s2now = await scoped(ctx).selectFrom('task_sprint').select('version').where('id', '=', s2.id).executeTakeFirstOrThrow();
  await startSprint(ctx, groupId, s2.id, s2now.version);
  await scoped(ctx)
    .updateTable('task_sprint')
    .set({ started_at: at(-4) })
    .where('id', '=', s2.id)
    .execute();
  await act(carried, ['complete']);
  await closedOn(carried, -3);
  await act(email, ['complete']);
  await closedOn(email, -2);
  await act(receipt, ['complete']);
  await closedOn(receipt, -1);
  await act(pay, ['start']);
  await act(history, ['start']);
  void push;

  // The next sprint and the backlog.
  const s3 = await createSprint(ctx, groupId, { title: 'Спринт 3', goal: 'Уведомления клиентам', dateStart: day(6), dateEnd: day(15) });
  await item('Настройки уведомлений', 3, notices.id, s3.id, tm1);
  await item('СМС о статусе заказа', 5, notices.id, s3.id, tm2);
  await item('Возврат платежа', 5, payments.id, null, tm1);
  await item('Сохранённые карты', 3, payments.id, null, tm2);
  await item('Документы клиента', 8, cabinet.id, null, headTm);
  await item('Тёмная тема кабинета', 2, cabinet.id, null, undefined);
  await item('Чат с менеджером', 13, cabinet.id, null, undefined);
}
