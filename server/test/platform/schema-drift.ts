import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../../src/platform/db/database.js';
import { serverRoot } from '../../src/platform/paths.js';

/** How a column is seen, by the code or by a migrated database: its kind of value and whether it may be null. */
export interface ColumnShape {
  kind: 'number' | 'string' | 'other';
  nullable: boolean;
}
export type SchemaShape = Record<string, Record<string, ColumnShape>>;

/** Tables of the migrator itself, not of the code. */
const MIGRATOR_TABLES = new Set(['kysely_migration', 'kysely_migration_lock']);
/** The search index's tables belong to its engine (FTS5 on SQLite, tsvector on PostgreSQL), reached only by its own statements. */
const isIndexTable = (name: string) => name.startsWith('search_');

function kindOf(t: ts.Type): ColumnShape['kind'] {
  const parts = (t.isUnion() ? t.types : [t]).filter((x) => !(x.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)));
  if (parts.length && parts.every((x) => x.flags & ts.TypeFlags.NumberLike)) return 'number';
  if (parts.length && parts.every((x) => x.flags & ts.TypeFlags.StringLike)) return 'string';
  return 'other';
}

/**
 * The tables and columns the code uses: the `Database` interface of platform/db/schema.ts with every
 * module's additions (declaration merging), as the compiler sees it. Only the files that declare
 * tables are read (they import little else), which keeps this quick.
 */
export function codeSchema(): SchemaShape {
  const root = serverRoot();
  const configFile = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(configFile.config, ts.sys, root);
  const schemaFile = path.join(root, 'src', 'platform', 'db', 'schema.ts');
  const declaring = (fs.readdirSync(path.join(root, 'src'), { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(root, 'src', f))
    .filter((f) => /interface Database\b/.test(fs.readFileSync(f, 'utf8')));
  const program = ts.createProgram([schemaFile, ...declaring], { ...options, noEmit: true, types: [], skipLibCheck: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(schemaFile)!;
  const decl = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'Database');
  if (!decl) throw new Error('no Database interface in schema.ts');
  const database = checker.getDeclaredTypeOfSymbol(checker.getSymbolAtLocation(decl.name)!);
  const out: SchemaShape = {};
  for (const table of checker.getPropertiesOfType(database)) {
    const columns: Record<string, ColumnShape> = {};
    for (const col of checker.getPropertiesOfType(checker.getTypeOfSymbolAtLocation(table, decl))) {
      let t = checker.getTypeOfSymbolAtLocation(col, decl);
      // Generated<T> and ColumnType<S, I, U>: what a select reads is S.
      const select = t.getProperty('__select__');
      if (select) t = checker.getTypeOfSymbolAtLocation(select, decl);
      const nullable = (t.isUnion() ? t.types : [t]).some((x) => x.flags & ts.TypeFlags.Null);
      columns[col.name] = { kind: kindOf(t), nullable };
    }
    out[table.name] = columns;
  }
  return out;
}

function kindOfSqlType(type: string): ColumnShape['kind'] {
  const t = type.toLowerCase();
  if (/int|real|double|numeric|decimal|float|serial/.test(t)) return 'number';
  if (/char|text|timestamp|date|clob/.test(t)) return 'string';
  return 'other';
}

/** The tables and columns of a migrated database: `pragma table_info` on SQLite, information_schema on PostgreSQL. */
export async function databaseSchema(db: Kysely<any>, dialect: Dialect): Promise<SchemaShape> {
  const out: SchemaShape = {};
  if (dialect === 'sqlite') {
    const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db);
    for (const { name } of tables.rows) {
      if (MIGRATOR_TABLES.has(name) || isIndexTable(name)) continue;
      const cols = await sql<{ name: string; type: string; notnull: number; pk: number }>`select * from pragma_table_info(${name})`.execute(db);
      out[name] = Object.fromEntries(cols.rows.map((c) => [c.name, { kind: kindOfSqlType(c.type), nullable: !c.notnull && !c.pk }]));
    }
  } else {
    const cols = await sql<{ table_name: string; column_name: string; is_nullable: string; data_type: string }>`
      select c.table_name, c.column_name, c.is_nullable, c.data_type
      from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
      order by c.table_name, c.ordinal_position`.execute(db);
    for (const c of cols.rows) {
      if (MIGRATOR_TABLES.has(c.table_name) || isIndexTable(c.table_name)) continue;
      (out[c.table_name] ??= {})[c.column_name] = { kind: kindOfSqlType(c.data_type), nullable: c.is_nullable === 'YES' };
    }
  }
  return out;
}

/** Every difference between what the code uses and what the database has, one line each. */
export function schemaDrift(code: SchemaShape, database: SchemaShape): string[] {
  const out: string[] = [];
  for (const table of Object.keys(code).sort()) {
    const db = database[table];
    if (!db) {
      out.push(`table ${table}: in the code, not in the database`);
      continue;
    }
    for (const [col, c] of Object.entries(code[table]!)) {
      const d = db[col];
      if (!d) out.push(`column ${table}.${col}: in the code, not in the database`);
      else {
        if (c.nullable !== d.nullable) out.push(`column ${table}.${col}: ${c.nullable ? 'may be null' : 'never null'} in the code, ${d.nullable ? 'nullable' : 'not null'} in the database`);
        if (c.kind !== 'other' && d.kind !== 'other' && c.kind !== d.kind) out.push(`column ${table}.${col}: a ${c.kind} in the code, a ${d.kind} in the database`);
      }
    }
    for (const col of Object.keys(db)) if (!(col in code[table]!)) out.push(`column ${table}.${col}: in the database, not in the code`);
  }
  for (const table of Object.keys(database).sort()) if (!(table in code)) out.push(`table ${table}: in the database, not in the code`);
  return out;
}
