import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream';
import { sql } from 'kysely';
import { loadConfig, parseFileStore, type FileStoreConfig } from '../config.js';
import { openDatabase, type Db } from '../db/database.js';
import { createBlobStore, describeFileStore, sameFileStore } from './blob-stores.js';
import { S3BlobStore } from './s3-store.js';
import { hashingTap, type BlobStore } from './store.js';

/**
 * `npm run files:move -- --from <store> --to <store> [--delete-source]`: copies every content the
 * database names from one file store to the other, checking each by its sha256. It reads the
 * server's environment (DATABASE_URL, DATA_DIR, S3_*), skips what the target already holds, so a
 * run cut short is simply started again, and deletes from the source only when asked.
 * Exit codes: 0 everything is in the target, 1 some contents are missing or failed, 2 wrong usage.
 */

const USAGE = `Перенос файлов между хранилищами:
  npm run files:move -- --from local --to s3://<bucket>/<префикс>
  npm run files:move -- --from s3://<bucket>/<префикс> --to local
      копирует в новое хранилище всё, что есть в базе и чего там ещё нет, сверяя sha256;
      повторный запуск продолжает с того, что осталось
  --delete-source
      удаляет из старого хранилища то, что уже лежит в новом

local — папка DATA_DIR/files; s3://… — bucket с настройками S3_ENDPOINT, S3_REGION,
S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_FORCE_PATH_STYLE. База данных — та же, что у сервера:
DATABASE_URL или DATA_DIR (по умолчанию ./data). После переноса задайте FILE_STORE и перезапустите сервер.`;

export interface MoveIO {
  out(line: string): void;
  err(line: string): void;
}

const consoleIO: MoveIO = { out: (l) => console.log(l), err: (l) => console.error(l) };

/**
 * Every column that names a stored content by its sha256, in any portal. A table that starts
 * keeping contents elsewhere is added here, or a move would leave its contents behind.
 */
export function contentSources(): { table: string; column: string }[] {
  return [{ table: 'file', column: 'sha256' }];
}

const BATCH = 500;
const PARALLEL = 4;

/** The named contents, a batch at a time in hash order, so that a large install is never read whole. */
async function* namedContents(db: Db): AsyncGenerator<string[]> {
  for (const { table, column } of contentSources()) {
    let after = '';
    for (;;) {
      const { rows } = await sql<{ sha: string }>`select distinct ${sql.ref(column)} as sha from ${sql.table(table)} where ${sql.ref(column)} > ${after} order by sha limit ${BATCH}`.execute(db);
      if (!rows.length) break;
      yield rows.map((r) => r.sha);
      after = rows[rows.length - 1]!.sha;
    }
  }
}

async function countContents(db: Db): Promise<number> {
  let n = 0;
  for (const { table, column } of contentSources()) {
    const { rows } = await sql<{ n: number | string }>`select count(distinct ${sql.ref(column)}) as n from ${sql.table(table)}`.execute(db);
    n += Number(rows[0]?.n ?? 0);
  }
  return n;
}

export interface MoveSummary {
  total: number;
  copied: number;
  copiedBytes: number;
  present: number;
  missing: string[];
  failed: { sha256: string; message: string }[];
  deleted: number;
}

/** Copies one content unless the target has it, refusing bytes whose hash is not their name. */
async function copyOne(source: BlobStore, target: BlobStore, sha256: string): Promise<'present' | 'missing' | number> {
  if (await target.has(sha256)) return 'present';
  const input = await source.open(sha256);
  if (!input) return 'missing';
  const { tap, result } = hashingTap();
  const check = () => {
    const got = result().sha256;
    if (got !== sha256) throw new Error(`содержимое в источнике испорчено: его sha256 — ${got}`);
  };
  return (
    await target.put(
      pipeline(input, tap, () => {}),
      { beforeKeep: check },
    )
  ).size;
}

export async function moveContents(db: Db, source: BlobStore, target: BlobStore, opts: { deleteSource: boolean; io: MoveIO; progressMs?: number }): Promise<MoveSummary> {
  const { io } = opts;
  const summary: MoveSummary = { total: await countContents(db), copied: 0, copiedBytes: 0, present: 0, missing: [], failed: [], deleted: 0 };
  let done = 0;
  let shownAt = Date.now();
  const progress = () => `  ${done} из ${summary.total}: скопировано ${summary.copied}, уже были ${summary.present}, нет в источнике ${summary.missing.length}, ошибок ${summary.failed.length}`;

  const handle = async (sha256: string) => {
    try {
      const outcome = await copyOne(source, target, sha256);
      if (outcome === 'missing') {
        summary.missing.push(sha256);
        io.err(`  нет в источнике: ${sha256}`);
      } else {
        if (outcome === 'present') summary.present++;
        else {
          summary.copied++;
          summary.copiedBytes += outcome;
        }
        if (opts.deleteSource) {
          await source.remove(sha256);
          summary.deleted++;
        }
      }
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      summary.failed.push({ sha256, message });
      io.err(`  ошибка: ${sha256}: ${message}`);
    }
    done++;
    if (Date.now() - shownAt >= (opts.progressMs ?? 2000)) {
      shownAt = Date.now();
      io.out(progress());
    }
  };

  for await (const batch of namedContents(db)) {
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(PARALLEL, batch.length) }, async () => {
        while (next < batch.length) await handle(batch[next++]!);
      }),
    );
  }
  return summary;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toLocaleString('ru-RU', { maximumFractionDigits: 1 })} МБ`;

function readArgs(argv: string[]): { from?: string; to?: string; deleteSource: boolean; help: boolean; problem?: string } {
  const out: { from?: string; to?: string; deleteSource: boolean; help: boolean; problem?: string } = { deleteSource: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (name === '--from' || name === '--to') {
      const value = inline ?? argv[++i];
      if (!value || value.startsWith('--')) return { ...out, problem: `${name} ждёт значение: local или s3://<bucket>/<префикс>.` };
      out[name === '--from' ? 'from' : 'to'] = value;
    } else if (arg === '--delete-source') out.deleteSource = true;
    else if (arg === '--help' || arg === '-h' || arg === 'help') out.help = true;
    else return { ...out, problem: `непонятный аргумент: ${arg}.` };
  }
  return out;
}

/** Runs the command; resolves to the process's exit code. */
export async function runMoveFiles(argv: string[], io: MoveIO = consoleIO, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const args = readArgs(argv);
  const usage = (problem?: string) => {
    if (problem) io.err(`Ошибка: ${problem}\n`);
    io.err(USAGE);
    return 2;
  };
  if (args.help) {
    io.out(USAGE);
    return 0;
  }
  if (args.problem) return usage(args.problem);
  if (!args.from || !args.to) return usage('нужны оба: --from и --to.');
  let from: FileStoreConfig;
  let to: FileStoreConfig;
  try {
    from = parseFileStore(args.from, env);
    to = parseFileStore(args.to, env);
  } catch (err) {
    return usage(err instanceof Error ? err.message : String(err));
  }
  if (sameFileStore(from, to)) return usage('--from и --to называют одно и то же хранилище.');

  const config = loadConfig(env, { logLevel: 'silent', fileStore: from });
  // An empty SQLite file opened by mistake (a wrong DATA_DIR) would read as an install without files.
  const dbFile = path.join(config.dataDir, 'portal.db');
  if (!config.databaseUrl && !fs.existsSync(dbFile)) {
    io.err(`Ошибка: база данных не найдена: ${dbFile} (задайте DATA_DIR или DATABASE_URL, как у сервера).`);
    return 1;
  }
  const handle = openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  const source = createBlobStore({ fileStore: from, dataDir: config.dataDir });
  const target = createBlobStore({ fileStore: to, dataDir: config.dataDir });
  try {
    io.out(`Перенос файлов: ${describeFileStore(from, config.dataDir)} → ${describeFileStore(to, config.dataDir)}`);
    const s = await moveContents(handle.db, source, target, { deleteSource: args.deleteSource, io });
    io.out(
      `Готово: ${s.total} содержимых в базе; скопировано ${s.copied} (${mb(s.copiedBytes)}), уже были в новом хранилище ${s.present}` +
        `, нет в источнике ${s.missing.length}, ошибок ${s.failed.length}` +
        (args.deleteSource ? `; удалено из источника ${s.deleted}.` : '.'),
    );
    if (s.missing.length || s.failed.length) {
      io.err(s.failed.length ? 'Не всё перенесено: запустите команду ещё раз, она продолжит с оставшегося.' : 'Содержимых, которых нет в источнике, нет и в новом хранилище: эти файлы не откроются.');
      return 1;
    }
    io.out(to.kind === 's3' ? `Теперь задайте FILE_STORE=${args.to} и перезапустите сервер.` : 'Теперь уберите FILE_STORE (файлы будут в DATA_DIR) и перезапустите сервер.');
    return 0;
  } finally {
    await handle.close();
    for (const store of [source, target]) if (store instanceof S3BlobStore) store.destroy();
  }
}
