import type { ModulePart } from '../../../platform/registry/parts.js';
import { storeMessages } from './messages.js';

/** Warehouses: stock, documents «Приход», «Списание», «Перемещение», stock history. */
export const storePart: ModulePart = {
  messages: storeMessages,
};
