import crypto from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { FileStore } from '@tus/file-store';
import type { StoredBlob } from '../../platform/files/store.js';

const HEAD_BYTES = 64 * 1024;
/** Uploads whose hash is followed at once in a process; past that, the oldest are dropped (they are hashed again at the end). */
const MAX_TRACKED = 10_000;

interface Progress {
  hash: crypto.Hash;
  offset: number;
  head: Buffer[];
  headLength: number;
}

/**
 * tus's file store that hashes an upload's bytes as they arrive, so that the finished file goes
 * into the content store without being read again (a 2 GB file was read twice, the second time
 * only to hash it). The hash is followed in memory from offset 0 while every piece continues where
 * the last one ended in this process; after a restart, or a piece taken by another process, it is
 * forgotten and the store hashes the file itself, as before.
 */
export class HashingFileStore extends FileStore {
  private progress = new Map<string, Progress>();

  override async write(readable: Readable, id: string, offset: number): Promise<number> {
    let p = this.progress.get(id);
    if (offset === 0) {
      p = { hash: crypto.createHash('sha256'), offset: 0, head: [], headLength: 0 };
      this.progress.set(id, p);
      if (this.progress.size > MAX_TRACKED) this.progress.delete(this.progress.keys().next().value!);
    }
    if (!p || p.offset !== offset) {
      this.progress.delete(id);
      return super.write(readable, id, offset);
    }
    const state = p;
    let seen = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        state.hash.update(chunk);
        seen += chunk.length;
        if (state.headLength < HEAD_BYTES) {
          const part = Buffer.from(chunk.subarray(0, HEAD_BYTES - state.headLength));
          state.head.push(part);
          state.headLength += part.length;
        }
        done(null, chunk);
      },
    });
    readable.on('error', (err) => tap.destroy(err));
    try {
      const next = await super.write(readable.pipe(tap), id, offset);
      // Every byte that passed the tap is in the file, and nothing else: the hash goes on from here.
      if (next === offset + seen) state.offset = next;
      else this.progress.delete(id);
      return next;
    } catch (err) {
      this.progress.delete(id);
      throw err;
    }
  }

  /** The finished upload's content as hashed on its way in, when this process saw all of it; null otherwise. */
  hashed(id: string, size: number): StoredBlob | null {
    const p = this.progress.get(id);
    this.progress.delete(id);
    if (!p || p.offset !== size) return null;
    return { sha256: p.hash.digest('hex'), size, head: Buffer.concat(p.head) };
  }

  forget(id: string): void {
    this.progress.delete(id);
  }
}
