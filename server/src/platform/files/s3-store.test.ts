import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { CopyObjectCommand, CreateBucketCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildPortal, signIn, startTestApp, type TestApp } from '../../../test/harness.js';
import { uploadFile } from '../../../test/files-support.js';
import { parseFileStore, type S3Location } from '../config.js';
import { createBlobStore } from './blob-stores.js';
import { runMoveFiles } from './move-files.js';
import { S3BlobStore } from './s3-store.js';
import { LocalBlobStore, blobPath } from './store.js';

interface S3rver {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
}
// s3rver ships no types.
const S3rver = createRequire(import.meta.url)('s3rver') as new (opts: object) => S3rver;

const BUCKET = 'portal-files';
let server: S3rver;
let serverDir: string;
let s3env: NodeJS.ProcessEnv;

/** A store under its own prefix of the test bucket, so that each test sees only its objects. */
const location = (prefix = `t${crypto.randomBytes(4).toString('hex')}`): S3Location => parseFileStore(`s3://${BUCKET}/${prefix}`, s3env) as S3Location;
const stores: S3BlobStore[] = [];
const s3store = (loc = location(), opts: { copyLimit?: number } = {}) => {
  const s = new S3BlobStore(loc, opts);
  stores.push(s);
  return s;
};

beforeAll(async () => {
  serverDir = fs.mkdtempSync(path.join(os.tmpdir(), 's3rver-'));
  server = new S3rver({ address: '127.0.0.1', port: 0, directory: serverDir, silent: true });
  const { port } = await server.run();
  // s3rver takes any keys it is given as its own (S3RVER/S3RVER).
  s3env = { S3_ENDPOINT: `http://127.0.0.1:${port}`, S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER' };
  await s3store().client.send(new CreateBucketCommand({ Bucket: BUCKET }));
});
afterAll(async () => {
  for (const s of stores) s.destroy();
  await server?.close();
  fs.rmSync(serverDir, { recursive: true, force: true });
});

const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');
const chunks = (b: Buffer, size = 1000) => Readable.from(Array.from({ length: Math.ceil(b.length / size) }, (_, i) => b.subarray(i * size, (i + 1) * size)));
const read = async (s: Readable | null) => {
  if (!s) return null;
  const parts: Buffer[] = [];
  for await (const c of s) parts.push(Buffer.from(c));
  return Buffer.concat(parts);
};

/** Every key under the store's prefix. */
async function keys(store: S3BlobStore, loc: S3Location): Promise<string[]> {
  const res = await store.client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `${loc.prefix}/` }));
  return (res.Contents ?? []).map((o) => o.Key!).sort();
}

describe('S3 file store', () => {
  it('stores a stream under its hash and gives it back whole, by range, and no more after removal', async () => {
    const loc = location();
    const store = s3store(loc);
    const content = crypto.randomBytes(70_000);
    const blob = await store.put(chunks(content));
    expect(blob).toMatchObject({ sha256: sha(content), size: content.length });
    expect(blob.head.equals(content.subarray(0, 64 * 1024))).toBe(true);
    expect(await keys(store, loc)).toEqual([`${loc.prefix}/${blob.sha256.slice(0, 2)}/${blob.sha256}`]);
    expect(await store.has(blob.sha256)).toBe(true);
    expect((await read(await store.open(blob.sha256)))!.equals(content)).toBe(true);
    expect((await read(await store.open(blob.sha256, { start: 100, end: 1099 })))!.equals(content.subarray(100, 1100))).toBe(true);
    expect((await read(await store.open(blob.sha256, { start: 69_990, end: 80_000 })))!.equals(content.subarray(69_990))).toBe(true);
    // Past the end reads as nothing, as from a local file.
    expect((await read(await store.open(blob.sha256, { start: 80_000, end: 90_000 })))!.length).toBe(0);

    await store.remove(blob.sha256);
    expect(await store.has(blob.sha256)).toBe(false);
    expect(await store.open(blob.sha256)).toBeNull();
    expect(await keys(store, loc)).toEqual([]);
  });

  it('answers null, false and nothing for a content it does not hold', async () => {
    const store = s3store();
    const missing = sha(Buffer.from('never stored'));
    expect(await store.open(missing)).toBeNull();
    expect(await store.open(missing, { start: 0, end: 10 })).toBeNull();
    expect(await store.has(missing)).toBe(false);
    await expect(store.remove(missing)).resolves.toBeUndefined();
    expect(() => store.keyOf('../../etc/passwd')).toThrow();
  });

  it('fails loudly on a bucket that does not exist instead of calling contents missing', async () => {
    const store = s3store(parseFileStore('s3://no-such-bucket/x', s3env) as S3Location);
    await expect(store.open(sha(Buffer.from('a')))).rejects.toThrow();
  });

  it('keeps the same content once, however many times it is put', async () => {
    const loc = location();
    const store = s3store(loc);
    const content = crypto.randomBytes(5000);
    const a = await store.put(chunks(content, 100));
    const b = await store.put(chunks(content, 3000));
    const c = await store.put(Readable.from([crypto.randomBytes(10)]));
    expect(a.sha256).toBe(b.sha256);
    expect(await keys(store, loc)).toEqual([`${loc.prefix}/${a.sha256.slice(0, 2)}/${a.sha256}`, `${loc.prefix}/${c.sha256.slice(0, 2)}/${c.sha256}`].sort());
  });

  it('keeps nothing when beforeKeep refuses the upload or the input fails, and nothing of an empty stream', async () => {
    const loc = location();
    const store = s3store(loc);
    const content = crypto.randomBytes(3000);
    const refusal = Object.assign(new Error('too large'), { statusCode: 413 });
    await expect(
      store.put(chunks(content), {
        beforeKeep: () => {
          throw refusal;
        },
      }),
    ).rejects.toBe(refusal);
    expect(await store.has(sha(content))).toBe(false);

    const broken = new Readable({ read() {} });
    broken.push(content);
    setTimeout(() => broken.destroy(new Error('connection reset')), 20);
    await expect(store.put(broken)).rejects.toThrow('connection reset');

    const empty = await store.put(Readable.from([]));
    expect(empty).toMatchObject({ size: 0, sha256: sha(Buffer.alloc(0)) });
    expect(await store.has(empty.sha256)).toBe(false);
    // No temp object left behind either.
    expect(await keys(store, loc)).toEqual([]);
  });

  it('uploads a stream longer than one part in parts', async () => {
    const store = s3store();
    const content = crypto.randomBytes(9 * 1024 * 1024 + 123);
    const blob = await store.put(chunks(content, 256 * 1024));
    expect(blob.sha256).toBe(sha(content));
    expect(sha((await read(await store.open(blob.sha256)))!)).toBe(sha(content));
  });

  it('copies a temp object to its name within the bucket, and uploads it anew past the copy limit', async () => {
    const content = crypto.randomBytes(4000);
    for (const [copyLimit, copies] of [
      [undefined, 1],
      [1024, 0],
    ] as const) {
      const loc = location();
      const store = s3store(loc, { copyLimit });
      const send = vi.spyOn(store.client, 'send');
      const blob = await store.put(chunks(content));
      expect(send.mock.calls.filter(([cmd]) => cmd instanceof CopyObjectCommand).length).toBe(copies);
      expect((await read(await store.open(blob.sha256)))!.equals(content)).toBe(true);
      expect(await keys(store, loc)).toEqual([`${loc.prefix}/${blob.sha256.slice(0, 2)}/${blob.sha256}`]);
    }
  });

  it('takes a finished local file under its name and removes the local file', async () => {
    const loc = location();
    const store = s3store(loc);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 's3-putfile-'));
    try {
      const content = crypto.randomBytes(9 * 1024 * 1024 + 5);
      const first = path.join(dir, 'upload-1');
      const second = path.join(dir, 'upload-2');
      fs.writeFileSync(first, content);
      fs.writeFileSync(second, content);
      const blob = await store.putFile(first);
      expect(blob).toMatchObject({ sha256: sha(content), size: content.length });
      expect(fs.existsSync(first)).toBe(false);
      expect(sha((await read(await store.open(blob.sha256)))!)).toBe(blob.sha256);
      expect((await store.putFile(second)).sha256).toBe(blob.sha256);
      expect(fs.existsSync(second)).toBe(false);
      expect(await keys(store, loc)).toEqual([`${loc.prefix}/${blob.sha256.slice(0, 2)}/${blob.sha256}`]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('FILE_STORE', () => {
  it('means DATA_DIR when unset, and a bucket with the S3 settings otherwise', () => {
    expect(parseFileStore(undefined, {})).toEqual({ kind: 'local' });
    expect(parseFileStore('', {})).toEqual({ kind: 'local' });
    expect(parseFileStore('s3://files.example/portal/main/', { S3_ENDPOINT: 'https://minio.local:9000' })).toEqual({
      kind: 's3',
      bucket: 'files.example',
      prefix: 'portal/main',
      endpoint: 'https://minio.local:9000',
      region: 'us-east-1',
      accessKeyId: null,
      secretAccessKey: null,
      forcePathStyle: true,
    });
    expect(parseFileStore('s3://files', { S3_REGION: 'eu-central-1', S3_FORCE_PATH_STYLE: 'false' })).toMatchObject({ prefix: '', region: 'eu-central-1', endpoint: null, forcePathStyle: false });
    // On AWS itself, buckets are reached by host name unless told otherwise.
    expect(parseFileStore('s3://files', {})).toMatchObject({ forcePathStyle: false });
  });

  it('stops the start with the reason for a malformed value', () => {
    expect(() => parseFileStore('/var/files', {})).toThrow(/FILE_STORE: ожидается s3:\/\/<bucket>/);
    expect(() => parseFileStore('s3://', {})).toThrow(/FILE_STORE/);
    expect(() => parseFileStore('s3://Bad_Bucket/x', {})).toThrow(/не может быть именем bucket/);
    expect(() => parseFileStore('s3://files/a/../b', {})).toThrow(/«\.\.»/);
    expect(() => parseFileStore('s3://files', { S3_ENDPOINT: 'minio:9000' })).toThrow(/S3_ENDPOINT/);
    expect(() => parseFileStore('s3://files', { S3_FORCE_PATH_STYLE: 'yes' })).toThrow(/S3_FORCE_PATH_STYLE/);
    expect(() => parseFileStore('s3://files', { S3_ACCESS_KEY_ID: 'key' })).toThrow(/S3_SECRET_ACCESS_KEY/);
  });

  it('picks the store the server runs on', () => {
    expect(createBlobStore({ fileStore: { kind: 'local' }, dataDir: '/tmp/x' })).toBeInstanceOf(LocalBlobStore);
    const s3 = createBlobStore({ fileStore: location(), dataDir: '/tmp/x' });
    expect(s3).toBeInstanceOf(S3BlobStore);
    (s3 as S3BlobStore).destroy();
  });
});

describe('the portal on an S3 file store', () => {
  it('uploads and downloads through the API with nothing under DATA_DIR, and keeps nothing of a refused upload', async () => {
    const loc = location();
    const t = await startTestApp({ fileStore: loc, maxFileBytes: 1024 * 1024 });
    const store = s3store(loc);
    try {
      const p = await buildPortal(t);
      const me = await signIn(t, p.portal.name, p.users.employee.email);
      const content = crypto.randomBytes(200_000);
      const up = await uploadFile(t, me, content, 'Отчёт.bin');
      expect(up.statusCode).toBe(200);
      const res = await me.get(`/api/files/${up.json().id}`);
      expect(res.statusCode).toBe(200);
      expect(res.rawPayload.equals(content)).toBe(true);
      expect(await keys(store, loc)).toEqual([`${loc.prefix}/${sha(content).slice(0, 2)}/${sha(content)}`]);
      expect(fs.existsSync(path.join(t.config.dataDir, 'files'))).toBe(false);

      const big = await uploadFile(t, me, crypto.randomBytes(1024 * 1024 + 10), 'big.bin');
      expect(big.statusCode).toBe(413);
      expect(await keys(store, loc)).toEqual([`${loc.prefix}/${sha(content).slice(0, 2)}/${sha(content)}`]);
    } finally {
      await t.dispose();
    }
  });
});

describe('npm run files:move', () => {
  let t: TestApp;
  const contents = [crypto.randomBytes(3000), crypto.randomBytes(150_000), Buffer.from('договор')];
  const hashes = contents.map(sha);
  beforeAll(async () => {
    t = await startTestApp();
    const p = await buildPortal(t);
    const other = await buildPortal(t);
    const me = await signIn(t, p.portal.name, p.users.employee.email);
    const them = await signIn(t, other.portal.name, other.users.admin.email);
    for (const c of contents) expect((await uploadFile(t, me, c)).statusCode).toBe(200);
    // The same content in another portal is one content to move.
    expect((await uploadFile(t, them, contents[0]!)).statusCode).toBe(200);
    await t.close();
  });
  afterAll(() => t?.database.drop());

  const run = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runMoveFiles(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, { ...s3env, DATABASE_URL: t.database.url, DATA_DIR: t.database.dataDir });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const localFile = (h: string) => blobPath(t.database.dataDir, h);

  it('copies local contents to S3 and back, checked, again and again without copying twice', async () => {
    const loc = location('moved');
    const store = s3store(loc);
    const there = await run('--from', 'local', '--to', `s3://${BUCKET}/moved`);
    expect(there.err).toBe('');
    expect(there.code).toBe(0);
    expect(there.out).toMatch(/Готово: 3 содержимых в базе; скопировано 3 .*уже были в новом хранилище 0, нет в источнике 0, ошибок 0\./);
    for (const [i, h] of hashes.entries()) expect((await read(await store.open(h)))!.equals(contents[i]!)).toBe(true);
    // The source is left as it was.
    for (const h of hashes) expect(fs.existsSync(localFile(h))).toBe(true);

    const again = await run('--from', 'local', '--to', `s3://${BUCKET}/moved`);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/скопировано 0 .*уже были в новом хранилище 3/);

    // Back: the local store lost its files, S3 has them, and gives them up with --delete-source.
    fs.rmSync(path.join(t.database.dataDir, 'files'), { recursive: true, force: true });
    fs.mkdirSync(path.dirname(localFile(hashes[1]!)), { recursive: true });
    fs.writeFileSync(localFile(hashes[1]!), contents[1]!);
    const back = await run('--from', `s3://${BUCKET}/moved`, '--to', 'local', '--delete-source');
    expect(back.code).toBe(0);
    expect(back.out).toMatch(/скопировано 2 .*уже были в новом хранилище 1.*удалено из источника 3\./);
    for (const [i, h] of hashes.entries()) expect(fs.readFileSync(localFile(h)).equals(contents[i]!)).toBe(true);
    expect(await keys(store, loc)).toEqual([]);
  });

  it('reports contents missing from the source and refuses corrupt ones, keeping nothing of them', async () => {
    const loc = location('damaged');
    const store = s3store(loc);
    const [lost, corrupt] = [hashes[0]!, hashes[1]!];
    const lostBytes = fs.readFileSync(localFile(lost));
    fs.rmSync(localFile(lost));
    fs.writeFileSync(localFile(corrupt), Buffer.from('not what the hash says'));
    try {
      const res = await run('--from', 'local', '--to', `s3://${BUCKET}/damaged`);
      expect(res.code).toBe(1);
      expect(res.err).toContain(`нет в источнике: ${lost}`);
      expect(res.err).toMatch(new RegExp(`ошибка: ${corrupt}: содержимое в источнике испорчено`));
      expect(res.out).toMatch(/скопировано 1 .*нет в источнике 1, ошибок 1/);
      expect(await keys(store, loc)).toEqual([`${loc.prefix}/${hashes[2]!.slice(0, 2)}/${hashes[2]}`]);
    } finally {
      fs.writeFileSync(localFile(lost), lostBytes);
      fs.writeFileSync(localFile(corrupt), contents[1]!);
    }
  });

  it('refuses wrong usage and a move of a store onto itself', async () => {
    expect((await run('--from', 'local')).code).toBe(2);
    expect((await run('--from', 'local', '--to', 'local')).code).toBe(2);
    expect((await run('--from', 'local', '--to', 'ftp://x')).err).toMatch(/FILE_STORE: ожидается/);
    expect((await run('--from', 'local', '--to', `s3://${BUCKET}/x`, '--force')).code).toBe(2);
    const self = await run('--from', `s3://${BUCKET}/same`, '--to', `s3://${BUCKET}/same/`, '--delete-source');
    expect(self.code).toBe(2);
    expect(self.err).toContain('одно и то же хранилище');
  });
});
