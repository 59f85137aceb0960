declare module 'snowball-stemmers' {
  export interface Stemmer {
    stem(word: string): string;
  }
  export function newStemmer(language: string): Stemmer;
  const snowball: { newStemmer: typeof newStemmer };
  export default snowball;
}
