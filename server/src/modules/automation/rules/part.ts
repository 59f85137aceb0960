import type { AutomationPart } from '../core/types.js';
import { rulesMessages } from './messages.js';

/** The rules part of the automation module: what it registers. */
export const rulesPart: AutomationPart = {
  messages: rulesMessages,
};
