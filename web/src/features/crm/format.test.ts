import { describe, expect, it, vi } from 'vitest';

vi.mock('../../i18n', () => ({ default: { language: 'ru' }, currentLocale: () => 'ru-RU' }));

const { fromMinor, isoDay, moneyInputValue, parseDay, parseMoneyInput, textOn, toMinor } = await import('./format');

describe('money in the CRM', () => {
  it('counts in kopecks, so sums never drift', () => {
    expect(toMinor('0.1') + toMinor('0.2')).toBe(30);
    expect(toMinor('1 250,55')).toBe(125055);
    expect(toMinor('')).toBe(0);
    expect(toMinor('abc')).toBe(0);
    expect(fromMinor(125055)).toBe('1250.55');
    expect(fromMinor(-5)).toBe('-0.05');
  });

  it('reads what a user typed in a money field, and refuses what is not money', () => {
    expect(parseMoneyInput('1 250 000,5 ₽')).toBe('1250000.5');
    expect(parseMoneyInput('')).toBe('');
    expect(parseMoneyInput('12,345')).toBeNull();
    expect(parseMoneyInput('десять')).toBeNull();
  });

  it('shows money in an input grouped, without the currency', () => {
    expect(moneyInputValue('1250000.50')).toBe('1 250 000,50');
    expect(moneyInputValue('1250000.00')).toBe('1 250 000');
    expect(moneyInputValue(null)).toBe('');
  });
});

describe('colours and days', () => {
  it('puts dark text on light stage colours and white on dark ones', () => {
    expect(textOn('#ffffff')).toBe('#1f2d3d');
    expect(textOn('#1f2d3d')).toBe('#fff');
    expect(textOn('red')).toBe('#fff');
  });

  it('reads a calendar day without shifting it through time zones', () => {
    const d = parseDay('2026-11-26T00:00:00Z')!;
    expect([d.getFullYear(), d.getMonth(), d.getDate()]).toEqual([2026, 10, 26]);
    expect(isoDay(d)).toBe('2026-11-26');
    expect(parseDay('26.11.2026')).toBeNull();
  });
});
