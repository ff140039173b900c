import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { RealtimeClient, type RealtimeState } from '../../../shared/index.js';
import { startServer } from '../../../server/server.js';
import { nodeSocket } from '../../support/engines.js';
import { testConfig, testDatabase } from '../../support/server.js';
import { registerUser } from '../../support/users.js';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('realtime client', () => {
  it('reconnects by itself after the server restarts, and asks for a full pull since notices were missed', async () => {
    const db = await testDatabase();
    const database = await db.open();
    const port = await freePort();
    let running = await startServer(testConfig({ port, logLevel: 'silent' }), { database });
    const states: RealtimeState[] = [];
    const changes: string[] = [];
    let client: RealtimeClient | undefined;
    try {
      const user = await registerUser(running.url);
      const waitFor = (predicate: () => boolean, ms = 10_000) =>
        new Promise<void>((resolve, reject) => {
          const started = Date.now();
          const tick = () => (predicate() ? resolve() : Date.now() - started > ms ? reject(new Error(`timed out; states: ${states.join(' → ')}`)) : setTimeout(tick, 20));
          tick();
        });
      client = new RealtimeClient({
        baseUrl: running.url,
        token: user.device.token,
        createSocket: nodeSocket,
        onState: (s) => states.push(s),
        onChange: (n) => changes.push(n.kind),
        maxBackoffMs: 500,
      });
      client.start();
      await waitFor(() => states.includes('live'));
      await running.close();
      await waitFor(() => states.includes('offline'));
      running = await startServer(testConfig({ port, logLevel: 'silent' }), { database });
      await waitFor(() => states.filter((s) => s === 'live').length === 2);
      expect(changes).toContain('reconnect');
    } finally {
      client?.stop();
      await running.close();
      await database.close();
      await db.drop();
    }
  });
});
