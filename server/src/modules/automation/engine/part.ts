import type { AutomationPart } from '../core/types.js';
import { engineMessages } from './messages.js';

/** The engine part of the automation module: what it registers. */
export const enginePart: AutomationPart = {
  messages: engineMessages,
};
