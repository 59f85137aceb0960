import type { RouteSamples } from '../../../../test/security/sample-kit.js';
import { systemCtx } from '../../../platform/context.js';
import { nowIso } from '../../../platform/db/database.js';
import { scoped } from '../../../platform/db/scoped.js';

const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString();

/**
 * The robots' questions: an answer with a deadline in a week, and a question asked of portal A's
 * administrator on a deal of theirs (robots make them; no route does).
 */
export const robotsRouteSamples: RouteSamples = {
  samples: {
    'POST /api/automation/requests/:id/answer': async () => ({ body: { deadline: inAWeek() } }),
  },
  creators: {
    automation_request: async (fx, admin) => {
      const deal = (await admin.post('/api/crm/deals', { title: 'Сделка с вопросом' })).json() as { id: number };
      await scoped(systemCtx({ db: fx.t.platform.db, sys: fx.t.platform.sys }, fx.p.portal))
        .insertInto('automation_request', {
          run_id: 0,
          entity_type: 'deal',
          entity_id: deal.id,
          user_id: fx.p.users.admin.id,
          kind: 'deadline',
          task_id: null,
          prompt: 'Укажите новый крайний срок',
          status: 'open',
          answer: null,
          created_at: nowIso(),
          answered_at: null,
        })
        .execute();
    },
  },
};
