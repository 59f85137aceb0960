import ru from 'convert-layout/ru.js';
import snowball from 'snowball-stemmers';

// The language layer of search: how the index and the query spell, cut and compare words, the
// same in JS (SQLite FTS5 gets stems from here) as PostgreSQL's `russian` configuration and pg_trgm.

const russian = snowball.newStemmer('russian');
const english = snowball.newStemmer('english');

/** NFKC, lower case, ё → е, punctuation and symbols to spaces, one space between words: «Ёлка, ООО „Волга“» → «елка ооо волга». */
export function normalize(s: string): string {
  return (
    s
      // Before NFKC too, which would spell «№» as «No» and «™» as «TM».
      .replace(/[\p{P}\p{S}]/gu, ' ')
      .normalize('NFKC')
      // Invisible characters (soft hyphens, zero-width spaces) and marks left after NFKC (stress
      // accents, «до́говор») are not part of the word a user types.
      .replace(/[\p{Cf}\p{M}]/gu, '')
      .toLowerCase()
      .replace(/ё/g, 'е')
      .replace(/[\p{P}\p{S}]/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** The words of a text: runs of Cyrillic, Latin letters and digits («сделка №12, a4» → сделка, 12, a4). */
export function words(s: string): string[] {
  return normalize(s).match(/[\p{Script=Cyrillic}\p{Script=Latin}\p{Nd}]+/gu) ?? [];
}

/**
 * The stem of one word, chosen as PostgreSQL's `russian` configuration chooses: ASCII letters go
 * to the English (Porter2) stemmer, other letters to the Russian one, words with digits stay whole.
 * ё is read as е first: PostgreSQL's Snowball does so itself, the JS port leaves «ёлка» uncut.
 * One true difference remains: PostgreSQL's `russian_stem` and `english_stem` drop stop words
 * («и», «в», «the», «only») and this keeps them; the index decides what to do with them.
 */
export const stem = remembered((word: string): string => {
  const w = word.toLowerCase().replace(/ё/g, 'е');
  if (/\d/.test(w)) return w;
  return /^[a-z]+$/.test(w) ? english.stem(w) : russian.stem(w);
});

/**
 * A pure function of a word that keeps its last 100,000 answers: the Snowball port takes some
 * 30 µs a word and a name key some 10, and a rebuild of millions of items meets the same words again and again.
 */
function remembered(fn: (s: string) => string): (s: string) => string {
  const kept = new Map<string, string>();
  return (s) => {
    let out = kept.get(s);
    if (out === undefined) {
      out = fn(s);
      if (kept.size >= 100_000) kept.clear();
      kept.set(s, out);
    }
    return out;
  };
}

/** The stems of a text's words, in order: «Звонки по сделкам» → звонк, по, сделк. */
export function stems(s: string): string[] {
  return words(s).map(stem);
}

/**
 * Text typed in the other keyboard layout, as meant: «cltkrf» → «сделка», «руддщ» → «hello».
 * The script most of its letters are in says which way; null when there is nothing to convert.
 */
export function fromWrongLayout(s: string): string | null {
  const latin = s.match(/[a-z]/gi)?.length ?? 0;
  const cyrillic = s.match(/[а-яё]/gi)?.length ?? 0;
  if (!latin && !cyrillic) return null;
  const out = latin > cyrillic ? ru.fromEn(s) : ru.toEn(s);
  return out === s ? null : out;
}

// The spelling of Russian passports before 2013 and of most signatures: й → y, х → kh, ю → yu.
const LATIN: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm',
  н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh',
  щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
}; // prettier-ignore

/** Cyrillic written in Latin letters, lower case, other characters as they are: «Щукина Юлия» → «shchukina yuliya». */
export function latinOf(s: string): string {
  return normalize(s).replace(/[а-я]/g, (c) => LATIN[c] ?? c);
}

/**
 * A name in one comparable Latin form whichever script and spelling it was written in: «Юлия»,
 * «Yulia» and «Julia» → «iulia»; «Кузнецов» and «Kuznetsov» → «kuznecov». The usual variants
 * collapse (y/i/j, kh/h, ts/tz, ye/e at a word's start or after a vowel, yo/e at a word's start or after a consonant,
 * w/v, x/ks, double letters); a name's gender ending and ш/щ stay apart.
 */
export const nameKey = remembered((s: string): string =>
  latinOf(s)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '') // José → jose
    .split(' ')
    .map((w) =>
      w
        .replace(/(^|[aeiou])[yj]e/g, '$1e') // Yelena, Andreyev
        .replace(/(^|[^aeiouyj])yo/g, '$1e') // Fyodor, Artyom, Yolkin: ё is е in the key
        .replace(/shch/g, 'sch')
        .replace(/kh/g, 'h')
        .replace(/t[sz]/g, 'c')
        .replace(/[yj]/g, 'i')
        .replace(/w/g, 'v')
        .replace(/x/g, 'ks')
        .replace(/(.)\1+/g, '$1'),
    )
    .join(' '),
);

/** The trigrams of a text as pg_trgm makes them: each word padded with two spaces before and one after. */
export function trigrams(s: string): Set<string> {
  const out = new Set<string>();
  // pg_trgm breaks words at whatever is not a letter or a digit.
  for (const word of normalize(s).match(/[\p{L}\p{N}]+/gu) ?? []) {
    const chars = [...`  ${word} `];
    for (let i = 0; i + 3 <= chars.length; i++) out.add(chars.slice(i, i + 3).join(''));
  }
  return out;
}

/**
 * How alike two texts are, from 0 to 1: shared trigrams over all trigrams, as pg_trgm's
 * `similarity()` (with ё read as е and stress marks dropped, which pg_trgm does not do). «Петрова» and «Петрава» give 0.4545.
 */
export function similarity(a: string, b: string): number {
  const x = trigrams(a);
  const y = trigrams(b);
  if (!x.size || !y.size) return 0;
  let shared = 0;
  for (const t of x) if (y.has(t)) shared++;
  return shared / (x.size + y.size - shared);
}

/** The digits of a phone number however written, a Russian leading 8 of 11 digits read as 7: «8 (912) 345-67-89» → «79123456789». */
export function phoneDigits(s: string): string {
  const digits = s.normalize('NFKC').replace(/\D/g, '');
  return digits.length === 11 && digits.startsWith('8') ? `7${digits.slice(1)}` : digits;
}

/** An e-mail address trimmed and in lower case, or null when the text is not one. */
export function emailKey(s: string): string | null {
  const e = s.trim().toLowerCase();
  return /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(e) ? e : null;
}
