/**
 * Account-key rotation against a HOSTILE server (DESIGN §3, docs/crypto.md §5/§24, decisions #84-#87):
 * a real server on its database, with a fetch wrapper in front of the client that rewrites what the
 * server answers — the record from before the rotation served again, a `previous` list cut, reordered
 * or spliced, the moved vault key entries withheld, a publish answered "done" and not stored (or stored
 * and answered with an error), another account's record, junk. Each test asserts what the user would
 * notice: the device refuses with a typed error, keeps what it holds, loses nothing.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ApiClient,
  CryptoError,
  decodeAccountKeyring,
  encodeAccountKeyring,
  generateDeviceKey,
  mergeServerVaults,
  openVaultKeyring,
  rewrapIdentity,
  rewrapVaultKeyring,
  rotateAccountKey,
  serverVaults,
  signIn,
  signInAgain,
  SyncError,
  toBase64url,
  unlockAccount,
  type AccountKey,
  type AccountKeyRecord,
  type AccountRotationHost,
  type AccountRotationState,
  type VaultKeyringRecord,
} from '../../../shared/index.js';
import { useBrowsers } from '../../support/extension-browsers.js';
import { hostileApi, json, type AccountAnswer, type KeysAnswer, type Tamper } from '../../support/hostile-api.js';
import { accountWithPhone } from '../../support/rotation-account.js';
import { useCluster } from '../../support/server.js';

const server = useCluster();
const { browser, ask, refused, signedUp, values } = useBrowsers(() => server.base);
afterEach(() => vi.restoreAllMocks());
const VAULTS = 2;

class Crash extends Error {}

const hostile = (tamper: Tamper, token?: string) => hostileApi(server.base, tamper, token);

/** An account with vaults on the server, and a phone signed in to it (its keyrings: the laptop's, under version 1). */
async function account(password?: string) {
  const a = await accountWithPhone(server.base, { vaults: VAULTS, emailPrefix: 'akr-attack', ...(password ? { password } : {}) });
  // What the server answers before any rotation: a hostile server can keep it and serve it later.
  const before = { account: (await a.api.account()) as AccountAnswer, keys: new Map<string, KeysAnswer>() };
  for (const v of a.vaults) before.keys.set(v.id, await a.api.vaultKeys(v.id));
  return { ...a, before };
}
type Account = Awaited<ReturnType<typeof account>>;

/** The laptop as the rotation's host, in memory, as the existing honest-path test builds it. */
function laptopHost(a: Account, crashAt: { commit?: 'before' } = {}) {
  const local = { record: a.record, keyrings: a.vaults.map((v) => v.keyring), state: null as AccountRotationState | null, key: a.unlocked.accountKey as AccountKey };
  const steps: string[] = [];
  const host = (): AccountRotationHost => ({
    accountId: a.unlocked.accountId,
    accountKey: local.key,
    account: local.record,
    identity: a.identityRecord,
    signing: a.signing,
    loadState: async () => local.state,
    saveState: async (state) => void (local.state = state),
    commit: async ({ record, from, to, served }) => {
      const crash = crashAt.commit;
      crashAt.commit = undefined;
      if (crash === 'before') throw new Crash('killed before the local commit');
      local.keyrings = await Promise.all(local.keyrings.map((k) => rewrapVaultKeyring(k, from, to, served.get(k.vaultId))));
      local.record = record;
      local.key = to;
      local.state = null;
    },
    audit: async (detail) => void steps.push(String(detail.phase)),
  });
  return { local, steps, host };
}

async function rotated(a: Account) {
  const laptop = laptopHost(a);
  expect(await rotateAccountKey(a.api, laptop.host(), a.password)).toMatchObject({ keyVersion: 2 });
  return laptop;
}

/** The phone signs in again (as the CLI's `login` and the browser's banner do). */
function phoneAgain(a: Account, api: ApiClient, localKeyrings: readonly VaultKeyringRecord[], localAccount?: AccountKeyRecord) {
  return signInAgain(api, { email: a.email, password: a.password, device: a.phoneDevice, accountId: a.unlocked.accountId, localKeyrings, ...(localAccount ? { localAccount } : {}) });
}

async function opensAll(keyrings: readonly VaultKeyringRecord[], key: AccountKey) {
  for (const k of keyrings) await openVaultKeyring(k, key);
  return true;
}

/** The server's honest view of the account, after the test's hostile part is over. */
async function serverRecord(a: Account) {
  return decodeAccountKeyring((await a.api.account()).keyring).account;
}

const withKeyring = (real: AccountAnswer, record: AccountKeyRecord): AccountAnswer => {
  const blob = decodeAccountKeyring(real.keyring);
  return { ...real, kdf: record.kdf, keyring: encodeAccountKeyring(record, blob.identity, blob.v === 2 ? blob.signing : undefined) };
};

describe('attack 1: the record from before the rotation, served again', () => {
  it('a device that signed in again on version 2 refuses version 1 served again (as callers call it today, and with its record: rollback)', async () => {
    const a = await account();
    await rotated(a);
    const again = await phoneAgain(a, new ApiClient({ baseUrl: server.base }), a.phoneKeyrings);
    expect(again.keyring.account.keyVersion).toBe(2);

    // The server now serves the account answer it kept from before the rotation (with the current vault key entries).
    const tamper: Tamper = { calls: [], account: () => a.before.account };
    const refusal = await phoneAgain(a, hostile(tamper), again.keyrings).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(SyncError);
    expect(tamper.calls).toContain('POST /v1/logout'); // the session it will not use is ended
    const withRecord = await phoneAgain(a, hostile({ calls: [], account: () => a.before.account }), again.keyrings, again.keyring.account).catch((e: unknown) => e);
    expect(withRecord).toMatchObject({ name: 'SyncError', code: 'rollback' });
    // Nothing of the phone's changed: its keyrings open with version 2 as before.
    expect(await opensAll(again.keyrings, again.unlocked.accountKey)).toBe(true);
  });

  it('the rotating device, after its commit, refuses version 1 served again', async () => {
    const a = await account();
    const laptop = await rotated(a);
    const laptopAgain = (localAccount?: AccountKeyRecord) =>
      signInAgain(hostile({ calls: [], account: () => a.before.account }), { email: a.email, password: a.password, device: a.device, accountId: a.unlocked.accountId, localKeyrings: laptop.local.keyrings, ...(localAccount ? { localAccount } : {}) }).catch((e: unknown) => e);
    expect(await laptopAgain()).toBeInstanceOf(SyncError);
    expect(await laptopAgain(laptop.local.record)).toMatchObject({ code: 'rollback' });
    expect(await opensAll(laptop.local.keyrings, laptop.local.key)).toBe(true);
  });

  it('the version-1 record served with the version-1 entries too: a device on version 2 still refuses, it never goes back', async () => {
    const a = await account();
    await rotated(a);
    const again = await phoneAgain(a, new ApiClient({ baseUrl: server.base }), a.phoneKeyrings);
    const tamper: Tamper = { calls: [], account: () => a.before.account, keys: (vaultId) => a.before.keys.get(vaultId)! };
    expect(await phoneAgain(a, hostile(tamper), again.keyrings).catch((e: unknown) => e)).toBeInstanceOf(SyncError);
    expect(await phoneAgain(a, hostile({ ...tamper, calls: [] }), again.keyrings, again.keyring.account).catch((e: unknown) => e)).toMatchObject({ code: 'rollback' });
  });

  it('a device that never saw version 2 cannot tell (fork consistency, crypto.md §24), and loses nothing: served honestly later, it moves on', async () => {
    const a = await account();
    await rotated(a);
    const stale = await phoneAgain(a, hostile({ calls: [], account: () => a.before.account, keys: (vaultId) => a.before.keys.get(vaultId)! }), a.phoneKeyrings, a.record);
    expect(stale.keyring.account.keyVersion).toBe(1);
    expect(await opensAll(stale.keyrings, stale.unlocked.accountKey)).toBe(true);
    const honest = await phoneAgain(a, new ApiClient({ baseUrl: server.base }), stale.keyrings, stale.keyring.account);
    expect(honest.keyring.account.keyVersion).toBe(2);
    expect(await opensAll(honest.keyrings, honest.unlocked.accountKey)).toBe(true);
  });
});

describe('attack 2: the record\'s `previous` list cut, reordered or spliced', () => {
  it('missing: a device holding version-1 keyrings refuses (typed), and the session is ended', async () => {
    const a = await account();
    await rotated(a);
    const tamper: Tamper = { calls: [], account: (real) => withKeyring(real, (({ previous: _, ...r }) => r)(decodeAccountKeyring(real.keyring).account)) };
    const refusal = await phoneAgain(a, hostile(tamper), a.phoneKeyrings, a.record).catch((e: unknown) => e);
    expect(refusal).toMatchObject({ name: 'SyncError', code: 'bad-response' });
    expect(tamper.calls).toContain('POST /v1/logout');
    // Served honestly again, the same device signs in and keeps everything.
    const honest = await phoneAgain(a, new ApiClient({ baseUrl: server.base }), a.phoneKeyrings, a.record);
    expect(await opensAll(honest.keyrings, honest.unlocked.accountKey)).toBe(true);
  });

  it('truncated: a device on version 2 refuses a version-3 record that drops version 1 it holds', async () => {
    const a = await account();
    const laptop = await rotated(a);
    const again = await phoneAgain(a, new ApiClient({ baseUrl: server.base }), a.phoneKeyrings);
    // A second rotation (the laptop again): version 3, previous [2, 1].
    const second = laptopHost(a);
    Object.assign(second.local, { record: laptop.local.record, keyrings: laptop.local.keyrings, key: laptop.local.key });
    expect(await rotateAccountKey(new ApiClient({ baseUrl: server.base, token: a.api.token }), second.host(), a.password)).toMatchObject({ keyVersion: 3 });
    const truncate = (real: AccountAnswer) => {
      const record = decodeAccountKeyring(real.keyring).account;
      return withKeyring(real, { ...record, previous: record.previous!.filter((p) => p.keyVersion !== 1) });
    };
    // The phone's keyrings are all under 2, which the cut record still has: only the record it holds tells.
    const refusal = await phoneAgain(a, hostile({ calls: [], account: truncate }), again.keyrings, again.keyring.account).catch((e: unknown) => e);
    expect(refusal).toMatchObject({ name: 'SyncError', code: 'bad-response' });
    // A phone still on version 1 refuses it through its keyrings alone.
    expect(await phoneAgain(a, hostile({ calls: [], account: truncate }), a.phoneKeyrings).catch((e: unknown) => e)).toBeInstanceOf(SyncError);
  });

  it('reordered: the same versions in another order open as before', async () => {
    const a = await account();
    const laptop = await rotated(a);
    const second = laptopHost(a);
    Object.assign(second.local, { record: laptop.local.record, keyrings: laptop.local.keyrings, key: laptop.local.key });
    await rotateAccountKey(new ApiClient({ baseUrl: server.base, token: a.api.token }), second.host(), a.password);
    const reorder = (real: AccountAnswer) => {
      const record = decodeAccountKeyring(real.keyring).account;
      return withKeyring(real, { ...record, previous: [...record.previous!].reverse() });
    };
    const again = await phoneAgain(a, hostile({ calls: [], account: reorder }), a.phoneKeyrings, a.record);
    expect(again.keyring.account.keyVersion).toBe(3);
    expect([...again.unlocked.olderKeys.keys()].sort()).toEqual([1, 2]);
    expect(await opensAll(again.keyrings, again.unlocked.accountKey)).toBe(true);
  });

  it('an entry swapped in from another account, or a version listed twice: refused with a typed error, never a crash', async () => {
    const a = await account();
    await rotated(a);
    const other = await account(a.password);
    await rotated(other);
    const otherEntry = (await serverRecord(other)).previous![0]!;
    const splice = (real: AccountAnswer) => withKeyring(real, { ...decodeAccountKeyring(real.keyring).account, previous: [otherEntry] });
    const tamper: Tamper = { calls: [], account: splice };
    expect(await phoneAgain(a, hostile(tamper), a.phoneKeyrings, a.record).catch((e: unknown) => e)).toMatchObject({ name: 'CryptoError', code: 'tampered' });
    expect(tamper.calls).toContain('POST /v1/logout');
    const twice = (real: AccountAnswer) => {
      const record = decodeAccountKeyring(real.keyring).account;
      return withKeyring(real, { ...record, previous: [record.previous![0]!, record.previous![0]!] });
    };
    expect(await phoneAgain(a, hostile({ calls: [], account: twice }), a.phoneKeyrings, a.record).catch((e: unknown) => e)).toMatchObject({ name: 'CryptoError', code: 'bad-format' });
  });
});

describe('attack 2b: the keyring blob mixed from two eras', () => {
  it('the version-2 record served beside the identity key from before the rotation: the device adopts an identity that opens under version 2, never one it cannot use', async () => {
    const a = await account();
    await rotated(a);
    const oldIdentity = decodeAccountKeyring(a.before.account.keyring).identity;
    const mixed = (real: AccountAnswer) => {
      const blob = decodeAccountKeyring(real.keyring);
      return { ...real, keyring: encodeAccountKeyring(blob.account, oldIdentity, blob.v === 2 ? blob.signing : undefined) };
    };
    const again = await phoneAgain(a, hostile({ calls: [], account: mixed }), a.phoneKeyrings, a.record);
    expect(again.keyring.identity.publicSpki).toBe(oldIdentity.publicSpki);
    // Already under version 2 (re-wrapped through `previous`): opening it needs no older key.
    expect(await rewrapIdentity(again.keyring.identity, a.unlocked.accountId, [], again.unlocked.accountKey)).toEqual(again.keyring.identity);
  });
});

describe('attack 3: the moved entries withheld, or the version-1 copies served after the move', () => {
  it('a device signing in again is served the version-1 entries: its keyrings still come back under version 2 and open, the stale copies are refused', async () => {
    const a = await account();
    await rotated(a);
    const tamper: Tamper = { calls: [], keys: (vaultId) => a.before.keys.get(vaultId)! };
    const again = await phoneAgain(a, hostile(tamper), a.phoneKeyrings, a.record);
    expect(again.keyring.account.keyVersion).toBe(2);
    expect(await opensAll(again.keyrings, again.unlocked.accountKey)).toBe(true);
    // The stale copies, served again to a sync, are refused there (they do not open under version 2), not adopted.
    const stale = await serverVaults(hostile({ ...tamper, calls: [] }, again.token), again.unlocked);
    expect(stale.flatMap((v) => v.refused).length).toBe(VAULTS);
    expect(stale.flatMap((v) => v.entries)).toEqual([]);
  });

  it('honest server, rotation killed after its publish: a device signing in before it resumes reads everything, and once it resumes no copy disagrees', async () => {
    const a = await account();
    const laptop = laptopHost(a);
    const cut = new ApiClient({ baseUrl: server.base, token: a.api.token, fetch: async (input, init) => {
      if (init?.method === 'PUT' && /\/keys\//.test(String(input))) throw new TypeError('killed before the first move');
      return fetch(input, init);
    } });
    await expect(rotateAccountKey(cut, laptop.host(), a.password)).rejects.toMatchObject({ code: 'offline' });
    expect(laptop.local.state?.published).toBe(true);

    const again = await phoneAgain(a, new ApiClient({ baseUrl: server.base }), a.phoneKeyrings, a.record);
    expect(again.keyring.account.keyVersion).toBe(2);
    expect(await opensAll(again.keyrings, again.unlocked.accountKey)).toBe(true);

    expect(await rotateAccountKey(a.api, laptop.host(), null, { resumeOnly: true })).toMatchObject({ keyVersion: 2 });
    const phoneApi = new ApiClient({ baseUrl: server.base, token: again.token });
    const served = await serverVaults(phoneApi, again.unlocked);
    for (const v of served) expect(v.refused).toEqual([]);
    const asKnown = (keyrings: VaultKeyringRecord[]) => keyrings.map((keyring) => ({ id: keyring.vaultId, name: keyring.vaultId, keyring }));
    expect(mergeServerVaults(asKnown(again.keyrings), served).warnings).toEqual([]);
    expect(mergeServerVaults(asKnown(laptop.local.keyrings), served).warnings).toEqual([]);
  });

  it('the rotating device, resuming, is served the version-1 entries it already moved: it does not take them as moved, and its keyrings open under version 2', async () => {
    const a = await account();
    const laptop = laptopHost(a, { commit: 'before' });
    await expect(rotateAccountKey(a.api, laptop.host(), a.password)).rejects.toBeInstanceOf(Crash);
    const tamper: Tamper = {
      calls: [],
      keys: (vaultId) => a.before.keys.get(vaultId)!,
      // A write of the re-wrapped copy "succeeds" without being stored.
      putKey: async () => json({ revision: 99 }),
    };
    expect(await rotateAccountKey(hostile(tamper, a.api.token), laptop.host(), null, { resumeOnly: true })).toMatchObject({ keyVersion: 2 });
    expect(laptop.local.record.keyVersion).toBe(2);
    expect(await opensAll(laptop.local.keyrings, laptop.local.key)).toBe(true);
    // The server's real copies (moved by the first run) are under version 2 and open too.
    const opened = await unlockAccount(a.password, await serverRecord(a));
    for (const v of await serverVaults(a.api, opened)) expect(v.refused).toEqual([]);
  });

  it('team memory served as junk or withheld during the move: the rotation finishes and nothing crashes', async () => {
    const a = await account();
    const laptop = laptopHost(a);
    const tamper: Tamper = { calls: [], teamMemory: (real) => ({ revision: real.revision, blob: 'AQ' + 'A'.repeat(60) }) };
    expect(await rotateAccountKey(hostile(tamper, a.api.token), laptop.host(), a.password)).toMatchObject({ keyVersion: 2 });
    expect(await opensAll(laptop.local.keyrings, laptop.local.key)).toBe(true);
  });
});

describe('attack 4: the publish lied about', () => {
  it('answered "done" but not stored: the rotation stops before it moves anything, keeps its state, and finishes once the server stores it', async () => {
    const a = await account();
    const laptop = laptopHost(a);
    const tamper: Tamper = { calls: [], password: async () => json({ revision: 42 }) };
    const refusal = await rotateAccountKey(hostile(tamper, a.api.token), laptop.host(), a.password).catch((e: unknown) => e);
    expect(refusal).toMatchObject({ name: 'SyncError', code: 'bad-response' });
    expect(tamper.calls.filter((c) => c.startsWith('PUT /v1/vaults/'))).toEqual([]); // nothing moved under a key the server's record does not hold
    expect(laptop.local.record.keyVersion).toBe(1);
    expect(laptop.local.state).toMatchObject({ published: false });
    // The server's record is still version 1 with every entry opening under it: a new device signs in and reads all.
    const fresh = await signIn(new ApiClient({ baseUrl: server.base }), { email: a.email, password: a.password, device: { id: randomUUID(), name: 'new', signingPublicKey: toBase64url((await generateDeviceKey({ extractable: false })).publicSpki) } });
    expect(fresh.unlocked.olderKeys.size).toBe(0);
    for (const v of await serverVaults(a.api, fresh.unlocked)) expect(v.refused).toEqual([]);
    // The next run (with the password) publishes for real and finishes.
    expect(await rotateAccountKey(a.api, laptop.host(), a.password, { resumeOnly: true })).toMatchObject({ keyVersion: 2 });
    expect((await serverRecord(a)).keyVersion).toBe(2);
    expect(await opensAll(laptop.local.keyrings, laptop.local.key)).toBe(true);
  });

  for (const [status, code] of [[409, 'conflict'], [401, 'unauthorized'], [500, 'server-error']] as const) {
    it(`stored but answered ${status}: read back, the rotation carries on and finishes (the prepared version is not dropped)`, async () => {
      const a = await account();
      const laptop = laptopHost(a);
      const tamper: Tamper = { calls: [], password: async (real) => (await real(), json({ error: { code, message: 'no' } }, status)) };
      expect(await rotateAccountKey(hostile(tamper, a.api.token), laptop.host(), a.password)).toMatchObject({ keyVersion: 2 });
      expect(laptop.local.state).toBeNull();
      expect(laptop.local.record).toEqual(await serverRecord(a));
      expect(await opensAll(laptop.local.keyrings, laptop.local.key)).toBe(true);
      const opened = await unlockAccount(a.password, await serverRecord(a));
      for (const v of await serverVaults(a.api, opened)) expect(v.refused).toEqual([]);
    });
  }

  it('published, then on resume the server serves version 1 again: the device neither moves nor commits, and says rollback', async () => {
    const a = await account();
    const laptop = laptopHost(a);
    const cut = new ApiClient({ baseUrl: server.base, token: a.api.token, fetch: async (input, init) => {
      if (init?.method === 'PUT' && /\/keys\//.test(String(input))) throw new TypeError('killed before the first move');
      return fetch(input, init);
    } });
    await expect(rotateAccountKey(cut, laptop.host(), a.password)).rejects.toMatchObject({ code: 'offline' });
    expect(laptop.local.state?.published).toBe(true);
    const tamper: Tamper = { calls: [], account: () => a.before.account };
    const refusal = await rotateAccountKey(hostile(tamper, a.api.token), laptop.host(), a.password, { resumeOnly: true }).catch((e: unknown) => e);
    expect(refusal).toMatchObject({ name: 'SyncError', code: 'rollback' });
    expect(tamper.calls.filter((c) => c.startsWith('PUT /v1/vaults/'))).toEqual([]);
    expect(laptop.local.record.keyVersion).toBe(1);
    expect(laptop.local.state).not.toBeNull();
    expect(await opensAll(laptop.local.keyrings, a.unlocked.accountKey)).toBe(true);
    // Served honestly again, the same state finishes.
    expect(await rotateAccountKey(a.api, laptop.host(), null, { resumeOnly: true })).toMatchObject({ keyVersion: 2 });
  });

  it('a pending rotation the device has already gone past (it signed in on that version elsewhere) is dropped, not run against a key it no longer holds', async () => {
    const a = await account();
    const laptop = laptopHost(a);
    const cut = new ApiClient({ baseUrl: server.base, token: a.api.token, fetch: async (input, init) => {
      if (init?.method === 'PUT' && /\/keys\//.test(String(input))) throw new TypeError('killed before the first move');
      return fetch(input, init);
    } });
    await expect(rotateAccountKey(cut, laptop.host(), a.password)).rejects.toMatchObject({ code: 'offline' });
    // The laptop signs in again (its session ended some other way) and adopts the server's version 2, state left behind.
    const again = await signInAgain(new ApiClient({ baseUrl: server.base }), { email: a.email, password: a.password, device: a.device, accountId: a.unlocked.accountId, localKeyrings: laptop.local.keyrings, localAccount: laptop.local.record });
    Object.assign(laptop.local, { record: again.keyring.account, keyrings: again.keyrings, key: again.unlocked.accountKey });
    expect(await rotateAccountKey(new ApiClient({ baseUrl: server.base, token: again.token }), laptop.host(), null, { resumeOnly: true })).toBeNull();
    expect(laptop.local.state).toBeNull();
    expect(await opensAll(laptop.local.keyrings, laptop.local.key)).toBe(true);
  });
});

describe('attack 5: another account\'s record, or junk, in place of the account record', () => {
  it('junk JSON as the keyring: a typed refusal, the session ended', async () => {
    const a = await account();
    await rotated(a);
    for (const keyring of ['{"v":1', 'null', JSON.stringify({ v: 2, account: { hello: 1 } })]) {
      const tamper: Tamper = { calls: [], account: (real) => ({ ...real, keyring }) };
      const refusal = await phoneAgain(a, hostile(tamper), a.phoneKeyrings, a.record).catch((e: unknown) => e);
      expect(refusal).toBeInstanceOf(CryptoError);
      expect(refusal).toMatchObject({ code: 'bad-format' });
      expect(tamper.calls).toContain('POST /v1/logout');
    }
  });

  it("another account's record (the same password): refused as another account; (another password): wrong password; neither adopted", async () => {
    const a = await account();
    const same = await account(a.password);
    const otherPw = await account();
    const served = (b: Account) => (real: AccountAnswer) => ({ ...real, kdf: b.before.account.kdf, keyring: b.before.account.keyring });
    const tamper: Tamper = { calls: [], account: served(same) };
    expect(await phoneAgain(a, hostile(tamper), a.phoneKeyrings, a.record).catch((e: unknown) => e)).toMatchObject({ name: 'SyncError', code: 'bad-response' });
    expect(tamper.calls).toContain('POST /v1/logout');
    const other: Tamper = { calls: [], account: served(otherPw) };
    expect(await phoneAgain(a, hostile(other), a.phoneKeyrings, a.record).catch((e: unknown) => e)).toMatchObject({ name: 'CryptoError', code: 'wrong-password' });
    expect(other.calls).toContain('POST /v1/logout');
  });

  it('junk or another account served to the rotation\'s read-back: a typed error, the state kept, nothing moved', async () => {
    const same = await account();
    const serve: ((real: AccountAnswer) => AccountAnswer)[] = [(real) => ({ ...real, keyring: 'not json at all' }), (real) => ({ ...real, keyring: same.before.account.keyring })];
    for (const rewrite of serve) {
      const a = await account(same.password);
      const laptop = laptopHost(a);
      const tamper: Tamper = { calls: [], account: rewrite };
      // The publish goes to the server as it is; what the server then shows is junk or someone else's.
      const refusal = await rotateAccountKey(hostile(tamper, a.api.token), laptop.host(), a.password).catch((e: unknown) => e);
      expect(refusal instanceof SyncError || refusal instanceof CryptoError).toBe(true);
      expect(tamper.calls.filter((c) => c.startsWith('PUT /v1/vaults/'))).toEqual([]);
      expect(laptop.local.record.keyVersion).toBe(1);
      expect(laptop.local.state).not.toBeNull();
      // Served honestly, the same state finishes (publishing if it had not landed).
      expect(await rotateAccountKey(a.api, laptop.host(), a.password, { resumeOnly: true })).toMatchObject({ keyVersion: 2 });
      expect(await opensAll(laptop.local.keyrings, laptop.local.key)).toBe(true);
      expect(laptop.local.record).toEqual(await serverRecord(a));
    }
  });
});

describe('in the extension (the background, as the Signed-out banner and the lock screen use it)', () => {
  it('a browser on version 2 asked to sign in again while the server serves the pre-rotation record refuses it, and keeps reading everything', async () => {
    const laptop = await signedUp('akr-hostile');
    await ask(laptop, { type: 'add', fields: { name: 'first' }, value: 'sk_live_hostile_akr_0000001' });
    const desktop = browser(laptop.email, laptop.password);
    await ask(desktop, { type: 'login', server: server.base, email: laptop.email, password: laptop.password });
    // What the server answered before the rotation, kept by a hostile operator.
    const spy = new ApiClient({ baseUrl: server.base });
    await signIn(spy, { email: laptop.email, password: laptop.password, device: { id: randomUUID(), name: 'spy', signingPublicKey: toBase64url((await generateDeviceKey({ extractable: false })).publicSpki) } });
    const before = await spy.account();

    await ask(laptop, { type: 'rotate-account-key', password: laptop.password });
    await ask(laptop, { type: 'add', fields: { name: 'second' }, value: 'sk_live_hostile_akr_0000002' });
    await ask(laptop, { type: 'sync-now' });
    await ask(desktop, { type: 'sync-now' });
    await ask(desktop, { type: 'sign-in-again', password: laptop.password });
    await ask(desktop, { type: 'sync-now' });
    expect((await ask(desktop, { type: 'settings' })).accountKeyVersion).toBe(2);
    expect(await values(desktop)).toEqual(['sk_live_hostile_akr_0000001', 'sk_live_hostile_akr_0000002']);

    const realFetch = globalThis.fetch;
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      if ((init?.method ?? 'GET') === 'GET' && new URL(String(input)).pathname === '/v1/account') return json(before);
      return realFetch(input, init);
    });
    await refused(desktop, { type: 'sign-in-again', password: laptop.password });
    vi.restoreAllMocks();
    expect((await ask(desktop, { type: 'settings' })).accountKeyVersion).toBe(2);
    await ask(desktop, { type: 'lock' });
    await ask(desktop, { type: 'unlock', password: laptop.password });
    expect(await values(desktop)).toEqual(['sk_live_hostile_akr_0000001', 'sk_live_hostile_akr_0000002']);
  });
});
