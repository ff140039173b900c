/** What every route can reach: its dependencies (passed in, never global) and the per-request variables. */
import type { Sql } from 'postgres';
import type { Role } from '../shared/protocol/api.js';
import type { ServerConfig } from './config.js';
import type { Logger } from './log.js';
import type { Metrics } from './metrics.js';
import type { Notifier } from './notify.js';

export interface Deps {
  sql: Sql;
  notifier: Notifier;
  config: ServerConfig;
  log: Logger;
  metrics: Metrics;
  /** Keys the pre-login answer for unknown emails; shared by all instances through the database. */
  serverSecret: Buffer;
}

export interface Session {
  accountId: string;
  deviceId: string;
  tokenHash: Buffer;
}

/** An access token's request (server/middleware/token-auth.ts): read-only, one vault. */
export interface TokenSession {
  tokenId: string;
  vaultId: string;
  mode: 'vault' | 'items';
}

/** The caller's role in the vault its path names, read with the session (null: not an active member). */
export interface VaultRole {
  vaultId: string;
  role: Role | null;
}

export type AppEnv = { Variables: { session: Session; role: Role; token: TokenSession; vaultRole: VaultRole } };
