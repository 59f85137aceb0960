import { ru } from './ru.js';
import { en } from './en.js';

export type Lang = 'ru' | 'en';
export type MessageKey = keyof typeof ru;
export const languages: Lang[] = ['ru', 'en'];

const dictionaries: Record<Lang, Record<string, string>> = { ru, en };

/** Server-side messages: errors, notifications, mail. `{name}` placeholders are filled from params. */
export function t(lang: Lang, key: MessageKey | string, params: Record<string, string | number> = {}): string {
  const template = dictionaries[lang][key] ?? dictionaries.ru[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, p) => String(params[p] ?? ''));
}

export function pickLang(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return 'ru';
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'ru';
}
