import type { SearchDocument } from '../../platform/registry/registry.js';
import { emailKey, nameKey, normalize, phoneDigits, stem, words } from './text.js';

// What the index stores of a document and what a query asks of it: the same functions make both,
// so a word is cut the same way when it is written and when it is looked for.

/** Words kept of a body: enough for a long description or a thread of comments. */
const BODY_WORDS = 3000;
/** The words a query is made of at most. */
const QUERY_WORDS = 8;

/** A document as the engines store it: stems of its title and body, name keys, exact keys, vocabulary. */
export interface PreparedDocument {
  itemId: number;
  title: string;
  subtitle: string | null;
  url: string;
  authorId: number | null;
  date: string | null;
  titleStems: string[];
  bodyStems: string[];
  /** The title's words in one Latin spelling (`nameKey`), so «Ivanov» finds «Иванов». */
  names: string[];
  /** Phones and e-mails as `tel:<digits>` and `mail:<address>`. */
  keys: string[];
  /** The title's words that typos are corrected against. */
  vocabulary: string[];
  /** The tokens its rights are decided on (`SearchDocument.access`). */
  access: string[];
}

const unique = <T>(xs: T[]): T[] => [...new Set(xs)];

/** The keys a phone number is found by: all its digits and, for a Russian number, the ten after +7. */
export function phoneKeys(phone: string): string[] {
  const d = phoneDigits(phone);
  if (d.length < 5) return [];
  const out = [`tel:${d}`];
  if (d.length === 11 && d.startsWith('7')) out.push(`tel:${d.slice(1)}`);
  return out;
}

export function prepare(doc: SearchDocument): PreparedDocument {
  const titleWords = words(doc.title);
  return {
    itemId: doc.id,
    title: doc.title.slice(0, 500),
    subtitle: doc.subtitle ? doc.subtitle.slice(0, 500) : null,
    url: doc.url,
    authorId: doc.authorId ?? null,
    date: doc.date ?? null,
    titleStems: titleWords.map(stem),
    // The subtitle (a stage, a company, a department) is found too, as body text.
    bodyStems: words(`${doc.subtitle ?? ''} ${doc.body ?? ''}`)
      .slice(0, BODY_WORDS)
      .map(stem),
    names: unique(
      titleWords
        .filter((w) => !/\d/.test(w))
        .map((w) => nameKey(w))
        .filter(Boolean),
    ),
    keys: unique([
      ...(doc.phones ?? []).flatMap(phoneKeys),
      ...(doc.emails ?? [])
        .map(emailKey)
        .filter((e): e is string => !!e)
        .map((e) => `mail:${e}`),
    ]),
    vocabulary: unique(titleWords.filter((w) => w.length >= 3 && !/\d/.test(w))),
    access: unique((doc.access ?? []).filter((t) => /^[a-z0-9]+$/.test(t))),
  };
}

/** One form a query word is looked for in: a stem in titles (and bodies), or a name key among the titles' names. */
export interface Alternative {
  text: string;
  in: 'words' | 'names';
  /** Matches the beginnings of longer ones too («сдел» → «сделка»). */
  prefix: boolean;
}

/** One word of a query: any of its alternatives matches. */
export interface Term {
  /** The word as typed (normalised), for typo correction. */
  word: string;
  alternatives: Alternative[];
}

/** The alternatives of one word: its stem and its name key, matching longer words from three letters on. */
export function alternativesOf(word: string, prefix = word.length >= 3): Alternative[] {
  const out: Alternative[] = [{ text: stem(word), in: 'words', prefix }];
  const key = /\d/.test(word) ? '' : nameKey(word);
  if (key) out.push({ text: key, in: 'names', prefix });
  return out;
}

export function termsOf(query: string): Term[] {
  const ws = words(query);
  // One-letter words («с», «и») say nothing, unless they are all there is.
  const kept = ws.filter((w) => w.length > 1 || /\d/.test(w));
  const used = (kept.length ? kept : ws).slice(0, QUERY_WORDS);
  // The last word may still be being typed: it matches longer words however short it is («сделка 2» → «Сделка 20»).
  // The others are whole words: their stem already stands for every form.
  return used.map((w, i) => ({ word: w, alternatives: alternativesOf(w, i === used.length - 1) }));
}

/** The same terms with every word whole: the query as typed, before it is read as unfinished. */
export function whole(terms: Term[]): Term[] {
  return terms.map((t) => ({ ...t, alternatives: t.alternatives.map((a) => ({ ...a, prefix: false })) }));
}

/** Whether any word of the terms matches longer words too. */
export const hasPrefix = (terms: Term[]): boolean => terms.some((t) => t.alternatives.some((a) => a.prefix));

/** The exact keys a query is one of: an e-mail, or a phone number however written. */
export function queryKeys(query: string): string[] {
  const mail = emailKey(query);
  if (mail) return [`mail:${mail}`];
  const q = normalize(query);
  // Only digits and what phones are written with: «+7 (912) 345-67-89», «8 912 3456789».
  if (/^[\d\s+()\-.]+$/.test(query.trim()) && phoneDigits(q).length >= 5) {
    const d = phoneDigits(query);
    return [`tel:${d}`];
  }
  return [];
}
