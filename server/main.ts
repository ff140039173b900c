/** `npm run server`: one KeyHaven sync server, configured from the environment (see docs/operations.md). */
import { configFromEnv } from './config.js';
import { startServer } from './server.js';

const config = configFromEnv();
const server = await startServer(config, { processMetrics: true });
console.log(`KeyHaven sync server listening on ${server.url} (${server.embedded ? `embedded PostgreSQL in ${config.dataDir}` : 'PostgreSQL from DATABASE_URL'})`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing in-flight requests and stopping`);
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    server.close().then(
      () => {
        clearTimeout(force);
        process.exit(0);
      },
      () => process.exit(1),
    );
  });
}
