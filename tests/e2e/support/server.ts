/** A real sync server for browser tests, on the embedded database in a temporary folder (or DATABASE_URL). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configFromEnv } from '../../../server/config.js';
import { startServer, type RunningServer } from '../../../server/server.js';

export interface E2eServer {
  url: string;
  port: number;
  stop(): Promise<void>;
  /** Starts again on the same port and data, as after a restart. */
  restart(): Promise<void>;
  dispose(): Promise<void>;
}

export async function startE2eServer(): Promise<E2eServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'keyhaven-e2e-'));
  // The server's own defaults, with what these tests need on top.
  const config = (port: number) => ({
    ...configFromEnv({}),
    port,
    databaseUrl: process.env.DATABASE_URL,
    dataDir,
    logLevel: 'silent' as const,
    loginRatePerMinute: 10_000,
  });
  let running: RunningServer | null = await startServer(config(0));
  const port = running.port;
  return {
    url: running.url,
    port,
    async stop() {
      await running?.close();
      running = null;
    },
    async restart() {
      running = await startServer(config(port));
    },
    async dispose() {
      await running?.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
