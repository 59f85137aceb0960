/**
 * How this page addresses its portal. A portal is reached either by its own host
 * (name.example.com: the server finds it) or by path (`/p/<name>/...`, for local installs);
 * the central Passport page `/passport` belongs to no portal.
 */
const pathMatch = window.location.pathname.match(/^\/p\/([^/]+)/);

/** The portal name when the app is opened in path form, otherwise null. */
export const pathPortalName: string | null = pathMatch ? decodeURIComponent(pathMatch[1]) : null;

/** The router basename: `/p/<name>` in path form, `/` otherwise. */
export const routerBasename: string = pathMatch ? `/p/${pathMatch[1]}` : '/';

/** The pages of the central address: Passport and the operator's «Порталы» (`/admin/portals`). */
export function isPassportPage(): boolean {
  const p = window.location.pathname;
  return pathPortalName === null && (p === '/passport' || p.startsWith('/passport/') || p.replace(/\/+$/, '') === '/admin/portals');
}

/** Value of the X-Portal header, or undefined when none must be sent. */
export function portalHeaderValue(): string | undefined {
  if (pathPortalName !== null) return pathPortalName;
  if (isPassportPage()) return '';
  return undefined;
}

/** An address inside the app (as the router knows it) turned into a browser URL. */
export function appHref(path: string): string {
  if (/^[a-z]+:/i.test(path)) return path;
  const base = routerBasename === '/' ? '' : routerBasename;
  return base + (path.startsWith('/') ? path : `/${path}`);
}

/** Query string that tells the server the portal when headers cannot be sent (links, sockets). */
export function portalQuery(prefix: '?' | '&' = '?'): string {
  return pathPortalName !== null ? `${prefix}portal=${encodeURIComponent(pathPortalName)}` : '';
}
