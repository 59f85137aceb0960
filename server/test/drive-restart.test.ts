import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import * as tus from 'tus-js-client';
import { serverRoot } from '../src/platform/paths.js';
import { freshDatabase, type TestDatabase } from './harness.js';
import { waitFor } from './support.js';
import { freePort, httpApi, httpSignIn, type HttpSession } from './http-session.js';

const PORTAL = 'vavilonproject';
const ADMIN = 'admin@vavilon.example';
const PASSWORD = 'drive-restart-password-1';
const SIZE = 64 * 1024 * 1024;
const CHUNK = 4 * 1024 * 1024;

interface ServerProcess {
  child: ChildProcess;
  output: string[];
  exit: Promise<void>;
}

/** The real server (`node --import tsx src/main.ts`) on the test's database and DATA_DIR, on a fixed port so that upload addresses stay the same. */
async function startServer(db: TestDatabase, port: number): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverRoot(),
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: db.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATA_DIR: db.dataDir,
      DEMO_PASSWORD: PASSWORD,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (d) => output.push(String(d)));
  child.stderr!.on('data', (d) => output.push(String(d)));
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  children.push(child);
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output.join('')}`);
      try {
        return (await fetch(`http://127.0.0.1:${port}/api/healthz`)).ok;
      } catch {
        return false; // not listening yet
      }
    },
    60_000,
    'the server to answer /api/healthz',
  );
  return { child, output, exit };
}

/** Content nobody else has: a counter run through SHA-256, so that a missing or repeated piece changes the hash. */
function knownBytes(size: number): Buffer {
  const out = Buffer.alloc(size);
  for (let at = 0, n = 0; at < size; at += 32, n++) crypto.createHash('sha256').update(`drive-restart-${n}`).digest().copy(out, at);
  return out;
}

type Listing = { items: { id: number; name: string; size: number }[]; total: number };

/** Starts a tus upload and resolves when `until` bytes are acknowledged (or it finishes); the upload keeps going until the server dies. */
function uploadUntil(base: string, s: HttpSession, bytes: Buffer, opts: { folderId: number; name: string; uploadUrl?: string; until: number }) {
  let failed: (err: Error) => void = () => {};
  let done: (url: string) => void = () => {};
  const finished = new Promise<string>((resolve, reject) => {
    done = resolve;
    failed = reject;
  });
  finished.catch(() => {}); // a killed server is expected to fail the first run
  let reached: () => void = () => {};
  const acknowledged = new Promise<void>((resolve) => (reached = resolve));
  const upload = new tus.Upload(bytes, {
    endpoint: `${base}/api/drive/uploads`,
    uploadUrl: opts.uploadUrl ?? null,
    headers: s.headers,
    metadata: { folderId: String(opts.folderId), filename: opts.name },
    chunkSize: CHUNK,
    retryDelays: null,
    onChunkComplete: (_chunk, accepted) => {
      if (accepted >= opts.until) reached();
    },
    onSuccess: () => {
      reached();
      done(upload.url!);
    },
    onError: (err) => {
      reached();
      failed(err);
    },
  });
  upload.start();
  return { upload, acknowledged, finished };
}

async function sha256Of(base: string, s: HttpSession, id: number): Promise<{ size: number; sha: string }> {
  const res = await fetch(`${base}/api/drive/items/${id}/content`, { headers: s.headers });
  expect(res.status).toBe(200);
  const hash = crypto.createHash('sha256');
  let size = 0;
  for await (const part of res.body as unknown as AsyncIterable<Uint8Array>) {
    hash.update(part);
    size += part.length;
  }
  return { size, sha: hash.digest('hex') };
}

const children: ChildProcess[] = [];
let db: TestDatabase | null = null;
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await Promise.all(children.map((c) => (c.exitCode !== null || c.signalCode !== null ? undefined : new Promise((r) => c.once('exit', r)))));
  await db?.drop();
});

describe('a drive upload across a killed server', () => {
  it('resumes after kill -9 and a restart with the same upload address: the file appears once, whole; an upload never resumed leaves nothing', async () => {
    db = await freshDatabase();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    let server = await startServer(db, port);
    const s = await httpSignIn(base, PORTAL, ADMIN, PASSWORD);
    const storages = await httpApi<{ my: { rootId: number } }>(s, 'GET', '/api/drive/storages');
    const folder = await httpApi<{ id: number }>(s, 'POST', '/api/drive/folders', { parentId: storages.my.rootId, name: 'Перезапуск' });
    const bytes = knownBytes(SIZE);
    const expected = crypto.createHash('sha256').update(bytes).digest('hex');

    // Two uploads under way; the server is killed once a quarter of each is acknowledged.
    const resumed = uploadUntil(base, s, bytes, { folderId: folder.id, name: 'большой.bin', until: SIZE / 4 });
    const abandoned = uploadUntil(base, s, bytes.subarray(0, SIZE / 2), { folderId: folder.id, name: 'брошенный.bin', until: SIZE / 8 });
    await Promise.all([resumed.acknowledged, abandoned.acknowledged]);
    const url = resumed.upload.url;
    expect(url).toMatch(/\/api\/drive\/uploads\/[0-9a-f]{32}$/);
    server.child.kill('SIGKILL');
    await server.exit;
    await expect(resumed.finished).rejects.toThrow();
    await expect(abandoned.finished).rejects.toThrow();
    await Promise.all([resumed.upload.abort(), abandoned.upload.abort()]);

    server = await startServer(db, port);
    expect(await httpApi<Listing>(s, 'GET', `/api/drive/items/${folder.id}/children`)).toMatchObject({ items: [], total: 0 });
    // The server kept what it had acknowledged: the upload goes on from there, not from zero.
    const head = await fetch(url!, { method: 'HEAD', headers: { ...s.headers, 'tus-resumable': '1.0.0' } });
    expect(head.status).toBe(200);
    const offset = Number(head.headers.get('upload-offset'));
    expect(offset).toBeGreaterThanOrEqual(SIZE / 4);
    expect(offset).toBeLessThan(SIZE);

    let firstOffset: number | null = null;
    const again = uploadUntil(base, s, bytes, { folderId: folder.id, name: 'большой.bin', uploadUrl: url!, until: SIZE });
    again.upload.options.onProgress = (sent) => {
      firstOffset ??= sent;
    };
    expect(await again.finished).toBe(url);
    expect(firstOffset).toBeGreaterThanOrEqual(offset);

    const listing = await httpApi<Listing>(s, 'GET', `/api/drive/items/${folder.id}/children`);
    expect(listing.items.map((i) => [i.name, i.size])).toEqual([['большой.bin', SIZE]]);
    expect(listing.total).toBe(1);
    expect(await sha256Of(base, s, listing.items[0]!.id)).toEqual({ size: SIZE, sha: expected });
    server.child.kill('SIGTERM');
    await server.exit;
  }, 90_000); // two server starts (about 6 s each with tsx) and 96 MB through HTTP
});
