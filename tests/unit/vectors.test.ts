/**
 * KeyHaven v1 known answers (tests/vectors/keyhaven-v1.json, generated once): today's code must still
 * read yesterday's blobs and derive yesterday's keys. A failure here means the format changed; that
 * needs a new format version and docs/crypto.md, never a regenerated vector file.
 */
import { describe, expect, it } from 'vitest';
import v from '../vectors/keyhaven-v1.json';
import sv from '../vectors/keyhaven-v1-sync.json';
import {
  aad,
  auditEntrySchema,
  decodeAccountKeyring,
  keySchedule,
  vaultKeyringRecordSchema,
  open,
  openSessionToken,
  openVaultMeta,
  derivePasswordKeys,
  importIdentityPublicKey,
  entryHash,
  fingerprint,
  fromBase64url,
  fromHex,
  fromUtf8,
  importDeviceVerifyKey,
  openAuditDetail,
  openBackup,
  openItem,
  openVaultKeyring,
  unlockAccount,
  unwrapVaultKeyFromShare,
  utf8,
  verifyChain,
  VaultKeyring,
  type DeviceRecord,
  type IdentityPrivateKey,
  type KdfParams,
} from '../../shared/index.js';

async function rawDecrypt(keyHex: string, blobB64: string, aadText: string): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', fromHex(keyHex), 'AES-GCM', false, ['decrypt']);
  const blob = fromBase64url(blobB64);
  expect(blob[0]).toBe(0x01);
  return new Uint8Array(
    await crypto.subtle.decrypt({ name: 'AES-GCM', iv: blob.slice(1, 13), additionalData: utf8(aadText) }, key, blob.slice(13)),
  );
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('KeyHaven v1 vectors', () => {
  it('derives the recorded auth key and verifier from the password', async () => {
    const keys = await derivePasswordKeys(v.password, v.account.record.kdf as KdfParams);
    expect(hex(keys.authKey)).toBe(v.account.expected.authKeyHex);
    expect(hex(keys.verifier)).toBe(v.account.expected.verifierHex);
  });

  it('lays out every blob as documented: raw AES-GCM with the documented AAD opens each one', async () => {
    const e = v.account.expected;
    expect(hex(await rawDecrypt(e.kekHex, v.account.record.wrappedKey, e.aad))).toBe(e.accountKeyHex);
    expect(hex(await rawDecrypt(e.accountKeyHex, v.vault.record.keys[0]!.wrappedKey, v.vault.expected.aad))).toBe(v.vault.expected.vaultKeyHex);
    expect(hex(await rawDecrypt(v.vault.expected.vaultKeyHex, v.item.envelope.dek, v.item.expected.dekAad))).toBe(v.item.expected.dekHex);
    const payload = await rawDecrypt(v.item.expected.dekHex, v.item.envelope.data, v.item.expected.itemAad);
    expect(JSON.parse(fromUtf8(payload))).toEqual(v.item.expected.payload);
    expect(hex(await rawDecrypt(v.share.expected.shareKeyHex, v.share.wrappedKey, v.share.expected.info))).toBe(v.share.expected.vaultKeyHex);
  });

  it('opens the recorded item through the product path: password → account → vault → item', async () => {
    const { accountKey } = await unlockAccount(v.password, v.account.record);
    const keyring = await openVaultKeyring(v.vault.record, accountKey);
    expect(await openItem(v.item.envelope, { vaultId: v.item.vaultId, itemId: v.item.itemId }, keyring)).toEqual(v.item.expected.payload);
  });

  it('opens the recorded share with the member key and reads the same vault', async () => {
    const privateKey = (await crypto.subtle.importKey('pkcs8', fromBase64url(v.share.memberPrivatePkcs8), { name: 'ECDH', namedCurve: 'P-256' }, false, [
      'deriveBits',
    ])) as IdentityPrivateKey;
    const publicSpki = fromBase64url(v.share.memberSpki);
    const identity = { privateKey, publicKey: await importIdentityPublicKey(publicSpki), publicSpki };
    const ctx = { vaultId: v.share.vaultId, keyVersion: v.share.keyVersion };
    const vaultKey = await unwrapVaultKeyFromShare(
      { ephemeralSpki: fromBase64url(v.share.ephemeralSpki), wrappedKey: fromBase64url(v.share.wrappedKey) },
      identity,
      ctx,
    );
    const keyring = new VaultKeyring(v.share.vaultId, 1, new Map([[1, vaultKey]]));
    expect((await openItem(v.item.envelope, { vaultId: v.item.vaultId, itemId: v.item.itemId }, keyring)).value).toBe(v.item.expected.payload.value);
  });

  it('shows the recorded fingerprint for the recorded identity key', async () => {
    expect(await fingerprint(fromBase64url(v.identity.publicSpki))).toBe(v.identity.expected.fingerprint);
  });

  it('verifies the recorded audit chain, its hashes and its sealed detail', async () => {
    const devices = new Map<string, DeviceRecord>();
    for (const [id, spki] of Object.entries(v.audit.devices)) devices.set(id, { verifyKey: await importDeviceVerifyKey(fromBase64url(spki)), revokedAt: null });
    const report = await verifyChain(v.audit.entries, { vaultId: v.audit.vaultId, devices });
    expect(report).toEqual({ ok: true, head: v.audit.expected.head, verified: 3, format: 1, legacy: 3 });
    const entries = v.audit.entries.map((e) => auditEntrySchema.parse(e));
    for (const [i, entry] of entries.entries()) expect(await entryHash(entry)).toBe(v.audit.expected.hashes[i]);
    const { accountKey } = await unlockAccount(v.password, v.account.record);
    const keyring = await openVaultKeyring(v.vault.record, accountKey);
    expect(await openAuditDetail(entries[1]!, keyring)).toEqual(v.audit.expected.details[1]);
  });

  it('opens the recorded backup file with the password', async () => {
    expect(await openBackup(v.password, v.backup.file)).toEqual(v.backup.expected.content);
  });

  it('opens the sync-client formats: vault meta, account keyring blob, a locally sealed secret', async () => {
    const { accountKey, accountId } = await unlockAccount(v.password, v.account.record);
    const keyring = await openVaultKeyring(v.vault.record, accountKey);
    expect(await openVaultMeta(sv.vaultMeta.blob, keyring)).toEqual(sv.vaultMeta.expected.meta);
    // A meta with a key rotation schedule (§16, added later), and the default for one without.
    expect(await openVaultMeta(sv.vaultMetaSchedule.blob, keyring)).toEqual(sv.vaultMetaSchedule.expected.meta);
    expect(keySchedule(vaultKeyringRecordSchema.parse(v.vault.record), (await openVaultMeta(sv.vaultMeta.blob, keyring)).keyRotationDays, new Date()).everyDays).toBe(90);
    const meta = JSON.parse(sv.vaultMeta.blob);
    expect(JSON.parse(fromUtf8(await rawDecrypt(v.vault.expected.vaultKeyHex, meta.data, sv.vaultMeta.expected.aad)))).toEqual(sv.vaultMeta.expected.meta);
    expect(decodeAccountKeyring(sv.accountKeyringBlob.blob).account).toEqual(v.account.record);
    const secret = await open(accountKey, fromBase64url(sv.localSecret.sealed), aad.localSecret(accountId, sv.localSecret.name));
    expect(fromUtf8(secret)).toBe(sv.localSecret.expected.value);
    expect(await openSessionToken({ accountId, accountKey }, sv.localSecret.sealed)).toBe(sv.localSecret.expected.value);
    expect(fromUtf8(await rawDecrypt(v.account.expected.accountKeyHex, sv.localSecret.sealed, sv.localSecret.expected.aad))).toBe(sv.localSecret.expected.value);
  });
});
