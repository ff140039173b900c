/**
 * The engine keeps every local write, whenever it happens: writes are injected at random points of
 * pushes and pulls (at the network's edges and at every await on the local store), over a transport
 * that adds random delays, on two devices syncing the same items at once. Each write rotates an item to
 * a value nobody used before, so "nothing lost" is exact: at the end both devices show the same items,
 * and every value ever written is the item's value or in its history.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, createItem, MemoryStore, rotateValue, SyncEngine, type FetchLike, type LocalStore } from '../../../shared/index.js';
import { useCluster } from '../../support/server.js';
import { createVault, identitiesOf, loginNewDevice, registerUser, type TestDevice, type TestUser, type TestVault } from '../../support/users.js';

const server = useCluster();
let user: TestUser;
let second: TestDevice;

beforeAll(async () => {
  user = await registerUser(server.base);
  second = await loginNewDevice(server.base, user, 'phone');
});

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A device whose network and storage give way at every step: each step waits a little (delays taken
 * in turn from the plan) and, at the steps the plan names, the user starts a write without waiting for
 * it: the next value on one of the items, made from what the device shows at that moment.
 */
class ChaoticDevice {
  private step = 0;
  private writes: Promise<void> = Promise.resolve();
  readonly engine: SyncEngine;
  readonly written: { itemId: string; value: string }[] = [];

  constructor(
    device: TestDevice,
    private readonly vault: TestVault,
    private readonly itemIds: string[],
    private readonly plan: { delays: number[]; writesAt: Map<number, number> },
  ) {
    const chaos = <T>(value: T): Promise<T> => this.hit().then(() => value);
    const fetchWithChaos: FetchLike = async (input, init) => {
      await this.hit();
      const res = await fetch(input, init);
      await this.hit();
      return res;
    };
    const memory = new MemoryStore();
    const store: LocalStore = {
      getItem: (v, i) => memory.getItem(v, i).then(chaos),
      listItems: (v) => memory.listItems(v).then(chaos),
      pendingItems: (v) => memory.pendingItems(v).then(chaos),
      putItem: (item) => memory.putItem(item).then(chaos),
      onItemPut: (listener) => memory.onItemPut(listener),
      countPending: (v) => memory.countPending(v),
      getSummaryCache: (v) => memory.getSummaryCache(v),
      setSummaryCache: (v, cache) => memory.setSummaryCache(v, cache),
      getCursor: (v) => memory.getCursor(v),
      setCursor: (v, c) => memory.setCursor(v, c),
      auditOutbox: () => memory.auditOutbox(),
      addAuditIntent: (i) => memory.addAuditIntent(i),
      removeAuditIntent: (id) => memory.removeAuditIntent(id),
      getAuditHead: (v) => memory.getAuditHead(v),
      setAuditHead: (v, h) => memory.setAuditHead(v, h),
    };
    this.engine = new SyncEngine({
      api: new ApiClient({ baseUrl: server.base, token: device.token, fetch: fetchWithChaos }),
      store,
      keyringFor: async () => vault.keyring,
      device: { deviceId: device.id, accountId: user.accountId, signingKey: device.keys.signingKey },
      identities: identitiesOf(user),
    });
  }

  private calm = false;

  private async hit(): Promise<void> {
    if (this.calm) return;
    const step = this.step++;
    const item = this.plan.writesAt.get(step);
    if (item !== undefined) this.startWrite(this.itemIds[item % this.itemIds.length]!);
    const delay = this.plan.delays[step % this.plan.delays.length]!;
    if (delay > 0) await sleep(delay);
  }

  /** A person's edits happen one after another, each on what the screen shows at that moment. */
  startWrite(itemId: string): void {
    this.writes = this.writes.then(async () => {
      const value = `v-${randomUUID()}`;
      // As the apps do: the change is applied to the item as it is when the write happens.
      const done = await this.engine.update(this.vault.vaultId, itemId, (current) => rotateValue(current, value, { now: new Date() }));
      if (!done) return; // not on this device yet: nothing on the screen to edit
      this.written.push({ itemId, value });
    });
  }

  /** No more writes or delays; resolves when the writes already started are done. */
  settle(): Promise<void> {
    this.calm = true;
    return this.writes;
  }
}

const planArb = fc.record({
  delays: fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 8, maxLength: 24 }),
  writesAt: fc.array(fc.tuple(fc.nat(80), fc.nat(2)), { minLength: 2, maxLength: 10 }),
});

describe('sync engine under interleaved writes', () => {
  it('loses no write made at any point of a push or a pull, on two devices syncing the same items', async () => {
    await fc.assert(
      fc.asyncProperty(planArb, planArb, async (planA, planB) => {
        const vault = await createVault(server.base, user);
        const itemIds = [randomUUID(), randomUUID(), randomUUID()];
        const seed = new ChaoticDevice(user.device, vault, itemIds, { delays: [0], writesAt: new Map() });
        for (const [n, id] of itemIds.entries()) {
          await seed.engine.write(vault.vaultId, id, createItem({ name: `key ${n}`, value: `initial-${n}-${randomUUID()}` }, new Date()));
        }
        await seed.engine.sync([vault.vaultId]);

        const a = new ChaoticDevice(user.device, vault, itemIds, { delays: planA.delays, writesAt: new Map(planA.writesAt) });
        const b = new ChaoticDevice(second, vault, itemIds, { delays: planB.delays, writesAt: new Map(planB.writesAt) });
        // Both devices start from the server's state, then sync at the same time, over and over, while
        // the plan's writes land wherever they land.
        await Promise.all([a.engine.sync([vault.vaultId]), b.engine.sync([vault.vaultId])]);
        for (let round = 0; round < 4; round++) await Promise.all([a.engine.sync([vault.vaultId]), b.engine.sync([vault.vaultId])]);
        await Promise.all([a.settle(), b.settle()]);
        // Quiet now: sync one after the other until neither has anything left to send.
        for (let round = 0; round < 6; round++) {
          const reports = [await a.engine.sync([vault.vaultId]), await b.engine.sync([vault.vaultId])];
          if (reports.every((r) => r.pending === 0 && r.pulled === 0 && r.pushed === 0)) break;
        }

        const view = async (device: ChaoticDevice) =>
          Object.fromEntries(await Promise.all(itemIds.map(async (id) => [id, await device.engine.read(vault.vaultId, id)] as const)));
        const [onA, onB] = [await view(a), await view(b)];
        expect(onA).toEqual(onB);
        expect(await a.engine.pendingWrites([vault.vaultId])).toBe(0);
        for (const { itemId, value } of [...a.written, ...b.written]) {
          const item = onA[itemId]!;
          const kept = [item.value, ...item.history.map((h) => h.value)];
          expect(kept, `value written to ${itemId.slice(0, 8)} is gone`).toContain(value);
        }
      }),
      { numRuns: 12 },
    );
  }, 600_000);
});
