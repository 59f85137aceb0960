import type { AutomationPart } from '../core/types.js';
import { triggersMessages } from './messages.js';
import { triggersProcessor } from './processor.js';
import { hookRoutes } from './routes.js';

/** The triggers part of the automation module: their processor and the incoming webhook's address. */
export const triggersPart: AutomationPart = {
  messages: triggersMessages,
  processors: (platform) => [triggersProcessor(platform)],
  routes: hookRoutes,
};
