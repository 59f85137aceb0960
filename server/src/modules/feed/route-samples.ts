import { versionOf, type Fixture, type RouteSamples } from '../../../test/security/sample-kit.js';

const postOf = (fx: Fixture) => fx.prefer?.feed_post ?? fx.ids.feed_post?.[0] ?? 1;

/** Posts of portal A to everyone (one of each kind the routes act on), written through the API by its administrator. */
export const routeSamples: RouteSamples = {
  samples: {
    'POST /api/feed/posts': async () => ({ body: { html: '<p>Всем привет</p>', audience: [{ type: 'all' }] } }),
    'PATCH /api/feed/posts/:postId': async (fx) => {
      const postId = postOf(fx);
      return { params: { postId }, body: { version: await versionOf(fx.t, 'feed_post', postId), html: '<p>Исправлено</p>' } };
    },
    'POST /api/feed/views': async (fx) => ({ body: { postIds: [postOf(fx)] } }),
    'POST /api/feed/posts/:postId/vote': async (fx) => ({ params: { postId: postOf(fx) }, body: { optionIds: [1] } }),
  },
  creators: {
    feed_post: async (_fx, admin) => {
      await admin.post('/api/feed/posts', { kind: 'poll', html: '', audience: [{ type: 'all' }], poll: { question: 'Когда корпоратив?', options: ['Пятница', 'Суббота'] } });
      await admin.post('/api/feed/posts', { kind: 'important', html: '<p>Важно</p>', audience: [{ type: 'all' }] });
    },
  },
};
