import type { RouteSamples } from '../../../test/security/sample-kit.js';

const comment = (fx: Parameters<NonNullable<RouteSamples['params']>[string]>[0]) => fx.prefer?.comment ?? fx.ids.comment?.[0] ?? 1;

/** The generic reaction routes, aimed at the fixture's comments (a reactable type); tasks take reactions too. */
export const routeSamples: RouteSamples = {
  names: { '/api/reactions/:type/:id': { type: ['comment', 'task'] }, '/api/reactions/:type/:id/users': { type: ['comment', 'task'] } },
  params: {
    '/api/reactions/:type/:id': (fx) => ({ type: 'comment', id: comment(fx) }),
    '/api/reactions/:type/:id/users': (fx) => ({ type: 'comment', id: comment(fx) }),
  },
  samples: {
    'POST /api/reactions/:type/:id': async (fx) => ({ params: { type: 'comment', id: comment(fx) }, body: { emoji: '👍' } }),
  },
};
