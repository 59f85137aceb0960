import { reactionsEvents } from '@vavilon/contracts';
import type { PortalModule } from '../../platform/registry/registry.js';
import { reactionsMessages } from './messages.js';
import { reactionsMigrations } from './migrations/index.js';
import { reactionRoutes } from './routes.js';
import { reactionReaders } from './service.js';
import './schema.js';

/** Likes and emoji reactions on the items of every module that declares them `reactable` (comments, tasks, the feed's posts). */
export const reactionsModule: PortalModule = {
  name: 'reactions',
  events: reactionsEvents,
  messages: reactionsMessages,
  migrations: reactionsMigrations,
  routes: (app) => reactionRoutes(app),
  // Recorded as `reaction` `<type>:<id>`: heard by the readers of the item reacted to.
  realtime: { reaction: { readersOf: reactionReaders } },
};
