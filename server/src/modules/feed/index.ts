import { feedEvents } from '@vavilon/contracts';
import type { PortalModule } from '../../platform/registry/registry.js';
import type { ItemDescriber } from '../../platform/registry/registry.js';
import type { DomainEvent } from '../../platform/events/outbox.js';
import type { Ctx } from '../../platform/context.js';
import { moduleDir } from '../../platform/paths.js';
import { scoped } from '../../platform/db/scoped.js';
import './schema.js';
import { feedMigrations } from './migrations/index.js';
import { feedMessages } from './messages.js';
import { feedRoutes } from './routes.js';
import { postReaders, readerKeys, visiblePostIds } from './audience.js';
import { feedNotificationRules, postUrl, thanksProfileLink } from './signals.js';
import { feedSearchKind } from './search.js';
import { feedSourcesProcessor } from './sources.js';
import { seedDemoFeed } from './demo.js';

const describePosts: ItemDescriber = async (ctx, ids) => {
  const rows = await scoped(ctx).selectFrom('feed_post').select(['id', 'title', 'text']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, { title: r.title || (r.text.length > 80 ? `${r.text.slice(0, 79)}…` : r.text), url: postUrl(r.id) }]));
};

/** A deleted post is heard by those it was for (its keys are in the event). */
async function heardDeleted(ctx: Ctx, e: DomainEvent): Promise<boolean> {
  if (!ctx.actor) return false;
  if (ctx.actor.role === 'admin') return true;
  const keys = new Set(await readerKeys(ctx, ctx.actor.userId));
  return ((e.payload as { audience?: string[] }).audience ?? []).some((k) => keys.has(k));
}

/** The news feed («Новости»): posts to everyone, departments, groups or people; important messages, polls, thanks; module posts. */
export const feedModule: PortalModule = {
  name: 'feed',
  events: feedEvents,
  messages: feedMessages,
  migrations: feedMigrations,
  help: { moduleIds: ['feed'], dir: moduleDir('feed') + '/help' },
  menu: [
    {
      id: 'feed',
      title: { ru: 'Новости', en: 'News feed' },
      path: '/stream',
      icon: 'feed',
      order: 5,
      section: 'portal',
      description: { ru: 'Сообщения сотрудникам, важные сообщения, опросы и благодарности', en: 'Posts to employees, important messages, polls and thanks' },
    },
  ],
  access: { feed_post: { table: 'feed_post', read: visiblePostIds, readers: postReaders } },
  realtime: { feed_post: { gone: heardDeleted } },
  describe: { feed_post: describePosts },
  commentable: ['feed_post'],
  reactable: ['feed_post'],
  authorOf: {
    feed_post: async (ctx, ids) => {
      const rows = await scoped(ctx).selectFrom('feed_post').select(['id', 'author_id']).where('id', 'in', ids).execute();
      return new Map(rows.flatMap((r) => (r.author_id === null ? [] : [[r.id, r.author_id] as [number, number]])));
    },
  },
  searchKinds: [feedSearchKind],
  profileLinks: [thanksProfileLink],
  routes: (app) => feedRoutes(app),
  notifications: feedNotificationRules,
  processors: (platform) => [feedSourcesProcessor(platform)],
  demo: seedDemoFeed,
};
