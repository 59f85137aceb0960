import fs from 'node:fs';
import path from 'node:path';
import { Migrator, type Migration } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeMigrations, migrateToLatest, type DialectMigration } from './db/migrate.js';
import { allMigrations, platformMigrations } from './db/migrations/index.js';
import { openDatabase } from './db/database.js';
import { moduleDir, serverRoot } from './paths.js';
import { modules } from '../modules/index.js';
import { freshDatabase, startTestApp, type TestApp } from '../../test/harness.js';

/** What installs migrated before the migrations moved into their modules have in kysely_migration. */
const RECORDED_BEFORE_MODULES = ['20261126_0001_platform', '20261127_0002_crm', '20261127_0003_files', '20261202_0004_deal_order', '20261202_0005_operator'];

const filesIn = (dir: string) =>
  fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.dispose());

describe('migrations', () => {
  it('are listed by their owner: every file of a migrations folder, in the list its registration names', () => {
    expect(Object.keys(platformMigrations)).toEqual(filesIn(path.join(serverRoot(), 'src', 'platform', 'db', 'migrations')));
    const folders = fs.readdirSync(path.join(serverRoot(), 'src', 'modules')).filter((d) => fs.existsSync(path.join(moduleDir(d), 'migrations')));
    expect(folders).toEqual(expect.arrayContaining(['crm', 'files', 'operator']));
    for (const folder of folders) {
      const m = modules.find((x) => x.name === folder);
      expect(m, `module of the folder ${folder}`).toBeDefined();
      expect(Object.keys(m!.migrations ?? {}), folder).toEqual(filesIn(path.join(moduleDir(folder), 'migrations')));
    }
    // The platform's run first; all run in the order of their names.
    const names = Object.keys(allMigrations(modules));
    expect(names[0]).toBe('20261126_0001_platform');
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining(RECORDED_BEFORE_MODULES));
  });

  it('refuse a name used twice or not shaped <date>_<number>_<what>, at start', () => {
    const m: DialectMigration = { up: async () => {} };
    expect(() =>
      mergeMigrations([
        { owner: 'platform', migrations: { '20261126_0001_platform': m } },
        { owner: 'crm', migrations: { '20261126_0001_platform': m } },
      ]),
    ).toThrow('migration 20261126_0001_platform is listed by both platform and crm');
    expect(() => mergeMigrations([{ owner: 'tasks', migrations: { 'add-tasks': m } }])).toThrow('migration add-tasks of tasks');
    expect(() => allMigrations([...modules, { name: 'copy', migrations: { '20261127_0002_crm': m } }])).toThrow('listed by both crm and copy');
    const merged = mergeMigrations([
      { owner: 'b', migrations: { '20261203_0002_b': m } },
      { owner: 'a', migrations: { '20261203_0001_a': m, '20261204_0003_a': m } },
    ]);
    expect(Object.keys(merged)).toEqual(['20261203_0001_a', '20261203_0002_b', '20261204_0003_a']);
  });

  it('migrate a fresh database once; running again is a no-op', async () => {
    const fresh = await freshDatabase({ empty: true });
    const handle = openDatabase({ url: fresh.url, dataDir: fresh.dataDir });
    try {
      const all = allMigrations(modules);
      expect(await migrateToLatest(handle.db, handle.dialect, all)).toEqual(Object.keys(all));
      expect(await migrateToLatest(handle.db, handle.dialect, all)).toEqual([]);
      await handle.db.insertInto('portal').values({ name: 'migrated', title: 'Мигрирован', created_at: new Date().toISOString() }).execute();
      expect(await handle.db.selectFrom('portal').select('title').execute()).toEqual([{ title: 'Мигрирован' }]);
    } finally {
      await handle.close();
      await fresh.drop();
    }
    // The app's database, migrated at start, has nothing left to run either.
    expect(await migrateToLatest(t.platform.db, t.platform.dialect, allMigrations(modules))).toEqual([]);
  });

  it('take a database migrated before the migrations lived in their modules as it is: only newer ones run', async () => {
    const fresh = await freshDatabase({ empty: true });
    const handle = openDatabase({ url: fresh.url, dataDir: fresh.dataDir });
    try {
      const all = allMigrations(modules);
      // The database as an install left it: exactly the old names recorded, in the old order.
      const old: Record<string, Migration> = {};
      for (const name of RECORDED_BEFORE_MODULES) old[name] = { up: (db) => all[name]!.up(db, handle.dialect) };
      const { error } = await new Migrator({ db: handle.db, provider: { getMigrations: async () => old } }).migrateToLatest();
      expect(error).toBeUndefined();
      await handle.db.insertInto('portal').values({ name: 'kept', title: 'Был', created_at: new Date().toISOString() }).execute();

      const ran = await migrateToLatest(handle.db, handle.dialect, all);
      expect(ran).toEqual(Object.keys(all).filter((n) => !RECORDED_BEFORE_MODULES.includes(n)));
      expect(await handle.db.selectFrom('portal').select('title').execute()).toEqual([{ title: 'Был' }]);
      const recorded = await handle.db
        .selectFrom('kysely_migration' as any)
        .select('name')
        .orderBy('name')
        .execute();
      expect(recorded.map((r: any) => r.name)).toEqual(Object.keys(all));
    } finally {
      await handle.close();
      await fresh.drop();
    }
  });
});
