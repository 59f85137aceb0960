import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Dialect } from './database.js';

/** Column types that differ between the two databases, for use in migrations. */
export function types(dialect: Dialect) {
  const pg = dialect === 'postgres';
  return {
    /** auto-increment integer primary key */
    id: pg ? sql`serial` : sql`integer`,
    bigId: pg ? sql`bigserial` : sql`integer`,
    timestamp: pg ? sql`timestamptz` : sql`text`,
    json: sql`text`,
    flag: sql`integer`,
  } as const;
}

export interface DialectMigration {
  up(db: Kysely<any>, dialect: Dialect): Promise<void>;
}

/**
 * A module's migrations, by name. A name is `<yyyymmdd>_<nnnn>_<what>`: all of the platform's and the
 * modules' run in the order of their names, so a new one takes today's date and the next number.
 */
export type MigrationList = Record<string, DialectMigration>;

export const MIGRATION_NAME = /^\d{8}_\d{4}_[a-z0-9_]+$/;

/** One list in the order of the names; a malformed or twice-used name fails at start. */
export function mergeMigrations(lists: { owner: string; migrations: MigrationList }[]): MigrationList {
  const owners = new Map<string, string>();
  for (const { owner, migrations } of lists) {
    for (const name of Object.keys(migrations)) {
      if (!MIGRATION_NAME.test(name)) throw new Error(`migration ${name} of ${owner}: the name must be <yyyymmdd>_<nnnn>_<what>`);
      const other = owners.get(name);
      if (other) throw new Error(`migration ${name} is listed by both ${other} and ${owner}`);
      owners.set(name, owner);
    }
  }
  const out: MigrationList = {};
  for (const name of [...owners.keys()].sort()) out[name] = lists.find((l) => l.owner === owners.get(name))!.migrations[name]!;
  return out;
}

class StaticProvider implements MigrationProvider {
  constructor(
    private dialect: Dialect,
    private migrations: MigrationList,
  ) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    for (const [name, m] of Object.entries(this.migrations)) {
      out[name] = { up: (db) => m.up(db, this.dialect) };
    }
    return out;
  }
}

/** Runs what has not run yet; `migrations` is `allMigrations(modules)` (platform/db/migrations). */
export async function migrateToLatest(db: Kysely<any>, dialect: Dialect, migrations: MigrationList): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new StaticProvider(dialect, migrations) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
