import crypto from 'node:crypto';
import type { Platform } from '../platform/platform.js';
import type { DemoSeed } from '../platform/registry/registry.js';
import { createPortal, portalLogins } from '../modules/users/api.js';
import { runAfterCommit, systemCtx, type TxState } from '../platform/context.js';

export const DEMO_PORTAL = { name: 'vavilonproject', title: 'Проектное бюро Vavilon' };

export interface DemoResult {
  created: boolean;
  password: string | null;
  logins: DemoSeed['logins'];
}

/**
 * Creates the demo portal once; later runs find it and change nothing. Each module brings its own
 * demo data (`demo` of its registration), run in the registry's order in one transaction.
 */
export async function seedDemo(platform: Platform, demoPassword: string | null): Promise<DemoResult> {
  const exists = await platform.db.selectFrom('portal').select('id').where('name', '=', DEMO_PORTAL.name).executeTakeFirst();
  if (exists) return { created: false, password: null, logins: await demoLogins(platform, Number(exists.id)) };
  const password = demoPassword ?? crypto.randomBytes(9).toString('base64url');

  let seed: DemoSeed;
  try {
    seed = await seedPortal(platform, password);
  } catch (err) {
    // Several processes started at once on an empty database: another one has just seeded it.
    const seeded = await platform.db.selectFrom('portal').select('id').where('name', '=', DEMO_PORTAL.name).executeTakeFirst();
    if (!seeded) throw err;
    await platform.portals.reload();
    return { created: false, password: null, logins: await demoLogins(platform, Number(seeded.id)) };
  }
  await platform.portals.reload();
  platform.events.wake();
  return { created: true, password, logins: seed.logins };
}

async function seedPortal(platform: Platform, password: string): Promise<DemoSeed> {
  const seed: DemoSeed = { password, users: {}, logins: [] };
  // One transaction for the whole portal, which the modules' services join (their `transaction()`).
  const state: TxState = { afterCommit: [] };
  await platform.db.transaction().execute(async (tx) => {
    const base = { db: tx, sys: platform.sys };
    const portal = await createPortal(base, DEMO_PORTAL.name, DEMO_PORTAL.title);
    await platform.registry.seedDemo({ ...systemCtx(base, portal), tx: state }, seed);
  });
  await runAfterCommit(platform.log, state);
  return seed;
}

/** The demo portal's members as a later start prints them: the administrator first. */
function demoLogins(platform: Platform, portalId: number): Promise<DemoSeed['logins']> {
  return portalLogins(platform.db, portalId);
}
