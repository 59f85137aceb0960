import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import multipart from '@fastify/multipart';
import { FileInfo, IdParam } from '@vavilon/contracts';
import { contentDisposition, INLINE_TYPES } from '../../platform/files/store.js';
import type { Platform } from '../../platform/platform.js';
import * as files from './service.js';

/** Uploads (multipart, one file) and downloads of the portal's files. */
export async function fileRoutes(scope: FastifyInstance, platform: Platform): Promise<void> {
  // Uploads are accepted in this scope only: the rest of the API takes JSON.
  // Browsers send the file name as UTF-8: busboy (under the plugin) reads it so when told (untyped option).
  const options = { defParamCharset: 'utf8', limits: { fileSize: platform.config.maxFileBytes, files: 1, fields: 5, parts: 10, fieldSize: 1024 } };
  await scope.register(multipart, options as Parameters<typeof multipart>[1]);
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const member = { policy: 'member' as const };

  app.post('/api/files', { config: member, schema: { response: { 200: FileInfo } } }, async (req) => {
    if (!req.isMultipart()) throw files.noFile();
    const part = await req.file();
    if (!part) throw files.noFile();
    return files.upload(req.ctx, { stream: part.file, fileName: part.filename });
  });

  app.get('/api/files/:id/meta', { config: member, schema: { params: IdParam, response: { 200: FileInfo } } }, async (req) => files.infoOf(await files.readableFile(req.ctx, req.params.id)));

  app.get('/api/files/:id', { config: member, schema: { params: IdParam } }, async (req, reply) => {
    const row = await files.readableFile(req.ctx, req.params.id);
    const stream = await files.openContent(req.ctx, row);
    const inline = INLINE_TYPES.has(row.mime);
    return reply
      .header('content-type', row.mime)
      .header('content-length', String(row.size))
      .header('content-disposition', contentDisposition(inline ? 'inline' : 'attachment', row.name))
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'private, no-cache')
      .send(stream);
  });
}
