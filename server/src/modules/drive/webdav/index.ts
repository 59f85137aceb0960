import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PortalRow } from '../../../platform/context.js';
import { AppError, errors } from '../../../platform/errors.js';
import type { Platform } from '../../../platform/platform.js';
import { resolvePortal } from '../../../platform/portals.js';
import { DavAuth } from './auth.js';
import * as dav from './methods.js';

/** Methods WebDAV adds to HTTP. Their handlers read the body themselves (a small XML), so Fastify is told they carry none. */
const DAV_METHODS = ['PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK'] as const;
const METHODS = ['OPTIONS', 'GET', 'HEAD', 'PUT', 'DELETE', ...DAV_METHODS];

/** Where the namespace starts in a request's address: `/dav` (the portal by its host name) or `/p/<portal>/dav`. */
function addressOf(rawUrl: string): { base: string; portalName: string | undefined; segments: string[] | null } {
  const path = rawUrl.split('?')[0]!;
  const parts = dav.splitPath(path);
  if (parts?.[0] === 'dav') return { base: '/dav', portalName: undefined, segments: parts.slice(1) };
  if (parts?.[0] === 'p' && parts[2] === 'dav') return { base: `/p/${encodeURIComponent(parts[1]!)}/dav`, portalName: parts[1]!.toLowerCase(), segments: parts.slice(3) };
  // A malformed escape or a dot segment: refused once the caller is known.
  const m = /^\/+(?:p\/+([^/]+)\/+)?/.exec(path);
  return { base: '/dav', portalName: m?.[1]?.toLowerCase(), segments: null };
}

/**
 * The network folder of the drive (WebDAV, RFC 4918 classes 1 and 2) at `/dav/` of a portal's
 * host, or `/p/<portal>/dav/` on any host: «Мой диск», «Общий диск», the group drives and
 * «Общие со мной», with the same rights as the web pages, through the drive's own services.
 * Every request carries the portal password in HTTP Basic; cookies are never read here.
 */
export async function davRoutes(app: FastifyInstance, platform: Platform): Promise<void> {
  for (const m of DAV_METHODS) app.addHttpMethod(m, { hasBody: false });
  // Bodies stream to the handlers as they come: a PUT goes to the store, never into memory.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_req, _payload, done) => done(null));

  const auth = new DavAuth(platform);

  /** The portal addressed: by host name or the path's `/p/<portal>`, as the API resolves it; both, when given, must agree. */
  async function portalOf(req: FastifyRequest, portalName: string | undefined): Promise<PortalRow> {
    const portal = await resolvePortal(platform.portals, platform.config.baseHost, req.headers.host, portalName);
    if (!portal || portal === 'unknown') throw errors.notFound();
    if (portalName !== undefined && portal.name.toLowerCase() !== portalName) throw errors.notFound();
    // The request context resolved one as well (X-Portal, ?portal=): another one is a request to nowhere.
    if (req.portal && req.portal.id !== portal.id) throw errors.notFound();
    return portal;
  }

  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    reply.header('dav', '1, 2').header('ms-author-via', 'DAV').header('cache-control', 'no-store');
    try {
      return await answer(req, reply);
    } catch (err) {
      // A refusal before a body is read leaves the rest of it unread: the connection cannot carry another request.
      if (!req.raw.readableEnded && (req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined)) reply.header('connection', 'close');
      throw davError(err);
    }
  };

  const answer = async (req: FastifyRequest, reply: FastifyReply) => {
    const address = addressOf(req.raw.url ?? '/');
    const portal = await portalOf(req, address.portalName);
    let ctx;
    try {
      ctx = await auth.ctxOf(req, portal);
    } catch (err) {
      if (err instanceof AppError && err.status === 401) reply.header('www-authenticate', `Basic realm="${portal.name}", charset="UTF-8"`);
      throw err;
    }
    req.lang = ctx.lang;
    if (!address.segments) throw new AppError(400, 'bad_request', 'error.validation');
    const d: dav.DavRequest = { req, reply, ctx, base: address.base, segments: address.segments, maxFileBytes: platform.config.driveMaxFileBytes };
    switch (req.method) {
      case 'OPTIONS':
        return dav.options(d);
      case 'PROPFIND':
        return dav.propfind(d);
      case 'PROPPATCH':
        return dav.proppatch(d);
      case 'GET':
      case 'HEAD':
        return dav.get(d);
      case 'PUT':
        return dav.put(d);
      case 'MKCOL':
        return dav.mkcol(d);
      case 'DELETE':
        return dav.del(d);
      case 'COPY':
        return dav.copyOrMove(d, 'copy');
      case 'MOVE':
        return dav.copyOrMove(d, 'move');
      case 'LOCK':
        return dav.lock(d);
      case 'UNLOCK':
        return dav.unlock(d);
    }
    throw new AppError(405, 'method_not_allowed', 'error.forbidden');
  };

  // 'public' to the request context, which only resolves the portal for these: the credential is Basic on every request, checked
  // above, and a session cookie the browser adds is never looked at.
  const config = { policy: 'public' as const, csrfExempt: true };
  for (const url of ['/dav', '/dav/*', '/p/:portal/dav', '/p/:portal/dav/*']) app.route({ method: METHODS, url, config, handler });
}

/** The drive's refusals as WebDAV names them: a full quota is 507 Insufficient Storage. */
function davError(err: unknown): unknown {
  if (!(err instanceof AppError)) return err;
  if (err.code === 'quota_exceeded') return new AppError(507, err.code, err.messageKey, err.params, err.fields);
  return err;
}
