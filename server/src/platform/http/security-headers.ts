import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * What the app's page may load: its own scripts only (no inline script), its own styles plus the
 * style elements the UI kit writes at run time, pictures from anywhere over https (profile photos
 * may live elsewhere), and it may be framed by nobody.
 */
export const APP_PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "media-src 'self' blob:",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers every answer carries: no type sniffing, no framing, no full addresses to other sites. */
export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_req, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'strict-origin-when-cross-origin');
  });
}

/** The single-page app's page, under its Content-Security-Policy. */
export function sendAppPage(reply: FastifyReply, html: Buffer) {
  return reply.type('text/html').header('cache-control', 'no-cache').header('content-security-policy', APP_PAGE_CSP).send(html);
}
