import { commentsEvents } from '@vavilon/contracts';
import type { PortalModule } from '../../platform/registry/registry.js';
import { commentsMessages } from './messages.js';
import { commentsMigrations } from './migrations/index.js';
import { commentRoutes } from './routes.js';
import { commentAuthors, commentReaders, describeComments, readableComments } from './service.js';
import { commentHolder } from './holder.js';
import './schema.js';

/** Comments on the items of every module that declares them `commentable` (CRM items, tasks). */
export const commentsModule: PortalModule = {
  name: 'comments',
  events: commentsEvents,
  messages: commentsMessages,
  migrations: commentsMigrations,
  routes: (app) => commentRoutes(app),
  access: { comment: { table: 'comment', read: readableComments } },
  realtime: { comment: { readersOf: commentReaders } },
  holders: [commentHolder],
  describe: { comment: describeComments },
  // Reactions to a comment: read with its item, and its author hears of them.
  reactable: ['comment'],
  authorOf: { comment: commentAuthors },
};
