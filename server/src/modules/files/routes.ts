import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import multipart from '@fastify/multipart';
import { z } from 'zod';
import { FileInfo, IdParam } from '@vavilon/contracts';
import { sendStored } from '../../platform/files/serve.js';
import type { Platform } from '../../platform/platform.js';
import * as files from './service.js';
import { previewOf } from './previews.js';
import { textOf } from './text.js';

/** `purpose=attachment`: the file is attached to something (a comment, a post, a field) and kept on the sender's drive too. */
const UploadQuery = z.object({ purpose: z.enum(['attachment']).optional() });
const PreviewQuery = z.object({ kind: z.enum(['thumb', 'view']).default('thumb') });
/** The preview's job has not run yet: ask again in a moment. */
const PreviewPending = z.object({ status: z.literal('pending') });
/** The beginning of a text file for the viewer; `truncated` when the file goes on past it. */
const FileText = z.object({ text: z.string(), truncated: z.boolean() });
/** A file's content never changes, nor then its preview: the reader's browser keeps it a day. */
const PREVIEW_MAX_AGE_S = 24 * 3600;

/** Uploads (multipart, one file) and downloads of the portal's files, their previews and text views. */
export async function fileRoutes(scope: FastifyInstance, platform: Platform): Promise<void> {
  // Uploads are accepted in this scope only: the rest of the API takes JSON.
  // Browsers send the file name as UTF-8: busboy (under the plugin) reads it so when told (untyped option).
  const options = { defParamCharset: 'utf8', limits: { fileSize: platform.config.maxFileBytes, files: 1, fields: 5, parts: 10, fieldSize: 1024 } };
  await scope.register(multipart, options as Parameters<typeof multipart>[1]);
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const member = { policy: 'member' as const };

  app.post('/api/files', { config: member, schema: { querystring: UploadQuery, response: { 200: FileInfo } } }, async (req) => {
    if (!req.isMultipart()) throw files.noFile();
    const part = await req.file();
    if (!part) throw files.noFile();
    return files.upload(req.ctx, { stream: part.file, fileName: part.filename }, req.query.purpose);
  });

  app.get('/api/files/:id/meta', { config: member, schema: { params: IdParam, response: { 200: FileInfo } } }, async (req) => files.infoOf(await files.readableFile(req.ctx, req.params.id)));

  app.get('/api/files/:id', { config: member, schema: { params: IdParam } }, async (req, reply) => {
    // Images show in place; everything else downloads, with byte ranges for resumed downloads.
    const row = await files.readableFile(req.ctx, req.params.id);
    return sendStored(req, reply, req.ctx.sys.blobs, row, { inline: true });
  });

  app.get('/api/files/:id/preview', { config: member, schema: { params: IdParam, querystring: PreviewQuery, response: { 202: PreviewPending } } }, async (req, reply) => {
    const row = await files.readableFile(req.ctx, req.params.id);
    const preview = await previewOf(req.ctx, row, req.query.kind);
    if (preview.status === 'pending')
      return reply
        .status(202)
        .header('cache-control', 'no-store')
        .header('retry-after', '2')
        .send({ status: 'pending' as const });
    // The image goes out as bytes: only the 202 has a JSON contract.
    const raw = reply as unknown as FastifyReply;
    const etag = `"${preview.sha256}"`;
    raw.header('cache-control', `private, max-age=${PREVIEW_MAX_AGE_S}`).header('etag', etag).header('x-content-type-options', 'nosniff');
    if (req.headers['if-none-match']?.split(/\s*,\s*/).includes(etag)) {
      preview.stream.destroy();
      return raw.status(304).send();
    }
    return raw.header('content-type', 'image/webp').header('content-security-policy', "default-src 'none'; sandbox").send(preview.stream);
  });

  app.get('/api/files/:id/text', { config: member, schema: { params: IdParam, response: { 200: FileText } } }, async (req) => textOf(req.ctx, await files.readableFile(req.ctx, req.params.id)));
}
