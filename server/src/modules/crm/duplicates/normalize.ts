/**
 * The normal forms items are matched by, one set of functions for the duplicate index, the card's
 * warning and the import's duplicate policy: two values that normalise alike name the same thing.
 */

/** Digits only, the Russian trunk prefix 8 (and a bare ten-digit number) unified to 7: «8 (900) 000-00-01» → «79000000001». */
export function normalizePhoneKey(raw: string | null | undefined): string | null {
  const digits = (raw ?? '').replace(/\D+/g, '');
  if (digits.length < 5) return null;
  if (digits.length === 11 && digits[0] === '8') return `7${digits.slice(1)}`;
  if (digits.length === 10 && digits[0] === '9') return `7${digits}`;
  return digits;
}

/** Trimmed and lower-cased; not an e-mail without an «@». */
export function normalizeEmailKey(raw: string | null | undefined): string | null {
  const v = (raw ?? '').trim().toLowerCase();
  return v.includes('@') && v.length > 2 ? v : null;
}

const words = (s: string | null | undefined) =>
  (s ?? '')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/** «Петров Иван» and «иван петров» alike: the words of the last and first names, lower-cased, ё→е, in one order. */
export function normalizePersonName(lastName: string | null | undefined, firstName: string | null | undefined): string | null {
  const all = [...words(lastName), ...words(firstName)].sort();
  return all.length ? all.join(' ') : null;
}

/** Legal forms a company's name is written with or without («ООО», «Общество с ограниченной ответственностью»). */
const LEGAL_FORMS = [
  'общество с ограниченной ответственностью',
  'публичное акционерное общество',
  'закрытое акционерное общество',
  'открытое акционерное общество',
  'непубличное акционерное общество',
  'акционерное общество',
  'индивидуальный предприниматель',
];
const LEGAL_ABBR = new Set(['ооо', 'оао', 'зао', 'пао', 'нао', 'ао', 'ип', 'ooo', 'llc', 'ltd', 'inc']);

/** «ООО «Ромашка»» and «Ромашка» alike: lower-cased, ё→е, quotes, punctuation and legal forms dropped. */
export function normalizeCompanyTitle(raw: string | null | undefined): string | null {
  let s = (raw ?? '').toLowerCase().replace(/ё/g, 'е');
  for (const f of LEGAL_FORMS) s = s.split(f).join(' ');
  const left = words(s).filter((w) => !LEGAL_ABBR.has(w));
  return left.length ? left.join(' ') : null;
}

/** Digits only; an ИНН has 10 (a company) or 12 (a person) of them. */
export function normalizeInn(raw: string | null | undefined): string | null {
  const digits = (raw ?? '').replace(/\D+/g, '');
  return digits.length === 10 || digits.length === 12 ? digits : null;
}

/** A contact's name key: the name, with the company's when it works at one («иван петров|ромашка»). */
export function contactNameKey(name: string, companyTitle: string | null): string {
  return companyTitle ? `${name}|${companyTitle}` : name;
}
