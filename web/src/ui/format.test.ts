import { afterEach, describe, expect, it, vi } from 'vitest';

const lang = vi.hoisted(() => ({ language: 'ru' }));
vi.mock('../i18n', () => ({ default: lang, currentLocale: () => (lang.language === 'en' ? 'en-GB' : 'ru-RU') }));

const { currencySymbol, formatDate, formatMoney, formatNumber, formatPhone, initials, phoneHref } = await import('./format');

afterEach(() => {
  lang.language = 'ru';
});

describe('numbers and money in the interface language', () => {
  it('groups Russian numbers with thin spaces and a decimal comma', () => {
    expect(formatNumber(1250000)).toBe('1\u202f250\u202f000');
    expect(formatNumber('1250000.5')).toBe('1\u202f250\u202f000,5');
    expect(formatNumber('-0012')).toBe('-12');
    expect(formatNumber('')).toBe('');
    expect(formatNumber('не число')).toBe('не число');
  });

  it('shows kopecks only when there are some, and the currency sign after a no-break space', () => {
    expect(formatMoney('1250000')).toBe('1\u202f250\u202f000\u00a0₽');
    expect(formatMoney('1250000.5')).toBe('1\u202f250\u202f000,50\u00a0₽');
    expect(formatMoney('10.00', 'USD')).toBe('10\u00a0$');
    expect(formatMoney(null)).toBe('');
    expect(currencySymbol('XYZ')).toBe('XYZ');
  });

  it('uses commas and a decimal point in English', () => {
    lang.language = 'en';
    expect(formatNumber('1250000.5')).toBe('1,250,000.5');
    expect(formatMoney(99.5, 'EUR')).toBe('99.50\u00a0€');
  });
});

describe('dates, phones and initials', () => {
  it('writes a date without the «г.» Intl adds in Russian', () => {
    expect(formatDate(new Date(2026, 10, 26, 12))).toBe('26 ноября 2026');
    expect(formatDate('nonsense')).toBe('');
  });

  it('shows Russian numbers as +7 900 000-00-01 and keeps other numbers as entered', () => {
    expect(formatPhone('89001234567')).toBe('+7 900 123-45-67');
    expect(formatPhone('9001234567')).toBe('+7 900 123-45-67');
    expect(formatPhone(' +44 20 7946 0958 ')).toBe('+44 20 7946 0958');
    expect(phoneHref('+7 (900) 123-45-67')).toBe('tel:+79001234567');
  });

  it('takes initials from the names, else from the fallback', () => {
    expect(initials('анна', 'Иванова')).toBe('АИ');
    expect(initials('', '', 'ops')).toBe('OP');
  });
});
