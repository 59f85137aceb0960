/**
 * The drive benchmark's data: a fresh database migrated by the server's own migrations, one portal
 * with 1,000 employees in 10 departments, each with «Мой диск» (a root and 39 nested folders, three
 * levels of three) and the company's «Общий диск»; 1,000,000 files portal-wide with a version each,
 * 5 % of them in the trash; about 20 shares a person (to colleagues and departments); and one
 * employee, the one measured, with a folder of 100 folders and 10,000 files, 2,000 items in the
 * trash and 500 items shared with them. Rows go in through bulk inserts with their ids given,
 * as the drive's own writes would leave them (paths, name keys, sort groups, used bytes).
 * The search index of the drive's kind is then built by `rebuildPortal`, the module's own path.
 * `BENCH_SCALE` scales the employees and the files portal-wide; the measured folder stays 10,000.
 * The random generator is seeded, so SQLite and PostgreSQL get the same data.
 */
import { sql } from 'kysely';
import type { BuiltApp } from '../../server/src/app.js';
import { actorCtx, systemCtx, type Actor, type Ctx, type PortalRow } from '../../server/src/platform/context.js';
import { insertMany } from '../../server/src/platform/db/bulk.js';
import { addDepartment, addMember, createPortal } from '../../server/src/modules/users/provision.js';
import { actorFor } from '../../server/src/modules/users/api.js';
import { rebuildPortal } from '../../server/src/modules/search/indexer.js';
import { nameKey } from '../../server/src/modules/drive/tree.js';
import { person, Rng, translit } from '../crm/generate.js';
import { freshBenchApp } from '../bench-app.js';
import { step } from '../measure.js';

export const SCALE = Number(process.env.BENCH_SCALE ?? 1);
export const PASSWORD = 'bench-pass-123';
export const SIZES = {
  users: Math.max(20, Math.round(1_000 * SCALE)),
  departments: 10,
  files: Math.max(20_000, Math.round(1_000_000 * SCALE)),
  bigFiles: 10_000,
  bigFolders: 100,
  myTrash: 2_000,
  sharedWithMe: 500,
  sharesPerUser: 20,
  contents: 1_000,
};
const PORTAL = 'benchdrive';
const CHUNK = 20_000;
const T0 = Date.UTC(2024, 0, 1);
const SPAN = 2 * 365 * 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

const WORDS = 'Отчёт Договор Счёт Акт Смета Презентация Протокол План Бюджет Регламент Приказ Заявка Спецификация Фото Скан Макет Чертёж Таблица Письмо Анкета'.split(' ');
const EXT: [string, string][] = [
  ['pdf', 'application/pdf'],
  ['docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  ['jpg', 'image/jpeg'],
  ['png', 'image/png'],
  ['zip', 'application/zip'],
  ['txt', 'application/octet-stream'],
];
const FOLDER_WORDS = 'Проекты Архив Клиенты Документы Финансы Кадры Маркетинг Закупки Юристы Фото Шаблоны Отчёты'.split(' ');

const ITEM_COLS = [
  { name: 'id', pg: 'int4' },
  { name: 'portal_id', pg: 'int4' },
  { name: 'storage_id', pg: 'int4' },
  { name: 'parent_id', pg: 'int4' },
  { name: 'path', pg: 'text' },
  { name: 'kind', pg: 'text' },
  { name: 'sort_group', pg: 'int4' },
  { name: 'name', pg: 'text' },
  { name: 'name_key', pg: 'text' },
  { name: 'file_id', pg: 'int4' },
  { name: 'size', pg: 'int8' },
  { name: 'mime', pg: 'text' },
  { name: 'versions', pg: 'int4' },
  { name: 'created_by', pg: 'int4' },
  { name: 'created_at', pg: 'timestamptz' },
  { name: 'updated_by', pg: 'int4' },
  { name: 'updated_at', pg: 'timestamptz' },
  { name: 'trashed_at', pg: 'timestamptz' },
  { name: 'trashed_by', pg: 'int4' },
  { name: 'trash_root', pg: 'int4' },
  { name: 'shared', pg: 'int4' },
  { name: 'published', pg: 'int4' },
];
const VERSION_COLS = [
  { name: 'portal_id', pg: 'int4' },
  { name: 'item_id', pg: 'int4' },
  { name: 'number', pg: 'int4' },
  { name: 'file_id', pg: 'int4' },
  { name: 'size', pg: 'int8' },
  { name: 'mime', pg: 'text' },
  { name: 'created_by', pg: 'int4' },
  { name: 'created_at', pg: 'timestamptz' },
];

export interface DriveBench {
  app: BuiltApp;
  dataDir: string;
  url: string;
  dialect: 'sqlite' | 'postgres';
  portal: PortalRow;
  /** The measured employee (signs in with PASSWORD) and their «Большая папка». */
  me: { userId: number; email: string; storageId: number; rootId: number; bigFolderId: number };
  /** Rows written, by table. */
  counts: Record<string, number>;
  /** The drive's search index build, when it was made. */
  indexed: { items: number; ms: number } | null;
  /** The rest of the data: the files portal-wide, the shares, the search index. */
  grow(): Promise<void>;
  as(userId: number): Promise<Ctx>;
  system(): Ctx;
  /** Closes the app; the database stays until `drop`. */
  close(): Promise<void>;
  drop(): Promise<void>;
}

interface Folder {
  id: number;
  path: string;
  storage: number;
  owner: number;
}

export async function generate(opts: { pgUrl: string | null; seed?: number }): Promise<DriveBench> {
  const r = new Rng(opts.seed ?? 20261207);
  const { db0, app } = await freshBenchApp(opts.pgUrl, 'drive', step);
  const dialect = app.platform.dialect as 'sqlite' | 'postgres';
  const db = app.platform.db;
  const base = { db, sys: app.platform.sys };

  step(`${dialect}: portal, ${SIZES.users} employees in ${SIZES.departments} departments`);
  const portal = await db.transaction().execute((tx) => createPortal({ db: tx, sys: app.platform.sys }, PORTAL, 'Бенчмарк диска'));
  const sys = systemCtx(base, portal);
  const root = await db.transaction().execute((tx) => addDepartment(systemCtx({ db: tx, sys: app.platform.sys }, portal), 'Компания', null));
  const users: number[] = [];
  const departmentOf = new Map<number, number>();
  const departments: number[] = [];
  for (let d = 0; d < SIZES.departments; d++) {
    await db.transaction().execute(async (tx) => {
      const ctx = systemCtx({ db: tx, sys: app.platform.sys }, portal);
      const dep = await addDepartment(ctx, `Отдел ${d + 1}`, root);
      departments.push(dep);
      for (let i = 0; i < SIZES.users / SIZES.departments; i++) {
        const n = users.length;
        const p = person(r);
        const id = await addMember(ctx, {
          email: n === 0 ? 'me@benchdrive.example' : `${translit(p.first)}.${translit(p.last)}.${n}@benchdrive.example`,
          password: n === 0 ? PASSWORD : null,
          firstName: p.first,
          lastName: p.last,
          departmentId: dep,
        });
        users.push(id);
        departmentOf.set(id, dep);
      }
    });
  }
  await app.platform.portals.reload();
  const meId = users[0]!;

  const counts: Record<string, number> = {};
  const now = Date.now();
  // Contents: a thousand stored files shared by the drive's items (the same content stored once).
  const fileRows = Array.from({ length: SIZES.contents }, (_, i) => {
    const [ext, mime] = r.pick(EXT);
    return [i + 1, portal.id, `content-${i}.${ext}`, 1000 + r.int(50_000_000), mime, i.toString(16).padStart(64, '0'), meId, iso(T0)];
  });
  await insertMany(
    sys,
    'file',
    [
      { name: 'id', pg: 'int4' },
      { name: 'portal_id', pg: 'int4' },
      { name: 'name', pg: 'text' },
      { name: 'size', pg: 'int8' },
      { name: 'mime', pg: 'text' },
      { name: 'sha256', pg: 'text' },
      { name: 'created_by', pg: 'int4' },
      { name: 'created_at', pg: 'timestamptz' },
    ],
    fileRows,
  );
  counts.file = fileRows.length;

  // Drives: one per employee and the common one, ids given; root folder id = drive id.
  const storages = [...users.map((u, i) => ({ id: i + 1, kind: 'user', owner: u })), { id: users.length + 1, kind: 'common', owner: 0 }];
  await insertMany(
    sys,
    'drive_storage',
    [
      { name: 'id', pg: 'int4' },
      { name: 'portal_id', pg: 'int4' },
      { name: 'kind', pg: 'text' },
      { name: 'owner_id', pg: 'int4' },
      { name: 'root_id', pg: 'int4' },
      { name: 'used_bytes', pg: 'int8' },
      { name: 'created_at', pg: 'timestamptz' },
    ],
    storages.map((s) => [s.id, portal.id, s.kind, s.owner, s.id, 0, iso(T0)]),
  );
  counts.drive_storage = storages.length;

  let nextId = storages.length + 1;
  const used = new Map<number, number>();
  let items: unknown[][] = [];
  let versions: unknown[][] = [];
  const flush = async (force = false) => {
    if (!force && items.length < CHUNK) return;
    await db.transaction().execute(async (tx) => {
      const c = systemCtx({ db: tx, sys: app.platform.sys }, portal);
      await insertMany(c, 'drive_item', ITEM_COLS, items);
      await insertMany(c, 'drive_version', VERSION_COLS, versions);
    });
    counts.drive_item = (counts.drive_item ?? 0) + items.length;
    counts.drive_version = (counts.drive_version ?? 0) + versions.length;
    items = [];
    versions = [];
  };
  const at = () => T0 + r.int(SPAN);
  const folder = (parent: Folder, name: string): Folder => {
    const id = nextId++;
    const path = `${parent.path}${id}/`;
    const t = iso(at());
    items.push([id, portal.id, parent.storage, parent.id, path, 'folder', 0, name, nameKey(name), null, 0, null, 0, parent.owner, t, parent.owner, t, null, null, 0, 0, 0]);
    return { id, path, storage: parent.storage, owner: parent.owner };
  };
  let fileNo = 0;
  const file = (parent: Folder, trashed = false) => {
    const id = nextId++;
    const [ext, mime] = r.pick(EXT);
    const name = `${r.pick(WORDS)} ${++fileNo}.${ext}`;
    // Sizes from a kilobyte to tens of megabytes, most of them small.
    const size = Math.round(1024 * Math.exp(r.next() * 10));
    const t = at();
    const content = 1 + r.int(SIZES.contents);
    const trashedAt = trashed ? iso(Math.min(now - 1000, t + r.int(30 * 86_400_000))) : null;
    items.push([
      id,
      portal.id,
      parent.storage,
      parent.id,
      `${parent.path}${id}/`,
      'file',
      1,
      name,
      nameKey(name),
      content,
      size,
      mime,
      1,
      parent.owner,
      iso(t),
      parent.owner,
      iso(t),
      trashedAt,
      trashed ? parent.owner : null,
      trashed ? 1 : 0,
      0,
      0,
    ]);
    versions.push([portal.id, id, 1, content, size, mime, parent.owner, iso(t)]);
    used.set(parent.storage, (used.get(parent.storage) ?? 0) + size);
  };

  step(`${dialect}: drives and folders; the measured folder of ${SIZES.bigFolders} folders and ${SIZES.bigFiles.toLocaleString('en')} files`);
  const roots: Folder[] = storages.map((s) => ({ id: s.id, path: `/${s.id}/`, storage: s.id, owner: s.owner }));
  for (const f of roots) items.push([f.id, portal.id, f.storage, null, f.path, 'folder', 0, '', '', null, 0, null, 0, null, iso(T0), null, iso(T0), null, null, 0, 0, 0]);
  const myRoot = roots[0]!;
  const big = folder(myRoot, 'Большая папка');
  for (let i = 0; i < SIZES.bigFolders; i++) folder(big, `${r.pick(FOLDER_WORDS)} ${i + 1}`);
  for (let i = 0; i < SIZES.bigFiles; i++) file(big);
  const old = folder(myRoot, 'Старое');
  for (let i = 0; i < SIZES.myTrash; i++) file(old, true);
  // Every employee's tree: three folders, three in each, three in each of those.
  const trees: Folder[][] = [];
  for (const rootF of roots) {
    const all: Folder[] = [rootF];
    for (let a = 0; a < 3; a++) {
      const fa = folder(rootF, `${FOLDER_WORDS[a]}`);
      all.push(fa);
      for (let b = 0; b < 3; b++) {
        const fb = folder(fa, `${FOLDER_WORDS[3 + b]} ${b + 1}`);
        all.push(fb);
        for (let c = 0; c < 3; c++) all.push(folder(fb, `${FOLDER_WORDS[6 + c]} ${c + 1}`));
      }
    }
    trees.push(all);
  }
  await flush(true);
  const countUsed = async () => {
    for (const [storage, bytes] of used) await db.updateTable('drive_storage').set({ used_bytes: bytes }).where('id', '=', storage).execute();
  };
  await countUsed();

  const analyze = async () => {
    if (dialect === 'postgres') {
      for (const t of ['file', 'drive_storage', 'drive_item', 'drive_version', 'drive_share'])
        await sql.raw(`select setval(pg_get_serial_sequence('${t}', 'id'), (select max(id) from ${t}))`).execute(db);
      step('postgres: VACUUM ANALYZE');
      await sql`vacuum analyze`.execute(db);
    } else {
      step('sqlite: ANALYZE');
      await sql`analyze`.execute(db);
    }
  };
  await analyze();

  const grow = async () => {
    const rest = SIZES.files - SIZES.bigFiles - SIZES.myTrash;
    step(`${dialect}: ${rest.toLocaleString('en')} more files across ${roots.length} drives, 5 % in the trash`);
    for (let i = 0; i < rest; i++) {
      const tree = trees[r.int(trees.length)]!;
      file(tree[r.int(tree.length)]!, r.chance(0.05));
      await flush();
      if ((i + 1) % 200_000 === 0) step(`  ${(i + 1).toLocaleString('en')} files`);
    }
    await flush(true);

    step(`${dialect}: shares`);
    const shares: unknown[][] = [];
    const shareKeys = new Set<string>();
    const share = (item: number, type: 'user' | 'department', subject: number, by: number) => {
      const k = `${item}:${type}:${subject}`;
      if (shareKeys.has(k)) return;
      shareKeys.add(k);
      shares.push([portal.id, item, type, subject, r.pick(['read', 'read', 'edit']), by, iso(at())]);
    };
    const sharedItems = new Set<number>();
    for (let u = 1; u < users.length; u++) {
      const tree = trees[u]!;
      for (let i = 0; i < SIZES.sharesPerUser; i++) {
        const f = tree[1 + r.int(tree.length - 1)]!;
        sharedItems.add(f.id);
        if (r.chance(0.8)) share(f.id, 'user', users[r.int(users.length)]!, users[u]!);
        else share(f.id, 'department', departments[r.int(departments.length)]!, users[u]!);
      }
    }
    for (let i = 0; i < SIZES.sharedWithMe; i++) {
      const u = 1 + r.int(users.length - 1);
      const tree = trees[u]!;
      const f = tree[1 + r.int(tree.length - 1)]!;
      sharedItems.add(f.id);
      share(f.id, i % 10 === 0 ? 'department' : 'user', i % 10 === 0 ? departmentOf.get(meId)! : meId, users[u]!);
    }
    shares.sort((a, b) => String(a[6]).localeCompare(String(b[6])));
    await insertMany(
      sys,
      'drive_share',
      [
        { name: 'portal_id', pg: 'int4' },
        { name: 'item_id', pg: 'int4' },
        { name: 'subject_type', pg: 'text' },
        { name: 'subject_id', pg: 'int4' },
        { name: 'right', pg: 'text' },
        { name: 'created_by', pg: 'int4' },
        { name: 'created_at', pg: 'timestamptz' },
      ],
      shares,
    );
    counts.drive_share = shares.length;
    const ids = [...sharedItems];
    for (let i = 0; i < ids.length; i += 5000)
      await db
        .updateTable('drive_item')
        .set({ shared: 1 })
        .where('id', 'in', ids.slice(i, i + 5000))
        .execute();
    await countUsed();
    await analyze();

    if (process.env.BENCH_SEARCH !== '0') {
      step(`${dialect}: the drive's search index through rebuildPortal (BENCH_SEARCH=0 leaves it out)`);
      const t0 = performance.now();
      const n = await rebuildPortal(sys, ['drive.item'], (_k, done) => {
        if (done % 100_000 === 0) step(`  indexed ${done.toLocaleString('en')}`);
      });
      bench.indexed = { items: n, ms: performance.now() - t0 };
      if (dialect === 'postgres') await sql`vacuum analyze`.execute(db);
      else await sql`analyze`.execute(db);
    }
  };

  const actors = new Map<number, Actor>();
  const bench: DriveBench = {
    app,
    dataDir: db0.dataDir,
    url: db0.url,
    dialect,
    portal,
    me: { userId: meId, email: 'me@benchdrive.example', storageId: 1, rootId: myRoot.id, bigFolderId: big.id },
    counts,
    indexed: null,
    grow,
    async as(userId) {
      let a = actors.get(userId);
      if (!a) actors.set(userId, (a = (await actorFor(sys, userId))!));
      return actorCtx(base, portal, a);
    },
    system: () => sys,
    close: () => app.close(),
    drop: () => db0.drop(),
  };
  return bench;
}
