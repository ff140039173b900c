/** Server configuration from the environment, validated once at start with a clear message per variable. */
import type { Quotas } from './quotas.js';
import { z } from 'zod';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  // Empty counts as unset (`DATABASE_URL= npm start`), so it means the embedded database, not a bad URL.
  DATABASE_URL: z.preprocess((v) => (v === '' ? undefined : v), z.string().url().optional()),
  KEYHAVEN_DATA_DIR: z.string().min(1).default('./.keyhaven-data'),
  /** Comma-separated origins allowed by CORS, besides browser extensions (always allowed). */
  KEYHAVEN_CORS_ORIGINS: z.string().default(''),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  KEYHAVEN_SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Pre-login and login attempts allowed per client address per minute. */
  KEYHAVEN_LOGIN_RATE: z.coerce.number().int().min(1).max(100_000).default(20),
  /** Account lookups by email (invitations) allowed per account per minute. */
  KEYHAVEN_LOOKUP_RATE: z.coerce.number().int().min(1).max(100_000).default(30),
  /** Requests one access token may make per minute (counted across all instances). */
  KEYHAVEN_TOKEN_RATE: z.coerce.number().int().min(1).max(100_000).default(120),
  /** Comma-separated addresses or CIDR ranges of reverse proxies whose X-Forwarded-For is believed (docs/operations.md). */
  KEYHAVEN_TRUSTED_PROXIES: z.string().default(''),
  /** Requests worked on at once; more wait in a queue, and beyond that get 503 (server/middleware/admission.ts). */
  KEYHAVEN_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(10_000).default(64),
  KEYHAVEN_MAX_QUEUED: z.coerce.number().int().min(0).max(100_000).default(1024),
  /** Quotas per account (docs/operations.md): vaults it made, items in one vault, bytes in its vaults, invitations waiting. */
  KEYHAVEN_QUOTA_VAULTS: z.coerce.number().int().min(1).default(100),
  KEYHAVEN_QUOTA_ITEMS: z.coerce.number().int().min(1).default(100_000),
  KEYHAVEN_QUOTA_BYTES: z.coerce.number().int().min(1).default(1024 * 1024 * 1024),
  KEYHAVEN_QUOTA_INVITATIONS: z.coerce.number().int().min(1).default(100),
});

export type LogLevel = z.infer<typeof envSchema>['LOG_LEVEL'];

export interface ServerConfig {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  corsOrigins: string[];
  logLevel: LogLevel;
  sessionDays: number;
  loginRatePerMinute: number;
  lookupRatePerMinute: number;
  tokenRatePerMinute: number;
  /** The rate limit's window (a minute; tests shorten it to watch it reset). */
  tokenRateWindowMs: number;
  trustedProxies: string[];
  admission: { maxInFlight: number; maxQueued: number; maxWaitMs: number };
  quotas: Quotas;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`invalid configuration: ${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.KEYHAVEN_DATA_DIR,
    corsOrigins: e.KEYHAVEN_CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean),
    logLevel: e.LOG_LEVEL,
    sessionDays: e.KEYHAVEN_SESSION_DAYS,
    loginRatePerMinute: e.KEYHAVEN_LOGIN_RATE,
    lookupRatePerMinute: e.KEYHAVEN_LOOKUP_RATE,
    tokenRatePerMinute: e.KEYHAVEN_TOKEN_RATE,
    tokenRateWindowMs: 60_000,
    trustedProxies: e.KEYHAVEN_TRUSTED_PROXIES.split(',').map((p) => p.trim()).filter(Boolean),
    admission: { maxInFlight: e.KEYHAVEN_MAX_IN_FLIGHT, maxQueued: e.KEYHAVEN_MAX_QUEUED, maxWaitMs: 10_000 },
    quotas: { vaults: e.KEYHAVEN_QUOTA_VAULTS, itemsPerVault: e.KEYHAVEN_QUOTA_ITEMS, bytes: e.KEYHAVEN_QUOTA_BYTES, invitations: e.KEYHAVEN_QUOTA_INVITATIONS },
  };
}
