import { describe, expect, it } from 'vitest';
import {
  changePassword,
  createAccount,
  createVaultKeyring,
  fromBase64url,
  openItem,
  openVaultKeyring,
  sealItem,
  createItem,
  toBase64url,
  unlockAccount,
  type AccountKeyRecord,
} from '../../../shared/index.js';
import { expectCryptoError } from '../../support/errors.js';
import { singleByteFlips } from '../../support/keys.js';

const PASSWORD = 'correct horse battery staple';

describe('account key record', () => {
  it('unlocks with the right password to a non-extractable account key', async () => {
    const { record } = await createAccount(PASSWORD);
    const unlocked = await unlockAccount(PASSWORD, record);
    expect(unlocked.accountId).toBe(record.accountId);
    expect(unlocked.accountKey.extractable).toBe(false);
    expect(unlocked.authKey).toHaveLength(32);
  });

  it('says "wrong password" for a wrong password, before trying to decrypt', async () => {
    const { record } = await createAccount(PASSWORD);
    const error = await expectCryptoError(unlockAccount('correct horse battery stapler', record), 'wrong-password');
    expect(error.message).not.toContain(PASSWORD);
  });

  it('says "tampered" for any single flipped byte of the wrapped account key', async () => {
    const { record } = await createAccount(PASSWORD);
    const wrapped = fromBase64url(record.wrappedKey);
    // Every position, the version byte included; each flip costs a full password derivation.
    await Promise.all(
      [...singleByteFlips(wrapped)].map(({ index, flipped }) => {
        const doctored: AccountKeyRecord = { ...record, wrappedKey: toBase64url(flipped) };
        return expectCryptoError(unlockAccount(PASSWORD, doctored), index === 0 ? 'bad-format' : 'tampered');
      }),
    );
  });

  it('refuses a record whose account id or key version was changed (the AAD no longer matches)', async () => {
    const { record } = await createAccount(PASSWORD);
    await expectCryptoError(unlockAccount(PASSWORD, { ...record, accountId: 'someone-else' }), 'tampered');
    await expectCryptoError(unlockAccount(PASSWORD, { ...record, keyVersion: 2 }), 'tampered');
  });

  it('refuses a record whose KDF iterations were lowered by a malicious server', async () => {
    const { record } = await createAccount(PASSWORD);
    await expectCryptoError(unlockAccount(PASSWORD, { ...record, kdf: { ...record.kdf, iterations: 10_000 } }), 'weak-kdf');
  });

  it('refuses structurally broken records with a format error', async () => {
    const { record } = await createAccount(PASSWORD);
    await expectCryptoError(unlockAccount(PASSWORD, { ...record, v: 2 }), 'bad-format');
    await expectCryptoError(unlockAccount(PASSWORD, 'not a record'), 'bad-format');
  });
});

describe('password change and KDF upgrade', () => {
  it('re-wraps only the account key: vault keyrings and items open unchanged afterwards', async () => {
    const { record, unlocked } = await createAccount(PASSWORD);
    const vault = await createVaultKeyring(unlocked.accountKey);
    const ref = { vaultId: vault.record.vaultId, itemId: 'item-1' };
    const envelope = await sealItem(createItem({ name: 'Stripe', value: 'sk_test_abcdefghijklmnop' }, new Date()), ref, vault.keyring);

    const changed = await changePassword(record, PASSWORD, 'a much better passphrase');
    expect(changed.record.accountId).toBe(record.accountId);
    expect(changed.record.kdf.salt).not.toBe(record.kdf.salt);
    expect(changed.record.wrappedKey).not.toBe(record.wrappedKey);

    await expectCryptoError(unlockAccount(PASSWORD, changed.record), 'wrong-password');
    const after = await unlockAccount('a much better passphrase', changed.record);
    expect(toBase64url(after.authKey)).toBe(toBase64url(changed.authKey));
    const keyring = await openVaultKeyring(vault.record, after.accountKey);
    expect((await openItem(envelope, ref, keyring)).value).toBe('sk_test_abcdefghijklmnop');
  });

  it('raises the iterations with the same password', async () => {
    const { record } = await createAccount(PASSWORD);
    const upgraded = await changePassword(record, PASSWORD, PASSWORD, { iterations: 700_000 });
    expect(upgraded.record.kdf.iterations).toBe(700_000);
    await unlockAccount(PASSWORD, upgraded.record);
  });

  it('refuses a change with the wrong current password', async () => {
    const { record } = await createAccount(PASSWORD);
    await expectCryptoError(changePassword(record, 'guess', 'new one'), 'wrong-password');
  });
});
