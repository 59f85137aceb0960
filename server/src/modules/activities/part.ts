import type { ModulePart } from '../../platform/registry/parts.js';
import { activitiesMessages } from './messages.js';

/** Activities: the API of «Мои дела», reminders, the menu counter, the items' timelines. */
export const activitiesPart: ModulePart = {
  messages: activitiesMessages,
};
