// Each boundaries rule fails on a deliberate violation and lets the allowed form through.
// Run: node --test eslint/
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { ESLint } from 'eslint';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const eslint = new ESLint({ cwd: root });

/** The portal rules a piece of code breaks, as if it were the file at `file`. */
async function broken(file, code) {
  const [r] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return r.messages.filter((m) => m.ruleId?.startsWith('portal/')).map((m) => m.ruleId);
}

test('module-boundaries: another module only through its index.ts or api.ts; the platform imports no module', async () => {
  const crm = 'server/src/modules/crm/deals/x.ts';
  assert.deepEqual(await broken(crm, "import { fileInfos } from '../../files/service.js';\nexport const a = fileInfos;\n"), ['portal/module-boundaries']);
  assert.deepEqual(await broken(crm, "export { notify } from '../../notifications/service.js';\n"), ['portal/module-boundaries']);
  assert.deepEqual(await broken(crm, "export const load = () => import('../../users/provision.js');\n"), ['portal/module-boundaries']);
  assert.deepEqual(
    await broken(crm, "import { usersApi } from '../../users/api.js';\nimport { m } from '../../files/index.js';\nimport { s } from '../pipelines/service.js';\nexport const a = [usersApi, m, s];\n"),
    [],
  );
  assert.deepEqual(await broken('server/src/platform/x.ts', "import { usersModule } from '../modules/users/index.js';\nexport const a = usersModule;\n"), ['portal/module-boundaries']);
});

test('users-tables: app_user and department only in modules/users', async () => {
  const code =
    "import { scoped } from '../../platform/db/scoped.js';\nexport const q = (ctx: any) => [ctx.db.selectFrom('app_user'), scoped(ctx).selectFrom('crm_deal as d').innerJoin('department as dep', 'dep.id', 'd.x')];\n";
  assert.deepEqual(await broken('server/src/modules/crm/x.ts', code), ['portal/users-tables', 'portal/users-tables']);
  assert.deepEqual(await broken('server/src/platform/auth/x.ts', code), ['portal/users-tables', 'portal/users-tables']);
  assert.deepEqual(
    await broken(
      'server/src/modules/users/x.ts',
      "import { scoped } from '../../platform/db/scoped.js';\nexport const q = (ctx: any) => scoped(ctx).selectFrom('app_user').innerJoin('department', 'department.id', 'app_user.department_id');\n",
    ),
    [],
  );
});

test('scoped-tables: a portal table through scoped(ctx) only, outside the platform', async () => {
  const file = 'server/src/modules/crm/x.ts';
  assert.deepEqual(await broken(file, "export const q = (ctx: any) => ctx.db.selectFrom('crm_deal').selectAll();\n"), ['portal/scoped-tables']);
  assert.deepEqual(await broken(file, "export const q = (tx: any) => tx.updateTable('crm_deal as d').set({ title: 'x' });\n"), ['portal/scoped-tables']);
  assert.deepEqual(await broken(file, "export const q = (db: any) => db.insertInto('history').values([]);\n"), ['portal/scoped-tables']);
  const allowed = [
    "import { scoped } from '../../platform/db/scoped.js';",
    "export const a = (ctx: any) => scoped(ctx).selectFrom('crm_deal').selectAll();",
    "export const b = (ctx: any) => { const s = scoped(ctx); return s.deleteFrom('crm_deal'); };",
    "export const c = (ctx: any) => ctx.db.selectFrom('portal').selectAll();", // not a portal's rows
    "export const d = (q: any) => q.where('id', 'in', (eb: any) => eb.selectFrom('crm_deal_contact').select('deal_id'));",
  ].join('\n');
  assert.deepEqual(await broken(file, allowed + '\n'), []);
  assert.deepEqual(await broken('server/src/platform/events/x.ts', "export const q = (ctx: any) => ctx.db.selectFrom('crm_deal').selectAll();\n"), []);
});
