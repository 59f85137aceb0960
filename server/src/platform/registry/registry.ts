import type { FastifyInstance } from 'fastify';
import type { Ctx } from '../context.js';
import type { EventProcessor } from '../events/processors.js';
import type { JobHandler } from '../jobs/jobs.js';
import type { Lang } from '../i18n/index.js';
import type { Platform } from '../platform.js';
import type { AccessRegistrations, EntityAccess } from '../access.js';
import type { RealtimeAudience } from '../realtime/audience.js';

export type Localized = Record<Lang, string>;

export interface MenuEntry {
  id: string;
  title: Localized;
  path: string;
  icon: string;
  /** Menu group id, e.g. `collab` for «Совместная работа». */
  group?: string | null;
  /** Default position; users reorder on top of it. */
  order: number;
  /** Site-map section and description; every menu entry is also a site-map entry. */
  section: string;
  description: Localized;
  /** Shown in the menu only to administrators. */
  adminOnly?: boolean;
  /** `false`: a settings page, reached from the site map's «Настройки» (and search), not from the main menu. */
  inMenu?: boolean;
  counter?: (ctx: Ctx) => Promise<number | null>;
}

export interface SearchHit {
  id: string;
  title: string;
  subtitle: string | null;
  url: string;
}

export interface SearchProvider {
  kind: string;
  title: Localized;
  /** Only what `ctx.actor` may see. */
  search(ctx: Ctx, query: string, limit: number): Promise<SearchHit[]>;
}

export interface ProfileLink {
  id: string;
  title: Localized;
  url: (userId: number) => string;
}

/**
 * What a business module brings. Adding a module is one entry in `modules/index.ts`:
 * its routes, menu items, site-map entries, help articles, search, event processors and jobs.
 */
export interface PortalModule {
  name: string;
  /** Help articles: `<helpDir>/<lang>/*.md`, shown by «Помощь» while the user is in this module. */
  help?: { moduleIds: string[]; dir: string };
  menu?: MenuEntry[];
  search?: SearchProvider[];
  profileLinks?: ProfileLink[];
  processors?: (platform: Platform) => EventProcessor[];
  jobs?: (platform: Platform) => Record<string, JobHandler>;
  routes?: (app: FastifyInstance, platform: Platform) => void | Promise<void>;
  /** Sets up a new portal's defaults (e.g. the CRM's «Продажи» pipeline), in its creating transaction. */
  onPortalCreated?: (ctx: Ctx) => Promise<void>;
  /**
   * Batched rights over this module's entity types, asked through `checkAccess()` by history,
   * files, realtime and exports: `{ deal: { table: 'crm_deal', read: (ctx, ids) => allowedIds } }`.
   */
  access?: AccessRegistrations;
  /** Who hears a change of each of this module's entity types on the realtime socket; unlisted types are heard by nobody. */
  realtime?: Record<string, RealtimeAudience>;
}

export interface MenuGroupDef {
  id: string;
  title: Localized;
  icon: string;
}

export const menuGroups: MenuGroupDef[] = [{ id: 'collab', title: { ru: 'Совместная работа', en: 'Collaboration' }, icon: 'collab' }];

export const siteMapSections: { id: string; title: Localized }[] = [
  { id: 'portal', title: { ru: 'Портал', en: 'Portal' } },
  { id: 'company', title: { ru: 'Компания', en: 'Company' } },
  { id: 'collab', title: { ru: 'Совместная работа', en: 'Collaboration' } },
  { id: 'crm', title: { ru: 'CRM', en: 'CRM' } },
  { id: 'settings', title: { ru: 'Настройки', en: 'Settings' } },
];

export class Registry {
  readonly modules: PortalModule[] = [];

  add(m: PortalModule): void {
    if (this.modules.some((x) => x.name === m.name)) throw new Error(`module ${m.name} registered twice`);
    this.modules.push(m);
  }

  menu(): MenuEntry[] {
    return this.modules.flatMap((m) => m.menu ?? []).sort((a, b) => a.order - b.order);
  }

  searchProviders(): SearchProvider[] {
    return this.modules.flatMap((m) => m.search ?? []);
  }

  profileLinks(): ProfileLink[] {
    return this.modules.flatMap((m) => m.profileLinks ?? []);
  }

  async portalCreated(ctx: Ctx): Promise<void> {
    for (const m of this.modules) await m.onPortalCreated?.(ctx);
  }

  entityAccess(entityType: string): EntityAccess | null {
    // Own keys only: a type named like an Object method ('valueOf') is no module's type.
    return this.modules.find((m) => m.access && Object.hasOwn(m.access, entityType))?.access?.[entityType] ?? null;
  }

  realtimeAudience(entityType: string): RealtimeAudience | null {
    return this.modules.find((m) => m.realtime && Object.hasOwn(m.realtime, entityType))?.realtime?.[entityType] ?? null;
  }

  helpDirFor(moduleId: string): string | null {
    return this.modules.find((m) => m.help?.moduleIds.includes(moduleId))?.help?.dir ?? null;
  }
}
