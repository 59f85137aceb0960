/**
 * The drive's uploads by the tus protocol (tus-js-client, as the browser sends them) over real
 * HTTP to the built server, run as a child process on the bench's database and DATA_DIR, its RSS
 * read from /proc/<pid>/status every 100 ms: one large file against the disk's own write speed
 * (the same size written with fsync to a file in the same DATA_DIR, in the same run), then many
 * files at once.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tus from 'tus-js-client';
import { spawnServer, stopServer } from '../server-process.js';
import { step } from '../measure.js';
import { httpApi, httpSignIn, type HttpSession } from '../../server/test/http-session.js';
import type { DriveBench } from './data.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ENTRY = path.resolve(ROOT, process.env.BENCH_SERVER_ENTRY ?? 'server/dist/main.js');
const DEMO_PASSWORD = 'bench-pass-123';
const MB = 1024 * 1024;
const UPLOAD_MB = Number(process.env.BENCH_UPLOAD_MB ?? 2048);
const PARALLEL = Number(process.env.BENCH_PARALLEL ?? 50);
const PARALLEL_MB = Number(process.env.BENCH_PARALLEL_MB ?? 20);
const RSS_TARGET_MB = 200;
const RATIO_TARGET = 0.8;

function rssMb(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** The server's RSS every 100 ms from now until `stop()`: its peak and the first reading. */
function sampleRss(pid: number) {
  let peak = rssMb(pid);
  const start = peak;
  const timer = setInterval(() => {
    const v = rssMb(pid);
    if (v > peak) peak = v;
  }, 100);
  return {
    start,
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, rssMb(pid) || 0);
    },
  };
}

/** Writes `bytes` to `file` in 8 MB pieces and fsyncs it: the disk's own speed for one large file, MB/s. */
function diskWrite(file: string, bytes: number): number {
  const piece = crypto.randomBytes(8 * MB);
  const t0 = performance.now();
  const fd = fs.openSync(file, 'w');
  try {
    for (let at = 0; at < bytes; at += piece.length) {
      // A different first word per piece, so that nothing below can fold them together.
      piece.writeUInt32LE(at / piece.length, 0);
      fs.writeSync(fd, piece, 0, Math.min(piece.length, bytes - at));
    }
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return bytes / MB / ((performance.now() - t0) / 1000);
}

function upload(base: string, s: HttpSession, input: Buffer | fs.ReadStream, folderId: number, name: string): Promise<{ size: number }> {
  return new Promise((resolve, reject) => {
    const u = new tus.Upload(input, {
      endpoint: `${base}/api/drive/uploads`,
      headers: s.headers,
      metadata: { folderId: String(folderId), filename: name },
      retryDelays: null,
      onSuccess: ({ lastResponse }) => resolve(JSON.parse(lastResponse.getBody()) as { size: number }),
      onError: reject,
    });
    u.start();
  });
}

/** When the upload's file under DATA_DIR/uploads reached `size` bytes (polled every 20 ms): the receiving part of the upload, without what follows. */
function watchUpload(dir: string, size: number): () => number {
  let at = 0;
  const timer = setInterval(() => {
    for (const f of fs.readdirSync(dir)) {
      if (f.endsWith('.json')) continue;
      try {
        if (fs.statSync(path.join(dir, f)).size >= size) at ||= performance.now();
      } catch {
        // moved into the store meanwhile
      }
    }
  }, 20);
  return () => {
    clearInterval(timer);
    return at || performance.now();
  };
}

const f0 = (n: number) => n.toFixed(0);
const f1 = (n: number) => n.toFixed(1);

export async function uploadFigures(d: DriveBench): Promise<{ ok: boolean; lines: string[] }> {
  if (!process.env.BENCH_SKIP_BUILD) {
    step('building the server (npm run build -w server)');
    const b = spawnSync('npm', ['run', 'build', '-w', 'server'], { cwd: ROOT, encoding: 'utf8' });
    if (b.status !== 0) throw new Error(`server build failed:\n${b.stdout}${b.stderr}`);
  }
  step(`${d.dialect}: the built server on the bench's database (it seeds the demo portal on first start)`);
  const server = await spawnServer({ root: ROOT, entry: ENTRY, dataDir: d.dataDir, databaseUrl: d.url, demoPassword: DEMO_PASSWORD, timeoutMs: 120_000 });
  const lines: string[] = [];
  let ok = true;
  const verdict = (pass: boolean) => ((ok &&= pass), pass ? 'PASS' : 'FAIL');
  const big = path.join(d.dataDir, 'disk-speed.bin');
  try {
    const s = await httpSignIn(server.base, 'vavilonproject', 'admin@vavilon.example', DEMO_PASSWORD);
    const storages = await httpApi<{ my: { rootId: number } }>(s, 'GET', '/api/drive/storages');
    const folder = await httpApi<{ id: number }>(s, 'POST', '/api/drive/folders', { parentId: storages.my.rootId, name: `Загрузки бенча ${Date.now()}` });
    const idle = rssMb(server.pid);

    step(`${d.dialect}: the disk: ${UPLOAD_MB} MB written with fsync to ${d.dataDir}`);
    const disk = diskWrite(big, UPLOAD_MB * MB);
    step(`${d.dialect}: one upload of ${UPLOAD_MB} MB (the same file), one PATCH`);
    const rss1 = sampleRss(server.pid);
    const received = watchUpload(path.join(d.dataDir, 'uploads'), UPLOAD_MB * MB);
    const t1 = performance.now();
    const res = await upload(server.base, s, fs.createReadStream(big), folder.id, 'большой файл.bin');
    const secs = (performance.now() - t1) / 1000;
    const peak1 = rss1.stop();
    fs.rmSync(big, { force: true });
    const speed = UPLOAD_MB / secs;
    if (res.size !== UPLOAD_MB * MB) throw new Error(`the upload ended with ${res.size} bytes, not ${UPLOAD_MB * MB}`);
    lines.push(
      `${verdict(speed / disk >= RATIO_TARGET)}  upload of ${UPLOAD_MB.toLocaleString('en')} MB through tus over HTTP: ${f0(speed)} MB/s (${f1(secs)} s until the file is in its folder, ${f1(secs - (received() - t1) / 1000)} s of them after its last byte was on the server's disk: hashing and moving it into the store); disk write with fsync ${f0(disk)} MB/s; ratio ${f0((speed / disk) * 100)} % (target ≥ ${RATIO_TARGET * 100} %)`,
    );
    lines.push(`${verdict(peak1 < RSS_TARGET_MB)}  server peak RSS during it ${f0(peak1)} MB (target < ${RSS_TARGET_MB} MB; ${f0(idle)} MB before)`);

    step(`${d.dialect}: ${PARALLEL} uploads of ${PARALLEL_MB} MB at once`);
    const bodies = Array.from({ length: PARALLEL }, (_, i) => {
      const b = crypto.randomBytes(PARALLEL_MB * MB);
      b.writeUInt32LE(i, 0);
      return b;
    });
    const rss2 = sampleRss(server.pid);
    const t2 = performance.now();
    const results = await Promise.allSettled(bodies.map((b, i) => upload(server.base, s, b, folder.id, `файл ${i + 1}.bin`)));
    const secs2 = (performance.now() - t2) / 1000;
    const peak2 = rss2.stop();
    const errors = results.filter((r) => r.status === 'rejected');
    const wrong = results.filter((r) => r.status === 'fulfilled' && r.value.size !== PARALLEL_MB * MB).length;
    const listed = await httpApi<{ total: number }>(s, 'GET', `/api/drive/items/${folder.id}/children`);
    lines.push(
      `${verdict(errors.length === 0 && wrong === 0 && listed.total === PARALLEL + 1)}  ${PARALLEL} parallel uploads of ${PARALLEL_MB} MB: ${PARALLEL - errors.length} succeeded, ${errors.length} errors${wrong ? `, ${wrong} of a wrong size` : ''} (target 0) in ${f1(secs2)} s = ${f0((PARALLEL * PARALLEL_MB) / secs2)} MB/s; the folder lists ${listed.total} files`,
    );
    for (const e of errors.slice(0, 3)) lines.push(`      ${String((e as PromiseRejectedResult).reason).slice(0, 300)}`);
    lines.push(`${verdict(peak2 < RSS_TARGET_MB)}  server peak RSS during them ${f0(peak2)} MB (target < ${RSS_TARGET_MB} MB)`);
    lines.push(
      `      server: node ${ENTRY.replace(ROOT + '/', '')} (${process.env.BENCH_SERVER_NODE_ARGS ?? '--max-old-space-size=256'}), pid ${server.pid}; RSS from /proc/<pid>/status VmRSS every 100 ms`,
    );
    return { ok, lines };
  } finally {
    fs.rmSync(big, { force: true });
    await stopServer();
  }
}
