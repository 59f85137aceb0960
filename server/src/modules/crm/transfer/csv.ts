/**
 * CSV as Russian spreadsheets write and read it: UTF-8 (with or without BOM) or Windows-1251,
 * `;` or `,` (or tab) between cells, quotes around cells that hold separators, quotes or line breaks.
 */

export type CsvEncoding = 'utf-8' | 'windows-1251';

export interface CsvDialect {
  encoding: CsvEncoding;
  separator: string;
  bom: boolean;
}

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
  const text = new TextDecoder(encoding).decode(body);
  // Control characters other than tab and line breaks mean a binary file, not a table.
  if (/[\u0001-\u0008\u000b\u000c\u000e-\u001f]/.test(text)) return null;
  return { encoding, separator: guessSeparator(firstRecord(text)), bom };
}

function firstRecord(text: string): string {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if ((c === '\n' || c === '\r') && !quoted) return text.slice(0, i);
  }
  return text;
}

function guessSeparator(line: string): string {
  const counts: Record<string, number> = { ';': 0, ',': 0, '\t': 0 };
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && c in counts) counts[c]!++;
  }
  const best = Object.entries(counts).sort((a, b) => b[1] - a[1])[0]!;
  return best[1] > 0 ? best[0] : ';';
}

/** Splits decoded text chunks into records (arrays of cells); quoted cells may span lines. */
export async function* parseCsv(chunks: AsyncIterable<string>, separator: string): AsyncGenerator<string[]> {
  let cell = '';
  let row: string[] = [];
  let quoted = false;
  let afterQuote = false; // just closed a quoted section: a second quote is an escaped quote
  let pendingCr = false;
  for await (const chunk of chunks) {
    const out: string[][] = [];
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (pendingCr) {
        pendingCr = false;
        if (c === '\n') continue;
      }
      if (quoted) {
        if (c === '"') {
          quoted = false;
          afterQuote = true;
        } else cell += c;
        continue;
      }
      if (c === '"') {
        if (afterQuote) {
          cell += '"';
          quoted = true;
        } else if (cell === '') quoted = true;
        else cell += c; // a stray quote inside an unquoted cell is kept as it is
        afterQuote = false;
        continue;
      }
      afterQuote = false;
      if (c === separator) {
        row.push(cell);
        cell = '';
      } else if (c === '\n' || c === '\r') {
        row.push(cell);
        out.push(row);
        row = [];
        cell = '';
        pendingCr = c === '\r';
      } else cell += c;
    }
    for (const r of out) yield r;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    yield row;
  }
}

export async function* decodeChunks(source: AsyncIterable<Buffer>, dialect: CsvDialect): AsyncGenerator<string> {
  const decoder = new TextDecoder(dialect.encoding);
  let first = true;
  for await (const buf of source) {
    let b = buf;
    if (first && dialect.bom) b = b.subarray(3);
    first = false;
    const s = decoder.decode(b, { stream: true });
    if (s) yield s;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** An empty line, or a line of empty cells, is not a row. */
export function isBlank(cells: string[]): boolean {
  return cells.every((c) => c.trim() === '');
}

/**
 * One CSV line for Excel. A cell that a spreadsheet would run as a formula gets a leading
 * apostrophe; phone numbers and signed numbers stay as they are.
 */
export function csvLine(cells: string[], separator = ';'): string {
  return cells
    .map((raw) => {
      let v = raw;
      if (/^[=@\t\r]/.test(v) || (/^[+-]/.test(v) && !/^[+-][\d\s().-]*$/.test(v))) v = `'${v}`;
      return v.includes(separator) || v.includes('"') || v.includes('\n') || v.includes('\r') || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
    })
    .join(separator) + '\r\n';
}
