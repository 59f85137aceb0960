declare module 'convert-layout/ru.js' {
  /** Keystrokes of the ЙЦУКЕН layout to QWERTY and back, letter case and the punctuation keys included. */
  const ru: { fromEn(text: string): string; toEn(text: string): string };
  export default ru;
}
