import { describe, expect, it } from 'vitest';
import { Registry } from './registry/registry.js';
import { defineMessages, messageOwners, t } from './i18n/index.js';
import { modules } from '../modules/index.js';

const registry = new Registry();
for (const m of modules) registry.add(m);

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('server messages', () => {
  it('come from the module that owns them, merged into one catalogue that t() reads', () => {
    expect(messageOwners().get('crm.import.too_large')).toBe('crm');
    expect(messageOwners().get('user.manager_cycle')).toBe('users');
    expect(messageOwners().get('error.not_found')).toBe('platform');
    expect(t('ru', 'crm.import.too_large', { mb: 20 })).toBe('Файл больше 20 МБ');
    expect(t('en', 'crm.import.too_large', { mb: 20 })).toBe('The file is larger than 20 MB');
    expect(t('en', 'auth.locked', { minutes: 15 })).toContain('15');
    expect(t('ru', 'no.such_key')).toBe('no.such_key');
  });

  it('are written in one style: <area>.<what> keys, the same {placeholders} in Russian and English, no empty text', () => {
    const crm = modules.find((m) => m.name === 'crm')!.messages!;
    expect(Object.keys(crm.ru).length).toBeGreaterThan(50);
    for (const m of modules) {
      if (!m.messages) continue;
      expect(Object.keys(m.messages.en).sort(), m.name).toEqual(Object.keys(m.messages.ru).sort());
      for (const [key, ru] of Object.entries(m.messages.ru)) {
        expect(key).toMatch(/^[a-z0-9_]+(\.[a-z0-9_]+)+$/);
        const en = m.messages.en[key]!;
        expect(ru.trim(), key).not.toBe('');
        expect(en.trim(), key).not.toBe('');
        expect(placeholders(en), key).toEqual(placeholders(ru));
        // One placeholder syntax: `{name}`, never `{{name}}`, `%s` or `${name}`.
        expect(ru + en, key).not.toMatch(/\{\{|%s|%d|\$\{/);
      }
    }
  });

  it('refuse, at start, a key another module already owns', () => {
    const twice = new Registry();
    const clash = defineMessages({ ru: { 'crm.import.too_large': 'Другое' }, en: { 'crm.import.too_large': 'Other' } });
    expect(() => twice.add({ name: 'tasks', messages: clash })).toThrow('message crm.import.too_large of tasks is already a message of crm');
    expect(t('ru', 'crm.import.too_large', { mb: 1 })).toBe('Файл больше 1 МБ');
  });
});
