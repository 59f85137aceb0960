export type Lang = 'ru' | 'en';
export const languages: Lang[] = ['ru', 'en'];

/** A module's messages: the same keys in every language (the compiler holds `en` to the keys of `ru`). */
export interface MessageCatalog {
  ru: Record<string, string>;
  en: Record<string, string>;
}

/**
 * A module's server messages, in its own `messages.ts`. Keys are `<area>.<what>` in lower case with
 * underscores (`crm.import.too_large`); values fill `{name}` placeholders from the params of `t()`.
 */
export function defineMessages<const R extends Record<string, string>>(m: { ru: R; en: { [K in keyof R]: string } }): { ru: R; en: Record<keyof R, string> } {
  return m;
}

const dictionaries: Record<Lang, Map<string, string>> = { ru: new Map(), en: new Map() };
const owners = new Map<string, string>();

/** Adds an owner's messages (the registry does, as each module is added); a key of two owners fails at start. */
export function addMessages(owner: string, catalog: MessageCatalog): void {
  for (const key of Object.keys(catalog.ru)) {
    const other = owners.get(key);
    if (other && other !== owner) throw new Error(`message ${key} of ${owner} is already a message of ${other}`);
  }
  for (const key of Object.keys(catalog.ru)) {
    owners.set(key, owner);
    for (const lang of languages) dictionaries[lang].set(key, catalog[lang][key] ?? catalog.ru[key]!);
  }
}

export function lookup(lang: Lang, key: string): string | undefined {
  return dictionaries[lang].get(key) ?? dictionaries.ru.get(key);
}

/** Every registered key with its owner, for the tests that check the catalogue. */
export function messageOwners(): ReadonlyMap<string, string> {
  return owners;
}
