/**
 * What a client learns of its vaults from the server (shared by the CLI and the extension): vaults it
 * did not have yet (an invitation accepted on another device, a vault created there), key versions
 * another device or an admin added, and names an admin changed. Only what `serverVaults` opened is
 * taken; a version that differs from one this device already holds is kept aside with a warning,
 * unless `sameServerCopies` found it to be another copy of the very key this device holds.
 */
import type { AccountKey } from '../crypto/keys.js';
import { servedCopyMatches } from '../vault/account-rotation.js';
import type { VaultKeyEntry, VaultKeyringRecord } from '../vault/keyring.js';
import { withKeyVersion } from '../vault/keyring.js';
import type { ServerVault } from './account-flows.js';

export interface KnownVault {
  id: string;
  name: string;
  keyring: VaultKeyringRecord;
  /** From the vault's sealed meta (key-schedule.ts); undefined: the default. */
  keyRotationDays?: number | null;
}

export interface VaultMerge {
  /** Vaults that gained a key version, or are new here. */
  changed: Set<string>;
  /** Vaults this device did not have: the caller adds them, with whatever else it keeps per vault. */
  added: KnownVault[];
  warnings: { vaultId: string; message: string }[];
}

/**
 * Server copies that differ byte for byte from this device's copy of the same key version but wrap the
 * very same vault key (from `sameServerCopies`): each as the pair of wrapped keys, so a local copy that
 * changed in between is not matched.
 */
export interface SameCopies {
  has(vaultId: string, mine: VaultKeyEntry, theirs: VaultKeyEntry): boolean;
}

const NO_SAME_COPIES: SameCopies = { has: () => false };

/** This device's account key, and the older versions its record keeps (none for a browser resumed from its session). */
export interface CopyKeys {
  accountKey: AccountKey;
  olderKeys?: ReadonlyMap<number, AccountKey>;
}

/**
 * Which of the server's copies of key versions this device holds are another wrapping of the same vault
 * key, for `mergeServerVaults` to take quietly. Two devices of the account each re-wrapping a version
 * under the current account key (one signed in again and moved a copy itself while the rotating device
 * moved another; docs/crypto.md §24) leave two copies that differ only in their nonce: not a swap. The
 * decision is the rotation's own (`servedCopyMatches`): the server's copy must open under the current
 * account key (it becomes this device's copy), this device's under it or an older version the record
 * keeps, and both give the same key bytes at the same version. A copy that opens to another key, or
 * does not open, is not matched: the merge keeps warning about it. Async (it unwraps), so it runs before
 * the merge, which a host may have to run inside a storage transaction.
 */
export async function sameServerCopies(local: readonly KnownVault[], remote: readonly ServerVault[], account: CopyKeys): Promise<SameCopies> {
  const older = [...(account.olderKeys?.values() ?? [])];
  const same = new Set<string>();
  for (const server of remote) {
    const known = local.find((v) => v.id === server.id);
    if (!known) continue;
    for (const theirs of server.entries) {
      const mine = known.keyring.keys.find((k) => k.version === theirs.version);
      if (!mine || mine.wrappedKey === theirs.wrappedKey) continue;
      // A local copy that opens under none of the keys is not this function's to judge: no match, the merge warns.
      const matches = await servedCopyMatches(mine, theirs, server.id, older, account.accountKey).catch(() => false);
      if (matches) same.add(copyPair(server.id, mine, theirs));
    }
  }
  return { has: (vaultId, mine, theirs) => same.has(copyPair(vaultId, mine, theirs)) };
}

const copyPair = (vaultId: string, mine: VaultKeyEntry, theirs: VaultKeyEntry) => JSON.stringify([vaultId, mine.version, theirs.version, mine.wrappedKey, theirs.wrappedKey]);

/**
 * Merges `remote` into `local` in place (keyrings and names) and returns what is new. A server copy
 * that differs from this device's copy of the same version is a warning (a swapped key), except where
 * `same` (from `sameServerCopies`) says it wraps the same key: then the server's copy replaces this
 * device's without a word, so the two are byte-equal again.
 */
export function mergeServerVaults(local: KnownVault[], remote: readonly ServerVault[], same: SameCopies = NO_SAME_COPIES): VaultMerge {
  const merge: VaultMerge = { changed: new Set(), added: [], warnings: [] };
  for (const server of remote) {
    for (const r of server.refused) merge.warnings.push({ vaultId: server.id, message: r.keyVersion === 0 ? `the vault's keys ${r.reason}` : `key version ${r.keyVersion} of the vault ${r.reason}: not used` });
    const known = local.find((v) => v.id === server.id);
    if (!known) {
      if (server.entries.length === 0) continue; // nothing that opens: only its warnings
      const keyring: VaultKeyringRecord = { v: 1, vaultId: server.id, current: Math.max(...server.entries.map((e) => e.version)), keys: server.entries };
      merge.added.push({ id: server.id, name: freeName(server.name ?? 'Shared vault', [...local, ...merge.added]), keyring, ...schedule(server) });
      merge.changed.add(server.id);
      continue;
    }
    for (const entry of server.entries) {
      const mine = known.keyring.keys.find((k) => k.version === entry.version);
      if (mine?.wrappedKey === entry.wrappedKey) continue;
      if (mine && same.has(server.id, mine, entry)) {
        // The same key, wrapped again by another device: no new version, nothing to re-open, only the bytes stored.
        known.keyring = { ...known.keyring, keys: known.keyring.keys.map((k) => (k === mine ? entry : k)) };
        continue;
      }
      try {
        known.keyring = withKeyVersion(known.keyring, entry);
        merge.changed.add(server.id);
      } catch {
        merge.warnings.push({ vaultId: server.id, message: `the server holds another key version ${entry.version} than this device: kept this device's` });
      }
    }
    // A name an admin changed (sealed under the vault key), unless it would clash with another vault here.
    if (server.name && server.name !== known.name && !local.some((o) => o !== known && o.name.toLowerCase() === server.name!.toLowerCase())) known.name = server.name;
    // The schedule comes with the name: only from a meta that opened.
    if (server.name) {
      if (server.keyRotationDays === undefined) delete known.keyRotationDays;
      else known.keyRotationDays = server.keyRotationDays;
    }
  }
  return merge;
}

const schedule = (server: ServerVault) => (server.keyRotationDays === undefined ? {} : { keyRotationDays: server.keyRotationDays });

/** `name`, or `name (2)`, `name (3)`… so two vaults never share a name on one device. */
export function freeName(name: string, others: readonly { name: string }[]): string {
  const taken = new Set(others.map((v) => v.name.toLowerCase()));
  if (!taken.has(name.toLowerCase())) return name;
  for (let n = 2; ; n++) if (!taken.has(`${name} (${n})`.toLowerCase())) return `${name} (${n})`;
}
