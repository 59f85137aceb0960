import type { ActivityInput } from '@vavilon/contracts';
import type { Ctx } from '../../platform/context.js';
import { scoped } from '../../platform/db/scoped.js';
import type { DemoSeed } from '../../platform/registry/registry.js';
import { createActivity } from './service.js';

const DAY = 86_400_000;

/** A moment `days` from now at `hour`:`minute` local to the server (the demo is made when the portal starts). */
function at(days: number, hour: number, minute = 0): string {
  const d = new Date(Date.now() + days * DAY);
  d.setHours(hour, minute, 0, 0);
  return d.toISOString();
}

type Plan = Omit<ActivityInput, 'owner'>;

/** Made when the demo is seeded: the moments are relative to then. */
const dealPlans = (): Plan[][] => [
  [
    { type: 'call', subject: 'Уточнить состав работ', startAt: at(0, 11), direction: 'outgoing', remindBefore: 15 },
    { type: 'meeting', subject: 'Презентация концепции', startAt: at(2, 15), remindBefore: 60, priority: 'high' },
    { type: 'email', subject: 'Отправлено коммерческое предложение', deadline: at(-2, 12), completed: true, result: 'КП получено, ждём ответа' },
  ],
  [
    { type: 'todo', subject: 'Подготовить смету', deadline: at(-1, 18), priority: 'high' },
    { type: 'call', subject: 'Согласовать сроки', startAt: at(0, 16, 30), direction: 'outgoing', remindBefore: 15 },
  ],
  [
    { type: 'meeting', subject: 'Встреча в офисе клиента', startAt: at(1, 10), remindBefore: 1440 },
    { type: 'call', subject: 'Входящий звонок: вопрос по договору', startAt: at(-1, 14), direction: 'incoming', completed: true, result: 'Договор отправлен на подпись' },
  ],
  [
    { type: 'todo', subject: 'Выставить счёт', deadline: at(0, 19), remindBefore: 60 },
    { type: 'email', subject: 'Напомнить об оплате', deadline: at(4, 12) },
  ],
  [{ type: 'call', subject: 'Перезвонить после праздников', startAt: at(-3, 11), direction: 'outgoing' }],
];

const clientPlans = (): Plan[] => [
  { type: 'call', subject: 'Поздравить с годовщиной сотрудничества', startAt: at(3, 12), direction: 'outgoing', remindBefore: 60 },
  { type: 'todo', subject: 'Обновить реквизиты в карточке', deadline: at(1, 18) },
  { type: 'meeting', subject: 'Знакомство с новым директором', startAt: at(-4, 11), completed: true, result: 'Договорились о новом проекте' },
];

/** The demo people's activities on the demo deals, companies and contacts: planned today, overdue, this week and done, with reminders. */
export async function seedDemoActivities(ctx: Ctx, seed: DemoSeed): Promise<void> {
  const DEAL_PLANS = dealPlans();
  const CLIENT_PLANS = clientPlans();
  const fallback = seed.users.headSales ?? seed.users.admin!;
  const deals = await scoped(ctx).selectFrom('crm_deal').select(['id', 'responsible_id']).orderBy('id').limit(30).execute();
  const owners = [
    ...deals.map((d, i) => ({ owner: { type: 'deal' as const, id: d.id }, who: d.responsible_id ?? fallback, plans: DEAL_PLANS[i % DEAL_PLANS.length]! })),
    ...(await scoped(ctx).selectFrom('crm_company').select(['id', 'responsible_id']).orderBy('id').limit(3).execute()).map((c, i) => ({
      owner: { type: 'company' as const, id: c.id },
      who: c.responsible_id ?? fallback,
      plans: [CLIENT_PLANS[i % CLIENT_PLANS.length]!],
    })),
    ...(await scoped(ctx).selectFrom('crm_contact').select(['id', 'responsible_id']).orderBy('id').limit(3).execute()).map((c, i) => ({
      owner: { type: 'contact' as const, id: c.id },
      who: c.responsible_id ?? fallback,
      plans: [CLIENT_PLANS[(i + 1) % CLIENT_PLANS.length]!],
    })),
  ];
  for (const { owner, who, plans } of owners) {
    for (const plan of plans) await createActivity(ctx, { ...plan, owner, responsibleId: who }, { authorId: who });
  }
}
