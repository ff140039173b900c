/**
 * An account's team memory on the server (docs/crypto.md §23): the roster position each team vault has
 * reached on this account's devices, and the people they have seen (with the fingerprint and whether the
 * user compared it), sealed under the account key. A newly signed-in device starts from it, so it does
 * not take a vault's history from revision 1 on trust, and it knows whom the user already verified.
 *
 *   body   = { "v": 2, "pins": { vaultId: { "revision", "hash" } }, "people": { accountId: { "accountId", "email", "fingerprint", "verified" } },
 *              "invites"?: [{ "vaultId", "email", "role", "at" }] }
 *   stored = b64url(AEAD(accountKey, JSON(body), "keyhaven:v2:team-memory:{accountId}"))
 *
 * The AAD names no account key version: a memory an account-key rotation has not moved yet opens under
 * an older version the account record keeps (§24), and is written back under the current one.
 */
import { z } from 'zod';
import { aad } from '../crypto/aad.js';
import { open, seal } from '../crypto/aead.js';
import type { AccountKey } from '../crypto/keys.js';
import { fromBase64url, fromUtf8, toBase64url, utf8 } from '../encoding.js';
import { SyncError } from '../errors.js';
import type { ApiClient } from '../sync/api-client.js';
import { decodeAccountKeyring } from '../sync/profile.js';
import { openOlderKeys } from '../vault/account.js';
import { parseOrThrow } from '../util/parse.js';
import { rosterHash } from './roster.js';
import { knownPersonSchema, MAX_WAITING_INVITES, rosterPinSchema, waitingInviteSchema, type TeamMemory } from './team-store.js';

// `invites` came later and is written only when there are some, so bodies from before still open and compare equal.
const bodySchema = z.strictObject({
  v: z.literal(2),
  pins: z.record(z.string(), rosterPinSchema),
  people: z.record(z.string(), knownPersonSchema),
  invites: z.array(waitingInviteSchema).max(MAX_WAITING_INVITES).optional(),
});
export type TeamMemoryBody = z.infer<typeof bodySchema>;

type Account = { accountId: string; accountKey: AccountKey };

/**
 * The account as a sync sees it. `olderKeys`: the older account key versions its record keeps (an
 * `UnlockedAccount` has them). Without them (a browser resumed from its session key), a memory that does
 * not open under the current key is tried with the older versions of the server's record, opened with
 * the current key (so only versions this account really had).
 */
export type TeamMemoryAccount = Account & { olderKeys?: ReadonlyMap<number, AccountKey> };

export async function sealTeamMemory(account: Account, body: TeamMemoryBody): Promise<string> {
  return toBase64url(await seal(account.accountKey, utf8(JSON.stringify(body)), aad.teamMemory(account.accountId)));
}

export async function openTeamMemory(account: Account, blob: string): Promise<TeamMemoryBody> {
  const plaintext = await open(account.accountKey, fromBase64url(blob), aad.teamMemory(account.accountId));
  let parsed: unknown;
  try {
    parsed = JSON.parse(fromUtf8(plaintext));
  } catch {
    parsed = undefined;
  }
  return parseOrThrow(bodySchema, parsed, 'team memory');
}

/** What this device would publish: its verified rosters' positions (and pins it has not passed yet), and the people it knows. */
export async function teamMemoryBody(memory: TeamMemory): Promise<TeamMemoryBody> {
  const pins: TeamMemoryBody['pins'] = { ...(memory.pins ?? {}) };
  for (const [vaultId, roster] of Object.entries(memory.rosters)) pins[vaultId] = { revision: roster.revision, hash: await rosterHash(roster) };
  const invites = memory.invites ?? [];
  return { v: 2, pins, people: { ...memory.people }, ...(invites.length > 0 ? { invites: [...invites] } : {}) };
}

/**
 * Takes in what the account's other devices know: a pin for each vault this device has no roster of (or
 * an older pin of), people it does not know, and "verified" for a fingerprint it saw the same. A person
 * known here with another fingerprint keeps this device's, so the key-changed warning still shows.
 */
export function mergeTeamMemory(local: TeamMemory, remote: TeamMemoryBody): void {
  local.pins ??= {};
  for (const [vaultId, pin] of Object.entries(remote.pins)) {
    if (local.rosters[vaultId]) continue;
    const mine = local.pins[vaultId];
    if (!mine || pin.revision > mine.revision) local.pins[vaultId] = pin;
  }
  for (const [accountId, person] of Object.entries(remote.people)) {
    const mine = local.people[accountId];
    if (!mine) local.people[accountId] = person;
    else if (mine.fingerprint === person.fingerprint && person.verified) mine.verified = true;
  }
  // Waiting invitations: the union (the first one of each vault and email), so none made on another device is lost.
  const invites = [...(local.invites ?? [])];
  for (const r of remote.invites ?? []) if (!invites.some((i) => i.vaultId === r.vaultId && i.email.toLowerCase() === r.email.toLowerCase())) invites.push(r);
  if (invites.length > 0) local.invites = invites.slice(-MAX_WAITING_INVITES);
}

export interface PulledTeamMemory {
  revision: number;
  body: TeamMemoryBody | null;
  /** Vaults where another device of this account recorded a different roster at the revision this one holds. */
  disagreements: { vaultId: string; message: string }[];
  /**
   * The body opened only under an older account key version (an account-key rotation elsewhere has not
   * moved it yet, docs/crypto.md §24): the push re-seals it under the current key even when this device
   * adds nothing.
   */
  underOlderKey?: boolean;
}

/**
 * The served blob opened under the current account key, else under an older version the account record
 * keeps; null when none opens it (the server's making). An unreachable server, asked for the record,
 * throws: nothing is decided on what could not be read.
 */
async function openServed(api: ApiClient, account: TeamMemoryAccount, blob: string): Promise<{ body: TeamMemoryBody; underOlderKey: boolean } | null> {
  const current = await openTeamMemory(account, blob).catch(() => null);
  if (current) return { body: current, underOlderKey: false };
  const older = account.olderKeys ? [...account.olderKeys.values()] : await olderKeysOfServedRecord(api, account);
  for (const accountKey of older) {
    const body = await openTeamMemory({ accountId: account.accountId, accountKey }, blob).catch(() => null);
    if (body) return { body, underOlderKey: true };
  }
  return null;
}

/** The older versions the server's account record keeps, opened with this device's key; none from a record that is junk, another account's, or not opened by it. */
async function olderKeysOfServedRecord(api: ApiClient, account: Account): Promise<AccountKey[]> {
  const served = await api.account();
  try {
    const record = decodeAccountKeyring(served.keyring).account;
    if (record.accountId !== account.accountId) return [];
    return [...(await openOlderKeys(record, account.accountKey)).values()];
  } catch {
    return [];
  }
}

/** Pulls and merges the account's team memory; returns what the server held, for `pushTeamMemory`. */
export async function pullTeamMemory(api: ApiClient, account: TeamMemoryAccount, local: TeamMemory): Promise<PulledTeamMemory> {
  const served = await api.teamMemory();
  if (served.blob === null) return { revision: served.revision, body: null, disagreements: [] };
  // A blob that opens under no version of the account key is the server's making: ignored, and replaced by
  // this device's. One under an older version is the account's own, not moved yet by a rotation: merged.
  const opened = await openServed(api, account, served.blob);
  const body = opened?.body ?? null;
  const disagreements: PulledTeamMemory['disagreements'] = [];
  if (body) {
    for (const [vaultId, pin] of Object.entries(body.pins)) {
      const mine = local.rosters[vaultId];
      if (mine && mine.revision === pin.revision && (await rosterHash(mine)) !== pin.hash) {
        disagreements.push({ vaultId, message: `another of your devices verified a different roster at revision ${pin.revision} than this one: the two were served different histories` });
      }
    }
    mergeTeamMemory(local, body);
  }
  return { revision: served.revision, body, disagreements, ...(opened?.underOlderKey ? { underOlderKey: true } : {}) };
}

/**
 * Publishes this device's team memory, sealed under the current account key, when it holds something
 * the server's copy lacks, or when the server's copy is still under an older account key version.
 */
export async function pushTeamMemory(api: ApiClient, account: TeamMemoryAccount, local: TeamMemory, pulled: Pick<PulledTeamMemory, 'revision' | 'body' | 'underOlderKey'>): Promise<void> {
  for (let attempt = 0, base: Pick<PulledTeamMemory, 'revision' | 'body' | 'underOlderKey'> = pulled; attempt < 3; attempt++) {
    const body = await teamMemoryBody(local);
    if (base.body && !base.underOlderKey && JSON.stringify(body) === JSON.stringify(base.body)) return;
    try {
      await api.putTeamMemory(base.revision, await sealTeamMemory(account, body));
      return;
    } catch (error) {
      if (!(error instanceof SyncError && error.code === 'conflict')) throw error;
      base = await pullTeamMemory(api, account, local); // another device wrote meanwhile: merge theirs and try again
    }
  }
}
