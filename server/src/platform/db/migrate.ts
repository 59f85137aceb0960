import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Dialect } from './database.js';
import { migrations } from '../../../migrations/index.js';

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

class StaticProvider implements MigrationProvider {
  constructor(private dialect: Dialect) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    for (const [name, m] of Object.entries(migrations)) {
      out[name] = { up: (db) => m.up(db, this.dialect) };
    }
    return out;
  }
}

export async function migrateToLatest(db: Kysely<any>, dialect: Dialect): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new StaticProvider(dialect) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
