/**
 * How a phone number is shown everywhere (cards, lists, profiles, exports): Russian numbers as
 * «+7 900 000-00-01» whether stored as E.164, with an 8 or without the country code; other
 * numbers as entered (the server, which has the numbering plans, may format those itself).
 */
export function russianPhone(value: string): string | null {
  const digits = value.replace(/\D/g, '');
  let national: string | null = null;
  if (digits.length === 11 && (digits[0] === '7' || digits[0] === '8')) national = digits.slice(1);
  else if (digits.length === 10 && digits[0] === '9') national = digits;
  if (!national) return null;
  return `+7 ${national.slice(0, 3)} ${national.slice(3, 6)}-${national.slice(6, 8)}-${national.slice(8, 10)}`;
}

export function formatPhone(value: string): string {
  return russianPhone(value) ?? value.trim();
}

/** A tel: link of a phone as entered. */
export function phoneHref(value: string): string {
  return `tel:${value.replace(/[^\d+]/g, '')}`;
}
