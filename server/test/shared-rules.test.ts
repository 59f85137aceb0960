import { formatMoney, formatPhone, fromMinor, parseMoneyInput, toMinor } from '@vavilon/contracts';
import { describe, expect, it } from 'vitest';
import { formatPhone as serverPhone } from '../src/platform/auth/logins.js';

// The rules both the server (exports, stored sums) and the web (cards, lists) apply, kept once in contracts.
describe('money and phones shared by server and web', () => {
  it('counts kopecks exactly from what people type and what the wire carries', () => {
    expect(toMinor('1250000.5')).toBe(125000050);
    expect(toMinor('1 250 000,05')).toBe(125000005);
    expect(toMinor('0.1')).toBe(10);
    expect(toMinor('-12.34')).toBe(-1234);
    expect(toMinor('19.999')).toBe(2000);
    expect(toMinor(4.35)).toBe(435);
    expect(toMinor('abc')).toBe(0);
    expect(fromMinor(125000050)).toBe('1250000.50');
    expect(fromMinor(-5)).toBe('-0.05');
    expect(parseMoneyInput('1 250 000,5 ₽')).toBe('1250000.5');
    expect(parseMoneyInput('12,345')).toBeNull();
  });

  it('writes money with thin spaces and the currency, kopecks only when present', () => {
    expect(formatMoney('1250000.00', 'RUB')).toBe('1\u202f250\u202f000\u00a0₽');
    expect(formatMoney('1250000.5', 'USD')).toBe('1\u202f250\u202f000,50\u00a0$');
    expect(formatMoney('1250000.5', 'RUB', 'en')).toBe('1,250,000.50\u00a0₽');
  });

  it('shows Russian phones as +7 900 000-00-01 on both sides, other numbers as the server formats them', () => {
    for (const v of ['+79000000001', '89000000001', '9000000001', '+7 (900) 000-00-01']) expect(formatPhone(v)).toBe('+7 900 000-00-01');
    expect(serverPhone('+79000000001')).toBe('+7 900 000-00-01');
    expect(formatPhone('+44 20 7946 0958')).toBe('+44 20 7946 0958');
    expect(serverPhone('+442079460958')).toBe('+44 20 7946 0958');
  });
});
