import type { AutomationPart } from '../core/types.js';
import { presetMessages } from './messages.js';

/** The preset part of the automation module: what it registers. */
export const presetPart: AutomationPart = {
  messages: presetMessages,
};
