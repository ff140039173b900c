/**
 * Follow-ups to the account-key rotation attack review (docs/crypto.md §23/§24, decisions #84-#89), with
 * the same harness: a real server on its database, and a fetch wrapper in front of the client that
 * rewrites what the server answers. Each test asserts what the user would notice:
 *
 * 1. two devices that each moved a copy of the same vault key under the current account key are not
 *    told, forever, that their vault keys were swapped; a copy of another key still is;
 * 2. a team memory an account-key rotation has not moved yet keeps the other devices' verified people
 *    and roster pins (it is not taken for junk and overwritten); junk stays junk;
 * 3. signing in checks the served record before anything is uploaded: no device certificate, signing key
 *    or keyring goes to a server answering for another account, with an older record, or with an
 *    identity key that does not open.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ApiClient,
  createAccount,
  CryptoError,
  decodeAccountKeyring,
  emptyTeamMemory,
  encodeAccountKeyring,
  encodeVaultKeyEntry,
  mergeServerVaults,
  newVaultKeyEntry,
  openTeamMemory,
  openVaultKeyring,
  pullTeamMemory,
  pushTeamMemory,
  rewrapVaultKeyring,
  rotateAccountKey,
  sameServerCopies,
  sealTeamMemory,
  serverVaults,
  signIn,
  signInAgain,
  SyncError,
  type AccountKey,
  type AccountRotationHost,
  type AccountRotationState,
  type KnownVault,
  type ServerVault,
  type TeamMemory,
  type VaultKeyringRecord,
} from '../../../shared/index.js';
import { hostileApi, json, type AccountAnswer, type Tamper } from '../../support/hostile-api.js';
import { accountWithPhone, newDevice } from '../../support/rotation-account.js';
import { useCluster } from '../../support/server.js';

const server = useCluster();
const VAULTS = 2;

const hostile = (tamper: Tamper, token?: string) => hostileApi(server.base, tamper, token);

/** The requests that upload something on the account: a keyring, a signing key, a device certificate. */
const uploads = (calls: readonly string[]) => calls.filter((c) => /^PUT \/v1\/(account\/keyring|account\/signing-key|devices\/[^/]+\/certificate)$/.test(c));


/** An account with vaults on the server (the laptop registered it), and a phone signed in to it. */
async function account(password?: string) {
  const a = await accountWithPhone(server.base, { vaults: VAULTS, emailPrefix: 'akr-followup', ...(password ? { password } : {}) });
  return { ...a, before: (await a.api.account()) as AccountAnswer };
}
type Account = Awaited<ReturnType<typeof account>>;

/** The laptop as the rotation's host, in memory (as the existing rotation tests build it). */
function laptopHost(a: Account) {
  const local = { record: a.record, keyrings: a.vaults.map((v) => v.keyring), state: null as AccountRotationState | null, key: a.unlocked.accountKey as AccountKey };
  const host = (): AccountRotationHost => ({
    accountId: a.unlocked.accountId,
    accountKey: local.key,
    account: local.record,
    identity: a.identityRecord,
    signing: a.signing,
    loadState: async () => local.state,
    saveState: async (state) => void (local.state = state),
    commit: async ({ record, from, to, served }) => {
      local.keyrings = await Promise.all(local.keyrings.map((k) => rewrapVaultKeyring(k, from, to, served.get(k.vaultId))));
      local.record = record;
      local.key = to;
      local.state = null;
    },
    audit: async () => undefined,
  });
  return { local, host };
}

/** A rotation on the laptop killed after its publish, before it moved any server copy (or the team memory). */
async function rotationCutAfterPublish(a: Account) {
  const laptop = laptopHost(a);
  const cut = new ApiClient({ baseUrl: server.base, token: a.api.token, fetch: async (input, init) => {
    if (init?.method === 'PUT' && /\/keys\//.test(String(input))) throw new TypeError('killed before the first move');
    return fetch(input, init);
  } });
  await expect(rotateAccountKey(cut, laptop.host(), a.password)).rejects.toMatchObject({ code: 'offline' });
  expect(laptop.local.state?.published).toBe(true);
  return laptop;
}

function phoneAgain(a: Account, api: ApiClient, localKeyrings: readonly VaultKeyringRecord[] = a.phoneKeyrings) {
  return signInAgain(api, { email: a.email, password: a.password, device: a.phoneDevice, accountId: a.unlocked.accountId, localKeyrings, localAccount: a.record });
}

const known = (keyrings: readonly VaultKeyringRecord[]): KnownVault[] => keyrings.map((keyring) => ({ id: keyring.vaultId, name: keyring.vaultId, keyring: structuredClone(keyring) }));

/** What a sync does with the server's vaults: compare the copies that differ (async), then merge. */
async function syncVaults(local: KnownVault[], served: readonly ServerVault[], keys: { accountKey: AccountKey; olderKeys?: ReadonlyMap<number, AccountKey> }) {
  return mergeServerVaults(local, served, await sameServerCopies(local, served, keys));
}

describe('1. two copies of the same vault key under the current account key are not a swapped key', () => {
  it('the rotating device, whose move lost the race to a device that signed in again and moved its own copy, is not warned; it takes the server\'s copy and the two stay byte-equal', async () => {
    const a = await account();
    const laptop = laptopHost(a);
    let phone: Awaited<ReturnType<typeof phoneAgain>> | null = null;
    // The laptop's first move is held back while the phone signs in again and moves every copy itself.
    const tamper: Tamper = { calls: [], beforePutKey: async () => void (phone = await phoneAgain(a, new ApiClient({ baseUrl: server.base }))) };
    expect(await rotateAccountKey(hostile(tamper, a.api.token), laptop.host(), a.password)).toMatchObject({ keyVersion: 2 });
    expect(phone).not.toBeNull();
    const laptopApi = new ApiClient({ baseUrl: server.base, token: a.api.token });
    const laptopKeys = { accountKey: laptop.local.key };
    const served = await serverVaults(laptopApi, { accountId: a.unlocked.accountId, ...laptopKeys });
    for (const v of served) expect(v.refused).toEqual([]);

    // The setting: the laptop holds another copy than the server for at least one vault (a byte-for-byte
    // comparison, as before this fix, warns about it at every sync).
    expect(mergeServerVaults(known(laptop.local.keyrings), served).warnings.length).toBeGreaterThan(0);

    const local = known(laptop.local.keyrings);
    const merge = await syncVaults(local, served, laptopKeys);
    expect(merge.warnings).toEqual([]);
    expect(merge.added).toEqual([]);
    for (const v of local) {
      expect(v.keyring.keys).toEqual(served.find((s) => s.id === v.id)!.entries);
      await openVaultKeyring(v.keyring, laptop.local.key);
    }
    // And the next sync has nothing left to compare, nor to say.
    expect((await syncVaults(local, served, laptopKeys)).warnings).toEqual([]);
    // The phone is quiet too.
    const phoneServed = await serverVaults(new ApiClient({ baseUrl: server.base, token: phone!.token }), phone!.unlocked);
    expect((await syncVaults(known(phone!.keyrings), phoneServed, phone!.unlocked)).warnings).toEqual([]);
  });

  it('a device whose own copy is still under the older account key version takes the server\'s copy under the current one quietly (with the record\'s older versions; without them it cannot tell, and warns)', async () => {
    const a = await account();
    await rotationCutAfterPublish(a);
    const again = await phoneAgain(a, new ApiClient({ baseUrl: server.base }));
    const served = await serverVaults(new ApiClient({ baseUrl: server.base, token: again.token }), again.unlocked);
    // The phone's copies before it re-wrapped them (under version 1); the server's, under version 2.
    const local = known(a.phoneKeyrings);
    expect((await syncVaults(local, served, again.unlocked)).warnings).toEqual([]);
    for (const v of local) await openVaultKeyring(v.keyring, again.unlocked.accountKey);
    const blind = known(a.phoneKeyrings);
    expect((await syncVaults(blind, served, { accountKey: again.unlocked.accountKey })).warnings).toHaveLength(VAULTS);
    expect(blind.map((v) => v.keyring)).toEqual(a.phoneKeyrings);
  });

  it('a copy of another vault key under the current account key, or one that does not open, is still a warning, and this device keeps its own', async () => {
    const a = await account();
    await rotationCutAfterPublish(a);
    const again = await phoneAgain(a, new ApiClient({ baseUrl: server.base }));
    const [swapped, junk] = a.vaults.map((v) => v.id);
    // Another key under the current account key can only come from someone who holds that key: the test plays that part.
    const otherKey = await newVaultKeyEntry(again.unlocked.accountKey, swapped!, 1, new Date());
    const junkEntry = { version: 1, wrappedKey: 'AQ' + 'A'.repeat(60), createdAt: new Date().toISOString() };
    const tamper: Tamper = {
      calls: [],
      keys: (vaultId, real) => ({ keys: real.keys.map((k) => ({ ...k, blob: vaultId === swapped ? encodeVaultKeyEntry(otherKey) : encodeVaultKeyEntry(junkEntry) })) }),
    };
    const served = await serverVaults(hostile(tamper, again.token), again.unlocked);
    const local = known(again.keyrings);
    const merge = await syncVaults(local, served, again.unlocked);
    expect(merge.warnings.map((w) => w.vaultId).sort()).toEqual([swapped, junk].sort());
    expect(merge.warnings.find((w) => w.vaultId === swapped)!.message).toMatch(/another key version 1/);
    expect(local.map((v) => v.keyring)).toEqual(again.keyrings);
  });
});

describe('2. a team memory an account-key rotation has not moved yet', () => {
  /** The laptop's team memory: a pinned roster position and a person the user compared. */
  async function publishLaptopMemory(a: Account) {
    const memory: TeamMemory = emptyTeamMemory();
    const bob = { accountId: randomUUID(), email: 'bob@example.com', fingerprint: '12345 67890 12345 67890', verified: true };
    memory.people[bob.accountId] = bob;
    memory.pins = { [a.vaults[0]!.id]: { revision: 7, hash: 'h'.repeat(43) } };
    await pushTeamMemory(a.api, a.unlocked, memory, await pullTeamMemory(a.api, a.unlocked, memory));
    return { bob, pins: memory.pins };
  }

  for (const [as, keys] of [
    ['the CLI (its unlocked account, with the older versions)', (u: { accountId: string; accountKey: AccountKey; olderKeys: ReadonlyMap<number, AccountKey> }) => u],
    ['a browser resumed from its session key (no older versions in hand)', (u: { accountId: string; accountKey: AccountKey }) => ({ accountId: u.accountId, accountKey: u.accountKey })],
  ] as const) {
    it(`a device that signed in again before the move keeps the other devices' verified people and pins, and writes them back under the current key: ${as}`, async () => {
      const a = await account();
      const { bob, pins } = await publishLaptopMemory(a);
      const laptop = await rotationCutAfterPublish(a);
      const again = await phoneAgain(a, new ApiClient({ baseUrl: server.base }));
      const phoneApi = new ApiClient({ baseUrl: server.base, token: again.token });
      const mine = emptyTeamMemory();
      const pulled = await pullTeamMemory(phoneApi, keys(again.unlocked), mine);
      expect(mine.people[bob.accountId]).toEqual(bob);
      expect(mine.pins).toEqual(pins);
      await pushTeamMemory(phoneApi, keys(again.unlocked), mine, pulled);
      // On the server: under the current key, with what the laptop had verified.
      const stored = await phoneApi.teamMemory();
      const body = await openTeamMemory(again.unlocked, stored.blob!);
      expect(body.people[bob.accountId]).toEqual(bob);
      expect(body.pins).toEqual(pins);
      // A device signed in afterwards starts from it: Bob is someone the user compared.
      const fresh = await signIn(new ApiClient({ baseUrl: server.base }), { email: a.email, password: a.password, device: await newDevice('new') });
      const freshMemory = emptyTeamMemory();
      await pullTeamMemory(new ApiClient({ baseUrl: server.base, token: fresh.token }), fresh.unlocked, freshMemory);
      expect(freshMemory.people[bob.accountId]?.verified).toBe(true);
      expect(freshMemory.pins).toEqual(pins);
      // The laptop resumes and finishes; the memory still opens and holds it all.
      expect(await rotateAccountKey(a.api, laptop.host(), null, { resumeOnly: true })).toMatchObject({ keyVersion: 2 });
      expect((await openTeamMemory(again.unlocked, (await phoneApi.teamMemory()).blob!)).people[bob.accountId]).toEqual(bob);
    });
  }

  it('a memory under the current key is not written back when this device adds nothing (the re-seal is only for an older key)', async () => {
    const a = await account();
    await publishLaptopMemory(a);
    const tamper: Tamper = { calls: [] };
    const api = hostile(tamper, a.api.token);
    const mine = emptyTeamMemory();
    const pulled = await pullTeamMemory(api, a.unlocked, mine);
    expect(pulled.underOlderKey).toBeUndefined();
    await pushTeamMemory(api, a.unlocked, mine, pulled);
    expect(tamper.calls.filter((c) => c.startsWith('PUT'))).toEqual([]);
  });

  it('junk, or a memory sealed for another account or under a key this account never had, stays junk: ignored without a crash, and replaced by this device\'s', async () => {
    const a = await account();
    const other = await account(a.password);
    const { bob } = await publishLaptopMemory(other);
    const otherBlob = (await other.api.teamMemory()).blob!;
    const stranger = await createAccount('stranger password', { accountId: a.unlocked.accountId, iterations: 600_000 });
    const underStrangerKey = await sealTeamMemory(stranger.unlocked, { v: 2, pins: {}, people: { [bob.accountId]: bob } });
    for (const blob of ['AQ' + 'A'.repeat(60), 'not base64 at all!', otherBlob, underStrangerKey]) {
      for (const keys of [a.unlocked, { accountId: a.unlocked.accountId, accountKey: a.unlocked.accountKey }]) {
        const tamper: Tamper = { calls: [], teamMemory: (real) => ({ revision: real.revision, blob }) };
        const api = hostile(tamper, a.api.token);
        const mine = emptyTeamMemory();
        const pulled = await pullTeamMemory(api, keys, mine);
        expect(pulled.body).toBeNull();
        expect(mine.people).toEqual({});
        await pushTeamMemory(api, keys, mine, pulled);
        expect(tamper.calls).toContain('PUT /v1/account/team-memory');
      }
    }
    expect(await openTeamMemory(a.unlocked, (await a.api.teamMemory()).blob!)).toMatchObject({ v: 2, people: {} });
  });

  it('a server that will not show the account record, while serving a memory the current key does not open, gets nothing overwritten: a typed error', async () => {
    const a = await account();
    const { bob } = await publishLaptopMemory(a);
    await rotationCutAfterPublish(a);
    const again = await phoneAgain(a, new ApiClient({ baseUrl: server.base }));
    const tamper: Tamper = { calls: [], account: () => json({ error: { code: 'internal', message: 'down' } }, 500) };
    const refusal = await pullTeamMemory(hostile(tamper, again.token), { accountId: again.unlocked.accountId, accountKey: again.unlocked.accountKey }, emptyTeamMemory()).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(SyncError);
    expect(tamper.calls.filter((c) => c.startsWith('PUT'))).toEqual([]);
    // The memory is intact: the next pull, the record readable, takes it.
    const mine = emptyTeamMemory();
    await pullTeamMemory(new ApiClient({ baseUrl: server.base, token: again.token }), again.unlocked, mine);
    expect(mine.people[bob.accountId]).toEqual(bob);
  });
});

describe('3. signing in checks the served record before anything is uploaded', () => {
  /** Account B's answer for the phone's session: the same password, B's keyring and signing key. */
  const asOther = (b: Account) => (real: AccountAnswer): AccountAnswer => ({ ...real, ...b.before, keyringRevision: real.keyringRevision });

  it("signing in again (as the CLI's login and the browser's banner do) while the server serves another account's record (same password, its signing key listed): refused, nothing certified into it", async () => {
    const a = await account();
    const b = await account(a.password);
    const tamper: Tamper = { calls: [], account: asOther(b) };
    const refusal = await phoneAgain(a, hostile(tamper)).catch((e: unknown) => e);
    expect(refusal).toMatchObject({ name: 'SyncError', code: 'bad-response' });
    expect(uploads(tamper.calls)).toEqual([]);
    expect(tamper.calls).toContain('POST /v1/logout');
    // The phone's own certificate, in its own account, is as it was: it still signs in honestly.
    const honest = await phoneAgain(a, new ApiClient({ baseUrl: server.base }));
    expect(honest.unlocked.accountId).toBe(a.unlocked.accountId);
  });

  it('a server answering as another account from the login on: with the account it expects, the device refuses before it uploads anything', async () => {
    const a = await account();
    const b = await account(a.password);
    const tamper: Tamper = { calls: [], login: (real) => ({ ...real, accountId: b.unlocked.accountId }), account: asOther(b) };
    const refusal = await signIn(hostile(tamper), { email: a.email, password: a.password, device: a.phoneDevice, expect: { accountId: a.unlocked.accountId } }).catch((e: unknown) => e);
    expect(refusal).toMatchObject({ name: 'SyncError', code: 'bad-response' });
    expect(uploads(tamper.calls)).toEqual([]);
    expect(tamper.calls).toContain('POST /v1/logout');
  });

  it('the record from before a rotation, served again as if the account had no signing key: with the record it holds, the device says rollback and registers nothing', async () => {
    const a = await account();
    const laptop = laptopHost(a);
    await rotateAccountKey(a.api, laptop.host(), a.password);
    const tamper: Tamper = { calls: [], account: () => ({ ...a.before, signingPublicKey: null }) };
    const refusal = await signIn(hostile(tamper), { email: a.email, password: a.password, device: a.device, expect: { accountId: a.unlocked.accountId, localAccount: laptop.local.record } }).catch((e: unknown) => e);
    expect(refusal).toMatchObject({ name: 'SyncError', code: 'rollback' });
    expect(uploads(tamper.calls)).toEqual([]);
  });

  it('an identity key that opens with no version of the account key: a new device is refused before it is certified', async () => {
    const a = await account();
    const broken = (real: AccountAnswer): AccountAnswer => {
      const blob = decodeAccountKeyring(real.keyring);
      const identity = { ...blob.identity, wrappedPrivateKey: 'AQ' + 'A'.repeat(200) };
      return { ...real, keyring: encodeAccountKeyring(blob.account, identity, blob.v === 2 ? blob.signing : undefined) };
    };
    const tamper: Tamper = { calls: [], account: broken };
    const refusal = await signIn(hostile(tamper), { email: a.email, password: a.password, device: await newDevice('new') }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(CryptoError);
    expect(uploads(tamper.calls)).toEqual([]);
    expect(tamper.calls).toContain('POST /v1/logout');
  });

  it('an honest server: a new device and a device signing in again both sign in and are certified as before', async () => {
    const a = await account();
    const tamper: Tamper = { calls: [] };
    const fresh = await signIn(hostile(tamper), { email: a.email, password: a.password, device: await newDevice('new') });
    expect(fresh.unlocked.accountId).toBe(a.unlocked.accountId);
    expect(uploads(tamper.calls)).toHaveLength(1); // its certificate
    expect(tamper.calls).not.toContain('POST /v1/logout');
    const again = await phoneAgain(a, new ApiClient({ baseUrl: server.base }));
    expect(again.keyrings).toHaveLength(VAULTS);
  });
});
