import type { Shell } from '@vavilon/contracts';
import type { Ctx } from '../../platform/context.js';
import type { MenuEntry } from '../../platform/registry/registry.js';
import { readSettings } from './settings.js';

function visible(entries: MenuEntry[], ctx: Ctx): MenuEntry[] {
  return entries.filter((e) => !e.adminOnly || ctx.actor?.role === 'admin');
}

/** Applies the user's order on top of the default one; new items keep their default place. */
export function ordered(ids: string[], order: string[]): string[] {
  const known = order.filter((id) => ids.includes(id));
  const rest = ids.filter((id) => !known.includes(id));
  const out = [...known];
  for (const id of rest) {
    const defaultIndex = ids.indexOf(id);
    const after = ids
      .slice(0, defaultIndex)
      .reverse()
      .find((x) => out.includes(x));
    out.splice(after ? out.indexOf(after) + 1 : 0, 0, id);
  }
  return out;
}

export async function shell(ctx: Ctx): Promise<Shell> {
  const entries = visible(ctx.sys.registry.menu(), ctx).filter((e) => e.inMenu !== false);
  const settings = await readSettings(ctx);
  const order = ordered(
    entries.map((e) => e.id),
    settings.order,
  );
  const byId = new Map(entries.map((e) => [e.id, e]));
  const counters = await Promise.all(order.map((id) => byId.get(id)!.counter?.(ctx) ?? Promise.resolve(null)));
  const usedGroups = new Set(entries.map((e) => e.group).filter(Boolean));
  return {
    menu: order.map((id, i) => {
      const e = byId.get(id)!;
      return { id: e.id, title: e.title[ctx.lang], path: e.path, icon: e.icon, group: e.group ?? null, counter: counters[i] ?? null };
    }),
    groups: ctx.sys.registry
      .menuGroups()
      .filter((g) => usedGroups.has(g.id))
      .map((g) => ({ id: g.id, title: g.title[ctx.lang], icon: g.icon })),
    settings,
  };
}

export function siteMap(ctx: Ctx) {
  const entries = visible(ctx.sys.registry.menu(), ctx);
  return {
    sections: ctx.sys.registry
      .siteMapSections()
      .map((s) => ({
        id: s.id,
        title: s.title[ctx.lang],
        items: entries.filter((e) => e.section === s.id).map((e) => ({ id: e.id, title: e.title[ctx.lang], path: e.path, description: e.description[ctx.lang] })),
      }))
      .filter((s) => s.items.length),
  };
}
