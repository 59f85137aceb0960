import type { TaskInput } from '@vavilon/contracts';
import type { Ctx } from '../../platform/context.js';
import type { DemoSeed } from '../../platform/registry/registry.js';
import { actorFor } from '../users/api.js';
import { applyAction, createTask } from './service.js';
import { demoGantt } from './gantt/demo.js';
import { demoScrum } from './scrum/demo.js';
import { demoTemplates } from './templates/demo.js';

const DAY = 86_400_000;

/** A moment `days` from now at `hour`:00 local to the server (the demo is made when the portal starts). */
function at(days: number, hour = 18): string {
  const d = new Date(Date.now() + days * DAY);
  d.setHours(hour, 0, 0, 0);
  return d.toISOString();
}

/**
 * The demo portal's own tasks: deadlines across every column of «Сроки» (overdue, today, this
 * week, next week, later, none), a task waiting for its creator's control, a locked deadline, done ones.
 */
export async function demoCoreTasks(ctx: Ctx, seed: DemoSeed): Promise<void> {
  const { admin, headTm, tm1, tm2, headSales, sales1 } = seed.users as Record<string, number>;
  const make = (creatorId: number, input: TaskInput) => createTask(ctx, input, { creatorId });
  await make(headTm!, {
    title: 'Обзвонить базу «Архитектурные бюро»',
    responsibleId: tm1,
    deadline: at(-2),
    important: true,
    tags: ['обзвон'],
    description: '<p>Список в общем диске, 120 компаний.</p>',
  });
  await make(headTm!, { title: 'Сверить результаты звонков за неделю', responsibleId: tm2, deadline: at(-1), tags: ['обзвон'] });
  await make(headSales!, { title: 'Подготовить КП для «Северстрой»', responsibleId: sales1, accompliceIds: [headSales!], deadline: at(0, 19), tags: ['кп'] });
  await make(admin!, { title: 'Согласовать бюджет на выставку', responsibleId: headSales, auditorIds: [headTm!], deadline: at(0, 17) });
  await make(tm1!, { title: 'Перезвонить ЛПР «Домострой»', deadline: at(0, 15), allowChangeDeadline: false, tags: ['обзвон'] });
  await make(headTm!, { title: 'Найти ЛПР в «Проектный институт №3»', responsibleId: tm1, deadline: at(2), allowChangeDeadline: false, taskControl: true });
  await make(headSales!, { title: 'Выставить счёт «Ромашке»', responsibleId: sales1, deadline: at(3) });
  await make(admin!, { title: 'Обновить шаблон договора', responsibleId: headSales, deadline: at(8), requireResult: true });
  await make(headTm!, { title: 'Провести планёрку отдела телемаркетинга', responsibleId: headTm, accompliceIds: [tm1!, tm2!], deadline: at(9, 10) });
  await make(admin!, { title: 'Подготовить годовой отчёт', responsibleId: headSales, deadline: at(25), estimateSeconds: 16 * 3600 });
  await make(admin!, { title: 'Обучить новых сотрудников работе в CRM', responsibleId: headTm, accompliceIds: [tm2!] });
  await make(sales1!, { title: 'Разобрать входящие заявки с сайта', tags: ['заявки'] });

  // Work done by its people: a controlled task completed by its responsible waits for the creator («Ждёт контроля»).
  const as = async (userId: number): Promise<Ctx> => ({ ...ctx, actor: await actorFor(ctx, userId) });
  const review = await make(headTm!, { title: 'Собрать базу дизайн-студий Москвы', responsibleId: tm2, deadline: at(1), taskControl: true });
  await applyAction(await as(tm2!), review.id, 'start');
  await applyAction(await as(tm2!), review.id, 'complete');
  const done = await make(headSales!, { title: 'Отправить презентацию «Технопарк»', responsibleId: sales1, deadline: at(-3) });
  await applyAction(await as(sales1!), done.id, 'complete');
}

/** The tasks module's part of the demo portal: each part of the module adds its own here. */
export async function seedDemoTasks(ctx: Ctx, seed: DemoSeed): Promise<void> {
  await demoCoreTasks(ctx, seed);
  await demoGantt(ctx, seed);
  await demoScrum(ctx, seed);
  await demoTemplates(ctx, seed);
}
