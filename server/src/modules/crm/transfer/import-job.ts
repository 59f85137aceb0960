import fs from 'node:fs';
import path from 'node:path';
import { systemCtx, transaction, type Ctx } from '../../../platform/context.js';
import { actorFor } from '../../users/api.js';
import { nowIso } from '../../../platform/db/database.js';
import { scoped } from '../../../platform/db/scoped.js';
import type { Job, JobHandler } from '../../../platform/jobs/jobs.js';
import type { Platform } from '../../../platform/platform.js';
import type { EntityType } from '../schema.js';
import { fileRecords, type FileFormat, type FileRecord } from './file-rows.js';
import { ImportRun, type BatchResult, type DuplicatePolicy } from './import-batch.js';
import { mergeReport, parseReport, type ImportReport } from './import-report.js';
import { columnMaps } from './import-mapping.js';

export const IMPORT_JOB = 'crm.import';
export const BATCH_ROWS = 500;
/** The job runner gives up after this many attempts (platform/jobs/jobs.ts). */
const LAST_ATTEMPT = 5;

export function importJob(platform: Platform): JobHandler {
  return (job: Job) => runImport(platform, job.portalId!, Number(job.payload.importId), { jobId: job.id, lastAttempt: job.attempts >= LAST_ATTEMPT });
}

export interface RunOptions {
  jobId?: number;
  lastAttempt?: boolean;
  /** Stop after this many batches (tests stand in for a process that dies mid-import). */
  maxBatches?: number;
}

/** Where an uploaded import file lives: `where` is the platform or a ctx's handles (both carry the data directory). */
export function importFilePath(where: { config: { dataDir: string } }, relative: string): string {
  return path.join(where.config.dataDir, relative);
}

/**
 * Runs (or resumes) an import: the file is read as a stream, rows already processed are
 * passed over, and each batch of rows is written with the import's progress in one
 * transaction — a crash loses at most the batch in flight, and nothing of it is half-written.
 */
export async function runImport(platform: Platform, portalId: number, importId: number, opts: RunOptions = {}): Promise<void> {
  const portal = await platform.portals.byId(portalId);
  if (!portal) return;
  const base = systemCtx(platform, portal, { requestId: `crm-import-${importId}` });
  const row = await scoped(base).selectFrom('crm_import').selectAll().where('id', '=', importId).executeTakeFirst();
  if (!row || row.status === 'done' || row.status === 'failed') return;
  // The import acts as the user who started it, while they are an active member.
  const actor = await actorFor(base, row.user_id);
  if (!actor) {
    await finish(platform, base, row.user_id, importId, 'failed', parseReport(row.errors));
    return;
  }
  const ctx: Ctx = { ...base, actor, lang: actor.language };
  let report = parseReport(row.errors);
  try {
    await scoped(ctx).updateTable('crm_import').set({ status: 'running', updated_at: nowIso() }).where('id', '=', importId).execute();
    const header = await readHeader(importFilePath(platform, row.file_path), row.format);
    const run = await ImportRun.prepare(ctx, row.entity_type as EntityType, importId, row.duplicate_policy as DuplicatePolicy, columnMaps(header, JSON.parse(row.mapping)));
    let processed = row.processed_rows;
    let skip = processed;
    let batches = 0;
    let batch: FileRecord[] = [];
    const commit = async () => {
      const lease = opts.jobId ? { jobId: opts.jobId, until: () => platform.jobs.leaseUntil() } : undefined;
      const { result, next } = await writeBatch(ctx, run, batch, processed, report, lease);
      processed += batch.length;
      report = next;
      batch = [];
      batches++;
      await publish(platform, actor.userId, importId, 'progress', { processedRows: processed, totalRows: row.total_rows, ...counts(result) });
    };
    let first = true;
    for await (const rec of fileRecords(importFilePath(platform, row.file_path), row.format)) {
      if (first) {
        first = false;
        continue;
      }
      if (skip > 0) {
        skip--;
        continue;
      }
      batch.push(rec);
      if (batch.length >= BATCH_ROWS) {
        await commit();
        if (opts.maxBatches && batches >= opts.maxBatches) return;
      }
    }
    if (batch.length) await commit();
    await finish(platform, ctx, actor.userId, importId, 'done', report, processed);
    await fs.promises.rm(importFilePath(platform, row.file_path), { force: true });
  } catch (err) {
    // The runner retries; on its last attempt the import is marked failed so the user learns it.
    if (opts.lastAttempt) await finish(platform, ctx, actor.userId, importId, 'failed', { ...report, failure: 'crm.import.failed' });
    throw err;
  }
}

function counts(r: BatchResult) {
  return { created: r.created, updated: r.updated, skipped: r.skipped, failed: r.failed };
}

export async function readHeader(file: string, format: FileFormat): Promise<string[]> {
  for await (const rec of fileRecords(file, format)) return rec.cells.map((c) => c.trim());
  return [];
}

/** One batch and the import's progress, in one transaction; progress moves only from where this run left it. */
async function writeBatch(ctx: Ctx, run: ImportRun, batch: FileRecord[], processed: number, report: ImportReport, lease?: { jobId: number; until: () => string }) {
  return transaction(ctx, async (tx) => {
    const result = await run.processBatch(tx, batch);
    const next = mergeReport(report, result);
    const res = await scoped(tx)
      .updateTable('crm_import')
      .set((eb) => ({
        processed_rows: processed + batch.length,
        created_rows: eb('created_rows', '+', result.created),
        updated_rows: eb('updated_rows', '+', result.updated),
        skipped_rows: eb('skipped_rows', '+', result.skipped),
        errors: JSON.stringify(next),
        status: 'running' as const,
        updated_at: nowIso(),
      }))
      .where('id', '=', run.importId)
      .where('processed_rows', '=', processed)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new Error(`import ${run.importId} was advanced by another run`);
    // Each batch renews the job's short lease (besides the runner's heartbeat): no live process loses it,
    // and a dead one's is taken over seconds after its last batch.
    if (lease) await tx.db.updateTable('job').set({ locked_until: lease.until() }).where('id', '=', lease.jobId).where('status', '=', 'running').execute();
    return { result, next };
  });
}

async function finish(platform: Platform, ctx: Ctx, userId: number | null, importId: number, status: 'done' | 'failed', report: ImportReport, processed?: number) {
  await scoped(ctx)
    .updateTable('crm_import')
    .set({ status, errors: JSON.stringify(report), updated_at: nowIso(), ...(processed !== undefined ? { total_rows: processed } : {}) })
    .where('id', '=', importId)
    .execute();
  if (userId) await publish(platform, userId, importId, status, {});
}

/** Moves the user's progress bar: the realtime hub pushes it to every tab of the user. */
async function publish(platform: Platform, userId: number, importId: number, event: string, extra: Record<string, unknown>) {
  try {
    await platform.realtime.publish(`user:${userId}`, { type: 'entity.changed', entityType: 'crm.import', entityId: String(importId), event, ...extra });
  } catch (err) {
    platform.log.warn({ err, importId }, 'import progress not pushed');
  }
}
