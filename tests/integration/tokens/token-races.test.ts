/**
 * Grants under real concurrency (run on PostgreSQL in CI): a token is made while another device keeps
 * editing the items in its scope. Whatever the interleaving, once the edits are in, the token reads the
 * newest value of every item in scope: no write slips between a token's grants and the next push.
 */
import { describe, expect, it } from 'vitest';
import { createToken, readWithToken, rotateValue, SyncError } from '../../../shared/index.js';
import { engineFor } from '../../support/engines.js';
import { useCluster } from '../../support/server.js';
import { tokenVault } from '../../support/tokens.js';
import { loginNewDevice } from '../../support/users.js';

const server = useCluster(2);

describe('access token grants under concurrent writes', () => {
  it('a narrowed token made while another device edits its items reads their newest values', async () => {
    const names = Array.from({ length: 6 }, (_, i) => `KEY_${i}`);
    const v = await tokenVault(server.base, names.map((name, i) => ({ name, tags: i % 2 === 0 ? ['ci'] : [], value: `v0-${name}` })));
    // The phone talks to the second instance: two connection pools, one database.
    const phoneDevice = await loginNewDevice(server.cluster.servers[1]!.url, v.user, 'phone');
    const phone = engineFor(server.cluster.servers[1]!.url, v.user, phoneDevice, v.vault);
    await phone.engine.sync([v.vault.vaultId]);

    let editing = true;
    const edits = (async () => {
      for (let round = 1; editing || round < 4; round++) {
        for (const name of names) {
          const id = v.ids.get(name)!;
          await phone.engine.update(v.vault.vaultId, id, (item) => rotateValue(item, `v${round}-${name}`, { now: new Date() }));
        }
        await phone.engine.sync([v.vault.vaultId]);
      }
    })();
    let made: { token: string } | null = null;
    for (let attempt = 1; !made; attempt++) {
      await v.client.engine.sync([v.vault.vaultId]);
      try {
        made = await createToken(v.admin, { name: 'racing', scope: { items: null, tags: ['ci'], environment: null }, expiresAt: null, allowedIps: [] }, await v.serverItems());
      } catch (error) {
        const moved = error instanceof SyncError && ['tokens-changed', 'revision-conflict'].includes(error.server?.code ?? '');
        if (!moved || attempt > 20) throw error;
      }
    }
    editing = false;
    await edits;
    await phone.engine.sync([v.vault.vaultId]);
    expect(phone.events.filter((e) => e.type === 'integrity')).toEqual([]);

    const newest = new Map<string, string>();
    for (const name of names) newest.set(name, (await phone.engine.read(v.vault.vaultId, v.ids.get(name)!))!.value);
    const read = await readWithToken(made.token, { baseUrl: server.base });
    expect(read.problems).toEqual([]);
    expect(read.items.map((i) => [i.payload.name, i.payload.value]).sort()).toEqual(names.filter((_, i) => i % 2 === 0).map((n) => [n, newest.get(n)!]));
    expect(newest.get('KEY_0')).not.toBe('v0-KEY_0');
  });
});
