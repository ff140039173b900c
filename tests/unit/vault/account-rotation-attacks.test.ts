/**
 * `rewrapVaultKeyring` given copies by a hostile server (docs/crypto.md §24 "Re-wrap"): a served copy
 * is taken only when it opens under the new account key and wraps the very key this device holds. A
 * copy byte-equal to this device's but still under the old key (a move withheld), a copy under the new
 * key of another vault key, or a copy of another version are not taken; the result always opens under
 * the new key alone, and a keyring that opens under none of the versions is refused with a typed error.
 */
import { describe, expect, it } from 'vitest';
import { ACCOUNT_KEY_USAGES } from '../../../shared/crypto/usages.js';
import { generateAesKey } from '../../../shared/crypto/wrap.js';
import {
  CryptoError,
  createVaultKeyring,
  newVaultKeyEntry,
  openVaultKeyring,
  rewrapVaultKeyring,
  unwrapVaultKey,
  type AccountKey,
} from '../../../shared/index.js';

const accountKey = async () => (await generateAesKey([...ACCOUNT_KEY_USAGES])) as AccountKey;
const raw = async (key: CryptoKey) => Buffer.from(await crypto.subtle.exportKey('raw', key)).toString('hex');

describe('rewrapVaultKeyring against served copies', () => {
  it('does not take a copy byte-equal to its own that is still under the old key: the keyring comes back under the new one', async () => {
    const [older, newer] = [await accountKey(), await accountKey()];
    const { record } = await createVaultKeyring(older);
    const next = await rewrapVaultKeyring(record, [older], newer, record.keys);
    expect(next.keys[0]!.wrappedKey).not.toBe(record.keys[0]!.wrappedKey);
    const opened = await openVaultKeyring(next, newer);
    const vaultKey = await unwrapVaultKey(record.keys[0]!, older, record.vaultId, true);
    expect(opened.versions()).toEqual([1]);
    expect(await raw(await unwrapVaultKey(next.keys[0]!, newer, record.vaultId, true))).toBe(await raw(vaultKey));
  });

  it('does not take a copy under the new key that wraps another vault key (or another version), and takes the one that wraps the same', async () => {
    const [older, newer] = [await accountKey(), await accountKey()];
    const { record } = await createVaultKeyring(older);
    const foreign = await newVaultKeyEntry(newer, record.vaultId, 1, new Date());
    const otherVersion = await newVaultKeyEntry(newer, record.vaultId, 2, new Date());
    for (const served of [[foreign], [otherVersion]]) {
      const next = await rewrapVaultKeyring(record, [older], newer, served);
      expect(next.keys[0]!.wrappedKey).not.toBe(foreign.wrappedKey);
      expect(await raw(await unwrapVaultKey(next.keys[0]!, newer, record.vaultId, true))).toBe(await raw(await unwrapVaultKey(record.keys[0]!, older, record.vaultId, true)));
    }
    const moved = await rewrapVaultKeyring(record, [older], newer);
    expect(await rewrapVaultKeyring(record, [older], newer, moved.keys)).toEqual(moved);
  });

  it('refuses (typed) a keyring that opens under none of the versions, even when the server serves the very same bytes', async () => {
    const [stranger, older, newer] = [await accountKey(), await accountKey(), await accountKey()];
    const { record } = await createVaultKeyring(stranger);
    const refusal = await rewrapVaultKeyring(record, [older], newer, record.keys).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(CryptoError);
    expect(refusal).toMatchObject({ code: 'tampered' });
  });
});
