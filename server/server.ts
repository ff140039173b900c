/**
 * Starting and stopping one server instance: database (real or embedded), migrations, the shared server
 * secret, the notifier, the app and its WebSocket upgrade. `main.ts` uses it, and so do the tests, which
 * run real instances on loopback ports.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Sql } from 'postgres';
import { createApp } from './app.js';
import type { ServerConfig } from './config.js';
import { connectPostgres, startEmbedded, type Database } from './db/connect.js';
import { createLogger, type Logger } from './log.js';
import { createMetrics } from './metrics.js';
import { memoryNotifier, postgresNotifier, type Notifier } from './notify.js';

export interface RunningServer {
  url: string;
  port: number;
  embedded: boolean;
  /** Every route the app answers (method and pattern), for checks that must cover all of them. */
  routes: { method: string; path: string }[];
  close(): Promise<void>;
}

export interface StartOptions {
  log?: Logger;
  /** Use this database instead of opening one (tests share one embedded database between instances). */
  database?: Database;
  notifier?: Notifier;
  heartbeatMs?: number;
  processMetrics?: boolean;
}

async function serverSecret(sql: Sql): Promise<Buffer> {
  await sql`insert into server_settings (name, value) values ('prelogin-secret', ${randomBytes(32).toString('base64url')}) on conflict do nothing`;
  const [row] = await sql<{ value: string }[]>`select value from server_settings where name = 'prelogin-secret'`;
  return Buffer.from(row!.value, 'base64url');
}

export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  const log = options.log ?? createLogger(config.logLevel);
  const ownsDatabase = !options.database;
  const database = options.database ?? (config.databaseUrl ? await connectPostgres(config.databaseUrl) : await startEmbedded(config.dataDir));
  const ownsNotifier = !options.notifier;
  const notifier = options.notifier ?? (database.embedded ? memoryNotifier() : await postgresNotifier(database.sql));
  const metrics = createMetrics({ processMetrics: options.processMetrics ?? false });
  const deps = { sql: database.sql, notifier, config, log, metrics, serverSecret: await serverSecret(database.sql) };
  const { app, injectWebSocket, websockets } = createApp(deps, { heartbeatMs: options.heartbeatMs });

  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
    s.once('error', reject);
  });
  injectWebSocket(server);
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  log.info('listening', { url, database: database.embedded ? 'embedded' : 'postgres' });

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    embedded: database.embedded,
    routes: [...new Map(app.routes.filter((r) => r.method !== 'ALL').map((r) => [`${r.method} ${r.path}`, { method: r.method, path: r.path }])).values()],
    close() {
      // Stop taking connections, let in-flight requests finish, then release the database.
      closing ??= (async () => {
        for (const client of websockets.clients) client.close(1001, 'server shutting down');
        await new Promise<void>((resolve) => server.close(() => resolve()));
        if (ownsNotifier) await notifier.close();
        if (ownsDatabase) await database.close();
        log.info('stopped', { url });
      })();
      return closing;
    },
  };
}
