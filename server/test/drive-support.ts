import type { LightMyRequestResponse } from 'fastify';
import type { Agent } from './harness.js';

const meta = (m: Record<string, string | number | undefined>) =>
  Object.entries(m)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k} ${Buffer.from(String(v), 'utf8').toString('base64')}`)
    .join(',');

/** Starts a resumable upload (tus creation) into a folder; answers the response, whose Location names the upload. */
export function startUpload(a: Agent, folderId: number, name: string, size: number, extra: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return a.request('POST', '/api/drive/uploads', undefined, { 'tus-resumable': '1.0.0', 'upload-length': String(size), 'upload-metadata': meta({ filename: name, folderId, ...extra }) });
}

/** Sends bytes of an upload from `offset` (tus PATCH). */
export function sendChunk(a: Agent, location: string, offset: number, bytes: Buffer): Promise<LightMyRequestResponse> {
  return a.request('PATCH', location, bytes, { 'tus-resumable': '1.0.0', 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' });
}

/** Uploads a whole file to the drive in one go; answers the final response (the new item as JSON), or the refusal. */
export async function driveUpload(a: Agent, folderId: number, name: string, content: Buffer | string, extra: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
  const created = await startUpload(a, folderId, name, bytes.length, extra);
  if (created.statusCode !== 201) return created;
  return sendChunk(a, String(created.headers.location), 0, bytes);
}
