import { beforeAll, describe, expect, it } from 'vitest';
import {
  createIdentity,
  fingerprint,
  generateDeviceKey,
  openIdentity,
  unwrapDeviceKey,
  unwrapVaultKey,
  unwrapVaultKeyFromShare,
  wrapDeviceKey,
  wrapVaultKeyForMember,
  createVaultKeyring,
  createItem,
  sealItem,
  openItem,
  VaultKeyring,
  type AccountKey,
} from '../../../shared/index.js';
import { expectCryptoError } from '../../support/errors.js';
import { testAccount } from '../../support/keys.js';

let accountKey: AccountKey;
let accountId: string;
beforeAll(async () => {
  ({ accountKey, accountId } = await testAccount());
});

describe('identity and device keys', () => {
  it('wraps the identity private key under the account key and opens it non-extractable', async () => {
    const { identity, wrappedPrivateKey } = await createIdentity(accountKey, accountId);
    expect(identity.privateKey.extractable).toBe(false);
    const reopened = await openIdentity(wrappedPrivateKey, identity.publicSpki, accountKey, accountId);
    expect(reopened.privateKey.extractable).toBe(false);
    await expectCryptoError(openIdentity(wrappedPrivateKey, identity.publicSpki, accountKey, 'another-account'), 'tampered');
  });

  it('keeps a browser device key non-extractable, and wraps a CLI device key bound to its device id', async () => {
    const browser = await generateDeviceKey({ extractable: false });
    expect(browser.signingKey.extractable).toBe(false);
    await expectCryptoError(wrapDeviceKey(browser.signingKey, accountKey, accountId, 'dev-1'), 'invalid-argument');

    const cli = await generateDeviceKey({ extractable: true });
    const wrapped = await wrapDeviceKey(cli.signingKey, accountKey, accountId, 'dev-1');
    const opened = await unwrapDeviceKey(wrapped, accountKey, accountId, 'dev-1');
    expect(opened.extractable).toBe(false);
    await expectCryptoError(unwrapDeviceKey(wrapped, accountKey, accountId, 'dev-2'), 'tampered');
  });
});

describe('sharing a vault key with a member (ECDH-ES)', () => {
  it('lets the member open items of the vault, and nobody else', async () => {
    const owner = await createVaultKeyring(accountKey, { vaultId: 'team-1' });
    const vaultKey = await unwrapVaultKey(owner.record.keys[0]!, accountKey, 'team-1', true);
    const member = await createIdentity(accountKey, 'member-account');
    const outsider = await createIdentity(accountKey, 'outsider-account');
    const ctx = { vaultId: 'team-1', keyVersion: 1 };

    const share = await wrapVaultKeyForMember(vaultKey, member.identity.publicSpki, ctx);
    const received = await unwrapVaultKeyFromShare(share, member.identity, ctx);
    expect(received.extractable).toBe(false);

    const ref = { vaultId: 'team-1', itemId: 'shared-item' };
    const envelope = await sealItem(createItem({ name: 'Shared', value: 'xoxb-shared-team-token' }, new Date()), ref, owner.keyring);
    const memberKeyring = new VaultKeyring('team-1', 1, new Map([[1, received]]));
    expect((await openItem(envelope, ref, memberKeyring)).value).toBe('xoxb-shared-team-token');

    await expectCryptoError(unwrapVaultKeyFromShare(share, outsider.identity, ctx), 'tampered');
    await expectCryptoError(unwrapVaultKeyFromShare(share, member.identity, { vaultId: 'team-2', keyVersion: 1 }), 'tampered');
    await expectCryptoError(unwrapVaultKeyFromShare(share, member.identity, { vaultId: 'team-1', keyVersion: 2 }), 'tampered');
  });

  it('uses a fresh ephemeral key per share', async () => {
    const { record } = await createVaultKeyring(accountKey, { vaultId: 'team-3' });
    const vaultKey = await unwrapVaultKey(record.keys[0]!, accountKey, 'team-3', true);
    const member = await createIdentity(accountKey, 'member-account');
    const ctx = { vaultId: 'team-3', keyVersion: 1 };
    const a = await wrapVaultKeyForMember(vaultKey, member.identity.publicSpki, ctx);
    const b = await wrapVaultKeyForMember(vaultKey, member.identity.publicSpki, ctx);
    expect(a.ephemeralSpki).not.toEqual(b.ephemeralSpki);
  });

  it('refuses a public key that is not a P-256 SPKI', async () => {
    const { record } = await createVaultKeyring(accountKey, { vaultId: 'team-4' });
    const vaultKey = await unwrapVaultKey(record.keys[0]!, accountKey, 'team-4', true);
    await expectCryptoError(wrapVaultKeyForMember(vaultKey, new Uint8Array(91), { vaultId: 'team-4', keyVersion: 1 }), 'bad-format');
  });
});

describe('fingerprints', () => {
  it('shows six groups of five digits, stable for a key and different between keys', async () => {
    const a = await createIdentity(accountKey, accountId);
    const b = await createIdentity(accountKey, accountId);
    const fa = await fingerprint(a.identity.publicSpki);
    expect(fa).toMatch(/^\d{5}( \d{5}){5}$/);
    expect(await fingerprint(a.identity.publicSpki)).toBe(fa);
    expect(await fingerprint(b.identity.publicSpki)).not.toBe(fa);
  });
});
