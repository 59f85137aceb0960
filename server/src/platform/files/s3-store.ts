import crypto from 'node:crypto';
import fs from 'node:fs';
import { Readable, pipeline } from 'node:stream';
import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { S3Location } from '../config.js';
import { hashFile, hashingTap, type BlobStore, type ByteRange, type StoredBlob } from './store.js';

const SHA = /^[0-9a-f]{64}$/;

/** The largest object one CopyObject may copy (S3's limit). */
export const COPY_LIMIT = 5 * 1024 ** 3;

/**
 * Parts of a stream of unknown length. lib-storage holds up to `queueSize + 1` of them per
 * upload, so this bounds the memory an upload takes (about 24 MB); 10,000 parts of 8 MB make
 * 80 GB, the longest stream `put` takes, far above any MAX_FILE_MB.
 */
const PART_BYTES = 8 * 1024 * 1024;
const QUEUE_SIZE = 2;
const MAX_PARTS = 10_000;

type Failure = { name?: string; $metadata?: { httpStatusCode?: number } };

/** A missing object, told apart from a missing bucket, which is a setup error and must surface. */
function isMissing(err: unknown): boolean {
  const e = err as Failure;
  if (e?.name === 'NoSuchKey' || e?.name === 'NotFound') return true;
  return e?.$metadata?.httpStatusCode === 404 && e.name !== 'NoSuchBucket';
}

/**
 * The content-addressed store in an S3-compatible bucket: `<prefix>/<sha[0..2]>/<sha>`.
 * A stream goes to a temporary key while it is hashed, since its name is known only at its
 * end; then it is copied to its name inside the bucket. A process that dies mid-way leaves
 * objects under `<prefix>/tmp/`, which a lifecycle rule on that prefix may expire.
 */
export class S3BlobStore implements BlobStore {
  readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;
  /** Above this size a temp object is uploaded anew instead of copied; tests lower it. */
  private readonly copyLimit: number;

  constructor(location: S3Location, opts: { copyLimit?: number } = {}) {
    this.bucket = location.bucket;
    this.prefix = location.prefix ? `${location.prefix}/` : '';
    this.copyLimit = opts.copyLimit ?? COPY_LIMIT;
    this.client = new S3Client({
      region: location.region,
      ...(location.endpoint ? { endpoint: location.endpoint } : {}),
      forcePathStyle: location.forcePathStyle,
      // Without keys the SDK's own chain answers: AWS_* variables, a profile, an instance role.
      ...(location.accessKeyId && location.secretAccessKey ? { credentials: { accessKeyId: location.accessKeyId, secretAccessKey: location.secretAccessKey } } : {}),
      // The SDK's default checksums (streamed aws-chunked bodies) are refused or stored garbled by
      // many S3-compatible servers; contents are named and checked by their sha256 here anyway.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  keyOf(sha256: string): string {
    if (!SHA.test(sha256)) throw new Error('not a sha256');
    return `${this.prefix}${sha256.slice(0, 2)}/${sha256}`;
  }

  private upload(key: string, body: Readable, size?: number): Promise<unknown> {
    const partSize = size ? Math.max(PART_BYTES, Math.ceil(size / MAX_PARTS)) : PART_BYTES;
    return new Upload({ client: this.client, params: { Bucket: this.bucket, Key: key, Body: body }, partSize, queueSize: QUEUE_SIZE }).done();
  }

  private async deleteKey(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  /**
   * Puts a finished temp object under its name. CopyObject stops at 5 GB; past that the temp
   * object is read back and uploaded under the name in parts. UploadPartCopy would keep the bytes
   * inside the bucket, but S3-compatible test servers do not implement it, and a path that cannot
   * be tested is worse than the extra traffic for contents this large, which streams rarely are
   * (large uploads arrive as finished files through `putFile`, uploaded under their name at once).
   */
  private async moveTemp(tmp: string, blob: StoredBlob): Promise<void> {
    const target = this.keyOf(blob.sha256);
    if (await this.has(blob.sha256)) return;
    if (blob.size <= this.copyLimit) {
      const source = `${this.bucket}/${tmp.split('/').map(encodeURIComponent).join('/')}`;
      await this.client.send(new CopyObjectCommand({ Bucket: this.bucket, Key: target, CopySource: source }));
      return;
    }
    const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: tmp }));
    await this.upload(target, res.Body as Readable, blob.size);
  }

  async put(input: Readable, opts: { beforeKeep?: () => void } = {}): Promise<StoredBlob> {
    const tmp = `${this.prefix}tmp/${crypto.randomUUID()}.part`;
    const { tap, result } = hashingTap();
    // A failing input destroys the tap, which fails the upload reading it.
    const hashed = pipeline(input, tap, () => {});
    try {
      await this.upload(tmp, hashed);
      opts.beforeKeep?.();
      const blob = result();
      if (blob.size > 0) await this.moveTemp(tmp, blob);
      await this.deleteKey(tmp);
      return blob;
    } catch (err) {
      await this.deleteKey(tmp).catch(() => {});
      throw err;
    }
  }

  async putFile(localPath: string, known?: StoredBlob | null): Promise<StoredBlob> {
    const blob = known ?? (await hashFile(localPath));
    if (blob.size > 0 && !(await this.has(blob.sha256))) await this.upload(this.keyOf(blob.sha256), fs.createReadStream(localPath), blob.size);
    await fs.promises.rm(localPath, { force: true });
    return blob;
  }

  async open(sha256: string, range?: ByteRange): Promise<Readable | null> {
    const Key = this.keyOf(sha256);
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key, ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }));
      return res.Body as Readable;
    } catch (err) {
      if (isMissing(err)) return null;
      // A range past the end reads as nothing, as it does from a local file.
      if ((err as Failure).name === 'InvalidRange' && (await this.has(sha256))) return Readable.from([]);
      throw err;
    }
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.keyOf(sha256) }));
      return true;
    } catch (err) {
      if (isMissing(err)) return false;
      throw err;
    }
  }

  async remove(sha256: string): Promise<void> {
    await this.deleteKey(this.keyOf(sha256));
  }

  /** Closes the client's connections (a command that ends, a test). */
  destroy(): void {
    this.client.destroy();
  }
}
