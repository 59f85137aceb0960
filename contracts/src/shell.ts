import { z } from 'zod';

export const MenuItem = z.object({
  id: z.string(),
  title: z.string(),
  path: z.string(),
  icon: z.string(),
  /** Items of a group (e.g. «Совместная работа») sit under it in the menu. */
  group: z.string().nullable(),
  counter: z.number().int().nullable(),
});
export type MenuItem = z.infer<typeof MenuItem>;

export const MenuGroup = z.object({ id: z.string(), title: z.string(), icon: z.string() });

export const ShellSettings = z.object({
  pinned: z.boolean(),
  order: z.array(z.string()),
  hidden: z.array(z.string()),
  collapsedGroups: z.array(z.string()),
});
export type ShellSettings = z.infer<typeof ShellSettings>;

export const Shell = z.object({
  menu: z.array(MenuItem),
  groups: z.array(MenuGroup),
  settings: ShellSettings,
});
export type Shell = z.infer<typeof Shell>;

export const ShellSettingsUpdate = ShellSettings.partial();

export const SiteMap = z.object({
  sections: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      items: z.array(z.object({ id: z.string(), title: z.string(), path: z.string(), description: z.string() })),
    }),
  ),
});

export const SearchQuery = z.object({ q: z.string().trim().min(1).max(200), limit: z.coerce.number().int().min(1).max(50).default(5) });
/** Where the query's words are in a title: [start, end) in UTF-16 units, shown in bold. */
const Marks = z.array(z.tuple([z.number().int(), z.number().int()]));
export const SearchResults = z.object({
  groups: z.array(
    z.object({
      kind: z.string(),
      title: z.string(),
      items: z.array(z.object({ id: z.string(), title: z.string(), subtitle: z.string().nullable(), url: z.string(), marks: Marks })),
    }),
  ),
  /** The query as it was understood when not as typed: typed in the other keyboard layout («cltkrf» → «сделка»). */
  corrected: z.string().nullable(),
});
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Дата в формате ГГГГ-ММ-ДД');
/** «Показать все»: the full results page, filtered by kind, module, author and date, a page at a time. */
export const SearchPageQuery = z.object({
  q: z.string().trim().min(1).max(200),
  kind: z.string().max(50).optional(),
  module: z.string().max(50).optional(),
  author: z.coerce.number().int().positive().optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  /** The `next` of the page before. */
  before: z
    .string()
    .regex(/^\d\.\d+$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type SearchPageQuery = z.infer<typeof SearchPageQuery>;
export const SearchPage = z.object({
  items: z.array(
    z.object({
      kind: z.string(),
      kindTitle: z.string(),
      id: z.string(),
      title: z.string(),
      subtitle: z.string().nullable(),
      url: z.string(),
      date: z.string().nullable(),
      author: z.object({ id: z.number(), name: z.string() }).nullable(),
      marks: Marks,
    }),
  ),
  /** Pass as `before` for the next page; null on the last. */
  next: z.string().nullable(),
  /** On the first page: how many hits of each kind (up to 1000, `capped` beyond). */
  kinds: z.array(z.object({ kind: z.string(), title: z.string(), count: z.number(), capped: z.boolean() })).nullable(),
  corrected: z.string().nullable(),
});
export type SearchPage = z.infer<typeof SearchPage>;
export type SearchResults = z.infer<typeof SearchResults>;

export const HelpQuery = z.object({ module: z.string().max(50).default('portal') });
export const HelpArticles = z.object({
  module: z.string(),
  articles: z.array(z.object({ id: z.string(), title: z.string(), html: z.string() })),
});
export type HelpArticles = z.infer<typeof HelpArticles>;
