import type { Lang } from './i18n/index.js';
import type { Queryable } from './db/database.js';

export interface PortalRow {
  id: number;
  name: string;
  title: string;
}

export interface Actor {
  userId: number;
  accountId: number;
  portalId: number;
  role: 'admin' | 'employee';
  departmentId: number | null;
  language: Lang;
}

/** What a service needs to act on a portal's behalf: the database, the portal and who acts. */
export interface Ctx {
  db: Queryable;
  portal: PortalRow;
  actor: Actor | null;
  lang: Lang;
  requestId: string;
}

export function withDb(ctx: Ctx, db: Queryable): Ctx {
  return { ...ctx, db };
}
