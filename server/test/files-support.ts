import crypto from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import type { BuiltApp } from '../src/app.js';
import type { Agent } from './harness.js';

/** Uploads one file as `a` through POST /api/files (or `url`, e.g. with `?purpose=attachment`) (multipart/form-data, one `file` part). */
export function uploadFile(t: BuiltApp, a: Agent, content: Buffer | string, fileName = 'file.bin', type = 'application/octet-stream', url = '/api/files'): Promise<LightMyRequestResponse> {
  const boundary = `----files-test-${crypto.randomBytes(8).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n`, 'utf8'),
    Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return a.request('POST', url, payload, { 'content-type': `multipart/form-data; boundary=${boundary}` });
}

/** A small valid-looking PNG: the signature, then `size` random bytes. */
export function pngBytes(size = 1024): Buffer {
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), crypto.randomBytes(size)]);
}
