/**
 * Account-key rotation against a real server: every copy the account key protects moves to the new
 * version, the other devices are signed out and sign in again with the password (their local keys
 * re-wrapped through the older versions the record keeps), and a rotation cut at any step — a crash
 * before or after a write lands, a lost answer — finishes on resume with one new version and nothing
 * unreadable.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ApiClient,
  changeAccountPassword,
  decodeAccountKeyring,
  generateDeviceKey,
  mergeServerVaults,
  openVaultKeyring,
  rotateAccountKey,
  serverVaults,
  signInAgain,
  SyncError,
  toBase64url,
  unlockAccount,
  rewrapVaultKeyring,
  type AccountKey,
  type AccountKeyRecord,
  type AccountRotationHost,
  type AccountRotationState,
  type VaultKeyringRecord,
} from '../../../shared/index.js';
import { accountWithPhone } from '../../support/rotation-account.js';
import { useCluster } from '../../support/server.js';

const server = useCluster();
const VAULTS = 3;

class Crash extends Error {}

/** An account with three vaults on the server, and a second device signed in to it. */
const account = () => accountWithPhone(server.base, { vaults: VAULTS, emailPrefix: 'akr' });

type Account = Awaited<ReturnType<typeof account>>;

/** The laptop as the flow's host, in memory, with optional crashes at its writes. */
function laptopHost(a: Account, crashAt: { save?: number; commit?: 'before' | 'after' } = {}) {
  const local = { record: null as AccountKeyRecord | null, keyrings: a.vaults.map((v) => v.keyring), state: null as AccountRotationState | null, key: a.unlocked.accountKey as AccountKey };
  let saves = 0;
  const steps: string[] = [];
  const host = (current: AccountKeyRecord): AccountRotationHost => ({
    accountId: a.unlocked.accountId,
    accountKey: local.key,
    account: current,
    identity: a.identityRecord,
    signing: a.signing,
    loadState: async () => local.state,
    saveState: async (state) => {
      if (++saves === crashAt.save) throw new Crash('killed before the state was saved');
      local.state = state;
    },
    commit: async ({ record, from, to, served }) => {
      const crash = crashAt.commit;
      crashAt.commit = undefined; // a crash happens once; the next run gets through
      if (crash === 'before') throw new Crash('killed before the local commit');
      local.keyrings = await Promise.all(local.keyrings.map((k) => rewrapVaultKeyring(k, from, to, served.get(k.vaultId))));
      local.record = record;
      local.key = to;
      local.state = null;
      if (crash === 'after') throw new Crash('killed after the local commit landed');
    },
    audit: async (detail) => void steps.push(String(detail.phase)),
  });
  return { local, steps, host };
}

/** The server's view once it is over: one new version, every entry opening under it, nothing refused. */
async function expectFinished(a: Account, laptopKeyrings: VaultKeyringRecord[], laptopKey: AccountKey) {
  const served = decodeAccountKeyring((await a.api.account()).keyring);
  expect(served.account.keyVersion).toBe(2);
  const opened = await unlockAccount(a.password, served.account);
  expect([...opened.olderKeys.keys()]).toEqual([1]);
  const vaults = await serverVaults(a.api, opened);
  expect(vaults).toHaveLength(VAULTS);
  for (const v of vaults) expect(v.refused).toEqual([]);
  // No server copy is left under version 1: each opens with the new key alone.
  for (const v of vaults) await openVaultKeyring({ v: 1, vaultId: v.id, current: 1, keys: v.entries }, opened.accountKey);
  for (const k of laptopKeyrings) await openVaultKeyring(k, laptopKey);
  // Byte-equal to the server's copies: the next sync sees no "another key version" to warn about.
  expect(mergeServerVaults(laptopKeyrings.map((keyring) => ({ id: keyring.vaultId, name: keyring.vaultId, keyring })), vaults).warnings).toEqual([]);
  for (const k of laptopKeyrings) await expect(openVaultKeyring(k, a.unlocked.accountKey)).rejects.toThrow();
}

describe('account-key rotation', () => {
  it('moves every copy to version 2; the other device is signed out and signs in again with the password', async () => {
    const a = await account();
    const laptop = laptopHost(a);
    const result = await rotateAccountKey(a.api, laptop.host(decodeAccountKeyring((await a.api.account()).keyring).account), a.password);
    expect(result).toEqual({ keyVersion: 2, moved: VAULTS });
    expect(laptop.steps).toEqual(['start', 'published', 'done']);
    await expectFinished(a, laptop.local.keyrings, laptop.local.key);
    expect(laptop.local.record).toEqual(decodeAccountKeyring((await a.api.account()).keyring).account);

    // The phone's session ended with the publish; the password signs the same device in again.
    await expect(a.phoneApi.vaults()).rejects.toMatchObject({ code: 'unauthorized' });
    const again = await signInAgain(new ApiClient({ baseUrl: server.base }), { email: a.email, password: a.password, device: a.phoneDevice, accountId: a.unlocked.accountId, localKeyrings: a.phoneKeyrings });
    expect(again.unlocked.olderKeys.size).toBe(1);
    for (const k of again.keyrings) await openVaultKeyring(k, again.unlocked.accountKey);
    const served = await serverVaults(new ApiClient({ baseUrl: server.base, token: again.token }), again.unlocked);
    expect(mergeServerVaults(again.keyrings.map((keyring) => ({ id: keyring.vaultId, name: keyring.vaultId, keyring })), served).warnings).toEqual([]);
  });

  const crashes: { name: string; at: Parameters<typeof laptopHost>[1]; cut?: 'password-answer' | 'second-entry' }[] = [
    { name: 'before the pending state is saved', at: { save: 1 } },
    { name: 'before "published" is saved', at: { save: 2 } },
    { name: 'while the server copies move', at: {}, cut: 'second-entry' },
    { name: 'when the answer to the publish is lost (read back: it carries on)', at: {}, cut: 'password-answer' },
    { name: 'before the local commit', at: { commit: 'before' } },
    { name: 'right after the local commit landed', at: { commit: 'after' } },
  ];
  for (const crash of crashes) {
    it(`killed ${crash.name}, finishes on the next run with one new version`, async () => {
      const a = await account();
      const laptop = laptopHost(a, crash.at);
      let cut = crash.cut;
      let entries = 0;
      const flaky = new ApiClient({
        baseUrl: server.base,
        token: a.api.token,
        fetch: async (input, init) => {
          const url = String(input);
          const answer = await fetch(input, init);
          if (cut === 'password-answer' && url.endsWith('/v1/account/password')) throw new TypeError('answer lost');
          if (cut === 'second-entry' && init?.method === 'PUT' && url.includes('/keys/') && ++entries === 2) throw new Crash('killed after the second entry landed');
          return answer;
        },
      });
      const current = decodeAccountKeyring((await a.api.account()).keyring).account;
      const first = await rotateAccountKey(flaky, laptop.host(current), a.password).catch((error: unknown) => error);
      // A lost answer is read back and the run goes on; every other cut stops it.
      if (crash.cut === 'password-answer') expect(first).toEqual({ keyVersion: 2, moved: VAULTS });
      else expect(first).toBeInstanceOf(Error); // a crash, or the cut connection the API client reports as offline
      cut = undefined;
      // The next command: the laptop's record is whatever its last commit left; the rotation resumes or starts afresh.
      const record = laptop.local.record ?? current;
      if (laptop.local.state || !laptop.local.record) {
        const resumed = await rotateAccountKey(flaky, laptop.host(record), a.password, { resumeOnly: Boolean(laptop.local.state) });
        expect(resumed?.keyVersion).toBe(2);
      }
      await expectFinished(a, laptop.local.keyrings, laptop.local.key);
      expect(laptop.local.state).toBeNull();
    });
  }

  it('a rotation another device beat to the keyring is dropped, not half-published', async () => {
    const a = await account();
    const laptop = laptopHost(a);
    const stale = decodeAccountKeyring((await a.api.account()).keyring).account;
    // The password is changed first (on the phone): the laptop's rotation is refused and forgotten.
    await changeAccountPassword(a.phoneApi, { account: stale, identity: a.identityRecord, signing: a.signing, oldPassword: a.password, newPassword: 'changed elsewhere first' });
    const refused = await rotateAccountKey(a.api, laptop.host(stale), a.password).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SyncError);
    expect(laptop.local.state).toBeNull();
    expect(decodeAccountKeyring((await a.phoneApi.account()).keyring).account.keyVersion).toBe(1);
  });
  it('a prepared rotation is dropped, not published, when the password changed elsewhere before it reached the server', async () => {
    const a = await account();
    const laptop = laptopHost(a);
    const before = decodeAccountKeyring((await a.api.account()).keyring).account;
    const offline = new ApiClient({ baseUrl: server.base, token: a.api.token, fetch: async (input, init) => {
      if (String(input).endsWith('/v1/account/password')) throw new TypeError('offline');
      return fetch(input, init);
    } });
    await expect(rotateAccountKey(offline, laptop.host(before), a.password)).rejects.toMatchObject({ code: 'offline' });
    expect(laptop.local.state).not.toBeNull();
    await changeAccountPassword(a.phoneApi, { account: before, identity: a.identityRecord, signing: a.signing, oldPassword: a.password, newPassword: 'the new one 2026' });
    // The laptop signs in again with the new password and adopts the server's record; then its next run resumes.
    const again = await signInAgain(new ApiClient({ baseUrl: server.base }), { email: a.email, password: 'the new one 2026', device: { id: randomUUID(), name: 'laptop again', signingPublicKey: toBase64url((await generateDeviceKey({ extractable: false })).publicSpki) }, accountId: a.unlocked.accountId, localKeyrings: [] });
    await expect(rotateAccountKey(new ApiClient({ baseUrl: server.base, token: again.token }), laptop.host(again.keyring.account), 'the new one 2026', { resumeOnly: true })).rejects.toMatchObject({ code: 'wrong-password' });
    expect(laptop.local.state).toBeNull();
    // Nothing reached the server: the new password still signs in and opens the account as it was.
    const served = decodeAccountKeyring((await a.phoneApi.account()).keyring).account;
    expect(served.keyVersion).toBe(1);
    await unlockAccount('the new one 2026', served);
  });
});
