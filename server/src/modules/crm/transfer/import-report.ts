import type { BatchResult, ReportEntry, SkipEntry } from './import-batch.js';

/** Kept in crm_import.errors: the first problems (capped) and counts of all of them. */
export interface ImportReport {
  /** Every problem found, listed or not. */
  total: number;
  /** Rows not written because of a problem. */
  failedRows: number;
  items: ReportEntry[];
  /** Rows skipped as duplicates, with the reason (capped like `items`). */
  skipped: SkipEntry[];
  /** Message key of what stopped the import, if it stopped. */
  failure?: string;
}

export const REPORT_CAP = 1000;

export function emptyReport(): ImportReport {
  return { total: 0, failedRows: 0, items: [], skipped: [] };
}

export function parseReport(text: string): ImportReport {
  try {
    const v = JSON.parse(text);
    if (v && !Array.isArray(v) && typeof v === 'object') return { ...emptyReport(), ...v };
  } catch {
    // an unreadable report starts afresh
  }
  return emptyReport();
}

export function mergeReport(r: ImportReport, batch: BatchResult): ImportReport {
  const room = Math.max(0, REPORT_CAP - r.items.length);
  const skipRoom = Math.max(0, REPORT_CAP - r.skipped.length);
  return {
    ...r,
    total: r.total + batch.errors.length,
    failedRows: r.failedRows + batch.failed,
    items: room ? [...r.items, ...batch.errors.slice(0, room)] : r.items,
    skipped: skipRoom && batch.skips.length ? [...r.skipped, ...batch.skips.slice(0, skipRoom)] : r.skipped,
  };
}
