import { addMessages, lookup, type Lang } from './catalog.js';
import { platformMessages } from './messages.js';

export { addMessages, defineMessages, languages, messageOwners, type Lang, type MessageCatalog } from './catalog.js';

/**
 * Every server message key: the platform's, and each module's from its `messages.ts` (which adds its
 * keys here by declaration merging and its texts through its registration's `messages`).
 */
export interface MessageKeys extends Record<keyof typeof platformMessages.ru, true> {}
export type MessageKey = keyof MessageKeys & string;

addMessages('platform', platformMessages);

/** Server-side messages: errors, notifications, mail. `{name}` placeholders are filled from params. */
/**
 * The message in `lang` with its {placeholders} filled. A parameter kept in every language (a
 * robot's run written once, read by each reader in their own) is given as `<name>_<lang>`.
 */
export function t(lang: Lang, key: MessageKey | string, params: Record<string, string | number> = {}): string {
  const template = lookup(lang, key) ?? key;
  return template.replace(/\{(\w+)\}/g, (_, p) => String(params[p] ?? params[`${p}_${lang}`] ?? ''));
}

export function pickLang(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return 'ru';
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'ru';
}
