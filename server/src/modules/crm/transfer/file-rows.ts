import fs from 'node:fs';
import { loadExcel } from './excel.js';
import { csvRecords, isBlank, sniffCsv, type CsvDialect } from './csv.js';

export type FileFormat = 'csv' | 'xlsx';

/** One non-blank record of a file: its number as the user sees it (the header is 1) and its cells. */
export interface FileRecord {
  n: number;
  cells: string[];
}

async function head(path: string, bytes = 64 * 1024): Promise<Buffer> {
  const fh = await fs.promises.open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** What the file really is, by its content (not its name): an xlsx (a zip) or CSV text, else null. */
export async function sniffFile(path: string): Promise<{ format: 'xlsx' } | { format: 'csv'; dialect: CsvDialect } | null> {
  const sample = await head(path);
  if (sample.length >= 4 && sample.readUInt32LE(0) === 0x04034b50) return { format: 'xlsx' };
  const dialect = sniffCsv(sample);
  return dialect ? { format: 'csv', dialect } : null;
}

/** Streams the file's non-blank records, the header first; memory stays flat whatever the size. */
export async function* fileRecords(path: string, format: FileFormat): AsyncGenerator<FileRecord> {
  if (format === 'csv') {
    const sniffed = await sniffFile(path);
    if (!sniffed || sniffed.format !== 'csv') throw new Error('not a CSV file');
    let n = 0;
    const stream = fs.createReadStream(path, { highWaterMark: 256 * 1024 });
    try {
      for await (const cells of csvRecords(stream, sniffed.dialect)) {
        n++;
        if (!isBlank(cells)) yield { n, cells };
      }
    } finally {
      stream.destroy();
    }
    return;
  }
  const { default: ExcelJS } = await loadExcel();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit', entries: 'ignore' });
  for await (const sheet of reader) {
    for await (const row of sheet) {
      const values = row.values as unknown[];
      const cells: string[] = [];
      for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
      if (!isBlank(cells)) yield { n: row.number, cells };
    }
    return; // the first sheet is the table
  }
}

/** A spreadsheet cell as the text a user typed: dates as YYYY-MM-DD (with time when it has one). */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(15)));
  if (typeof v === 'boolean') return v ? 'да' : 'нет';
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return '';
    const iso = v.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as { text: string }[]).map((r) => r.text).join('');
    if ('result' in o) return cellText(o.result);
    if (typeof o.text === 'string') return o.text;
    if ('error' in o) return '';
  }
  return String(v);
}

/** Counts the data rows (the header aside) and keeps the header and the first rows for a preview. */
export async function surveyFile(path: string, format: FileFormat, previewRows = 10): Promise<{ header: string[]; preview: string[][]; total: number }> {
  let header: string[] | null = null;
  const preview: string[][] = [];
  let total = 0;
  for await (const r of fileRecords(path, format)) {
    if (!header) {
      header = r.cells.map((c) => c.trim());
      continue;
    }
    total++;
    if (preview.length < previewRows) preview.push(r.cells);
  }
  return { header: header ?? [], preview, total };
}
