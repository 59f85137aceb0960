import { expect } from 'vitest';
import type { RouteEntry } from '../../src/app.js';
import { addDepartment } from '../../src/modules/users/provision.js';
import { systemCtx } from '../../src/platform/context.js';
import { buildPortal, signIn, startTestApp, type TestApp } from '../harness.js';
import { applyPatch, type Body } from './arbitraries.js';
import { apiRoutes, changedTables, expectErrorShape, fillUrl, isWrite, portalIds, routeKey, seedSecrets, send, snapshot, tableColumns } from './helpers.js';
import { sampleFor, seedThroughApi, type Fixture } from './samples.js';

export interface WriteTarget {
  t: TestApp;
  fx: Fixture;
  /** The write routes, narrowed by FUZZ_ONLY (a regular expression) when it is set. */
  writes: RouteEntry[];
  /** Sends `body` to the route and checks the answer: below 500, the error shape, no write on 400. */
  checked(r: RouteEntry, body: Body): Promise<number>;
  /** Waits for the last check, even one a time limit gave up on, and fails as it failed. */
  settle(): Promise<void>;
}

/**
 * A portal to throw bad input at: an administrator signed in with the CSRF token, rows in every
 * table a route names, and targets that keep the administrator able to go on (another
 * employee to edit and deactivate, a department nobody needs to delete).
 */
export async function writeTarget(): Promise<WriteTarget> {
  // Few failures per sign-in name: the sample's login locks soon and answers 429 without hashing.
  const t = await startTestApp({ lockAccountAfter: 3, lockAddressAfter: 1_000_000 });
  const p = await buildPortal(t);
  await seedSecrets(t, p);
  const spare = await t.platform.db.transaction().execute((tx) => addDepartment(systemCtx({ db: tx, sys: t.platform.sys }, p.portal), 'Удаляемый отдел', p.departments.root));
  const admin = await signIn(t, p.portal.name, p.users.admin.email);
  const columns = await tableColumns(t);
  const routes = apiRoutes(t);
  const refresh = () => portalIds(t, p.portal.id, columns);
  const notification = await t.platform.db.selectFrom('notification').select('id').where('user_id', '=', p.users.admin.id).executeTakeFirstOrThrow();
  const fx: Fixture = { t, p, ids: await refresh(), prefer: { app_user: p.users.other.id, department: spare, notification: Number(notification.id) } };
  await seedThroughApi(fx, admin, routes, refresh);
  const only = process.env.FUZZ_ONLY ? new RegExp(process.env.FUZZ_ONLY) : null;
  let last = await snapshot(t, columns);
  let inflight: Promise<unknown> = Promise.resolve();

  async function request(r: RouteEntry, body: Body) {
    // A fresh sample each time: a patch of it carries the row's current version.
    const sample = await sampleFor(r, fx);
    const url = fillUrl(r.url, sample.params);
    // Public routes (sign-in, sign-out, password links) are called without the administrator's session.
    const who = r.config.policy === 'public' ? null : admin;
    if (body.kind === 'raw') return send(t, who, p.portal.name, r.method, url, undefined, { raw: body.text });
    const value = body.kind === 'json' ? body.value : body.kind === 'patch' ? applyPatch(sample.body ?? {}, body) : undefined;
    return send(t, who, p.portal.name, r.method, url, value);
  }

  return {
    t,
    fx,
    writes: routes.filter((r) => isWrite(r) && (!only || only.test(routeKey(r)))),
    checked(r, body) {
      const run = (async () => {
        const res = await request(r, body);
        const label = `${routeKey(r)} ${JSON.stringify(body).slice(0, 200)}`;
        expect(res.statusCode, `${label} → ${res.body.slice(0, 300)}`).toBeLessThan(500);
        if (res.statusCode >= 400) expectErrorShape(res, label);
        const now = await snapshot(t, columns);
        if (res.statusCode === 400) expect(changedTables(last, now), `${label} answered 400 but wrote`).toEqual([]);
        last = now;
        return res.statusCode;
      })();
      inflight = run;
      return run;
    },
    async settle() {
      await inflight;
    },
  };
}
