import type { Ctx } from '../../platform/context.js';
import type { DemoSeed } from '../../platform/registry/registry.js';
import { actorFor } from '../users/api.js';
import { createGroup } from './service.js';
import { inviteMembers, joinGroup } from './membership.js';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/**
 * The demo portal's groups: a project with dates, a Scrum project, an open design studio with an
 * invitation waiting and a join request, and a secret group of the management.
 */
export async function seedDemoGroups(ctx: Ctx, seed: DemoSeed): Promise<void> {
  const u = seed.users;
  if (!u.admin || !u.headSales || !u.tm1 || !u.tm2 || !u.headTm || !u.sales1) return;
  // Each person acts inside the demo's one transaction: their ctx joins it (ctx.db is that transaction).
  const joined: Ctx = { ...ctx, tx: ctx.tx ?? { afterCommit: [] } };
  const as = async (userId: number): Promise<Ctx> => ({ ...joined, actor: (await actorFor(ctx, userId))! });
  const admin = await as(u.admin);
  await createGroup(await as(u.headSales), {
    name: 'Проект: Офис на Тверской',
    description: 'Переезд отдела продаж в новый офис на Тверской: ремонт, мебель, связь и переезд без остановки работы.',
    kind: 'project',
    visibility: 'open',
    dateStart: day(-14),
    dateEnd: day(45),
    moderatorIds: [u.admin],
    memberIds: [u.sales1, u.tm1],
  });
  await createGroup(admin, {
    name: 'Скрам: Портал',
    description: 'Развитие корпоративного портала двухнедельными спринтами.',
    kind: 'scrum',
    visibility: 'closed',
    dateStart: day(-30),
    dateEnd: day(60),
    moderatorIds: [u.headTm],
    memberIds: [u.tm1, u.tm2, u.sales1],
  });
  const studio = await createGroup(await as(u.tm2), {
    name: 'Дизайн-студия',
    description: 'Макеты, баннеры и презентации для клиентов. Открытая группа: вступайте, если нужна помощь дизайнера.',
    kind: 'group',
    visibility: 'open',
    memberIds: [u.headTm],
  });
  await inviteMembers(await as(u.tm2), studio.id, { userIds: [u.sales1], message: 'Присоединяйтесь: обсуждаем макеты для клиентов' });
  await joinGroup(await as(u.tm1), studio.id);
  await createGroup(admin, {
    name: 'Совет директоров',
    description: 'Закрытые вопросы руководства: бюджет, найм, стратегия.',
    kind: 'group',
    visibility: 'secret',
    moderatorIds: [u.headSales],
    memberIds: [u.headTm],
  });
}
