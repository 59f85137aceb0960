import i18n from '../../i18n';

type Words = Record<string, unknown>;

/** Adds words to the `automation` namespace (deep merge): the designer and the run log each keep theirs in their folder, Russian first. */
export function addAutomationWords(ru: Words, en: Words): void {
  i18n.addResourceBundle('ru', 'automation', ru, true, true);
  i18n.addResourceBundle('en', 'automation', en, true, true);
}

addAutomationWords({ title: 'Роботы', log: 'Журнал роботов' }, { title: 'Robots', log: 'Robot log' });
