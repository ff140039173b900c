/**
 * Account-key rotation as both clients run it: resumable, audited, and safe for the account's other
 * devices (DESIGN §5, docs/crypto.md §5 and §24, docs/decisions.md #87).
 *
 *   1. Prepare: version n+1 under the same password (fresh salt), versions 1..n wrapped under it, and
 *      the new key kept in the pending state wrapped under the current one. Nothing has left the device.
 *   2. Publish: the server's verifier and keyring blob (the new record, the identity keys re-wrapped)
 *      are replaced in one request that also ends the other devices' sessions; each signs in again with
 *      the password and gets the new key and, through the record, the older ones. Only this step needs
 *      the password; it is read back first on resume, so a lost answer is never sent twice.
 *   3. Move the server's copies: this member's vault key entries and the team memory, each re-wrapped
 *      under the new key with a compare-and-set; one under an older version is still readable meanwhile.
 *   4. Commit locally, in one write: the new record, the re-wrapped keyrings and identity keys (and a
 *      CLI's device key), and the state cleared.
 * A crash anywhere resumes from the saved state; before step 2 it can also simply be dropped.
 */
import { z } from 'zod';
import type { AccountKey } from '../crypto/keys.js';
import type { SigningIdentityRecord } from '../crypto/signing-identity.js';
import { derivePasswordKeys } from '../crypto/kdf.js';
import { CryptoError, failureCode, SyncError } from '../errors.js';
import { parseOrThrow } from '../util/parse.js';
import { accountKeyRecordSchema, openOlderKeys, passwordKeysFor, type AccountKeyRecord } from '../vault/account.js';
import { nextAccountKey, rewrapIdentity, rewrapSigningIdentity, rewrapVaultKeyEntry, unwrapNextAccountKey, wrapNextAccountKey } from '../vault/account-rotation.js';
import { vaultKeyEntrySchema, type VaultKeyEntry } from '../vault/keyring.js';
import { isShareBlob } from '../team/share-blob.js';
import { openTeamMemory, sealTeamMemory } from '../team/team-memory.js';
import type { ApiClient } from './api-client.js';
import { replaceAccountRecord, sameAccountRecord, servedAccountRecord, serverHolds } from './password-change.js';
import { encodeAccountKeyring, encodeVaultKeyEntry, type AccountKeyringBlob } from './profile.js';

export const accountRotationStateSchema = z.strictObject({
  v: z.literal(1),
  record: accountKeyRecordSchema,
  /** The new key wrapped under the current one (`aad.nextAccountKey`): resuming needs no password after step 2. */
  nextKey: z.string().min(1).max(200),
  published: z.boolean(),
});
export type AccountRotationState = z.infer<typeof accountRotationStateSchema>;

export interface AccountRotationHost {
  accountId: string;
  /** This device's current account key and record, and the identity keys it holds under it. */
  accountKey: AccountKey;
  account: AccountKeyRecord;
  identity: AccountKeyringBlob['identity'];
  signing?: SigningIdentityRecord;
  loadState(): Promise<unknown>;
  saveState(state: AccountRotationState | null): Promise<void>;
  /**
   * Stores the new record with everything local re-wrapped from `from` to `to`, and clears the state, in
   * one write. `served` is this member's entries the server now holds under `to`, by vault: a keyring
   * takes those copies (`rewrapVaultKeyring`), so it stays byte-equal to the server's.
   */
  commit(next: { record: AccountKeyRecord; from: AccountKey[]; to: AccountKey; served: ReadonlyMap<string, VaultKeyEntry[]> }): Promise<void>;
  /** Records a step in the chain of each vault this account holds (a code on failure, never a server's words). */
  audit(detail: Record<string, unknown>): Promise<void>;
  onProgress?(progress: { done: number; total: number }): void;
}

export interface AccountRotationResult {
  keyVersion: number;
  /** Server copies re-wrapped by this run (vault key entries, team memory). */
  moved: number;
}

/** Rotates the account key, or finishes a rotation an earlier run left; the password is needed until step 2 is done. */
export async function rotateAccountKey(api: ApiClient | null, host: AccountRotationHost, password: string | null, options: { resumeOnly?: boolean } = {}): Promise<AccountRotationResult | null> {
  const saved = await host.loadState();
  let state = saved ? parseOrThrow(accountRotationStateSchema, saved, 'account key rotation state') : null;
  if (state && state.record.keyVersion <= host.account.keyVersion) {
    // This device already holds that version or a newer one (it signed in again after the publish, or
    // another rotation came first): the pending state is under a key it no longer works with. Nothing
    // is lost by dropping it — the record the device holds reaches the prepared version or supersedes it.
    await host.saveState(null);
    state = null;
    if (options.resumeOnly) return null;
  }
  if (!state && options.resumeOnly) return null;
  // A refusal before anything started (a wrong password) is the caller's error, not a rotation's failure.
  if (!state && password === null) throw new CryptoError('invalid-argument', 'rotating the account key needs the password');
  const next = state ? null : await nextAccountKey(host.account, password!);
  try {
    if (next) {
      state = { v: 1, record: next.record, nextKey: await wrapNextAccountKey(next.key, host.accountKey, host.accountId, next.record.keyVersion), published: api === null };
      await host.saveState(state);
      await host.audit({ phase: 'start', scope: 'account-key', toVersion: next.record.keyVersion });
    }
    if (!state) throw new CryptoError('invalid-argument', 'no account key rotation to run');
    const to = await unwrapNextAccountKey(state.nextKey, host.accountKey, host.accountId, state.record.keyVersion);
    const from = [host.accountKey, ...(await openOlderKeys(state.record, to)).values()];
    if (!state.published && api) {
      const known = next ? { currentAuthKey: next.currentAuthKey, authKey: next.authKey } : null;
      if (!(await publish(api, host, state, password, from, to, known))) return null; // no password to publish with yet: next unlock
      // Read back: an answer of "done" proves nothing. Until the server shows the new record, nothing is
      // moved under the new key (a device signing in would get a record that does not open those copies).
      await expectServerHolds(api, host, state.record, false);
      state = { ...state, published: true };
      await host.saveState(state);
      await host.audit({ phase: 'published', scope: 'account-key', toVersion: state.record.keyVersion });
    } else if (api) {
      await expectServerHolds(api, host, state.record, true);
    }
    const { moved, served } = api ? await moveServerCopies(api, host, from, to) : { moved: 0, served: new Map<string, VaultKeyEntry[]>() };
    await host.commit({ record: state.record, from, to, served });
    await host.audit({ phase: 'done', scope: 'account-key', toVersion: state.record.keyVersion, moved });
    return { keyVersion: state.record.keyVersion, moved };
  } catch (error) {
    if (!options.resumeOnly) await host.audit({ phase: 'failed', scope: 'account-key', reason: failureCode(error) }).catch(() => undefined);
    throw error;
  }
}

async function publish(
  api: ApiClient,
  host: AccountRotationHost,
  state: AccountRotationState,
  password: string | null,
  from: AccountKey[],
  to: AccountKey,
  /** The login keys a fresh run already derived (no second PBKDF2); a resume derives them again. */
  known: { currentAuthKey: Uint8Array; authKey: Uint8Array } | null,
): Promise<boolean> {
  if ((await serverHolds(api, state.record)) !== null) return true; // an earlier run's answer was lost
  if (password === null) return false;
  let keys = known;
  if (!keys) {
    // The prepared record must still open with the account's password: after a password change elsewhere
    // (adopted here since), publishing it would leave a record sealed under the old password beside a
    // login for the new one. Such a rotation is dropped instead.
    const opened = await passwordKeysFor(password, state.record).catch(() => null);
    if (!opened) {
      await host.saveState(null);
      throw new CryptoError('wrong-password', 'the password changed since this account-key rotation was prepared; it was dropped: start it again');
    }
    keys = { currentAuthKey: (await derivePasswordKeys(password, host.account.kdf)).authKey, authKey: opened.authKey };
  }
  const { currentAuthKey, authKey } = keys;
  const identity = await rewrapIdentity(host.identity, host.accountId, from, to);
  const signing = host.signing && (await rewrapSigningIdentity(host.signing, host.accountId, from, to));
  try {
    await replaceAccountRecord(api, { currentAuthKey, authKey, record: state.record, keyring: encodeAccountKeyring(state.record, identity, signing) });
  } catch (error) {
    // Refused (another device changed the password or the keyring first): nothing was published, so
    // the prepared version is dropped and a new run starts from what the server holds now — unless the
    // server holds it after all (it stored the record and answered with an error): read back first.
    if (error instanceof SyncError && (error.code === 'conflict' || error.code === 'unauthorized')) {
      if ((await serverHolds(api, state.record)) !== null) return true;
      await host.saveState(null);
    }
    throw error;
  }
  return true;
}

/**
 * The server must serve exactly the prepared record before anything is moved under its key or
 * committed here. Otherwise a typed refusal, the pending state kept (nothing is lost: this device works
 * on with its current key, and a later run finishes once the server serves the record).
 */
async function expectServerHolds(api: ApiClient, host: AccountRotationHost, record: AccountKeyRecord, published: boolean): Promise<void> {
  const served = await servedAccountRecord(api);
  if (served.record && sameAccountRecord(served.record, record)) return;
  if (!served.record || served.record.accountId !== host.accountId) {
    throw new SyncError('bad-response', "the server's account record is junk or another account's; the account-key rotation waits, nothing was moved");
  }
  if (served.record.keyVersion < record.keyVersion) {
    throw published
      ? new SyncError('rollback', `the server serves account key version ${served.record.keyVersion} again after version ${record.keyVersion} was published; nothing was moved, the rotation waits`)
      : new SyncError('bad-response', 'the server answered the publish but does not hold the new account record; nothing was moved, the next run publishes again');
  }
  throw new SyncError('conflict', "the account's record changed on another device after this rotation was prepared; sign in again with the current password");
}

/** This member's vault key entries and the team memory, re-wrapped under the new key where they are not yet. */
async function moveServerCopies(api: ApiClient, host: AccountRotationHost, from: AccountKey[], to: AccountKey): Promise<{ moved: number; served: Map<string, VaultKeyEntry[]> }> {
  const vaults = (await api.vaults()).vaults;
  const served = new Map<string, VaultKeyEntry[]>();
  let moved = 0;
  for (const [index, vault] of vaults.entries()) {
    const underNew: VaultKeyEntry[] = [];
    served.set(vault.id, underNew);
    for (const k of (await api.vaultKeys(vault.id)).keys) {
      if (isShareBlob(k.blob)) continue; // wrapped to the identity key, which did not change
      const parsed = vaultKeyEntrySchema.safeParse(safeJson(k.blob));
      if (!parsed.success || parsed.data.version !== k.keyVersion) continue; // junk stays the sync's warning
      const entry = await rewrapVaultKeyEntry(parsed.data, vault.id, from, to).catch(() => null);
      if (!entry) continue;
      if (entry === parsed.data) {
        underNew.push(entry);
        continue;
      }
      try {
        await api.putVaultKey(vault.id, host.accountId, k.keyVersion, k.revision, encodeVaultKeyEntry(entry));
        underNew.push(entry);
        moved++;
      } catch (error) {
        // Another device of this account re-wrapped it first (it holds the new key too): theirs stands.
        if (!(error instanceof SyncError && error.code === 'conflict')) throw error;
      }
    }
    host.onProgress?.({ done: index + 1, total: vaults.length });
  }
  const memory = await api.teamMemory();
  if (memory.blob !== null) {
    const body = await openTeamMemory({ accountId: host.accountId, accountKey: to }, memory.blob).catch(async () => {
      for (const key of from) {
        const opened = await openTeamMemory({ accountId: host.accountId, accountKey: key }, memory.blob!).catch(() => null);
        if (opened) return opened;
      }
      return null;
    });
    if (body) {
      await api.putTeamMemory(memory.revision, await sealTeamMemory({ accountId: host.accountId, accountKey: to }, body)).then(
        () => moved++,
        (error: unknown) => {
          if (!(error instanceof SyncError && error.code === 'conflict')) throw error;
        },
      );
    }
  }
  return { moved, served };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
