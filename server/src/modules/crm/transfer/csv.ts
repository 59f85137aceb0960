/**
 * CSV as Russian spreadsheets write and read it: UTF-8 (with or without BOM) or Windows-1251,
 * `;` or `,` (or tab) between cells, quotes around cells that hold separators, quotes or line breaks.
 * Parsing and writing are csv-parse and csv-stringify; Windows-1251 is decoded by iconv-lite.
 */
import { pipeline, type Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import iconv from 'iconv-lite';

export type CsvEncoding = 'utf-8' | 'windows-1251';

export interface CsvDialect {
  encoding: CsvEncoding;
  separator: string;
  bom: boolean;
}

/** Lenient as spreadsheets are: a stray quote stays a character, rows may differ in length. */
const READ = { relax_quotes: true, relax_column_count: true, skip_empty_lines: false, bom: false } as const;
const SEPARATORS = [';', ',', '\t'];

/** Decides encoding and separator from the first bytes of the file; null when it is not text. */
export function sniffCsv(sample: Buffer): CsvDialect | null {
  if (!sample.length || sample.includes(0)) return null;
  const bom = sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf;
  const body = bom ? sample.subarray(3) : sample;
  let encoding: CsvEncoding = 'utf-8';
  try {
    // stream: a multi-byte character cut at the end of the sample is not an error
    new TextDecoder('utf-8', { fatal: true }).decode(body, { stream: true });
  } catch {
    encoding = 'windows-1251';
  }
  const text = iconv.decode(body, encoding, { stripBOM: false });
  // Control characters other than tab and line breaks mean a binary file, not a table.
  if (/[\u0001-\u0008\u000b\u000c\u000e-\u001f]/.test(text)) return null;
  return { encoding, separator: guessSeparator(text), bom };
}

/** The separator that splits the first record into the most cells; `;` when none splits it. */
function guessSeparator(text: string): string {
  let best = ';';
  let most = 1;
  for (const delimiter of SEPARATORS) {
    let cells = 1;
    try {
      cells = (parseSync(text, { ...READ, delimiter, to_line: 1 }) as string[][])[0]?.length ?? 1;
    } catch {
      // the sample ends inside a quoted cell, or the separator does not fit the quoting
    }
    if (cells > most) [best, most] = [delimiter, cells];
  }
  return best;
}

/** Streams the file's records (arrays of cells); quoted cells may span lines. */
export function csvRecords(source: Readable, dialect: CsvDialect): AsyncIterable<string[]> {
  const parser = parse({ ...READ, delimiter: dialect.separator });
  // The decoder drops a UTF-8 BOM itself.
  return pipeline(source, iconv.decodeStream(dialect.encoding), parser, () => {
    // errors reach the reader through the parser
  });
}

/** An empty line, or a line of empty cells, is not a row. */
export function isBlank(cells: string[]): boolean {
  return cells.every((c) => c.trim() === '');
}

/** A cell that a spreadsheet would run as a formula; phone numbers and signed numbers are not. */
function formulaLike(v: string): boolean {
  return /^[=@\t\r]/.test(v) || (/^[+-]/.test(v) && !/^[+-][\d\s().-]*$/.test(v));
}

/**
 * CSV lines for Excel, each ending in CRLF. A formula-like cell gets a leading apostrophe;
 * a cell with line breaks, or leading or trailing spaces, is quoted so that they survive.
 */
export function csvLines(rows: string[][], separator = ';'): string {
  return stringify(
    rows.map((cells) => cells.map((v) => (formulaLike(v) ? `'${v}` : v))),
    { delimiter: separator, record_delimiter: '\r\n', quoted_match: /^\s|\s$|[\r\n]/ },
  );
}
