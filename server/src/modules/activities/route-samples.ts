import { versionOf, type Fixture, type RouteSamples } from '../../../test/security/sample-kit.js';

const inADay = () => new Date(Date.now() + 86_400_000).toISOString();
const activityOf = (fx: Fixture) => fx.prefer?.crm_activity ?? fx.ids.crm_activity?.[0] ?? 1;

/** Activities hang off a CRM item: a call on a deal of portal A (made through the API by its administrator). */
export const routeSamples: RouteSamples = {
  samples: {
    'POST /api/crm/activities': async (fx) => ({
      body: { type: 'call', subject: 'Звонок клиенту', owner: { type: 'deal', id: fx.prefer?.crm_deal ?? fx.ids.crm_deal?.[0] ?? 1 }, startAt: inADay(), remindBefore: 15 },
    }),
    'PATCH /api/crm/activities/:id': async (fx) => {
      const id = activityOf(fx);
      return { params: { id }, body: { version: await versionOf(fx.t, 'crm_activity', id), subject: 'Перезвонить клиенту', priority: 'high' } };
    },
    'POST /api/crm/activities/:id/complete': async (fx) => ({ params: { id: activityOf(fx) }, body: { completed: true, result: 'Договорились о встрече' } }),
  },
  creators: {
    crm_activity: async (_fx, admin) => {
      const deal = (await admin.post('/api/crm/deals', { title: 'Сделка с делом' })).json() as { id: number };
      await admin.post('/api/crm/activities', { type: 'todo', subject: 'Подготовить КП', owner: { type: 'deal', id: deal.id }, deadline: inADay() });
    },
  },
};
