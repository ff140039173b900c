/**
 * What a client learns of its vaults from the server (shared by the CLI and the extension): vaults it
 * did not have yet (an invitation accepted on another device, a vault created there), key versions
 * another device or an admin added, and names an admin changed. Only what `serverVaults` opened is
 * taken; a version that differs from one this device already holds is kept aside with a warning.
 */
import type { VaultKeyringRecord } from '../vault/keyring.js';
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

/** Merges `remote` into `local` in place (keyrings and names) and returns what is new. */
export function mergeServerVaults(local: KnownVault[], remote: readonly ServerVault[]): VaultMerge {
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
      if (known.keyring.keys.some((k) => k.version === entry.version && k.wrappedKey === entry.wrappedKey)) continue;
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
