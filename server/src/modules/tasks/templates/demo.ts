import type { Ctx } from '../../../platform/context.js';
import type { DemoSeed } from '../../../platform/registry/registry.js';
import { actorFor } from '../../users/api.js';
import { createTemplate } from './service.js';

/** The demo portal's templates: a weekly report on Mondays, and a plain onboarding template with a checklist and subtasks. */
export async function demoTemplates(ctx: Ctx, seed: DemoSeed): Promise<void> {
  const { headSales, sales1, headTm, tm1 } = seed.users as Record<string, number>;
  const as = async (userId: number): Promise<Ctx> => ({ ...ctx, actor: await actorFor(ctx, userId) });
  await createTemplate(await as(headSales!), {
    title: 'Еженедельный отчёт по проектам',
    description: '<p>Статус по каждому проекту: что сделано, что мешает, что дальше.</p>',
    responsibleId: sales1,
    auditorIds: [headSales!],
    tags: ['отчёт'],
    deadlineAfter: { amount: 1, unit: 'days' },
    checklist: [{ title: 'Отчёт', items: [{ title: 'Цифры продаж за неделю' }, { title: 'Сделки на стадии «Счёт»' }, { title: 'Риски и просьбы' }] }],
    repeating: true,
    repeat: { freq: 'weekly', interval: 1, weekdays: ['mo'], time: '09:00' },
  });
  await createTemplate(await as(headTm!), {
    title: 'Ввод нового сотрудника в отдел',
    description: '<p>Первая неделя новичка в телемаркетинге.</p>',
    responsibleId: tm1,
    important: true,
    taskControl: true,
    deadlineAfter: { amount: 5, unit: 'days' },
    checklist: [
      { title: 'Доступы', items: [{ title: 'Учётная запись на портале' }, { title: 'Телефония и гарнитура' }] },
      { title: 'Обучение', items: [{ title: 'Скрипты звонков' }, { title: 'Работа с CRM: лиды и сделки' }, { title: 'Пробный обзвон с наставником' }] },
    ],
    subtasks: [{ title: 'Выдать рабочее место', responsibleId: headTm }, { title: 'Назначить наставника' }],
  });
}
