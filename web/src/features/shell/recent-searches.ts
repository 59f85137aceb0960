import { useCallback, useSyncExternalStore } from 'react';
import { useSession } from '../auth/session';

/** How many of the user's last queries the search box offers. */
const KEEP = 5;
const EMPTY: string[] = [];

const listeners = new Set<() => void>();
const cache = new Map<string, string[]>();

function read(key: string): string[] {
  const known = cache.get(key);
  if (known) return known;
  let list: string[] = EMPTY;
  try {
    const parsed: unknown = JSON.parse(window.localStorage.getItem(key) ?? '[]');
    if (Array.isArray(parsed)) list = parsed.filter((q): q is string => typeof q === 'string' && q.trim() !== '').slice(0, KEEP);
  } catch {
    /* nothing stored, or storage closed (private mode) */
  }
  cache.set(key, list);
  return list;
}

function write(key: string, list: string[]) {
  cache.set(key, list);
  try {
    if (list.length) window.localStorage.setItem(key, JSON.stringify(list));
    else window.localStorage.removeItem(key);
  } catch {
    /* storage closed: the list lasts until the page is reloaded */
  }
  for (const l of listeners) l();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  // Another tab of the same portal changed the list.
  const onStorage = (e: StorageEvent) => {
    if (e.key === null || e.key.startsWith('portal.search.recent:')) {
      cache.clear();
      listener();
    }
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

/** The query list with `q` first (the same words in other letter case replaced), at most KEEP. */
export function withRecent(list: string[], q: string): string[] {
  const query = q.trim().replace(/\s+/g, ' ');
  if (!query) return list;
  const lower = query.toLocaleLowerCase();
  return [query, ...list.filter((x) => x.toLocaleLowerCase() !== lower)].slice(0, KEEP);
}

/**
 * The signed-in user's last searches on this device, kept per portal and user: a query is
 * remembered when a result or «Показать все» is opened.
 */
export function useRecentSearches() {
  const me = useSession();
  const key = `portal.search.recent:${me.portal.name}:${me.user.id}`;
  const recent = useSyncExternalStore(
    subscribe,
    () => read(key),
    () => EMPTY,
  );
  const remember = useCallback((q: string) => write(key, withRecent(read(key), q)), [key]);
  const clear = useCallback(() => write(key, []), [key]);
  return { recent, remember, clear };
}
