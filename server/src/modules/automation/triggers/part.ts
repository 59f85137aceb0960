import type { AutomationPart } from '../core/types.js';
import { triggersMessages } from './messages.js';

/** The triggers part of the automation module: what it registers. */
export const triggersPart: AutomationPart = {
  messages: triggersMessages,
};
