import type { RouteSamples } from '../../../test/security/sample-kit.js';

const deal = (fx: Parameters<NonNullable<RouteSamples['params']>[string]>[0]) => fx.prefer?.crm_deal ?? fx.ids.crm_deal?.[0] ?? 1;
const comment = (fx: Parameters<NonNullable<RouteSamples['params']>[string]>[0]) => fx.prefer?.comment ?? fx.ids.comment?.[0] ?? 1;

/** The generic comment routes, aimed at the fixture's deals (a commentable type) and their comments. */
export const routeSamples: RouteSamples = {
  names: { '/api/comments/:type/:id': { type: ['deal', 'lead', 'contact', 'company'] } },
  params: {
    '/api/comments/:type/:id': (fx) => ({ type: 'deal', id: deal(fx) }),
    '/api/comments/item/:commentId': (fx) => ({ commentId: comment(fx) }),
  },
  samples: {
    'POST /api/comments/:type/:id': async (fx) => ({ params: { type: 'deal', id: deal(fx) }, body: { html: '<p>Комментарий к сделке</p>', mentions: [fx.p.users.head.id] } }),
    'PATCH /api/comments/item/:commentId': async (fx) => ({ params: { commentId: comment(fx) }, body: { html: '<p>Правка комментария</p>' } }),
  },
};
