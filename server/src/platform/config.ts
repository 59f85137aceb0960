import path from 'node:path';

/** Everything the server reads from its environment, with defaults that work locally. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  redisUrl: string | null;
  publicUrl: string;
  /** Host name portals hang off as `<portal>.<baseHost>`. */
  baseHost: string;
  smtpUrl: string | null;
  secureCookies: boolean;
  logLevel: string;
  demoPassword: string | null;
  /** Processor poll interval; tests shorten it. */
  pollMs: number;
  /** The longest an event handler may hold its transaction (PROCESSOR_TIMEOUT_MS): past it the event counts as failed. */
  processorTimeoutMs: number;
  /** How long a claimed job stays its process's without a heartbeat (JOB_LEASE_MS): a dead process's job is taken over after it. */
  jobLeaseMs: number;
  /** Failed sign-ins before an account is locked, and before an address is. */
  lockAccountAfter: number;
  lockAddressAfter: number;
  lockMs: number;
  /** Proxies whose X-Forwarded-For is believed: false, true, a hop count or addresses (Fastify's trustProxy). */
  trustProxy: boolean | number | string;
  /** How often an open realtime socket re-checks its session. */
  socketCheckMs: number;
  /** The largest upload to the file store, in bytes (MAX_FILE_MB, 100 by default). */
  maxFileBytes: number;
  /** The largest file the drive takes by a resumable upload, in bytes (MAX_DRIVE_FILE_MB, 10 GB by default). */
  driveMaxFileBytes: number;
  /** Requests per minute from one address to sign-in, password reset and one-time link routes (AUTH_RATE_LIMIT, 60; 0 = off). */
  authRateLimit: number;
  /** OpenID Connect issuers on plain http or private, loopback or link-local addresses (OIDC_ALLOW_PRIVATE=true). */
  oidcAllowPrivate: boolean;
  /** Check every reply against its zod contract (VALIDATE_RESPONSES; on under tests): slower, catches drift. */
  validateResponses: boolean;
  /** Where file contents live (FILE_STORE and S3_*): DATA_DIR/files, or an S3-compatible bucket. */
  fileStore: FileStoreConfig;
}

/** An S3-compatible bucket and the prefix under which the portal keeps its contents. */
export interface S3Location {
  kind: 's3';
  bucket: string;
  /** No leading or trailing slash; empty for the bucket's root. */
  prefix: string;
  endpoint: string | null;
  region: string;
  accessKeyId: string | null;
  secretAccessKey: string | null;
  forcePathStyle: boolean;
}

export type FileStoreConfig = { kind: 'local' } | S3Location;

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const port = Number(env.PORT ?? 3000);
  const publicUrl = env.PUBLIC_URL ?? `http://localhost:${port}`;
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    databaseUrl: env.DATABASE_URL || null,
    redisUrl: env.REDIS_URL || null,
    publicUrl,
    baseHost: new URL(publicUrl).hostname,
    smtpUrl: env.SMTP_URL || null,
    secureCookies: publicUrl.startsWith('https://'),
    logLevel: env.LOG_LEVEL ?? 'info',
    demoPassword: env.DEMO_PASSWORD || null,
    pollMs: Number(env.POLL_MS ?? 250),
    processorTimeoutMs: Number(env.PROCESSOR_TIMEOUT_MS ?? 5000),
    jobLeaseMs: Number(env.JOB_LEASE_MS ?? 15_000),
    lockAccountAfter: Number(env.LOCK_ACCOUNT_AFTER ?? 5),
    lockAddressAfter: Number(env.LOCK_ADDRESS_AFTER ?? 20),
    lockMs: Number(env.LOCK_MINUTES ?? 15) * 60_000,
    socketCheckMs: Number(env.SOCKET_CHECK_MS ?? 30_000),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    maxFileBytes: Math.round(Number(env.MAX_FILE_MB ?? 100) * 1024 * 1024),
    driveMaxFileBytes: Math.round(Number(env.MAX_DRIVE_FILE_MB ?? 10240) * 1024 * 1024),
    authRateLimit: Number(env.AUTH_RATE_LIMIT ?? 60),
    oidcAllowPrivate: env.OIDC_ALLOW_PRIVATE === 'true',
    validateResponses: env.VALIDATE_RESPONSES ? env.VALIDATE_RESPONSES === 'true' : (env.NODE_ENV ?? process.env.NODE_ENV) === 'test',
    fileStore: overrides.fileStore ?? parseFileStore(env.FILE_STORE, env),
    ...overrides,
  };
}

function parseTrustProxy(v: string | undefined): boolean | number | string {
  if (!v || v === 'false') return false;
  if (v === 'true') return true;
  return /^\d+$/.test(v) ? Number(v) : v;
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * A file store named as the operator writes it: empty or `local` for DATA_DIR/files,
 * `s3://bucket/optional/prefix` for a bucket reached with the S3_* settings of `env`. A malformed
 * value stops the server at its start with the reason, not at the first upload.
 */
export function parseFileStore(value: string | undefined, env: NodeJS.ProcessEnv): FileStoreConfig {
  const raw = (value ?? '').trim();
  if (!raw || raw === 'local') return { kind: 'local' };
  const m = /^s3:\/\/([^/?#]+)((?:\/[^?#]*)?)$/.exec(raw);
  if (!m) throw new Error(`FILE_STORE: ожидается s3://<bucket>/<префикс> или пустое значение (файлы в DATA_DIR), а не «${raw}»`);
  const bucket = m[1]!;
  if (!BUCKET.test(bucket)) throw new Error(`FILE_STORE: «${bucket}» не может быть именем bucket (от 3 до 63 символов: строчные латинские буквы, цифры, точки и дефисы)`);
  const segments = m[2]!.split('/').filter(Boolean);
  if (segments.some((s) => s === '.' || s === '..') || /\/\/./.test(m[2]!)) throw new Error(`FILE_STORE: в префиксе «${m[2]}» не должно быть пустых частей, «.» и «..»`);
  const endpoint = env.S3_ENDPOINT?.trim() || null;
  if (endpoint && !/^https?:\/\/[^/]+/.test(endpoint)) throw new Error(`S3_ENDPOINT: ожидается адрес http(s)://…, а не «${endpoint}»`);
  const accessKeyId = env.S3_ACCESS_KEY_ID || null;
  const secretAccessKey = env.S3_SECRET_ACCESS_KEY || null;
  if (!accessKeyId !== !secretAccessKey) throw new Error('S3_ACCESS_KEY_ID и S3_SECRET_ACCESS_KEY задаются вместе (или оба не задаются: тогда ключи ищутся как у AWS SDK)');
  const pathStyle = env.S3_FORCE_PATH_STYLE?.trim();
  if (pathStyle && pathStyle !== 'true' && pathStyle !== 'false') throw new Error(`S3_FORCE_PATH_STYLE: ожидается true или false, а не «${pathStyle}»`);
  return {
    kind: 's3',
    bucket,
    prefix: segments.join('/'),
    endpoint,
    region: env.S3_REGION?.trim() || 'us-east-1',
    accessKeyId,
    secretAccessKey,
    // S3-compatible servers are mostly reached by path (http://host/bucket/key); AWS by bucket host name.
    forcePathStyle: pathStyle ? pathStyle === 'true' : !!endpoint,
  };
}
