import { describe, expect, it } from 'vitest';
import { companyKeys, contactKeys, scoreOf } from './keys.js';
import { normalizeCompanyTitle, normalizeEmailKey, normalizeInn, normalizePersonName, normalizePhoneKey } from './normalize.js';

describe('normal forms', () => {
  it('writes a Russian phone one way whatever its prefix and punctuation', () => {
    for (const p of ['+7 (900) 000-00-01', '8 900 000 00 01', '79000000001', '900-000-00-01', ' +7-900-000-0001 ']) expect(normalizePhoneKey(p)).toBe('79000000001');
    expect(normalizePhoneKey('+49 30 1234567')).toBe('49301234567');
    expect(normalizePhoneKey('12-3')).toBeNull();
    expect(normalizePhoneKey('')).toBeNull();
  });

  it('lower-cases and trims e-mails, and refuses what is not one', () => {
    expect(normalizeEmailKey('  Ivan.Petrov@Example.RU ')).toBe('ivan.petrov@example.ru');
    expect(normalizeEmailKey('ivan')).toBeNull();
  });

  it('reads a person’s name in either order, with ё as е', () => {
    expect(normalizePersonName('Петров', 'Иван')).toBe('иван петров');
    expect(normalizePersonName('иван', 'ПЕТРОВ')).toBe('иван петров');
    expect(normalizePersonName('Алёшин', 'Пётр')).toBe(normalizePersonName('Алешин', 'Петр'));
    expect(normalizePersonName(' ', '')).toBeNull();
  });

  it('drops the legal form and quotes of a company name', () => {
    for (const t of ['ООО «Ромашка»', 'Ромашка', 'ооо "РОМАШКА"', 'Общество с ограниченной ответственностью «Ромашка»', 'Ромашка, ООО']) expect(normalizeCompanyTitle(t)).toBe('ромашка');
    expect(normalizeCompanyTitle('АО «Сбер Лизинг»')).toBe('сбер лизинг');
    expect(normalizeCompanyTitle('ИП Ёлкин')).toBe('елкин');
    expect(normalizeCompanyTitle('ООО')).toBeNull();
  });

  it('keeps the digits of an ИНН of 10 or 12', () => {
    expect(normalizeInn(' 7707 083893 ')).toBe('7707083893');
    expect(normalizeInn('500100732259')).toBe('500100732259');
    expect(normalizeInn('12345')).toBeNull();
  });

  it('gives a contact a name key with each of its companies, and a company its ИНН and name', () => {
    expect(contactKeys({ phones: ['8 900 000 00 01', '+79000000001'], emails: ['A@B.RU'], lastName: 'Петров', firstName: 'Иван', companyTitles: ['ООО «Ромашка»'] })).toEqual([
      { kind: 'phone', key: '79000000001' },
      { kind: 'email', key: 'a@b.ru' },
      { kind: 'name', key: 'иван петров|ромашка' },
    ]);
    expect(contactKeys({ phones: [], emails: [], lastName: 'Петров', firstName: 'Иван', companyTitles: [] })).toEqual([{ kind: 'name', key: 'иван петров' }]);
    expect(companyKeys({ phones: [], emails: [], title: 'ООО «Ромашка»', inn: '7707083893' })).toEqual([
      { kind: 'title', key: 'ромашка' },
      { kind: 'inn', key: '7707083893' },
    ]);
  });

  it('scores an ИНН or a phone above a name, and more shared keys higher', () => {
    const inn = scoreOf([{ kind: 'inn', key: '7707083893' }]);
    const phone = scoreOf([{ kind: 'phone', key: '79000000001' }]);
    const name = scoreOf([{ kind: 'name', key: 'иван петров' }]);
    expect(inn).toBeGreaterThan(phone);
    expect(phone).toBeGreaterThan(name);
    expect(
      scoreOf([
        { kind: 'phone', key: '7' },
        { kind: 'name', key: 'иван петров|ромашка' },
      ]),
    ).toBeGreaterThan(phone);
    expect(
      scoreOf([
        { kind: 'inn', key: '1' },
        { kind: 'title', key: 'a' },
        { kind: 'phone', key: '2' },
      ]),
    ).toBeLessThanOrEqual(100);
  });
});
