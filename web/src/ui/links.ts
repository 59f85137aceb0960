import type { NavigateFunction } from 'react-router';
import { routerBasename } from '../api/portal';

/**
 * An address the server sent, as a router path when it points inside this app
 * (same origin, under our basename, not /api), otherwise null.
 */
export function toAppPath(url: string): string | null {
  let path = url;
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) {
    let parsed: URL;
    try {
      parsed = new URL(url, window.location.href);
    } catch {
      return null;
    }
    if (parsed.origin !== window.location.origin) return null;
    path = parsed.pathname + parsed.search + parsed.hash;
  }
  if (!path.startsWith('/')) path = `/${path}`;
  if (path.startsWith('/api/')) return null;
  if (routerBasename !== '/') {
    if (path === routerBasename) return '/';
    if (path.startsWith(`${routerBasename}/`)) return path.slice(routerBasename.length);
  }
  return path;
}

/** Opens an address the server sent: app paths through the router, others in the browser. */
export function openUrl(navigate: NavigateFunction, url: string): void {
  const appPath = toAppPath(url);
  if (appPath === null) window.location.assign(url);
  else navigate(appPath);
}

export function isExternalUrl(url: string): boolean {
  return toAppPath(url) === null;
}
