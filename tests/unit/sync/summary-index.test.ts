/**
 * The summary index (shared/sync/summary-index.ts, docs/crypto.md §26): what lists read instead of
 * opening every item. It must never hold a value or a note, follow one change by opening one item,
 * come back from its sealed cache without opening any, and treat a cache that is altered, junk or
 * under another key as missing, never as a reason to fail.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { KeyHavenDatabase } from '../../../extension/db/database.js';
import { DexieLocalStore } from '../../../extension/db/local-store.js';
import {
  createAccount,
  createItem,
  createVaultKeyring,
  editItem,
  MemoryStore,
  openLocalItems,
  openSummary,
  rotateValue,
  seal,
  sealItem,
  toBase64url,
  toBase64urlBulk,
  trashItem,
  utf8,
  aad,
  SummaryIndex,
  vaultHealthScores,
  type ItemPayload,
  type LocalItem,
  type LocalStore,
  type OpenResult,
  type SummaryIndexOptions,
  type VaultKeyring,
} from '../../../shared/index.js';

const VAULT = 'vault-1';
const secretOf = (i: number) => `sk-live-${i}-${'q'.repeat(24)}-end`;
const NOW = new Date('2026-12-01T00:00:00Z');
const NOTE = 'only-in-the-notes: rotate on the first Monday';

async function setup(count: number) {
  const { unlocked } = await createAccount('a long and careful password', { accountId: 'acct-1' });
  const { keyring } = await createVaultKeyring(unlocked.accountKey, { vaultId: VAULT });
  const store = new MemoryStore();
  const put = async (itemId: string, payload: ItemPayload | null) => {
    const blob = payload && JSON.stringify(await sealItem(payload, { vaultId: VAULT, itemId }, keyring));
    await store.putItem({ vaultId: VAULT, itemId, base: { revision: 1, blob, deleted: blob === null }, pending: null });
  };
  for (let i = 0; i < count; i++) await put(`item-${i}`, createItem({ name: `KEY_${i}`, value: secretOf(i), notes: NOTE, provider: 'stripe' }, NOW));
  const opened: string[] = [];
  const index = (s: LocalStore = store, sealer: { accountId: string; accountKey: typeof unlocked.accountKey } | null = unlocked, ring: VaultKeyring = keyring, more: Partial<SummaryIndexOptions> = {}) =>
    new SummaryIndex({
      store: s,
      open: async (vaultId: string, items: LocalItem[]): Promise<OpenResult[]> => {
        opened.push(...items.map((i) => i.itemId));
        return openLocalItems(items, vaultId, ring);
      },
      keyMark: async () => ring.versions().join(','),
      sealer,
      ...more,
    });
  return { unlocked, keyring, store, put, opened, index };
}

describe('summary index', () => {
  it('holds names and health facts, never a value, an old value or a note, in memory or sealed', async () => {
    const { store, put, index, unlocked } = await setup(3);
    const rotated = rotateValue(createItem({ name: 'ROTATED', value: 'old-secret-value-123456789', notes: NOTE }, NOW), 'new-secret-value-987654321', { reason: 'quarterly', now: NOW });
    await put('rotated', rotated);
    const summaryIndex = index();
    const { items } = await summaryIndex.summary(VAULT);
    expect(items.map((i) => i.facts.name).sort()).toEqual(['KEY_0', 'KEY_1', 'KEY_2', 'ROTATED']);
    await summaryIndex.persist();

    const memory = JSON.stringify(items);
    const cache = await store.getSummaryCache(VAULT);
    const sealed = JSON.stringify([...(await openSummary(unlocked, VAULT, cache!)).items]);
    for (const text of [memory, sealed]) {
      for (const secret of [secretOf(0), secretOf(1), secretOf(2), 'old-secret-value-123456789', 'new-secret-value-987654321', NOTE]) expect(text).not.toContain(secret);
    }
  });

  it('opens only what changed since it last looked: one edit in 300 items opens one item', async () => {
    const { put, index, opened } = await setup(300);
    const summaryIndex = index();
    await summaryIndex.summary(VAULT);
    expect(opened).toHaveLength(300);
    opened.length = 0;
    await put('item-7', editItem(createItem({ name: 'KEY_7', value: secretOf(7) }, NOW), { name: 'KEY_7 renamed' }, NOW));
    await put('item-9', null);
    const { items } = await summaryIndex.summary(VAULT);
    expect(opened).toEqual(['item-7']);
    expect(items).toHaveLength(299);
    expect(items.find((i) => i.itemId === 'item-7')!.facts.name).toBe('KEY_7 renamed');
    opened.length = 0;
    await summaryIndex.summary(VAULT);
    expect(opened).toEqual([]);
  });

  it('follows every put made through the store: an altered item is reported instead of listed', async () => {
    const { store, index } = await setup(5);
    const summaryIndex = index();
    expect((await summaryIndex.summary(VAULT)).unreadable).toBe(0);
    await tamper(store, 'item-2');
    const { items, unreadable } = await summaryIndex.summary(VAULT);
    expect(unreadable).toBe(1);
    expect(items.map((i) => i.facts.name).sort()).toEqual(['KEY_0', 'KEY_1', 'KEY_3', 'KEY_4']);
  });

  it('finds an item altered behind its back (another connection to the database) at its next verification, without a list waiting for it', async () => {
    const { store: source, unlocked, keyring } = await setup(5);
    const indexedDB = new IDBFactory();
    const database = () => new KeyHavenDatabase('keyhaven-index-test', { indexedDB, IDBKeyRange });
    const ours = new DexieLocalStore(database());
    for (const item of await source.listItems(VAULT)) await ours.putItem(item);
    const theirs = new DexieLocalStore(database());
    const behind: string[] = [];
    let clock = 0;
    const summaryIndex = new SummaryIndex({
      store: ours,
      open: async (vaultId, items) => openLocalItems(items, vaultId, keyring),
      keyMark: async () => keyring.versions().join(','),
      sealer: unlocked,
      verifyEveryMs: 60_000,
      onChangedBehind: (vaultId) => behind.push(vaultId),
      now: () => clock,
    });
    expect((await summaryIndex.summary(VAULT)).unreadable).toBe(0);
    await tamper(theirs, 'item-2');
    expect((await summaryIndex.summary(VAULT)).unreadable).toBe(0); // not looked yet: no put went through this store
    clock += 60_000;
    await summaryIndex.summary(VAULT); // answers at once, and starts a verification
    await vi.waitFor(() => expect(behind).toEqual([VAULT]));
    expect((await summaryIndex.summary(VAULT)).unreadable).toBe(1);
    summaryIndex.close();
  });

  it('comes back from its sealed cache without opening any item, duplicates included', async () => {
    const { put, index, opened } = await setup(20);
    await put('copy', createItem({ name: 'COPY', value: secretOf(3) }, NOW));
    const first = index();
    await first.summary(VAULT);
    await first.persist();
    opened.length = 0;

    const restarted = index();
    const { items } = await restarted.summary(VAULT);
    expect(opened).toEqual([]);
    expect(items).toHaveLength(21);
    const scores = vaultHealthScores(items, { now: NOW });
    expect(scores.get('copy')!.reasons.map((r) => r.code)).toContain('duplicate');
    expect(scores.get('item-3')!.reasons.map((r) => r.code)).toContain('duplicate');
    expect(scores.get('item-4')!.reasons.map((r) => r.code)).not.toContain('duplicate');
  });

  it('does not take a cache older than the items, or one that was sealed before an item was altered on disk', async () => {
    const { store, put, index, opened } = await setup(10);
    const first = index();
    await first.summary(VAULT);
    await first.persist();
    await put('late', createItem({ name: 'LATE', value: 'written-after-the-cache-1234' }, NOW));
    opened.length = 0;
    expect((await index().summary(VAULT)).items.map((i) => i.facts.name)).toContain('LATE');
    expect(opened).toHaveLength(11);

    const again = index();
    await again.summary(VAULT);
    await again.persist();
    await tamper(store, 'item-4');
    const { items, unreadable } = await index().summary(VAULT);
    expect(unreadable).toBe(1);
    expect(items.map((i) => i.itemId)).not.toContain('item-4');
  });

  it('answers a first read from its cache before reading any item when told to, then compares: a cache the store moved past is replaced and reported', async () => {
    const { store, put, index, opened, keyring, unlocked } = await setup(10);
    const first = index();
    await first.summary(VAULT);
    await first.persist();
    first.close();
    const later = (behind: string[]) => {
      const reads = { list: 0 };
      const counted: LocalStore = Object.assign(Object.create(store) as LocalStore, {
        listItems: (vaultId: string) => (reads.list++, store.listItems(vaultId)),
      });
      const summaryIndex = index(counted, unlocked, keyring, { verifyEveryMs: 60_000, checkCacheAfterMs: 0, onChangedBehind: (vaultId) => behind.push(vaultId) });
      return { summaryIndex, reads };
    };

    // The cache matches the store: the first answer reads no item, and the comparison finds nothing.
    opened.length = 0;
    const quiet: string[] = [];
    const matching = later(quiet);
    expect((await matching.summaryIndex.summary(VAULT)).items).toHaveLength(10);
    expect(matching.reads.list).toBe(0);
    await vi.waitFor(() => expect(matching.reads.list).toBe(1));
    expect(quiet).toEqual([]);
    expect(opened).toEqual([]);
    matching.summaryIndex.close();

    // The store moved after the cache was sealed (a key added, one altered on disk): the first screen
    // is the cache's, and the comparison right after replaces it and says so.
    await put('late', createItem({ name: 'LATE', value: 'written-after-the-cache-1234' }, NOW));
    await tamper(store, 'item-4');
    const behind: string[] = [];
    const moved = later(behind);
    const firstAnswer = await moved.summaryIndex.summary(VAULT);
    expect(firstAnswer.items.map((i) => i.facts.name)).not.toContain('LATE');
    expect(firstAnswer.items.every((i) => !JSON.stringify(i.facts).includes(secretOf(4)))).toBe(true);
    // A put made meanwhile (a sync landing) is listed whether or not the comparison ran yet.
    const sealedBefore = (await store.getSummaryCache(VAULT))!.sealed;
    await put('during', createItem({ name: 'DURING', value: 'written-during-the-window-5678' }, NOW));
    expect((await moved.summaryIndex.summary(VAULT)).items.map((i) => i.facts.name)).toContain('DURING');
    await vi.waitFor(() => expect(behind).toEqual([VAULT]));
    const { items, unreadable } = await moved.summaryIndex.summary(VAULT);
    expect(items.map((i) => i.facts.name)).toEqual(expect.arrayContaining(['LATE', 'DURING']));
    expect(items.map((i) => i.itemId)).not.toContain('item-4');
    expect(unreadable).toBe(1);
    expect(items).toHaveLength(11);
    await moved.summaryIndex.persist(); // compared: sealed again, and the next start takes it as is
    expect((await store.getSummaryCache(VAULT))!.sealed).not.toBe(sealedBefore);
    moved.summaryIndex.close();
  });

  it('answers lists while a verification reads every stored item: the slow read does not hold the vault', async () => {
    const { store, index, keyring, unlocked } = await setup(10);
    const first = index();
    await first.summary(VAULT);
    await first.persist();
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let listing = 0;
    const slow: LocalStore = Object.assign(Object.create(store) as LocalStore, {
      listItems: async (vaultId: string) => (listing++, await gate, store.listItems(vaultId)),
    });
    const summaryIndex = index(slow, unlocked, keyring, { verifyEveryMs: 60_000, checkCacheAfterMs: 0 });
    expect((await summaryIndex.summary(VAULT)).items).toHaveLength(10);
    await vi.waitFor(() => expect(listing).toBe(1)); // the check after the first read is reading
    expect((await summaryIndex.summary(VAULT)).items).toHaveLength(10); // and a list does not wait for it
    release();
    expect(await summaryIndex.verify(VAULT)).toBe(false);
    summaryIndex.close();
  });

  it('drops a key deleted while the check after the first read is reading the store, and keeps it dropped after the check', async () => {
    const { store, put, index, keyring, unlocked } = await setup(6);
    const first = index();
    await first.summary(VAULT);
    await first.persist();
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let listing = 0;
    const slow: LocalStore = Object.assign(Object.create(store) as LocalStore, {
      listItems: async (vaultId: string) => {
        const items = await store.listItems(vaultId);
        if (listing++ === 0) await gate; // the list is read, then the delete lands, then the turn comes
        return items;
      },
    });
    const summaryIndex = index(slow, unlocked, keyring, { verifyEveryMs: 60_000, checkCacheAfterMs: 0 });
    const names = async () => (await summaryIndex.summary(VAULT)).items.map((i) => i.facts.name);
    expect(await names()).toContain('KEY_3');
    await vi.waitFor(() => expect(listing).toBe(1));
    await put('item-3', null);
    expect(await names()).not.toContain('KEY_3');
    release();
    await vi.waitFor(async () => expect(await summaryIndex.verify(VAULT)).toBe(false));
    expect(await names()).not.toContain('KEY_3');
    expect(await names()).toHaveLength(5);
    summaryIndex.close();
  });

  it('does not keep answering from a cache it could not compare with the store', async () => {
    const { store, index, keyring, unlocked } = await setup(4);
    const first = index();
    await first.summary(VAULT);
    await first.persist();
    let broken = true;
    const failing: LocalStore = Object.assign(Object.create(store) as LocalStore, {
      listItems: async (vaultId: string) => {
        if (broken) throw new Error('the store cannot be read');
        return store.listItems(vaultId);
      },
    });
    const summaryIndex = index(failing, unlocked, keyring, { verifyEveryMs: 60_000, checkCacheAfterMs: 0 });
    expect((await summaryIndex.summary(VAULT)).items).toHaveLength(4); // from the cache
    // The check after the first read fails; from then on the vault is compared before answering.
    await vi.waitFor(() => expect(summaryIndex.summary(VAULT)).rejects.toThrow('cannot be read'));
    broken = false;
    expect((await summaryIndex.summary(VAULT)).items).toHaveLength(4);
    summaryIndex.close();
  });

  it('rebuilds from the items when the cache is altered, junk, or sealed under another account key', async () => {
    const { store, index, opened } = await setup(10);
    const first = index();
    await first.summary(VAULT);
    await first.persist();
    const good = (await store.getSummaryCache(VAULT))!;
    const flipped = good.sealed.slice(0, 40) + (good.sealed[40] === 'A' ? 'B' : 'A') + good.sealed.slice(41);
    for (const cache of [{ sealed: flipped }, { sealed: 'not base64 at all!' }, { sealed: good.sealed.slice(0, 60) }]) {
      await store.setSummaryCache(VAULT, cache);
      opened.length = 0;
      const { items } = await index().summary(VAULT);
      expect(items).toHaveLength(10);
      expect(opened).toHaveLength(10);
    }
    await store.setSummaryCache(VAULT, good);
    const { unlocked: stranger } = await createAccount('someone else entirely here', { accountId: 'acct-1' });
    opened.length = 0;
    expect((await index(store, stranger).summary(VAULT)).items).toHaveLength(10);
    expect(opened).toHaveLength(10);
  });

  it('keeps keys in the Trash apart from the rest, from the items and from its cache; a v1 cache (before the Trash) is not taken', async () => {
    const { store, index, opened, put, unlocked } = await setup(3);
    const trashed = trashItem(createItem({ name: 'KEY_1', value: secretOf(1), provider: 'stripe' }, NOW), NOW);
    await put('item-1', trashed);
    const first = index();
    const summary = await first.summary(VAULT);
    expect(summary.items.map((i) => i.facts.name).sort()).toEqual(['KEY_0', 'KEY_2']);
    expect(summary.trashed).toEqual([{ itemId: 'item-1', facts: expect.objectContaining({ name: 'KEY_1', trashedAt: NOW.toISOString() }) }]);
    await first.persist();
    opened.length = 0;
    expect((await index().summary(VAULT)).trashed.map((i) => i.itemId)).toEqual(['item-1']);
    expect(opened).toEqual([]); // from the v2 cache, nothing opened

    // The same cache written as v1 (no trashedAt): it opens, but the index builds again from the items.
    const content = await openSummary(unlocked, VAULT, (await store.getSummaryCache(VAULT))!);
    const v1Items = [...content.items].map(([id, { trashedAt: _t, ...facts }]) => [id, facts]);
    const body = { v: 1, tagKey: toBase64url(content.tagKey), digest: content.digest, items: v1Items, unreadable: [] };
    await store.setSummaryCache(VAULT, { sealed: toBase64urlBulk(await seal(unlocked.accountKey, utf8(JSON.stringify(body)), aad.summaryIndex('acct-1', VAULT))) });
    expect((await openSummary(unlocked, VAULT, (await store.getSummaryCache(VAULT))!)).v).toBe(1);
    const again = await index().summary(VAULT);
    expect(opened).toHaveLength(3);
    expect(again.trashed.map((i) => i.itemId)).toEqual(['item-1']);
  });
});

/** Flips one character inside an item's ciphertext, in the store, as malware or a broken disk might. */
async function tamper(store: LocalStore, itemId: string) {
  const item = (await store.getItem(VAULT, itemId))!;
  const envelope = JSON.parse(item.base!.blob!) as { data: string };
  envelope.data = envelope.data.slice(0, 40) + (envelope.data[40] === 'A' ? 'B' : 'A') + envelope.data.slice(41);
  await store.putItem({ ...item, base: { ...item.base!, blob: JSON.stringify(envelope) } });
}

describe('summary index, edges a hostile review found', () => {
  it('reads a junk cache row as no cache, lists an empty blob as unreadable, and refuses reads once closed', async () => {
    const { store, index, opened } = await setup(4);
    await store.setSummaryCache(VAULT, { sealed: 123 } as unknown as { sealed: string });
    const summaryIndex = index();
    expect((await summaryIndex.summary(VAULT)).items).toHaveLength(4);
    const item = (await store.getItem(VAULT, 'item-1'))!;
    await store.putItem({ ...item, base: { ...item.base!, blob: '' } });
    expect(await summaryIndex.summary(VAULT)).toMatchObject({ unreadable: 1 });
    expect((await summaryIndex.summary(VAULT)).items.map((i) => i.itemId)).not.toContain('item-1');
    summaryIndex.close();
    opened.length = 0;
    await expect(summaryIndex.summary(VAULT)).rejects.toThrow(/locked/);
    expect(await summaryIndex.verify(VAULT)).toBe(false);
    expect(opened).toEqual([]);
  });

  it('writes no cache back for a vault it was told to forget, and seals under the new key after a rekey', async () => {
    const { store, index, unlocked } = await setup(3);
    const summaryIndex = index();
    await summaryIndex.summary(VAULT);
    summaryIndex.forget(VAULT);
    await summaryIndex.persist();
    expect(await store.getSummaryCache(VAULT)).toBeNull();

    await summaryIndex.summary(VAULT);
    await summaryIndex.persist();
    const { unlocked: rotated } = await createAccount('the rotated account key', { accountId: unlocked.accountId });
    await store.setSummaryCache(VAULT, null);
    summaryIndex.rekey(rotated);
    await summaryIndex.persist();
    const cache = (await store.getSummaryCache(VAULT))!;
    await expect(openSummary(unlocked, VAULT, cache)).rejects.toThrow();
    expect((await openSummary(rotated, VAULT, cache)).items.size).toBe(3);
  });
});
