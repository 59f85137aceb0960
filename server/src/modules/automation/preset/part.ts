import type { AutomationPart } from '../core/types.js';
import { presetMessages } from './messages.js';
import { provisionCalls } from './provision.js';
import { presetRoutes } from './routes.js';
import { seedDemoCalls } from './demo.js';

/** The preset part of the automation module: «Воронка обзвона» in every new portal, its «Результаты» route and its demo deals. */
export const presetPart: AutomationPart = {
  messages: presetMessages,
  routes: (app) => presetRoutes(app),
  onPortalCreated: provisionCalls,
  demo: seedDemoCalls,
};
