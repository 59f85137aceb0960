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
export const SearchResults = z.object({
  groups: z.array(
    z.object({
      kind: z.string(),
      title: z.string(),
      items: z.array(z.object({ id: z.string(), title: z.string(), subtitle: z.string().nullable(), url: z.string() })),
    }),
  ),
});
export type SearchResults = z.infer<typeof SearchResults>;

export const HelpQuery = z.object({ module: z.string().max(50).default('portal') });
export const HelpArticles = z.object({
  module: z.string(),
  articles: z.array(z.object({ id: z.string(), title: z.string(), html: z.string() })),
});
export type HelpArticles = z.infer<typeof HelpArticles>;
