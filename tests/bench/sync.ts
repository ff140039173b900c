/**
 * Sync row of `npm run bench`: time from a write on client A until the item is readable on client B,
 * over 100 writes on loopback. A writes and syncs; the server notifies B over its realtime socket; B
 * pulls and opens the item. Both clients are the real engine with real keys.
 */
import { randomUUID } from 'node:crypto';
import { createItem, RealtimeClient } from '../../shared/index.js';
import { engineFor, nodeSocket } from '../support/engines.js';
import { withBenchServer } from './bench-server.js';
import { createVault, loginNewDevice, registerUser } from '../support/users.js';
import { fmtMs, percentile, type Section } from './harness.js';

const WRITES = 100;

export function benchSync(): Promise<Section[]> {
  return withBenchServer(async (url, database) => {
    const user = await registerUser(url);
    const vault = await createVault(url, user);
    const a = engineFor(url, user, user.device, vault);
    const b = engineFor(url, user, await loginNewDevice(url, user, 'B'), vault);
    const waiting = new Map<string, () => void>();
    let stop = () => {};
    const live = new Promise<void>((ready) => {
      const realtime = new RealtimeClient({
        baseUrl: url,
        token: b.api.token!,
        createSocket: nodeSocket,
        onState: (state) => state === 'live' && ready(),
        onChange: async (notice) => {
          if (notice.vaultId !== vault.vaultId || notice.kind !== 'items') return;
          await b.engine.pull(vault.vaultId);
          for (const [itemId, done] of waiting) if (await b.engine.read(vault.vaultId, itemId)) done();
        },
      });
      realtime.start();
      stop = () => realtime.stop();
    });
    await live;
    const latencies: number[] = [];
    for (let i = 0; i < WRITES; i++) {
      const itemId = randomUUID();
      const readable = new Promise<void>((resolve) => waiting.set(itemId, resolve));
      const start = performance.now();
      await a.engine.write(vault.vaultId, itemId, createItem({ name: `key ${i}`, value: `sk-bench-${i}-${randomUUID()}` }, new Date()));
      await a.engine.sync([vault.vaultId]);
      await readable;
      latencies.push(performance.now() - start);
      waiting.delete(itemId);
    }
    stop();
    const p50 = percentile(latencies, 50);
    const p95 = percentile(latencies, 95);
    return [
      {
        title: `Write on client A → readable on client B (${WRITES} writes, ${database.embedded ? 'embedded PGlite' : 'PostgreSQL'}, loopback)`,
        columns: ['measure', 'median ms', 'p95 ms', 'max ms'],
        rows: [['write, push, notice, pull, open', fmtMs(p50), fmtMs(p95), fmtMs(Math.max(...latencies))]],
        notes: ['A: seal + push (and its pull first); server: notice over the realtime socket; B: pull the delta + decrypt'],
        data: [{ name: 'write to readable', writes: WRITES, medianMs: p50, p95Ms: p95, maxMs: Math.max(...latencies) }],
      },
    ];
  });
}
