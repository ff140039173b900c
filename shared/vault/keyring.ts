/**
 * A vault's keyring: every version of its vault key, wrapped under the account key (personal vaults)
 * or received through shares (team vaults). New writes use `current`; older versions stay readable
 * until no item refers to them and they are retired.
 */
import { z } from 'zod';
import { CryptoError, VaultError } from '../errors.js';
import { fromBase64url, toBase64url } from '../encoding.js';
import { aad } from '../crypto/aad.js';
import type { AccountKey, VaultKey } from '../crypto/keys.js';
import { newId } from '../crypto/random.js';
import { VAULT_KEY_USAGES } from '../crypto/usages.js';
import { generateAesKey, unwrapAesKey, wrapAesKey } from '../crypto/wrap.js';
import { parseOrThrow } from '../util/parse.js';

export const vaultKeyEntrySchema = z.strictObject({
  version: z.number().int().positive(),
  wrappedKey: z.string(),
  createdAt: z.iso.datetime(),
});
export type VaultKeyEntry = z.infer<typeof vaultKeyEntrySchema>;

export const vaultKeyringRecordSchema = z
  .strictObject({
    v: z.literal(1),
    vaultId: z.string().min(1).max(200),
    current: z.number().int().positive(),
    keys: z.array(vaultKeyEntrySchema).min(1),
  })
  .refine((r) => r.keys.some((k) => k.version === r.current), 'the current version has no key')
  .refine((r) => new Set(r.keys.map((k) => k.version)).size === r.keys.length, 'a key version appears twice');
export type VaultKeyringRecord = z.infer<typeof vaultKeyringRecordSchema>;

/** The unlocked keys of one vault, all non-extractable. */
export class VaultKeyring {
  constructor(
    readonly vaultId: string,
    readonly current: number,
    private readonly keys: ReadonlyMap<number, VaultKey>,
  ) {
    if (!keys.has(current)) throw new CryptoError('unknown-key-version', `vault ${vaultId} has no key version ${current}`);
  }

  get(version: number): VaultKey {
    const key = this.keys.get(version);
    if (!key) throw new CryptoError('unknown-key-version', `vault ${this.vaultId} has no key version ${version} (retired or never received)`);
    return key;
  }

  currentKey(): VaultKey {
    return this.get(this.current);
  }

  versions(): number[] {
    return [...this.keys.keys()].sort((a, b) => a - b);
  }
}

/** A new vault key version wrapped under the account key; does not touch any record. */
export async function newVaultKeyEntry(accountKey: AccountKey, vaultId: string, version: number, now: Date): Promise<VaultKeyEntry> {
  return vaultKeyEntry((await generateAesKey([...VAULT_KEY_USAGES])) as VaultKey, accountKey, vaultId, version, now);
}

/** An existing (extractable) vault key wrapped under this account key: how a team member keeps a key shared with them. */
export async function vaultKeyEntry(key: VaultKey, accountKey: AccountKey, vaultId: string, version: number, now: Date): Promise<VaultKeyEntry> {
  const wrapped = await wrapAesKey(key, accountKey, aad.vaultKey(vaultId, version));
  return { version, wrappedKey: toBase64url(wrapped), createdAt: now.toISOString() };
}

export async function createVaultKeyring(
  accountKey: AccountKey,
  options: { vaultId?: string; now?: Date } = {},
): Promise<{ record: VaultKeyringRecord; keyring: VaultKeyring }> {
  const vaultId = options.vaultId ?? newId();
  const entry = await newVaultKeyEntry(accountKey, vaultId, 1, options.now ?? new Date());
  const record: VaultKeyringRecord = { v: 1, vaultId, current: 1, keys: [entry] };
  return { record, keyring: await openVaultKeyring(record, accountKey) };
}

/** Adds a version (idempotent: adding the same entry twice is a no-op) and makes it current. */
export function withKeyVersion(record: VaultKeyringRecord, entry: VaultKeyEntry): VaultKeyringRecord {
  const existing = record.keys.find((k) => k.version === entry.version);
  if (existing && existing.wrappedKey !== entry.wrappedKey) {
    throw new VaultError('invalid-state', `vault ${record.vaultId} already has a different key version ${entry.version}`);
  }
  const keys = existing ? record.keys : [...record.keys, entry];
  return { ...record, current: Math.max(record.current, entry.version), keys };
}

export function nextKeyVersion(record: VaultKeyringRecord): number {
  return Math.max(...record.keys.map((k) => k.version)) + 1;
}

/**
 * Drops a version's key for good. Refused while it is current or while anything still refers to it:
 * `referenced` is the set of versions in use, which the caller gathers from its item store.
 */
export function retireKeyVersion(record: VaultKeyringRecord, version: number, referenced: ReadonlySet<number>): VaultKeyringRecord {
  if (version === record.current) throw new VaultError('key-version-in-use', `key version ${version} is the current one`);
  if (referenced.has(version)) {
    throw new VaultError('key-version-in-use', `key version ${version} still protects at least one item; finish the rotation first`);
  }
  return { ...record, keys: record.keys.filter((k) => k.version !== version) };
}

export async function unwrapVaultKey(
  entry: VaultKeyEntry,
  accountKey: AccountKey,
  vaultId: string,
  extractable = false,
): Promise<VaultKey> {
  return (await unwrapAesKey(
    fromBase64url(entry.wrappedKey),
    accountKey,
    aad.vaultKey(vaultId, entry.version),
    [...VAULT_KEY_USAGES],
    extractable,
  )) as VaultKey;
}

export async function openVaultKeyring(input: unknown, accountKey: AccountKey): Promise<VaultKeyring> {
  const record = parseOrThrow(vaultKeyringRecordSchema, input, 'vault keyring');
  const keys = new Map<number, VaultKey>();
  for (const entry of record.keys) keys.set(entry.version, await unwrapVaultKey(entry, accountKey, record.vaultId));
  return new VaultKeyring(record.vaultId, record.current, keys);
}
