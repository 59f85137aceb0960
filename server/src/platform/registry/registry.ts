import type { FastifyInstance } from 'fastify';
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Ctx } from '../context.js';
import type { EventProcessor } from '../events/processors.js';
import type { DomainEvent } from '../events/outbox.js';
import type { AudienceItem, EventDef } from '@vavilon/contracts';
import type { JobHandler } from '../jobs/jobs.js';
import { addMessages, type Lang, type MessageCatalog } from '../i18n/index.js';
import type { Platform } from '../platform.js';
import type { MigrationList } from '../db/migrate.js';
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

/** One item as the portal search index keeps it (see `SearchKind`). */
export interface SearchDocument {
  id: number;
  /** What the results show and typos, word forms and transliteration are forgiven in. */
  title: string;
  subtitle?: string | null;
  /** More text it is found by (a description, a company, comments), word forms forgiven. */
  body?: string;
  url: string;
  /** Found by exactly these, however typed: phone numbers in any format, e-mails. */
  phones?: string[];
  emails?: string[];
  /** Who wrote it and when it happened, for the filters of the results page. */
  authorId?: number | null;
  date?: string | null;
  /**
   * The facts its rights are decided on (its responsible `r12`, its pipeline `pl3`), as tokens
   * the kind's `readable` narrows the index by before its condition is asked (`SearchAccess`).
   */
  access?: string[];
}

/** Items whose access tokens meet it: one token of each list of `all` (none: any item), none of `none`. */
export interface SearchAccessClause {
  all: string[][];
  none?: string[];
}

export type SearchReadCondition = (eb: ExpressionBuilder<any, any>, itemId: string) => Expression<SqlBool>;

/**
 * Rights in the query: a condition on the index row's `itemId` (kysely) that holds for the items
 * the actor may open, `'all'` when they may open every one, `'none'` when none. With `access`, the
 * index first keeps the items whose access tokens meet one of its clauses (every readable item
 * does), so the condition is asked of few rows; the condition still decides.
 */
export type SearchReadFilter = 'all' | 'none' | SearchReadCondition | { where: SearchReadCondition; access: SearchAccessClause[] };

/**
 * A kind of item in the portal search (deals, employees, tasks): the search module keeps an index of
 * its documents, fed by the events on `entityType` (and on comments of it), and asks `readable` on each query.
 */
export interface SearchKind {
  /** Stable: stored in the index (`crm.deal`). */
  kind: string;
  /** The group title of the results. */
  title: Localized;
  /** The module filter of the results page: the menu item id its results belong under (`crm`, `tasks`). */
  module: string;
  /** The results' order of groups (lower first). */
  order: number;
  /** The entity type of the events that change its items. */
  entityType: string;
  /** The current documents of `ids` (a system ctx); an id left out is taken out of the index. */
  documents(ctx: Ctx, ids: number[]): Promise<SearchDocument[]>;
  /** For a rebuild: the ids after `afterId`, ascending, at most `limit`. */
  ids(ctx: Ctx, afterId: number, limit: number): Promise<number[]>;
  /** Which of its items the actor may open, as a condition the index query carries. */
  readable(ctx: Ctx): Promise<SearchReadFilter>;
  /** Its items another event changes (a company renamed: the deals that show it), beyond `entityType`'s and comments'. */
  touchedBy?: { events: readonly EventDef[]; ids(ctx: Ctx, event: DomainEvent): Promise<number[]> };
}

export interface ProfileLink {
  id: string;
  title: Localized;
  url: (userId: number) => string;
}

/** One notification to add: the notifications module writes it and pushes it to the user's bell. */
export interface NotificationDraft {
  userId: number;
  kind: string;
  title: string;
  body: string;
  url?: string | null;
  /** A group of notifications (`reactions:comment:12`): this one replaces the user's unread one of the group. */
  groupKey?: string;
  /** With `groupKey`: only an unread one written within this many milliseconds is replaced. */
  groupWithinMs?: number;
}

/** Which of a module's events notify whom; the notifications module runs them, one processor per module. */
export interface NotificationRules<D extends EventDef = EventDef> {
  /** The definitions of the events the rules read. */
  events: readonly D[];
  /** Reads in the processor's transaction; the drafts are written in it too. */
  build(ctx: Ctx, event: DomainEvent<D>): Promise<NotificationDraft[]>;
}

/** Typed rules: `build` gets the union of the listed events, told apart by `type`. */
export function defineNotificationRules<D extends EventDef>(rules: NotificationRules<D>): NotificationRules {
  return rules as unknown as NotificationRules;
}

/** What the modules share while seeding the demo portal. */
export interface DemoSeed {
  /** One password for every demo person. */
  password: string;
  /** Demo people by a key (`admin`, `headSales`...), filled by the module that creates them. */
  users: Record<string, number>;
  /** How the demo people sign in, the administrator first, as the console prints it. */
  logins: { email: string; phone: string; name: string }[];
}

/**
 * What a business module brings. Adding a module is one entry in `modules/index.ts`: its
 * migrations, messages, routes, menu items, site-map sections and menu groups, help articles,
 * search, event processors, notification rules, jobs and demo data, all from its own folder.
 */
export interface PortalModule {
  name: string;
  /** Its tables: `migrations/index.ts` of the module folder (see platform/db/migrations). */
  migrations?: MigrationList;
  /** The events it records: its definitions from the contracts (`defineEvent`), gathered into the portal's catalogue. */
  events?: Record<string, EventDef>;
  /** Its server messages (`messages.ts` of the module folder), merged into the one catalogue of `t()`. */
  messages?: MessageCatalog;
  /** Help articles: `<helpDir>/<lang>/*.md`, shown by «Помощь» while the user is in this module. */
  help?: { moduleIds: string[]; dir: string };
  menu?: MenuEntry[];
  /** Menu groups and site-map sections this module opens; its and other modules' entries name them. */
  menuGroups?: MenuGroupDef[];
  siteMapSections?: SiteMapSection[];
  /** Its kinds of item in the portal search index. */
  searchKinds?: SearchKind[];
  profileLinks?: ProfileLink[];
  processors?: (platform: Platform) => EventProcessor[];
  /** Notifications its events give (processor `notifications.<module>`). */
  notifications?: NotificationRules;
  jobs?: (platform: Platform) => Record<string, JobHandler>;
  routes?: (app: FastifyInstance, platform: Platform) => void | Promise<void>;
  /** Sets up a new portal's defaults (e.g. the CRM's «Продажи» pipeline), in its creating transaction. */
  onPortalCreated?: (ctx: Ctx) => Promise<void>;
  /** Its part of the demo portal, in the registry's order (people come before the CRM's deals). */
  demo?: (ctx: Ctx, seed: DemoSeed) => Promise<void>;
  /**
   * Batched rights over this module's entity types, asked through `checkAccess()` by history,
   * files, realtime and exports: `{ deal: { table: 'crm_deal', read: (ctx, ids) => allowedIds } }`.
   */
  access?: AccessRegistrations;
  /** Who hears a change of each of this module's entity types on the realtime socket; unlisted types are heard by nobody. */
  realtime?: Record<string, RealtimeAudience>;
  /**
   * How other modules name and link this module's items (a task's linked deal, a mention's item):
   * the title and address of each of `ids` that exists. Rights are the caller's to check first (`checkAccess`).
   */
  describe?: Record<string, ItemDescriber>;
  /**
   * Its items bound to another module's item (the tasks of a deal), as that item's timeline lists
   * them: only those the actor may see, newest first. The caller has checked that the actor reads the target.
   */
  linkedTo?: (ctx: Ctx, target: { type: string; id: number }) => Promise<LinkedEntry[]>;
  /** Its entity types that take comments (the comments module): each also needs `access` with `read` and `describe`. */
  commentable?: string[];
  /** Its entity types that take reactions (the reactions module): each also needs `access` with `read` and `describe`. */
  reactable?: string[];
  /**
   * Who wrote each of its items, by type (a comment's author, a post's): the user id of each of `ids`
   * that has one. The reactions module tells the author of a reacted item; rights are the caller's to check.
   */
  authorOf?: Record<string, AuthorLookup>;
  /** What it keeps of other modules' items (a CRM item's activities, comments, file links): the trash and merging go through these. */
  holders?: ItemHolder[];
  /** The kinds of post it publishes into the news feed from its events (a new employee, an event for everyone). */
  feedSources?: FeedSource[];
}

/**
 * A kind of news-feed post a module publishes from its events. The feed reads `events`, asks
 * `build` for each (in its processor's transaction) and keeps one post per `key`: a later event
 * with the same key replaces the post, `remove` takes it away.
 */
export interface FeedSource<D extends EventDef = EventDef> {
  /** The post kind (`users.joined`), filtered out with the other module posts. */
  kind: string;
  title: Localized;
  events: readonly D[];
  build(ctx: Ctx, event: DomainEvent<D>): Promise<FeedSourcePost | { remove: string } | null>;
}

export interface FeedSourcePost {
  /** One post per key in a portal (`users.joined:12`). */
  key: string;
  authorId: number | null;
  title: string;
  /** Rich text; sanitised by the feed. */
  html: string;
  audience: AudienceItem[];
  link: { url: string; label: string } | null;
}

/** Typed: `build` gets the union of the listed events. */
export function defineFeedSource<D extends EventDef>(source: FeedSource<D>): FeedSource {
  return source as unknown as FeedSource;
}

/** What a module keeps of items of other modules (a CRM item's activities, comments, file links). */
export interface ItemHolder {
  /** Names what it holds in a trashed item's snapshot (`activities`, `comments`): stable, one per holder. */
  name: string;
  /** The item kinds (entity types such as 'deal', 'contact') this holder keeps rows for. */
  kinds: readonly string[];
  /** Takes the rows of `ids` out (a delete to the trash): deletes them and returns what puts them back, JSON-safe, or null when none. */
  detach(ctx: Ctx, kind: string, ids: number[]): Promise<Record<number, unknown>>;
  /** Puts back what `detach` took for one item, same ids; rows whose other end is gone are skipped. */
  reattach(ctx: Ctx, kind: string, id: number, held: unknown): Promise<void>;
  /** A merge: moves the rows of `fromIds` onto `toId`, no repeats (a link both had stays once). */
  move(ctx: Ctx, kind: string, fromIds: number[], toId: number): Promise<void>;
  /** A trashed item goes for good: drops what only its snapshot still names (`held` as `detach` gave it, one per item), such as files no longer attached anywhere. */
  forget?(ctx: Ctx, kind: string, held: unknown[]): Promise<void>;
}

/** An item of one module bound to another's, as the other's timeline shows it («Задача: Найти ЛПР · Выполняется»). */
export interface LinkedEntry {
  /** The kind of item, as the page shows its icon: `task`; `robot` and `trigger` for automation's runs (a line of text, `url` empty). */
  itemKind: string;
  id: number;
  title: string;
  url: string;
  /** Its state in the reader's language («Ждёт выполнения») and whether it is done. */
  state: string;
  done: boolean;
  responsible: string | null;
  createdAt: string;
  due: string | null;
}

/** An item as another module shows a link to it. */
export interface ItemDescription {
  title: string;
  url: string;
}

export type ItemDescriber = (ctx: Ctx, ids: number[]) => Promise<Map<number, ItemDescription>>;

/** The author (a user id) of each of `ids` that has one. */
export type AuthorLookup = (ctx: Ctx, ids: number[]) => Promise<Map<number, number>>;

/** A folder of the main menu («Совместная работа»), declared by the module that opens it. */
export interface MenuGroupDef {
  id: string;
  title: Localized;
  icon: string;
}

/** A section of the site map; sections are shown by `order`, and only when some entry is in them. */
export interface SiteMapSection {
  id: string;
  title: Localized;
  order: number;
}

export class Registry {
  readonly modules: PortalModule[] = [];

  add(m: PortalModule): void {
    if (this.modules.some((x) => x.name === m.name)) throw new Error(`module ${m.name} registered twice`);
    if (m.messages) addMessages(m.name, m.messages);
    this.modules.push(m);
  }

  /** Fails at start when two modules declare one group or section, or an entry names one nobody declares. */
  validate(): void {
    const claimed = (kind: string, ids: string[]) => {
      const seen = new Set<string>();
      for (const id of ids) {
        if (seen.has(id)) throw new Error(`${kind} ${id} is declared twice`);
        seen.add(id);
      }
      return seen;
    };
    const groups = claimed(
      'menu group',
      this.menuGroups().map((g) => g.id),
    );
    const sections = claimed(
      'site-map section',
      this.siteMapSections().map((s) => s.id),
    );
    claimed(
      'menu entry',
      this.menu().map((e) => e.id),
    );
    this.eventCatalogue();
    claimed(
      'item holder',
      this.modules.flatMap((m) => m.holders ?? []).map((h) => h.name),
    );
    for (const m of this.modules)
      for (const type of m.reactable ?? []) {
        if (!this.entityAccess(type)?.read) throw new Error(`reactable ${type} of ${m.name}: no module registers its read access`);
        if (!this.modules.some((x) => x.describe && Object.hasOwn(x.describe, type))) throw new Error(`reactable ${type} of ${m.name}: no module describes its items`);
      }
    for (const m of this.modules)
      for (const type of m.commentable ?? []) {
        if (!this.entityAccess(type)?.read) throw new Error(`commentable ${type} of ${m.name}: no module registers its read access`);
        if (!this.modules.some((x) => x.describe && Object.hasOwn(x.describe, type))) throw new Error(`commentable ${type} of ${m.name}: no module describes its items`);
      }
    for (const e of this.menu()) {
      if (!sections.has(e.section)) throw new Error(`menu entry ${e.id}: no module declares the site-map section ${e.section}`);
      if (e.group && !groups.has(e.group)) throw new Error(`menu entry ${e.id}: no module declares the menu group ${e.group}`);
    }
  }

  /** Every event any module records, by name; a name two modules define fails at start. */
  eventCatalogue(): ReadonlyMap<string, EventDef> {
    const out = new Map<string, EventDef>();
    for (const m of this.modules) {
      for (const def of Object.values(m.events ?? {})) {
        const other = out.get(def.name);
        if (other && other !== def) throw new Error(`event ${def.name} is defined twice`);
        out.set(def.name, def);
      }
    }
    return out;
  }

  menuGroups(): MenuGroupDef[] {
    return this.modules.flatMap((m) => m.menuGroups ?? []);
  }

  siteMapSections(): SiteMapSection[] {
    return this.modules.flatMap((m) => m.siteMapSections ?? []).sort((a, b) => a.order - b.order);
  }

  menu(): MenuEntry[] {
    return this.modules.flatMap((m) => m.menu ?? []).sort((a, b) => a.order - b.order);
  }

  searchKinds(): SearchKind[] {
    return this.modules.flatMap((m) => m.searchKinds ?? []).sort((a, b) => a.order - b.order);
  }

  feedSources(): FeedSource[] {
    return this.modules.flatMap((m) => m.feedSources ?? []);
  }

  profileLinks(): ProfileLink[] {
    return this.modules.flatMap((m) => m.profileLinks ?? []);
  }

  async portalCreated(ctx: Ctx): Promise<void> {
    for (const m of this.modules) await m.onPortalCreated?.(ctx);
  }

  async seedDemo(ctx: Ctx, seed: DemoSeed): Promise<void> {
    for (const m of this.modules) await m.demo?.(ctx, seed);
  }

  entityAccess(entityType: string): EntityAccess | null {
    // Own keys only: a type named like an Object method ('valueOf') is no module's type.
    return this.modules.find((m) => m.access && Object.hasOwn(m.access, entityType))?.access?.[entityType] ?? null;
  }

  realtimeAudience(entityType: string): RealtimeAudience | null {
    return this.modules.find((m) => m.realtime && Object.hasOwn(m.realtime, entityType))?.realtime?.[entityType] ?? null;
  }

  /** Every module's items bound to `target`, newest first. */
  async linkedTo(ctx: Ctx, target: { type: string; id: number }): Promise<LinkedEntry[]> {
    const lists = await Promise.all(this.modules.map((m) => m.linkedTo?.(ctx, target) ?? []));
    return lists.flat().sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  }

  /** The holders of items of `kind`, in the registry's order (a name two holders share fails at start). */
  holders(kind: string): ItemHolder[] {
    return this.modules.flatMap((m) => m.holders ?? []).filter((h) => h.kinds.includes(kind));
  }

  /** Whether a type takes comments. */
  commentable(entityType: string): boolean {
    return this.modules.some((m) => m.commentable?.includes(entityType));
  }

  /** Whether a type takes reactions. */
  reactable(entityType: string): boolean {
    return this.modules.some((m) => m.reactable?.includes(entityType));
  }

  /** The authors of items of a type some module tells them for (`authorOf`); empty for a type nobody does. */
  async authorOf(ctx: Ctx, entityType: string, ids: Iterable<number>): Promise<Map<number, number>> {
    const list = [...new Set(ids)];
    const lookup = this.modules.find((m) => m.authorOf && Object.hasOwn(m.authorOf, entityType))?.authorOf?.[entityType];
    return lookup && list.length ? lookup(ctx, list) : new Map();
  }

  /** The titles and addresses of items of a type any module describes; empty for a type nobody does. */
  async describe(ctx: Ctx, entityType: string, ids: Iterable<number>): Promise<Map<number, ItemDescription>> {
    const list = [...new Set(ids)];
    const describer = this.modules.find((m) => m.describe && Object.hasOwn(m.describe, entityType))?.describe?.[entityType];
    return describer && list.length ? describer(ctx, list) : new Map();
  }

  helpDirFor(moduleId: string): string | null {
    return this.modules.find((m) => m.help?.moduleIds.includes(moduleId))?.help?.dir ?? null;
  }
}
