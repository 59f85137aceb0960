import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { setRequestLanguage } from '../api/client';
import { ru } from './ru';
import { en } from './en';

export type Language = 'ru' | 'en';
const STORAGE_KEY = 'portal.language';

function storedLanguage(): Language {
  try {
    const v = window.localStorage.getItem(STORAGE_KEY);
    return v === 'en' ? 'en' : 'ru';
  } catch {
    return 'ru';
  }
}

function syncLanguage(lang: string) {
  const l: Language = lang === 'en' ? 'en' : 'ru';
  document.documentElement.lang = l;
  setRequestLanguage(l, { network: i18n.t('errors.network'), unknown: i18n.t('errors.unknown') });
}

void i18n.use(initReactI18next).init({
  resources: { ru: { translation: ru }, en: { translation: en } },
  lng: storedLanguage(),
  fallbackLng: 'ru',
  supportedLngs: ['ru', 'en'],
  interpolation: { escapeValue: false },
  returnNull: false,
});
syncLanguage(i18n.language);
i18n.on('languageChanged', syncLanguage);

/** Switches the interface language and remembers it on this device (the server keeps the user's choice). */
export async function switchLanguage(lang: Language): Promise<void> {
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    /* private mode: the server still remembers it */
  }
  if (i18n.language !== lang) await i18n.changeLanguage(lang);
}

export function currentLocale(): string {
  return i18n.language === 'en' ? 'en-GB' : 'ru-RU';
}

export default i18n;
