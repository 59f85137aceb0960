import { defineMessages } from '../../platform/i18n/index.js';

/** The groups module's server messages. */
export const groupsMessages = defineMessages({
  ru: {
    'groups.member_invalid': 'Такого сотрудника нет на портале',
  },
  en: {
    'groups.member_invalid': 'There is no such employee on the portal',
  },
});

declare module '../../platform/i18n/index.js' {
  interface MessageKeys extends Record<keyof typeof groupsMessages.ru, true> {}
}
