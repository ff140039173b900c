import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../support/api.js';
import { spawnServer } from '../../support/process.js';
import { testDatabase, type TestDatabase } from '../../support/server.js';
import { createVault, registerUser } from '../../support/users.js';

let db: TestDatabase;
let env: Record<string, string>;

beforeAll(async () => {
  db = await testDatabase();
  env = db.url ? { DATABASE_URL: db.url } : { KEYHAVEN_DATA_DIR: db.dataDir! };
});
afterAll(() => db.drop());

describe('the server process', () => {
  it('keeps every write it acknowledged when it is killed (SIGKILL) and restarted', async () => {
    const first = await spawnServer(env);
    const user = await registerUser(first.url);
    const vault = await createVault(first.url, user);
    const acknowledged: string[] = [];
    for (let batch = 0; batch < 4; batch++) {
      const items = Array.from({ length: 50 }, () => ({ itemId: randomUUID(), baseRevision: 0, blob: `envelope-${batch}` }));
      const res = await call(first.url, 'POST', `/v1/vaults/${vault.vaultId}/items`, { token: user.device.token, body: { items } });
      expect(res.status).toBe(200);
      acknowledged.push(...items.map((i) => i.itemId));
    }
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');

    const second = await spawnServer(env);
    try {
      const pulled = await call(second.url, 'GET', `/v1/vaults/${vault.vaultId}/changes?after=0`, { token: user.device.token });
      expect(pulled.status).toBe(200);
      expect(pulled.body.changes.map((c: { itemId: string }) => c.itemId)).toEqual(acknowledged);
      expect(pulled.body.cursor).toBe(200);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });

  it('shuts down cleanly on SIGTERM and starts again on the same data', async () => {
    const server = await spawnServer(env);
    expect((await call(server.url, 'GET', '/health')).status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(server.output()).toMatch(/SIGTERM: finishing in-flight requests/);
    const again = await spawnServer(env);
    expect((await call(again.url, 'GET', '/health')).status).toBe(200);
    again.child.kill('SIGINT');
    expect((await again.exited).code).toBe(0);
  });
});
