import type { Ctx } from '../../platform/context.js';
import { setFileLinks } from '../files/api.js';
import { fieldRows } from './fields.js';
import type { EntityType } from './schema.js';
import { parseJson } from './values.js';

const idsIn = (v: unknown): number[] => ([] as unknown[]).concat(v ?? []).filter((n): n is number => typeof n === 'number');

/** Writes the links of an item's file custom fields from its stored values (in the caller's transaction). */
export async function linkItemFiles(ctx: Ctx, entity: EntityType, id: number, custom: string | Record<string, unknown>, opts: { creating?: boolean } = {}): Promise<void> {
  const values = typeof custom === 'string' ? parseJson<Record<string, unknown>>(custom, {}) : custom;
  // A new item without custom values (most imports, most forms) has nothing to link.
  if (opts.creating && !Object.keys(values).length) return;
  for (const f of (await fieldRows(ctx, entity)).filter((r) => r.type === 'file')) {
    const ids = idsIn(values[f.code]);
    if (ids.length || !opts.creating) await setFileLinks(ctx, entity, id, f.code, ids);
  }
}
