import type { DriveRight } from '@vavilon/contracts';
import type { Ctx } from '../../../platform/context.js';
import { AppError, errors } from '../../../platform/errors.js';
import { itemWith, type ItemRow } from '../access.js';
import { sharedWithMe } from '../service.js';
import { myStorages } from '../storages.js';
import { itemNamed, nameKey } from '../tree.js';

/** What the network folder shows of a drive item (a full row, or a listed `DriveItem` mapped to it). */
export interface DavItem extends Pick<ItemRow, 'id' | 'parent_id' | 'kind' | 'name' | 'size' | 'mime' | 'file_id' | 'created_at' | 'updated_at'> {
  right: DriveRight;
}

/** A resolved item: its whole row, with the actor's right. */
export type DavRow = ItemRow & { right: DriveRight };

/**
 * A place in the network folder: the root (the drives), «Общие со мной» (what colleagues shared),
 * or a drive item. `name` is how it is called in its parent; a drive's root folder is named after the drive.
 */
export type DavNode = { type: 'root'; name: string } | { type: 'shared'; name: string } | { type: 'item'; name: string; item: DavItem; top: boolean };

/** A node an address resolved to: an item there carries its whole row. */
export type ResolvedNode = { type: 'root'; name: string } | { type: 'shared'; name: string } | { type: 'item'; name: string; item: DavRow; top: boolean };

/** What an address names: the node there (null when nothing is there yet) and the folder it is in. */
export interface Resolved {
  node: ResolvedNode | null;
  parent: ResolvedNode | null;
  /** The last segment, as sent (for a file or folder to be made). */
  name: string;
  segments: string[];
}

const SHARED = { ru: 'Общие со мной', en: 'Shared with me' } as const;
/** The most items «Общие со мной» lists. */
const SHARED_MAX = 2000;

/** A drive's or a group's name as a folder name: characters a file manager cannot show become «_». */
const folderName = (name: string) => name.replace(/[\u0000-\u001f\u007f/\\<>:"|?*]/g, '_').replace(/[. ]+$/, '') || '_';

/** Names made unique in one folder (case and Unicode form do not count): the second «Отдел» is «Отдел (2)». */
function unique<T>(entries: { name: string; value: T }[]): { name: string; value: T }[] {
  const seen = new Set<string>();
  return entries.map((e) => {
    let name = folderName(e.name);
    for (let n = 2; seen.has(nameKey(name)); n++) name = `${folderName(e.name)} (${n})`;
    seen.add(nameKey(name));
    return { ...e, name };
  });
}

/** The root's folders: «Мой диск», «Общий диск», the group drives, then «Общие со мной». */
export async function rootEntries(ctx: Ctx): Promise<ResolvedNode[]> {
  const s = await myStorages(ctx);
  const drives = unique([s.my, s.common, ...s.groups].map((d) => ({ name: d.name, value: d.rootId })));
  const out: ResolvedNode[] = [];
  for (const d of drives) out.push({ type: 'item', name: d.name, item: await itemWith(ctx, d.value, 'read'), top: true });
  const sharedName = SHARED[ctx.lang] ?? SHARED.ru;
  out.push({ type: 'shared', name: drives.some((d) => nameKey(d.name) === nameKey(sharedName)) ? `${sharedName} (2)` : sharedName });
  return out;
}

/** «Общие со мной»: each shared item under a name unique in the list. */
export async function sharedEntries(ctx: Ctx): Promise<ResolvedNode[]> {
  const items = [];
  let cursor: string | undefined;
  do {
    const page = await sharedWithMe(ctx, cursor, 200);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && items.length < SHARED_MAX);
  const named = unique(items.map((i) => ({ name: i.name, value: i.id })));
  const out: ResolvedNode[] = [];
  for (const n of named) out.push({ type: 'item', name: n.name, item: await itemWith(ctx, n.value, 'read'), top: false });
  return out;
}

const childOf = async (ctx: Ctx, parent: ResolvedNode, name: string): Promise<ResolvedNode | null> => {
  if (parent.type === 'root' || parent.type === 'shared') {
    const entries = parent.type === 'root' ? await rootEntries(ctx) : await sharedEntries(ctx);
    return entries.find((e) => nameKey(e.name) === nameKey(name)) ?? null;
  }
  if (parent.item.kind !== 'folder') return null;
  const row = await itemNamed(ctx, parent.item.id, name);
  // Rights only grow down the tree (shares are inherited): what is inside a readable folder is readable.
  return row ? { type: 'item', name: row.name, item: { ...row, size: Number(row.size), right: parent.item.right }, top: false } : null;
};

/**
 * Walks the segments from the root. A missing segment before the last one is "not found"
 * (409 for a write, as WebDAV asks). The final item's right is read again, with its own shares.
 */
export async function resolve(ctx: Ctx, segments: string[]): Promise<Resolved> {
  let node: ResolvedNode = { type: 'root', name: '' };
  let parent: ResolvedNode | null = null;
  for (let i = 0; i < segments.length; i++) {
    const next = await childOf(ctx, node, segments[i]!);
    if (!next) {
      if (i < segments.length - 1) throw new AppError(409, 'conflict', 'drive.no_folder');
      return { node: null, parent: node, name: segments[i]!, segments };
    }
    parent = node;
    node = next;
  }
  if (node.type === 'item' && !node.top) node = { ...node, item: await itemWith(ctx, node.item.id, 'read') };
  if (parent?.type === 'item' && !parent.top) parent = { ...parent, item: await itemWith(ctx, parent.item.id, 'read') };
  return { node, parent, name: segments.at(-1) ?? '', segments };
}

/** The folder item a write goes into, with at least `edit` on it; the root and «Общие со мной» take nothing. */
export function writableFolder(node: ResolvedNode | null): DavRow {
  if (!node) throw errors.notFound();
  if (node.type !== 'item' || node.item.kind !== 'folder') throw errors.forbidden();
  if (node.item.right === 'read') throw errors.forbidden();
  return node.item;
}
