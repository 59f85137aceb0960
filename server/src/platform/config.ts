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
}

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
    ...overrides,
  };
}

function parseTrustProxy(v: string | undefined): boolean | number | string {
  if (!v || v === 'false') return false;
  if (v === 'true') return true;
  return /^\d+$/.test(v) ? Number(v) : v;
}
