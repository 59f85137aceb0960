/** Where the portal serves emojibase-data (copied into the web build by web/emojibase-plugin.ts); never a CDN. */
export const EMOJIBASE_VERSION = '17.0.0';
export const EMOJIBASE_URL = `/emojibase/${EMOJIBASE_VERSION}`;
/** The locales copied, each as `<locale>/data.json` and `<locale>/messages.json` (what frimousse fetches). */
export const EMOJIBASE_LOCALES = ['ru', 'en'] as const;
export const EMOJIBASE_FILES = ['data.json', 'messages.json'] as const;
