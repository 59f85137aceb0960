/**
 * What other modules use of the calendar: a layer of their own items shown in «Мой календарь»
 * (tasks' deadlines), registered by the module that owns them — the calendar knows no one's tables.
 */
import type { Ctx } from '../../platform/context.js';

export interface CalendarLayerItem {
  id: string;
  title: string;
  startAt: string;
  endAt: string | null;
  url: string;
}

export interface CalendarLayer {
  /** `tasks.deadlines`: also what the page shows as the layer's name and colour key. */
  id: string;
  /** The viewer's own items in [from, to), only those they may see. */
  items(ctx: Ctx, userId: number, from: Date, to: Date): Promise<CalendarLayerItem[]>;
}

const layers: CalendarLayer[] = [];

export function registerCalendarLayer(layer: CalendarLayer): void {
  if (!layers.some((l) => l.id === layer.id)) layers.push(layer);
}

export async function layerItems(ctx: Ctx, userId: number, from: Date, to: Date) {
  const lists = await Promise.all(layers.map(async (l) => (await l.items(ctx, userId, from, to)).map((i) => ({ ...i, layer: l.id }))));
  return lists.flat();
}
