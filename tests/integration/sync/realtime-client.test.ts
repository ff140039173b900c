import { connect, createServer, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { RealtimeClient, type RealtimeState } from '../../../shared/index.js';
import { startServer } from '../../../server/server.js';
import { nodeSocket } from '../../support/engines.js';
import { testConfig, testDatabase } from '../../support/server.js';
import { registerUser } from '../../support/users.js';
import { timeUntil } from '../../support/time-until.js';

/**
 * A TCP relay that can go silent without closing anything, as a paused server or a dead network path
 * does: while paused it forwards nothing and holds new connections open unanswered.
 */
async function stallingRelay(target: number) {
  let paused = false;
  const open = new Set<Socket>();
  const server = createServer((client) => {
    open.add(client);
    client.on('error', () => {});
    client.on('close', () => open.delete(client));
    if (paused) return client.on('data', () => {}); // accepted, never answered
    const upstream = connect(target, '127.0.0.1');
    open.add(upstream);
    upstream.on('error', () => client.destroy());
    upstream.on('close', () => open.delete(upstream));
    client.on('data', (chunk) => !paused && upstream.write(chunk));
    upstream.on('data', (chunk) => !paused && client.write(chunk));
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    pause: () => void (paused = true),
    resume: () => void (paused = false),
    close: () => new Promise<void>((resolve) => (open.forEach((s) => s.destroy()), server.close(() => resolve()))),
  };
}

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
      const seen = () => `states: ${states.join(' → ')}`;
      client = new RealtimeClient({
        baseUrl: running.url,
        token: user.device.token,
        createSocket: nodeSocket,
        onState: (s) => states.push(s),
        onChange: (n) => changes.push(n.kind),
        maxBackoffMs: 500,
      });
      client.start();
      await timeUntil(() => states.includes('live'), 10_000, seen);
      await running.close();
      await timeUntil(() => states.includes('offline'), 10_000, seen);
      running = await startServer(testConfig({ port, logLevel: 'silent' }), { database });
      await timeUntil(() => states.filter((s) => s === 'live').length === 2, 10_000, seen);
      expect(changes).toContain('reconnect');
    } finally {
      client?.stop();
      await running.close();
      await database.close();
      await db.drop();
    }
  });

  it('takes a socket that goes silent without closing (a paused server) for dead, and is live again soon after it answers', async () => {
    const db = await testDatabase();
    const database = await db.open();
    const running = await startServer(testConfig({ logLevel: 'silent' }), { database, heartbeatMs: 300 });
    const relay = await stallingRelay(Number(new URL(running.url).port));
    const states: RealtimeState[] = [];
    const changes: string[] = [];
    let client: RealtimeClient | undefined;
    const seen = () => `states: ${states.join(' → ')}`;
    try {
      const user = await registerUser(running.url);
      client = new RealtimeClient({
        baseUrl: relay.url,
        token: user.device.token,
        createSocket: nodeSocket,
        onState: (s) => states.push(s),
        onChange: (n) => changes.push(n.kind),
        // Scaled down with the server's 300 ms heartbeat: the defaults are 35 s and 10 s against 25 s.
        silenceMs: 1_500,
        connectTimeoutMs: 1_500,
        maxBackoffMs: 500,
      });
      client.start();
      await timeUntil(() => states.includes('live'), 10_000, seen);
      // Heartbeats keep a quiet socket alive well past the silence bound.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect(states.filter((s) => s === 'offline')).toHaveLength(0);

      relay.pause();
      await timeUntil(() => states.at(-1) === 'offline' || states.at(-1) === 'connecting', 5_000, seen);
      // Attempts while paused are accepted and never answered: none becomes live.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect(states.filter((s) => s === 'live')).toHaveLength(1);

      relay.resume();
      await timeUntil(() => states.filter((s) => s === 'live').length === 2, 10_000, seen);
      expect(changes).toContain('reconnect');
    } finally {
      client?.stop();
      await relay.close();
      await running.close();
      await database.close();
      await db.drop();
    }
  });
});
