/**
 * Two devices of one account on one vault (a laptop and a phone), for sync tests that make a race
 * exact rather than timed: each device's engine, every sync report kept, and the warnings a user
 * could have been shown. Call `devicePairs(server)` at the top of a test file (it registers the user
 * and the phone in a `beforeAll`).
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, expect } from 'vitest';
import { createItem, type SyncReport } from '../../shared/index.js';
import { engineFor, type TestClient } from './engines.js';
import { createVault, loginNewDevice, registerUser, type TestDevice, type TestUser, type TestVault } from './users.js';

export interface Pair {
  vault: TestVault;
  laptop: TestClient;
  phone: TestClient;
  ids: string[];
  reports: SyncReport[];
  sync(client: TestClient): Promise<SyncReport>;
}

export function devicePairs(server: { readonly base: string }): (count: number) => Promise<Pair> {
  let user: TestUser;
  let phoneDevice: TestDevice;
  beforeAll(async () => {
    user = await registerUser(server.base);
    phoneDevice = await loginNewDevice(server.base, user, 'phone');
  });
  /** A vault with `count` items, written on the laptop and synced to the phone, both clean. */
  return async (count) => {
    const vault = await createVault(server.base, user);
    const laptop = engineFor(server.base, user, user.device, vault);
    const phone = engineFor(server.base, user, phoneDevice, vault);
    const reports: SyncReport[] = [];
    const sync = async (client: TestClient) => {
      const report = await client.engine.sync([vault.vaultId]);
      reports.push(report);
      return report;
    };
    const ids = Array.from({ length: count }, () => randomUUID());
    for (const [n, id] of ids.entries()) await laptop.engine.write(vault.vaultId, id, createItem({ name: `key ${n}`, value: `sk-initial-${n}` }, new Date()));
    await sync(laptop);
    await sync(phone);
    expect(reports.flatMap((r) => r.integrity)).toEqual([]);
    return { vault, laptop, phone, ids, reports, sync };
  };
}

/** Both devices sync until a round where neither pulls nor holds anything. */
export async function quiesce(p: Pair): Promise<void> {
  for (let round = 0; round < 5; round++) {
    const [a, b] = [await p.sync(p.laptop), await p.sync(p.phone)];
    if (a.pulled + b.pulled + a.pending + b.pending === 0) return;
  }
  throw new Error('the devices did not converge in 5 rounds');
}

/** Every warning a user could have been shown: the sync reports' and the events'. */
export const warnings = (p: Pair) => [
  ...p.reports.flatMap((r) => r.integrity),
  ...[p.laptop, p.phone].flatMap((c) => c.events.filter((e) => e.type === 'integrity' || e.type === 'rollback')),
];

export const read = async (c: TestClient, vaultId: string, itemId: string) => (await c.engine.read(vaultId, itemId))!;
