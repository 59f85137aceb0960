import type { Config, FileStoreConfig } from '../config.js';
import { S3BlobStore } from './s3-store.js';
import { LocalBlobStore, type BlobStore } from './store.js';

/** The file store FILE_STORE names: DATA_DIR/files by default, or an S3-compatible bucket. */
export function createBlobStore(config: Pick<Config, 'fileStore' | 'dataDir'>): BlobStore {
  return config.fileStore.kind === 's3' ? new S3BlobStore(config.fileStore) : new LocalBlobStore(config.dataDir);
}

/** A store as the operator names it in messages: the folder, or s3://bucket/prefix (never its keys). */
export function describeFileStore(store: FileStoreConfig, dataDir: string): string {
  if (store.kind === 'local') return `${dataDir}/files`;
  const where = `s3://${store.bucket}${store.prefix ? `/${store.prefix}` : ''}`;
  return store.endpoint ? `${where} (${store.endpoint})` : where;
}

/** Whether two names mean the same place: moving a store onto itself would only cost time. */
export function sameFileStore(a: FileStoreConfig, b: FileStoreConfig): boolean {
  if (a.kind === 'local' || b.kind === 'local') return a.kind === b.kind;
  return a.bucket === b.bucket && a.prefix === b.prefix && a.endpoint === b.endpoint;
}
