import type { Config } from '../config.js';
import { S3BlobStore } from './s3-store.js';
import { LocalBlobStore, type BlobStore } from './store.js';

/** The file store FILE_STORE names: DATA_DIR/files by default, or an S3-compatible bucket. */
export function createBlobStore(config: Pick<Config, 'fileStore' | 'dataDir'>): BlobStore {
  return config.fileStore.kind === 's3' ? new S3BlobStore(config.fileStore) : new LocalBlobStore(config.dataDir);
}
