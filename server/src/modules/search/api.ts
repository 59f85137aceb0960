// What other modules use of search: the language layer (how words are spelled, cut and compared).
export { emailKey, fromWrongLayout, latinOf, nameKey, normalize, phoneDigits, similarity, stem, stems, trigrams, words } from './text.js';
