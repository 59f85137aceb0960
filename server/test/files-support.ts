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

/** A one-page PDF of `width` × `height` points drawing `content` (PDF operators); `font`: Helvetica as /F1, for text. */
export function minimalPdf(opts: { width: number; height: number; content: string; font?: boolean }): Buffer {
  const resources = opts.font ? ' /Resources << /Font << /F1 5 0 R >> >>' : '';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${opts.width} ${opts.height}] /Contents 4 0 R${resources} >>`,
    `<< /Length ${opts.content.length} >>\nstream\n${opts.content}\nendstream`,
    ...(opts.font ? ['<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'] : []),
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
