import type { AutomationPart } from '../core/types.js';
import { robotsMessages } from './messages.js';

/** The robots part of the automation module: what it registers. */
export const robotsPart: AutomationPart = {
  messages: robotsMessages,
};
