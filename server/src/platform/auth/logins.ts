import { russianPhone } from '@vavilon/contracts';
import { parsePhoneNumberFromString } from 'libphonenumber-js';

export type Login = { kind: 'email'; value: string } | { kind: 'phone'; value: string };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_EMAIL = 320;

/** An e-mail or a phone number in any common format (+7 900 000-00-01, 89000000001). */
export function parseLogin(raw: string): Login | null {
  const s = raw.trim();
  if (s.includes('@')) {
    // Lower-casing can lengthen a string ('İ' → 'i̇'): check the length of what is stored.
    const value = s.toLowerCase();
    return EMAIL.test(value) && value.length <= MAX_EMAIL ? { kind: 'email', value } : null;
  }
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

/** Russian numbers as everywhere in the portal (contracts' rule); others in the international form. */
export function formatPhone(e164: string): string {
  const p = parsePhoneNumberFromString(e164);
  if (!p) return e164;
  if (p.countryCallingCode === '7') return russianPhone(`+7${p.nationalNumber}`) ?? e164;
  return p.formatInternational();
}
