import snowball from 'snowball-stemmers';

const russian = snowball.newStemmer('russian');

/** Lower case, ё → е: how both the index and the query spell a word. */
export function normalize(text: string): string {
  return text.toLowerCase().replace(/ё/g, 'е');
}

/** Letters and digits only: «Бумага A4, 80 г/м²» → бумага, a4, 80, г, м². */
function tokens(text: string): string[] {
  return normalize(text).match(/[\p{L}\p{N}²³]+/gu) ?? [];
}

function stem(word: string): string {
  return /[а-я]/.test(word) ? russian.stem(word) : word;
}

/** What a product is found by: the stems of its name's words and its SKU as typed (lower case). */
export function productWords(name: string, sku: string): string[] {
  const out = new Set<string>();
  for (const w of tokens(name)) out.add(stem(w).slice(0, 100));
  const code = normalize(sku.trim());
  if (code) {
    out.add(code.slice(0, 100));
    for (const w of tokens(code)) out.add(w.slice(0, 100));
  }
  out.delete('');
  return [...out];
}

/**
 * One word of a query: the stored words it matches are those starting with `prefix` and the
 * `exact` ones. The stemmer cuts a full word further than a word it has seen only the start of
 * («печать» → печа, «печати» → печат), so a stem's shorter prefixes match exactly too.
 */
export interface QueryTerm {
  prefix: string;
  exact: string[];
}

/** Prepositions and conjunctions: «кружка с логотипом» looks for the words that tell products apart. */
const STOP_WORDS = new Set(['а', 'без', 'в', 'во', 'для', 'до', 'и', 'из', 'к', 'на', 'над', 'о', 'об', 'от', 'по', 'под', 'при', 'про', 'с', 'со', 'у']);

export function queryTerms(q: string): QueryTerm[] {
  const out: QueryTerm[] = [];
  const words = normalize(q).split(/\s+/).filter(Boolean);
  const meaningful = words.filter((w) => !STOP_WORDS.has(w));
  for (const raw of (meaningful.length ? meaningful : words).slice(0, 6)) {
    const parts = tokens(raw);
    if (!parts.length) continue;
    if (parts.length > 1 || parts[0] !== raw) {
      // «PR-A4» is an SKU's start as typed; its pieces find the same product too.
      out.push({ prefix: raw, exact: [] });
      continue;
    }
    const s = stem(raw);
    const exact: string[] = [];
    for (let n = s.length - 1; n >= Math.max(3, s.length - 2); n--) exact.push(s.slice(0, n));
    out.push({ prefix: s, exact });
  }
  return out;
}
