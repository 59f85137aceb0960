import { parsePhoneNumberFromString } from 'libphonenumber-js';

export type Login = { kind: 'email'; value: string } | { kind: 'phone'; value: string };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** An e-mail or a phone number in any common format (+7 900 000-00-01, 89000000001). */
export function parseLogin(raw: string): Login | null {
  const s = raw.trim();
  if (s.includes('@')) return EMAIL.test(s) ? { kind: 'email', value: s.toLowerCase() } : null;
  const phone = normalizePhone(s);
  return phone ? { kind: 'phone', value: phone } : null;
}

/** E.164, Russia by default; a leading 8 is the Russian trunk prefix. */
export function normalizePhone(raw: string): string | null {
  const s = raw.trim();
  if (!/^[+\d\s()\-.]{5,25}$/.test(s)) return null;
  const p = parsePhoneNumberFromString(s, 'RU');
  return p && p.isValid() ? p.number : null;
}

export function formatPhone(e164: string): string {
  const p = parsePhoneNumberFromString(e164);
  if (!p) return e164;
  if (p.countryCallingCode === '7') {
    const n = p.nationalNumber;
    return `+7 ${n.slice(0, 3)} ${n.slice(3, 6)}-${n.slice(6, 8)}-${n.slice(8)}`;
  }
  return p.formatInternational();
}
