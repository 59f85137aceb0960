import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/platform/db/database.js';
import { migrateToLatest } from '../src/platform/db/migrate.js';
import { allMigrations } from '../src/platform/db/migrations/index.js';
import { modules } from '../src/modules/index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated SQLite file to copy, or the name of a migrated PostgreSQL template database. */
    templateDatabase: string;
  }
}

/**
 * Migrates once per run into a template: each test app then starts on a copy of it (a copied
 * SQLite file, or `create database … template` on PostgreSQL) instead of migrating its own.
 * The template is dropped when the run ends.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const kind = (project.config.env?.TEST_DB ?? 'sqlite') as 'sqlite' | 'postgres';
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-template-'));
    const file = path.join(dir, 'template.db');
    const handle = openDatabase({ url: `sqlite:${file}`, dataDir: dir });
    await migrateToLatest(handle.db, handle.dialect, allMigrations(modules));
    await handle.close(); // the last connection's close checkpoints the WAL into the file
    project.provide('templateDatabase', file);
    return async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) throw new Error('TEST_DATABASE_URL is not set for the PostgreSQL run');
  const name = `portal_tpl_${crypto.randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const handle = openDatabase({ url: url.toString(), dataDir: os.tmpdir() });
  await migrateToLatest(handle.db, handle.dialect, allMigrations(modules));
  await handle.close(); // a template may have no connections while copies are made
  project.provide('templateDatabase', name);
  return async () => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  };
}
