/**
 * Vault key rotation under fire, as a property: whatever point the rotating device dies at (once, or
 * several times in a row), however often the hand-out fails, and whatever a second device writes in
 * between the rotation's own reads and writes, restarting finishes the one rotation it began, every
 * item ends up on the new version and opens with its latest content, and no edit, deletion or new item
 * is lost.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createItem,
  createVaultKeyring,
  openItem,
  openVaultKeyring,
  resumeVaultKeyRotation,
  rotateVaultKey,
  runKeyRotation,
  sealItem,
  VaultError,
  type AccountKey,
  type ItemEnvelope,
  type ItemPayload,
  type KeyRotationFlow,
  type RotationResult,
  type RotationState,
  type RotationStore,
  type StoredItem,
  type VaultKeyEntry,
  type VaultKeyring,
  type VaultKeyringRecord,
} from '../../../shared/index.js';
import { testAccount } from '../../support/keys.js';
import { MemoryRotationStore, SimulatedCrash } from '../../support/memory-rotation-store.js';

const VAULT = 'vault-rot-prop';
const now = new Date('2026-11-21T12:00:00Z');
const MAX_ITEMS = 25;
const MAX_SLOT = 29;

let accountKey: AccountKey;
let v1Record: VaultKeyringRecord;
/** What a device that has not received version 2 yet seals with. */
let v1Keyring: VaultKeyring;
/** Sealed once: a fresh DEK per item per run would buy nothing but time. */
const seeds: { itemId: string; payload: ItemPayload; envelope: ItemEnvelope }[] = [];

beforeAll(async () => {
  ({ accountKey } = await testAccount());
  ({ record: v1Record, keyring: v1Keyring } = await createVaultKeyring(accountKey, { vaultId: VAULT, now }));
  for (let i = 0; i < MAX_ITEMS; i++) {
    const itemId = itemIdAt(i);
    const payload = createItem({ name: `key ${i}`, value: `sk-seed-${i}` }, now);
    seeds.push({ itemId, payload, envelope: await sealItem(payload, { vaultId: VAULT, itemId }, v1Keyring) });
  }
});

function itemIdAt(slot: number): string {
  return `item-${String(slot).padStart(3, '0')}`;
}

const hasVersion = (record: VaultKeyringRecord, version: number) => record.keys.some((k) => k.version === version);

type Edit =
  /** `inBatch`: one the rotation has listed (read) and not reached yet, where a lost update would hide. */
  | { kind: 'update'; pick: number; inBatch: boolean; stale: boolean }
  | { kind: 'delete'; pick: number; inBatch: boolean }
  | { kind: 'create'; slot: number; stale: boolean }
  /** Rewrites whichever item the rotation compare-and-sets next, just before its write lands. */
  | { kind: 'race'; stale: boolean };

interface Scenario {
  items: number;
  batch: number;
  crashes: { at: number; when: 'before' | 'after' }[];
  edits: { at: number; edit: Edit }[];
  publishFailures: number;
  via: 'runKeyRotation' | 'core';
  /** Restart a pending rotation with a plain "rotate" (as a user pressing the button again would) instead of a resume. */
  loudRestarts: boolean;
}

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('update' as const), pick: fc.nat(99), inBatch: fc.boolean(), stale: fc.boolean() }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat(99), inBatch: fc.boolean() }),
  fc.record({ kind: fc.constant('create' as const), slot: fc.nat(MAX_SLOT), stale: fc.boolean() }),
  fc.record({ kind: fc.constant('race' as const), stale: fc.boolean() }),
);

const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  items: fc.integer({ min: 1, max: MAX_ITEMS }),
  batch: fc.integer({ min: 1, max: 6 }),
  crashes: fc.array(fc.record({ at: fc.nat(999), when: fc.constantFrom('before' as const, 'after' as const) }), { minLength: 1, maxLength: 3 }),
  edits: fc.array(fc.record({ at: fc.nat(999), edit: editArb }), { maxLength: 12 }),
  publishFailures: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3 })),
  via: fc.constantFrom('runKeyRotation' as const, 'core' as const),
  loudRestarts: fc.boolean(),
});

class PublishRefused extends Error {}

type Method = keyof RotationStore | 'restart';

/**
 * The shared store, the second device, and what the test knows should be in the vault. The second
 * device acts between the rotating device's store calls, so every interleaving is one the real
 * stores allow: the rotation never sees half an edit, only edits that landed before its next call.
 */
class World {
  readonly inner = new MemoryRotationStore(v1Record);
  /** The latest content of every live item, as the devices wrote it. */
  readonly model = new Map<string, ItemPayload>();
  /** The crashed run had already cleared the rotation state: it finished but died before it could say so. */
  diedAfterClearing = false;
  crashed = 0;
  private hooks = 0;
  private written = 0;
  private readonly due: { at: number; edit: Edit }[];
  private racing: { stale: boolean }[] = [];
  private listedUpTo: string | null = null;
  private batch: string[] = [];
  private reached: string | null = null;
  private exhausted = false;
  private v2Keyring: VaultKeyring | null = null;

  constructor(private readonly scenario: Scenario) {
    for (const seed of seeds.slice(0, scenario.items)) {
      this.inner.items.set(seed.itemId, seed.envelope);
      this.model.set(seed.itemId, seed.payload);
    }
    // About as many store calls as a whole rotation makes, so edits land before, during and after it.
    const span = 2 * scenario.items + 2 * Math.ceil(scenario.items / scenario.batch) + 14;
    this.due = scenario.edits.map(({ at, edit }) => ({ at: at % span, edit })).sort((a, b) => a.at - b.at);
  }

  /** The next crash still to happen: a run cut short by something else leaves it for the run after. */
  nextCrash(): { failAt: number; when: 'before' | 'after' } | undefined {
    const crash = this.scenario.crashes[this.crashed];
    if (!crash) return undefined;
    // Roughly the first run's mutation count: state, keyring, one write per item, a cursor per batch, the clear.
    const mutations = this.scenario.items + Math.ceil(this.scenario.items / this.scenario.batch) + 4;
    return { failAt: 1 + (crash.at % mutations), when: crash.when };
  }

  /** A restarted device lists again from the saved cursor, whatever it had read before dying. */
  newRun(): void {
    this.listedUpTo = null;
    this.batch = [];
    this.reached = null;
    this.exhausted = false;
  }

  listed(items: StoredItem[]): void {
    this.batch = items.map((i) => i.itemId);
    this.reached = null;
    if (items.length === 0) this.exhausted = true;
    for (const { itemId } of items) if (this.listedUpTo === null || itemId > this.listedUpTo) this.listedUpTo = itemId;
  }

  async beforeCall(method: Method, itemId: string | null): Promise<void> {
    const index = this.hooks++;
    while (this.due.length > 0 && this.due[0]!.at <= index) {
      const { edit } = this.due.shift()!;
      if (edit.kind === 'race') this.racing.push({ stale: edit.stale });
      else await this.apply(edit);
    }
    if (method === 'replaceItem' && itemId !== null) {
      const race = this.racing.shift();
      if (race) await this.update(itemId, race.stale, true);
    }
    if (itemId !== null) this.reached = itemId;
  }

  private async apply(edit: Exclude<Edit, { kind: 'race' }>): Promise<void> {
    const live = [...this.inner.items.keys()].sort();
    const batch = this.batch.filter((id) => this.inner.items.has(id) && (this.reached === null || id >= this.reached));
    const among = edit.kind !== 'create' && edit.inBatch && batch.length > 0 ? batch : live;
    switch (edit.kind) {
      case 'update':
        if (among.length > 0) await this.update(among[edit.pick % among.length]!, edit.stale, false);
        return;
      case 'delete': {
        if (among.length === 0) return;
        const itemId = among[edit.pick % among.length]!;
        const seen = await this.inner.getItem(VAULT, itemId);
        // The memory store has no delete: a compare-and-delete on what this device last read.
        if (seen && JSON.stringify(this.inner.items.get(itemId)) === JSON.stringify(seen.envelope)) {
          this.inner.items.delete(itemId);
          this.model.delete(itemId);
        }
        return;
      }
      case 'create': {
        const itemId = `${itemIdAt(edit.slot)}-new${this.written++}`;
        const payload = createItem({ name: `new ${itemId}`, value: `sk-new-${this.written}` }, now);
        const envelope = await sealItem(payload, { vaultId: VAULT, itemId }, await this.keyringFor(itemId, edit.stale, false));
        if (this.inner.items.has(itemId)) return;
        this.inner.items.set(itemId, envelope);
        this.model.set(itemId, payload);
        return;
      }
    }
  }

  private async update(itemId: string, stale: boolean, racing: boolean): Promise<void> {
    const seen = await this.inner.getItem(VAULT, itemId);
    if (!seen) return;
    const payload = createItem({ name: `key ${itemId}`, value: `sk-edit-${this.written++}` }, now);
    const next = await sealItem(payload, { vaultId: VAULT, itemId }, await this.keyringFor(itemId, stale, racing));
    if (await this.inner.replaceItem(VAULT, itemId, seen.envelope, next)) this.model.set(itemId, payload);
  }

  /**
   * The version the second device seals under: version 1 until version 2 reaches the store's keyring,
   * version 2 after that, except that a device which has not caught up yet ("stale") keeps writing
   * under version 1 while the rotation has still to visit the item. A version-1 write landing behind
   * the rotation's cursor is one no rotation can move (rotation.ts step 4: old versions stay readable
   * until retired), so it is left out here rather than let it make "all on version 2" untrue by design.
   */
  private async keyringFor(itemId: string, stale: boolean, racing: boolean): Promise<VaultKeyring> {
    if (!hasVersion(this.inner.keyring, 2)) return v1Keyring;
    if (stale && this.rotationStillAhead(itemId, racing)) return v1Keyring;
    this.v2Keyring ??= await openVaultKeyring(this.inner.keyring, accountKey);
    return this.v2Keyring;
  }

  private rotationStillAhead(itemId: string, racing: boolean): boolean {
    const pending: RotationState | null = this.inner.rotation;
    if (pending === null) return false;
    if (racing) return true; // the rotation's compare-and-set on this very item is about to run
    if (this.exhausted) return false;
    const cursor = pending.cursor;
    const frontier = this.listedUpTo !== null && (cursor === null || this.listedUpTo > cursor) ? this.listedUpTo : cursor;
    return frontier === null || itemId > frontier;
  }

  /** Every item opens with the keyring the store holds, and says what its last writer wrote. */
  async expectConsistent(): Promise<void> {
    expect([...this.inner.items.keys()].sort()).toEqual([...this.model.keys()].sort());
    const keyring = await openVaultKeyring(this.inner.keyring, accountKey);
    for (const [itemId, envelope] of this.inner.items) {
      expect(await openItem(envelope, { vaultId: VAULT, itemId }, keyring), itemId).toEqual(this.model.get(itemId));
    }
  }
}

/** The rotating device's view of the store: gives the second device its turns, and dies where told to. */
class RacingStore implements RotationStore {
  private mutations = 0;

  constructor(
    private readonly world: World,
    private readonly crash: { failAt: number; when: 'before' | 'after' } | undefined,
  ) {}

  private async call<T>(method: keyof RotationStore, itemId: string | null, mutates: boolean, run: () => Promise<T>, clears = false): Promise<T> {
    await this.world.beforeCall(method, itemId);
    const dies = mutates && this.crash !== undefined && ++this.mutations === this.crash.failAt;
    if (dies) this.world.crashed++;
    if (dies && this.crash.when === 'before') throw new SimulatedCrash(`crash before ${method}`);
    const result = await run();
    if (dies) {
      if (clears) this.world.diedAfterClearing = true;
      throw new SimulatedCrash(`crash after ${method}`);
    }
    return result;
  }

  loadRotation(): Promise<unknown> {
    return this.call('loadRotation', null, false, () => this.world.inner.loadRotation());
  }
  saveRotation(vaultId: string, state: RotationState | null): Promise<void> {
    return this.call('saveRotation', null, true, () => this.world.inner.saveRotation(vaultId, state), state === null);
  }
  loadKeyring(): Promise<unknown> {
    return this.call('loadKeyring', null, false, () => this.world.inner.loadKeyring());
  }
  saveKeyring(record: VaultKeyringRecord): Promise<void> {
    return this.call('saveKeyring', null, true, () => this.world.inner.saveKeyring(record));
  }
  countItems(): Promise<number> {
    return this.call('countItems', null, false, () => this.world.inner.countItems());
  }
  async listItems(vaultId: string, after: string | null, limit: number): Promise<StoredItem[]> {
    const items = await this.call('listItems', null, false, () => this.world.inner.listItems(vaultId, after, limit));
    this.world.listed(items);
    return items;
  }
  getItem(vaultId: string, itemId: string): Promise<StoredItem | null> {
    return this.call('getItem', itemId, false, () => this.world.inner.getItem(vaultId, itemId));
  }
  replaceItem(vaultId: string, itemId: string, expected: ItemEnvelope, next: ItemEnvelope): Promise<boolean> {
    return this.call('replaceItem', itemId, true, () => this.world.inner.replaceItem(vaultId, itemId, expected, next));
  }
}

/** The ways a run may stop short that a restart is meant to recover from; anything else fails the property. */
function recoverable(error: unknown): boolean {
  return error instanceof SimulatedCrash || error instanceof PublishRefused || (error instanceof VaultError && error.code === 'concurrent-change');
}

async function rotationSurvives(scenario: Scenario): Promise<void> {
  const world = new World(scenario);
  const published: { toVersion: number; entry: VaultKeyEntry | undefined }[] = [];
  const steps: Record<string, unknown>[] = [];
  let refusals = scenario.publishFailures;
  const publish = async (toVersion: number, record: VaultKeyringRecord) => {
    published.push({ toVersion, entry: record.keys.find((k) => k.version === toVersion) });
    if (refusals-- > 0) throw new PublishRefused('server unreachable');
  };
  const flow = (store: RotationStore): KeyRotationFlow => ({
    audit: { recordAudit: async (_vaultId, action, _itemId, detail) => void steps.push({ action, ...detail }) },
    store,
    vaultId: VAULT,
    accountKey,
    batchSize: scenario.batch,
    publish,
  });
  const core = (store: RotationStore) => ({ store, vaultId: VAULT, accountKey, batchSize: scenario.batch, publish });

  let starts = 0;
  let result: RotationResult | null = null;
  let begin = true;
  for (let run = 0; ; run++) {
    // Three crashes, three refused hand-outs and a few exhausted compare-and-set retries at most.
    expect(run, 'restarts needed').toBeLessThan(15);
    if (run > 0) await world.beforeCall('restart', null); // the second device keeps working while this one is down
    world.newRun();
    const store = new RacingStore(world, world.nextCrash());
    const pending = (await world.inner.loadRotation()) !== null;
    try {
      let outcome: RotationResult | null;
      if (begin) {
        starts++;
        outcome = scenario.via === 'runKeyRotation' ? await runKeyRotation(flow(store)) : await rotateVaultKey(core(store));
      } else if (scenario.loudRestarts && pending) {
        outcome = scenario.via === 'runKeyRotation' ? await runKeyRotation(flow(store)) : await rotateVaultKey(core(store));
      } else {
        outcome = scenario.via === 'runKeyRotation' ? await runKeyRotation(flow(store), { resumeOnly: true }) : await resumeVaultKeyRotation(core(store));
      }
      begin = false;
      if (outcome) {
        result = outcome;
        break;
      }
      // Nothing pending: either it died before saving its state (version 2 never reached the keyring,
      // and starting over is what the user would do), or it finished and died before it could say so.
      if (hasVersion(world.inner.keyring, 2)) break;
      begin = true;
    } catch (error) {
      if (!recoverable(error)) throw error;
      begin = false;
      // Mid-rotation the vault is whole: every item opens with what the store's keyring holds.
      await world.expectConsistent();
    }
  }

  // One rotation, one new version, the same key each time it was handed out.
  expect(world.inner.rotation).toBeNull();
  expect(world.inner.keyring.current).toBe(2);
  expect(world.inner.keyring.keys.map((k) => k.version)).toEqual([1, 2]);
  const v2 = world.inner.keyring.keys.find((k) => k.version === 2);
  for (const p of published) expect(p).toEqual({ toVersion: 2, entry: v2 });
  // Refusals come first, and nothing is re-wrapped before a hand-out succeeds.
  expect(published.length).toBeGreaterThan(scenario.publishFailures);
  expect(result === null).toBe(world.diedAfterClearing);
  if (result) expect(result.toVersion).toBe(2);

  // No edit lost, no deleted item back, no new item missing, and all of it on version 2.
  await world.expectConsistent();
  for (const [itemId, envelope] of world.inner.items) expect(envelope.kv, itemId).toBe(2);

  if (scenario.via === 'runKeyRotation') {
    expect(steps.every((s) => s.action === 'vault.key-rotate')).toBe(true);
    expect(steps.filter((s) => 'toVersion' in s).every((s) => s.toVersion === 2)).toBe(true);
    expect(steps.filter((s) => s.phase === 'start')).toEqual(Array.from({ length: starts }, () => ({ action: 'vault.key-rotate', phase: 'start', fromVersion: 1 })));
    const done = steps.filter((s) => s.phase === 'done');
    // The completion is recorded before the state is cleared, so a crash at the very end never loses
    // it; each crash between the two records it once more on resume (fast-check found two in a row).
    expect(done.length).toBeGreaterThanOrEqual(1);
    expect(done.length).toBeLessThanOrEqual(1 + scenario.crashes.length);
    // (A crash simulated as an exception after "done" is also recorded as "failed" by the dying run.)
    expect(steps.filter((s) => s.phase !== 'failed').at(-1)).toMatchObject({ phase: 'done', toVersion: 2 });
  }
}

describe('vault key rotation, property-based', () => {
  it('finishes on resume after crashes at random writes, with every concurrent edit intact', async () => {
    await fc.assert(fc.asyncProperty(scenarioArb, rotationSurvives), { numRuns: 60 });
  });
});
