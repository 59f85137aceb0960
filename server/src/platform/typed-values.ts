import type { TypedValue } from '@vavilon/contracts';
import { normalizePhone, parseLogin } from './auth/logins.js';
import type { FieldError } from './errors.js';

/** Phones to E.164, e-mails lower-cased; each bad value is reported at its own path. */
export function normalizeTyped(list: TypedValue[] | undefined, kind: 'phone' | 'email' | 'url' | 'plain', field: string, errors: FieldError[]): TypedValue[] | undefined {
  if (!list) return undefined;
  return list.map((v, i) => {
    const value = v.value.trim();
    if (kind === 'phone') {
      const n = normalizePhone(value);
      if (!n) errors.push({ field: `${field}.${i}.value`, message: 'field.phone_invalid' });
      return { type: v.type, value: n ?? value };
    }
    if (kind === 'email') {
      const p = parseLogin(value);
      if (!p || p.kind !== 'email') errors.push({ field: `${field}.${i}.value`, message: 'field.email_invalid' });
      return { type: v.type, value: value.toLowerCase() };
    }
    if (kind === 'url' && !/^https?:\/\/\S+$|^[\w.-]+\.[a-z]{2,}(\/\S*)?$/i.test(value)) {
      errors.push({ field: `${field}.${i}.value`, message: 'field.url_invalid' });
    }
    return { type: v.type, value };
  });
}
