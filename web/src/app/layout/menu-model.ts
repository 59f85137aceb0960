import type { MenuItem, Shell } from '@vavilon/contracts';

export type MenuGroup = Shell['groups'][number];
export type MenuEntry = { kind: 'item'; item: MenuItem } | { kind: 'group'; group: MenuGroup; items: MenuItem[] };

export function isSiteMap(item: MenuItem): boolean {
  return item.id === 'sitemap' || item.path === '/sitemap';
}

/**
 * The menu as shown: items in the user's order, each group placed where its first
 * item stands, «Карта сайта» kept apart (always last).
 */
export function buildEntries(shell: Shell, includeHidden: boolean): { entries: MenuEntry[]; siteMap: MenuItem | null } {
  const hidden = new Set(shell.settings.hidden);
  const visible = shell.menu.filter((i) => includeHidden || !hidden.has(i.id));
  const groups = new Map(shell.groups.map((g) => [g.id, g]));
  const entries: MenuEntry[] = [];
  const placed = new Map<string, MenuEntry & { kind: 'group' }>();
  let siteMap: MenuItem | null = null;

  for (const item of visible) {
    if (isSiteMap(item)) {
      siteMap = item;
      continue;
    }
    const group = item.group ? groups.get(item.group) : undefined;
    if (!group) {
      entries.push({ kind: 'item', item });
      continue;
    }
    let entry = placed.get(group.id);
    if (!entry) {
      entry = { kind: 'group', group, items: [] };
      placed.set(group.id, entry);
      entries.push(entry);
    }
    entry.items.push(item);
  }
  return { entries, siteMap };
}

export function entryId(e: MenuEntry): string {
  return e.kind === 'item' ? e.item.id : `group:${e.group.id}`;
}

/** The saved order: item ids, a group's items in place of the group. */
export function flattenOrder(entries: MenuEntry[], siteMap: MenuItem | null): string[] {
  const ids: string[] = [];
  for (const e of entries) {
    if (e.kind === 'item') ids.push(e.item.id);
    else ids.push(...e.items.map((i) => i.id));
  }
  if (siteMap) ids.push(siteMap.id);
  return ids;
}

/** The item whose path best matches the current address. */
export function activeItemId(items: MenuItem[], pathname: string): string | null {
  let best: MenuItem | null = null;
  for (const item of items) {
    const p = item.path.replace(/\/+$/, '') || '/';
    const match = p === '/' ? pathname === '/' : pathname === p || pathname.startsWith(`${p}/`);
    if (match && (!best || p.length > best.path.length)) best = item;
  }
  return best?.id ?? null;
}
