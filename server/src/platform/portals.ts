import type { Db, Queryable } from './db/database.js';
import type { PortalRow } from './context.js';

const TTL_MS = 30_000;

/** Portals by name, cached briefly: they are read on every request and rarely change. */
export class PortalCache {
  private byName = new Map<string, PortalRow>();
  private loadedAt = 0;

  constructor(private db: Db) {}

  /**
   * Inside a transaction pass it as `db`: on SQLite the one connection is the transaction's,
   * and a reload through the plain handle would wait for it for ever.
   */
  async all(db: Queryable = this.db): Promise<PortalRow[]> {
    if (Date.now() - this.loadedAt > TTL_MS) await this.reload(db);
    return [...this.byName.values()];
  }

  async byNameOrNull(name: string): Promise<PortalRow | null> {
    await this.all();
    let p = this.byName.get(name.toLowerCase());
    if (!p) {
      await this.reload(); // created by another process since the last load
      p = this.byName.get(name.toLowerCase());
    }
    return p ?? null;
  }

  async byId(id: number, db: Queryable = this.db): Promise<PortalRow | null> {
    const find = () => [...this.byName.values()].find((p) => p.id === id);
    await this.all(db);
    let p = find();
    if (!p) {
      // Created by another process since the last load: event processors must not drop its events.
      await this.reload(db);
      p = find();
    }
    return p ?? null;
  }

  async reload(db: Queryable = this.db): Promise<void> {
    const rows = await db.selectFrom('portal').select(['id', 'name', 'title']).execute();
    this.byName = new Map(rows.map((r) => [r.name, r]));
    this.loadedAt = Date.now();
  }
}

/**
 * Which portal a request addresses: the host `<portal>.<base host>`, else the `X-Portal`
 * header the web app sends for the path form `/p/<portal>/` (empty: the central Passport
 * address), else the only portal of a single-portal install.
 */
export async function resolvePortal(cache: PortalCache, baseHost: string, host: string | undefined, header: string | undefined): Promise<PortalRow | null | 'unknown'> {
  const hostname = (host ?? '').split(':')[0]!.toLowerCase();
  if (hostname.endsWith('.' + baseHost)) {
    const name = hostname.slice(0, -(baseHost.length + 1));
    if (name && !name.includes('.')) return (await cache.byNameOrNull(name)) ?? 'unknown';
  }
  if (header !== undefined) {
    if (header === '') return null;
    return (await cache.byNameOrNull(header)) ?? 'unknown';
  }
  const all = await cache.all();
  return all.length === 1 ? all[0]! : null;
}
