import type { AutomationPart } from '../core/types.js';
import { rulesMessages } from './messages.js';
import { rulesRoutes } from './routes.js';

/**
 * The rules part of the automation module: the designer's API. Its changes are events of the
 * entity `pipeline`, which the CRM already lets the whole portal hear, so the designer of
 * another administrator refreshes.
 */
export const rulesPart: AutomationPart = {
  messages: rulesMessages,
  routes: (app) => rulesRoutes(app),
};
