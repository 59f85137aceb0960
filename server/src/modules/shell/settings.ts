import type { ShellSettings } from '@vavilon/contracts';
import type { Ctx } from '../../platform/context.js';
import { scoped } from '../../platform/db/scoped.js';
import { nowIso, type Db } from '../../platform/db/database.js';

const KEY = 'shell';
export const DEFAULT_SETTINGS: ShellSettings = { pinned: false, order: [], hidden: [], collapsedGroups: [] };

/** The user's menu settings, kept on the server so they follow the user across devices. */
export async function readSettings(ctx: Ctx): Promise<ShellSettings> {
  const row = await scoped(ctx).selectFrom('user_setting').select('value').where('user_id', '=', ctx.actor!.userId).where('key', '=', KEY).executeTakeFirst();
  if (!row) return DEFAULT_SETTINGS;
  try {
    return { ...DEFAULT_SETTINGS, ...(JSON.parse(row.value) as Partial<ShellSettings>) };
  } catch {
    return DEFAULT_SETTINGS;
  }
}

export async function writeSettings(ctx: Ctx, patch: Partial<ShellSettings>): Promise<ShellSettings> {
  // Read and write in one transaction: two tabs saving at once must not lose each other's keys.
  return (ctx.db as Db).transaction().execute((tx) => writeIn({ ...ctx, db: tx }, patch));
}

async function writeIn(ctx: Ctx, patch: Partial<ShellSettings>): Promise<ShellSettings> {
  const next = { ...(await readSettings(ctx)), ...patch };
  const value = JSON.stringify(next);
  const updated = await scoped(ctx).updateTable('user_setting').set({ value, updated_at: nowIso() }).where('user_id', '=', ctx.actor!.userId).where('key', '=', KEY).executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) {
    await scoped(ctx).insertInto('user_setting', { user_id: ctx.actor!.userId, key: KEY, value, updated_at: nowIso() }).execute();
  }
  return next;
}
