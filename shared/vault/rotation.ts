/**
 * Vault key rotation as a storage-agnostic, resumable procedure (DESIGN §5).
 *
 *   1. Make version n+1 and record it in the rotation state *before* it reaches the keyring, so a crash
 *      between the two writes resumes with the same key instead of minting another one.
 *   2. Put it in the keyring as current: from now on every new write uses n+1.
 *   3. Walk the items in id order in batches, re-wrapping each DEK under n+1 (payloads are untouched),
 *      and save the cursor after every batch. Each re-wrap is a compare-and-set: an item another device
 *      changed meanwhile is re-read and handled again, never overwritten with stale data.
 *   4. Clear the state. Old versions stay readable until `retireKeyVersion` finds nothing using them.
 *
 * A crash at any point leaves the store in a state from which calling `rotateVaultKey` again finishes
 * the job, and every item stays readable throughout.
 */
import { z } from 'zod';
import { VaultError } from '../errors.js';
import type { AccountKey } from '../crypto/keys.js';
import { parseOrThrow } from '../util/parse.js';
import { rewrapItem, type ItemEnvelope } from './envelope.js';
import {
  newVaultKeyEntry,
  nextKeyVersion,
  openVaultKeyring,
  vaultKeyringRecordSchema,
  withKeyVersion,
  type VaultKeyEntry,
  type VaultKeyringRecord,
} from './keyring.js';

export const rotationStateSchema = z.strictObject({
  vaultId: z.string(),
  fromVersion: z.number().int().positive(),
  toVersion: z.number().int().positive(),
  newKey: z.strictObject({ version: z.number().int().positive(), wrappedKey: z.string(), createdAt: z.iso.datetime() }),
  /** The last item id fully handled; the next batch starts after it. */
  cursor: z.string().nullable(),
  rewrapped: z.number().int().nonnegative(),
});
export type RotationState = z.infer<typeof rotationStateSchema>;

export interface StoredItem {
  itemId: string;
  envelope: ItemEnvelope;
}

/** What the rotation needs from storage. The extension (Dexie), the CLI and tests each provide one. */
export interface RotationStore {
  loadRotation(vaultId: string): Promise<unknown>;
  saveRotation(vaultId: string, state: RotationState | null): Promise<void>;
  loadKeyring(vaultId: string): Promise<unknown>;
  saveKeyring(record: VaultKeyringRecord): Promise<void>;
  countItems(vaultId: string): Promise<number>;
  /** Live (not deleted) items with id > `after`, in ascending id order, at most `limit`. */
  listItems(vaultId: string, after: string | null, limit: number): Promise<StoredItem[]>;
  getItem(vaultId: string, itemId: string): Promise<StoredItem | null>;
  /** Writes `next` only if the item still holds `expected` (compare-and-set); says whether it wrote. */
  replaceItem(vaultId: string, itemId: string, expected: ItemEnvelope, next: ItemEnvelope): Promise<boolean>;
}

export interface RotationProgress {
  vaultId: string;
  toVersion: number;
  /** Items visited so far (re-wrapped now, or already on the new version). */
  done: number;
  total: number;
}

export interface RotationOptions {
  store: RotationStore;
  vaultId: string;
  accountKey: AccountKey;
  batchSize?: number;
  now?: () => Date;
  /** Awaited after each batch, once its progress is saved (a caller may record a checkpoint). */
  onProgress?: (progress: RotationProgress) => unknown;
  /**
   * Hands the new version to the server and the members (idempotent). Called with the keyring record
   * that holds it before it becomes this device's current version and before any item is re-wrapped,
   * and again on every resume: so a failure here leaves every write, re-wrapped or new, under a version
   * the others already hold, and the next resume picks up from here.
   */
  publish?: (toVersion: number, record: VaultKeyringRecord) => Promise<void>;
  /**
   * Awaited once every item is on the new version, before the state is cleared: what a caller records
   * here (the audit's "done") is never lost to a crash; after a crash at this point, the resume runs it again.
   */
  onFinished?: (result: RotationResult) => unknown;
}

export const DEFAULT_ROTATION_BATCH = 250;
const MAX_CAS_RETRIES = 5;

async function startOrResume(options: RotationOptions, now: Date): Promise<RotationState> {
  const { store, vaultId } = options;
  const saved = await store.loadRotation(vaultId);
  if (saved) return parseOrThrow(rotationStateSchema, saved, 'rotation state');
  const keyring = parseOrThrow(vaultKeyringRecordSchema, await store.loadKeyring(vaultId), 'vault keyring');
  const toVersion = nextKeyVersion(keyring);
  const newKey: VaultKeyEntry = await newVaultKeyEntry(options.accountKey, vaultId, toVersion, now);
  const state: RotationState = { vaultId, fromVersion: keyring.current, toVersion, newKey, cursor: null, rewrapped: 0 };
  await store.saveRotation(vaultId, state);
  return state;
}

export interface RotationResult {
  toVersion: number;
  /** Items this rotation moved; one moved just before a crash is seen as already done on resume. */
  rewrapped: number;
}

/** Starts a rotation to a new version, or finishes one that was interrupted (without starting another). */
export async function rotateVaultKey(options: RotationOptions): Promise<RotationResult> {
  return runRotation(options, await startOrResume(options, (options.now ?? (() => new Date()))()));
}

/**
 * Finishes an interrupted rotation, if there is one; returns null when nothing was pending. Clients
 * call this on start-up, so a rotation cut short by a crash or a closed browser completes by itself.
 */
export async function resumeVaultKeyRotation(options: RotationOptions): Promise<RotationResult | null> {
  const saved = await options.store.loadRotation(options.vaultId);
  if (!saved) return null;
  return runRotation(options, parseOrThrow(rotationStateSchema, saved, 'rotation state'));
}

async function runRotation(options: RotationOptions, initial: RotationState): Promise<RotationResult> {
  const { store, vaultId } = options;
  const batchSize = options.batchSize ?? DEFAULT_ROTATION_BATCH;
  let state = initial;

  const stored = parseOrThrow(vaultKeyringRecordSchema, await store.loadKeyring(vaultId), 'vault keyring');
  const record = withKeyVersion(stored, state.newKey);
  await options.publish?.(state.toVersion, record);
  if (record !== stored) await store.saveKeyring(record);
  const keyring = await openVaultKeyring(record, options.accountKey);

  const total = await store.countItems(vaultId);
  let done = 0;
  for (;;) {
    const batch = await store.listItems(vaultId, state.cursor, batchSize);
    if (batch.length === 0) break;
    let rewrapped = 0;
    for (const item of batch) {
      if (await rewrapOne(store, vaultId, item, keyring, state.toVersion)) rewrapped++;
    }
    done += batch.length;
    state = { ...state, cursor: batch[batch.length - 1]!.itemId, rewrapped: state.rewrapped + rewrapped };
    await store.saveRotation(vaultId, state);
    await options.onProgress?.({ vaultId, toVersion: state.toVersion, done: Math.min(done, total), total });
  }
  const result = { toVersion: state.toVersion, rewrapped: state.rewrapped };
  await options.onFinished?.(result);
  await store.saveRotation(vaultId, null);
  return result;
}

async function rewrapOne(
  store: RotationStore,
  vaultId: string,
  first: StoredItem,
  keyring: Awaited<ReturnType<typeof openVaultKeyring>>,
  toVersion: number,
): Promise<boolean> {
  let item: StoredItem | null = first;
  for (let attempt = 0; item && attempt < MAX_CAS_RETRIES; attempt++) {
    // An item written meanwhile under the new version (or a later one) needs nothing.
    if (item.envelope.kv >= toVersion) return false;
    const next = await rewrapItem(item.envelope, { vaultId, itemId: item.itemId }, keyring, toVersion);
    if (await store.replaceItem(vaultId, item.itemId, item.envelope, next)) return true;
    item = await store.getItem(vaultId, item.itemId); // changed or deleted under us: look again
  }
  if (!item) return false;
  throw new VaultError('concurrent-change', `item ${item.itemId} kept changing during key rotation; run the rotation again to finish it`);
}

/** Key versions still referred to by live items, for `retireKeyVersion`. */
export async function referencedKeyVersions(store: Pick<RotationStore, 'listItems'>, vaultId: string, pageSize = 1000): Promise<Set<number>> {
  const versions = new Set<number>();
  let after: string | null = null;
  for (;;) {
    const page = await store.listItems(vaultId, after, pageSize);
    if (page.length === 0) return versions;
    for (const item of page) versions.add(item.envelope.kv);
    after = page[page.length - 1]!.itemId;
  }
}
