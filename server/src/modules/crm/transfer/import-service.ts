import { crmEvents } from '@vavilon/contracts';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import type { z } from 'zod';
import type { ImportStart, ImportStatus, ImportUpload } from '@vavilon/contracts';
import { transaction, type Ctx } from '../../../platform/context.js';
import { nowIso } from '../../../platform/db/database.js';
import { scoped } from '../../../platform/db/scoped.js';
import { AppError, errors } from '../../../platform/errors.js';
import { recordEvent } from '../../../platform/events/outbox.js';
import { t } from '../../../platform/i18n/index.js';
import { scheduleJob } from '../../../platform/jobs/jobs.js';
import { fieldDefs } from '../fields.js';
import { mayAtAll } from '../rights.js';
import type { EntityType } from '../schema.js';
import { sniffFile, surveyFile } from './file-rows.js';
import { suggestMapping, targetList, uniqueColumns } from './import-fields.js';
import { IMPORT_JOB, importFilePath, readHeader } from './import-job.js';
import { checkMapping } from './import-mapping.js';
import { emptyReport, parseReport } from './import-report.js';
import { skipMessage } from './import-batch.js';

export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
const PREVIEW_ROWS = 10;

export async function requireImportRight(ctx: Ctx, entity: EntityType): Promise<void> {
  if (!(await mayAtAll(ctx, entity, 'import'))) throw errors.forbidden();
}

/**
 * Keeps an uploaded file under DATA_DIR/imports/<portal>/<uuid>, checks by its content that it
 * is a CSV or an xlsx table, and answers with its columns, first rows and a suggested mapping.
 */
export async function receiveUpload(ctx: Ctx, entity: EntityType, file: { stream: Readable & { truncated?: boolean }; fileName: string }): Promise<z.infer<typeof ImportUpload>> {
  const relative = path.join('imports', String(ctx.portal.id), crypto.randomUUID());
  const full = importFilePath(ctx.sys, relative);
  await fs.promises.mkdir(path.dirname(full), { recursive: true });
  const invalid = () => new AppError(400, 'validation', 'error.validation', {}, [{ field: 'file', message: 'crm.import_file_invalid' }]);
  try {
    try {
      await pipeline(file.stream, fs.createWriteStream(full));
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 413) throw tooLarge();
      throw err;
    }
    if (file.stream.truncated) throw tooLarge();
    const sniffed = await sniffFile(full);
    if (!sniffed) throw invalid();
    const survey = await surveyFile(full, sniffed.format, PREVIEW_ROWS).catch(() => null);
    if (!survey || !survey.header.some((h) => h)) throw invalid();
    if (!survey.total) throw new AppError(400, 'validation', 'error.validation', {}, [{ field: 'file', message: 'crm.import.empty' }]);
    const columns = uniqueColumns(survey.header);
    const defs = await fieldDefs(ctx, entity);
    const fileName = file.fileName.replace(/[\u0000-\u001f]/g, '').slice(0, 500) || 'import';
    const id = await transaction(ctx, async (tx) => {
      const row = await scoped(tx)
        .insertInto('crm_import', {
          entity_type: entity,
          user_id: ctx.actor!.userId,
          file_path: relative,
          file_name: fileName,
          format: sniffed.format,
          mapping: '{}',
          duplicate_policy: 'skip',
          status: 'pending',
          total_rows: survey.total,
          processed_rows: 0,
          created_rows: 0,
          updated_rows: 0,
          skipped_rows: 0,
          errors: JSON.stringify(emptyReport()),
          created_at: nowIso(),
          updated_at: nowIso(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordEvent(tx, crmEvents.importCreated, { entityType: 'crm.import', entityId: row.id, payload: { entityType: entity, fileName, rows: survey.total } });
      return Number(row.id);
    });
    return {
      importId: id,
      fileName,
      format: sniffed.format,
      columns,
      preview: survey.preview.map((cells) => columns.map((_, i) => cells[i] ?? '')),
      totalRows: survey.total,
      suggestedMapping: suggestMapping(entity, defs, columns),
      fields: targetList(entity, defs, ctx.lang),
    };
  } catch (err) {
    await fs.promises.rm(full, { force: true });
    throw err;
  }
}

function tooLarge() {
  return new AppError(413, 'payload_too_large', 'crm.import.too_large', { mb: MAX_IMPORT_BYTES / 1024 / 1024 });
}

/** Only its author and administrators see an import. */
async function findImport(ctx: Ctx, id: number) {
  const row = await scoped(ctx).selectFrom('crm_import').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || (row.user_id !== ctx.actor?.userId && ctx.actor?.role !== 'admin')) throw errors.notFound();
  return row;
}

/** Fixes the mapping and the duplicate policy and queues the import as a durable job. */
export async function startImport(ctx: Ctx, id: number, input: z.infer<typeof ImportStart>): Promise<ImportStatus> {
  const row = await findImport(ctx, id);
  const entity = row.entity_type as EntityType;
  await requireImportRight(ctx, entity);
  if (row.mapping !== '{}' || row.status !== 'pending') throw new AppError(409, 'conflict', 'crm.import.already_started');
  const header = await readHeader(importFilePath(ctx.sys, row.file_path), row.format).catch(() => null);
  if (!header) throw new AppError(400, 'validation', 'error.validation', {}, [{ field: 'file', message: 'crm.import_file_invalid' }]);
  const errs = checkMapping(entity, header, input.mapping, await fieldDefs(ctx, entity), ctx.lang);
  if (errs.length) throw errors.validation(errs);
  const mapping = Object.fromEntries(Object.entries(input.mapping).filter(([, key]) => key));
  await transaction(ctx, async (tx) => {
    const res = await scoped(tx)
      .updateTable('crm_import')
      .set({ mapping: JSON.stringify(mapping), duplicate_policy: input.duplicatePolicy, updated_at: nowIso() })
      .where('id', '=', id)
      .where('mapping', '=', '{}')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new AppError(409, 'conflict', 'crm.import.already_started');
    await scheduleJob(tx.db, { type: IMPORT_JOB, portalId: ctx.portal.id, payload: { importId: id } });
    await recordEvent(tx, crmEvents.importStarted, { entityType: 'crm.import', entityId: id, payload: { entityType: entity, mapping, duplicatePolicy: input.duplicatePolicy } });
  });
  return importStatus(ctx, id);
}

export async function importStatus(ctx: Ctx, id: number): Promise<ImportStatus> {
  const row = await findImport(ctx, id);
  const report = parseReport(row.errors);
  const entity = row.entity_type as EntityType;
  return {
    id: row.id,
    entityType: row.entity_type,
    fileName: row.file_name,
    format: row.format,
    status: row.status,
    started: row.mapping !== '{}',
    duplicatePolicy: row.duplicate_policy,
    totalRows: row.total_rows,
    processedRows: row.processed_rows,
    createdRows: row.created_rows,
    updatedRows: row.updated_rows,
    skippedRows: row.skipped_rows,
    failedRows: report.failedRows,
    errorCount: report.total,
    errors: report.items,
    failure: report.failure ? t(ctx.lang, report.failure) : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    skipped: report.skipped.map((s) => ({ ...s, message: skipMessage(ctx.lang, entity, s) })),
  };
}
