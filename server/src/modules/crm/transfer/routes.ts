import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import multipart from '@fastify/multipart';
import { ExportQuery, IdParam, ImportStart, ImportStatus, ImportUpload } from '@vavilon/contracts';
import { AppError } from '../../../platform/errors.js';
import { ENTITY_TYPES } from '../rights.js';
import { csvStream, exportColumns, exportFileName, exportScope, xlsxStream } from './export.js';
import { importStatus, MAX_IMPORT_BYTES, receiveUpload, requireImportRight, startImport } from './import-service.js';

/**
 * Import and export of CRM lists. The per-type routes are spelled out (`/api/crm/deal/export`)
 * rather than `/api/crm/:entity/export`, so that they never lose to an item route such as `/api/crm/deal/:id`.
 */
export function transferRoutes(fastify: FastifyInstance): void {
  void fastify.register(async (scope) => {
    // Uploads are accepted here only: the rest of the API takes JSON.
    await scope.register(multipart, { limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 10, parts: 20 } });
    const app = scope.withTypeProvider<ZodTypeProvider>();
    const member = { policy: 'member' as const };

    for (const entity of ENTITY_TYPES) {
      app.get(`/api/crm/${entity}/export`, { config: member, schema: { querystring: ExportQuery } }, async (req, reply) => {
        const ctx = req.ctx;
        const scope = await exportScope(ctx, entity, req.query.pipelineId);
        const columns = await exportColumns(ctx, entity, req.query.columns);
        const { format, ...q } = req.query;
        const name = exportFileName(ctx, entity, format);
        const stream = format === 'xlsx' ? xlsxStream(ctx, entity, q, scope, columns, req.log) : csvStream(ctx, entity, q, scope, columns);
        return reply
          .header('content-type', format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${name.ascii}"; filename*=UTF-8''${encodeURIComponent(name.full)}`)
          .header('cache-control', 'no-store')
          .send(stream);
      });

      app.post(`/api/crm/${entity}/import`, { config: member, schema: { response: { 200: ImportUpload } } }, async (req) => {
        await requireImportRight(req.ctx, entity);
        const noFile = () => new AppError(400, 'validation', 'error.validation', {}, [{ field: 'file', message: 'crm.import.no_file' }]);
        if (!req.isMultipart()) throw noFile();
        const part = await req.file();
        if (!part) throw noFile();
        return receiveUpload(req.ctx, entity, { stream: part.file, fileName: part.filename });
      });
    }

    app.post('/api/crm/imports/:id/start', { config: member, schema: { params: IdParam, body: ImportStart, response: { 200: ImportStatus } } }, (req) => startImport(req.ctx, req.params.id, req.body));
    app.get('/api/crm/imports/:id', { config: member, schema: { params: IdParam, response: { 200: ImportStatus } } }, (req) => importStatus(req.ctx, req.params.id));
  });
}
