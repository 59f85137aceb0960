import type { ModulePart } from '../../../platform/registry/parts.js';
import { productsMessages } from './messages.js';

/** The product catalogue: sections, products and services, photos, search, import and export. */
export const productsPart: ModulePart = {
  messages: productsMessages,
};
