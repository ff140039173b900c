/**
 * Every kind of blob KeyHaven writes, each byte flipped in turn: the reader must answer with a typed
 * error (`bad-format` for the version byte, `tampered` for any other), never a crash or a wrong value.
 * The two password-protected kinds are covered where their derivation lives: the account key record
 * (every byte, vault/account.test.ts) and the backup body (backup/backup.test.ts).
 */
import { beforeAll, describe, it } from 'vitest';
import {
  buildAuditEntry,
  createIdentity,
  createItem,
  EMPTY_HEAD,
  fromBase64url,
  generateDeviceKey,
  openAuditDetail,
  openIdentity,
  openItem,
  openVaultKeyring,
  sealItem,
  signAuditEntry,
  toBase64url,
  unwrapDeviceKey,
  unwrapVaultKey,
  unwrapVaultKeyFromShare,
  wrapDeviceKey,
  wrapVaultKeyForMember,
  type AccountKey,
  type VaultKeyring,
  type VaultKeyringRecord,
} from '../../../shared/index.js';
import { expectCryptoError } from '../../support/errors.js';
import { singleByteFlips, testAccount, testVault } from '../../support/keys.js';

let accountKey: AccountKey;
let accountId: string;
let record: VaultKeyringRecord;
let keyring: VaultKeyring;
let vaultId: string;

beforeAll(async () => {
  ({ accountKey, accountId } = await testAccount());
  ({ record, keyring, vaultId } = await testVault('vault-kinds'));
});

async function expectEveryFlipRejected(blob: Uint8Array, read: (doctored: Uint8Array<ArrayBuffer>) => Promise<unknown>) {
  await Promise.all([...singleByteFlips(blob)].map(({ index, flipped }) => expectCryptoError(read(flipped), index === 0 ? 'bad-format' : 'tampered')));
}

describe('every blob kind rejects every single flipped byte', () => {
  it('vault key wrapped under the account key', async () => {
    const entry = record.keys[0]!;
    await expectEveryFlipRejected(fromBase64url(entry.wrappedKey), (b) =>
      openVaultKeyring({ ...record, keys: [{ ...entry, wrappedKey: toBase64url(b) }] }, accountKey),
    );
  });

  it('item DEK and item payload', async () => {
    const ref = { vaultId, itemId: 'kinds-item' };
    const envelope = await sealItem(createItem({ name: 'n', value: 'sk-abcdefghijklmnop' }, new Date()), ref, keyring);
    await expectEveryFlipRejected(fromBase64url(envelope.dek), (b) => openItem({ ...envelope, dek: toBase64url(b) }, ref, keyring));
    await expectEveryFlipRejected(fromBase64url(envelope.data), (b) => openItem({ ...envelope, data: toBase64url(b) }, ref, keyring));
  });

  it('identity private key', async () => {
    const { identity, wrappedPrivateKey } = await createIdentity(accountKey, accountId);
    await expectEveryFlipRejected(wrappedPrivateKey, (b) => openIdentity(b, identity.publicSpki, accountKey, accountId));
  });

  it('CLI device signing key', async () => {
    const device = await generateDeviceKey({ extractable: true });
    const wrapped = await wrapDeviceKey(device.signingKey, accountKey, accountId, 'dev-1');
    await expectEveryFlipRejected(wrapped, (b) => unwrapDeviceKey(b, accountKey, accountId, 'dev-1'));
  });

  it('vault key shared with a member', async () => {
    const member = await createIdentity(accountKey, 'member');
    const ctx = { vaultId, keyVersion: 1 };
    const share = await wrapVaultKeyForMember(await unwrapVaultKey(record.keys[0]!, accountKey, vaultId, true), member.identity.publicSpki, ctx);
    await expectEveryFlipRejected(share.wrappedKey, (b) => unwrapVaultKeyFromShare({ ...share, wrappedKey: b }, member.identity, ctx));
  });

  it('audit entry detail', async () => {
    const device = await generateDeviceKey({ extractable: false });
    const unsigned = await buildAuditEntry(
      { vaultId, deviceId: 'd', actorId: 'a', action: 'item.reveal', itemId: 'x', detail: { name: 'secret name' } },
      EMPTY_HEAD,
      new Date(),
      keyring,
    );
    const entry = await signAuditEntry(unsigned, device.signingKey);
    await expectEveryFlipRejected(fromBase64url(entry.detail!), (b) => openAuditDetail({ ...entry, detail: toBase64url(b) }, keyring));
    // The AAD names the vault and the seq: the same detail under another seq does not open.
    await expectCryptoError(openAuditDetail({ ...entry, seq: 2 }, keyring), 'tampered');
  });
});
