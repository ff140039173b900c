/**
 * Writes tests/vectors/keyhaven-v1.json: KeyHaven's own known-answer vectors for every blob kind, the
 * backup file and an audit chain. Run ONCE when the format is defined or changes (with docs/crypto.md
 * in the same commit); the tests then check the committed file forever. Re-running it produces
 * different blobs (fresh nonces and keys), which is expected: never run it to make a failing test pass.
 *
 * Intermediate values (master secret, KEK, raw keys, ECDH secret) are computed here with raw WebCrypto
 * straight from the spec, so that a second implementation can check itself step by step.
 */
import { writeFileSync } from 'node:fs';
import {
  aad,
  buildAuditEntry,
  createBackup,
  createItem,
  EMPTY_HEAD,
  entryHash,
  fingerprint,
  fromBase64url,
  generateDeviceKey,
  headAfter,
  HKDF_INFO,
  openVaultKeyring,
  pbkdf2Sha256,
  rotateValue,
  sealItem,
  signAuditEntry,
  toBase64url,
  toHex,
  unlockAccount,
  unwrapVaultKey,
  utf8,
  wrapVaultKeyForMember,
  createAccount,
  createVaultKeyring,
  createIdentity,
  exportSpki,
  type AuditEntry,
  type ChainHead,
} from '../shared/index.js';

const PASSWORD = 'Tr0ub4dor & 3 — correct horse';
const ACCOUNT_ID = 'a1c6f1e2-5b7d-4c8e-9f10-2b3c4d5e6f70';
const VAULT_ID = 'v2d7e8f9-0a1b-4c2d-8e3f-4a5b6c7d8e9f';
const ITEM_ID = 'i3e8f9a0-1b2c-4d3e-9f40-5b6c7d8e9f01';
const NOW = new Date('2026-11-21T12:00:00.000Z');

async function hkdf(ikm: Uint8Array<ArrayBuffer>, info: string, salt = new Uint8Array(0)): Promise<Uint8Array<ArrayBuffer>> {
  const base = await crypto.subtle.importKey('raw', ikm, 'HKDF', false, ['deriveBits']);
  return new Uint8Array(await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt, info: utf8(info) }, base, 256));
}

async function rawAes(key: CryptoKey): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.exportKey('raw', key)));
}

async function main() {
  // Account: password → PBKDF2 → HKDF → KEK/auth/verifier; account key wrapped under the KEK.
  const { record: account } = await createAccount(PASSWORD, { accountId: ACCOUNT_ID });
  const master = await pbkdf2Sha256(utf8(PASSWORD.normalize('NFKC')), fromBase64url(account.kdf.salt), account.kdf.iterations, 32);
  const kekBytes = await hkdf(master, HKDF_INFO.kek);
  const kek = await crypto.subtle.importKey('raw', kekBytes, 'AES-GCM', false, ['unwrapKey']);
  const wrappedAccount = fromBase64url(account.wrappedKey);
  const accountKeyExtractable = await crypto.subtle.unwrapKey(
    'raw',
    wrappedAccount.slice(13),
    kek,
    { name: 'AES-GCM', iv: wrappedAccount.slice(1, 13), additionalData: utf8(aad.accountKey(ACCOUNT_ID, 1)) },
    'AES-GCM',
    true,
    ['wrapKey', 'unwrapKey', 'encrypt', 'decrypt'],
  );
  const { accountKey } = await unlockAccount(PASSWORD, account);

  // Vault keyring and one item (rotated once, so history is exercised).
  const { record: vault } = await createVaultKeyring(accountKey, { vaultId: VAULT_ID, now: NOW });
  const keyring = await openVaultKeyring(vault, accountKey);
  const vaultKey = await unwrapVaultKey(vault.keys[0]!, accountKey, VAULT_ID, true);
  const payload = rotateValue(
    createItem({ name: 'Stripe (test)', provider: 'stripe', kind: 'secret', value: 'sk_test_FIRSTvalue0000000000', environment: 'test', tags: ['billing'], rotation: { everyDays: 90 } }, NOW),
    'sk_test_SECONDvalue000000000',
    { reason: 'scheduled', now: NOW },
  );
  const envelope = await sealItem(payload, { vaultId: VAULT_ID, itemId: ITEM_ID }, keyring);
  const dekBlob = fromBase64url(envelope.dek);
  const dek = await crypto.subtle.unwrapKey(
    'raw',
    dekBlob.slice(13),
    vaultKey,
    { name: 'AES-GCM', iv: dekBlob.slice(1, 13), additionalData: utf8(aad.dek(VAULT_ID, ITEM_ID, 1)) },
    'AES-GCM',
    true,
    ['decrypt'],
  );

  // Identity and a share of the vault key to it (ECDH-ES).
  const { identity, wrappedPrivateKey } = await createIdentity(accountKey, ACCOUNT_ID);
  const member = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
  const memberSpki = await exportSpki(member.publicKey);
  const share = await wrapVaultKeyForMember(vaultKey, memberSpki, { vaultId: VAULT_ID, keyVersion: 1 });
  const ephemeralPublic = await crypto.subtle.importKey('spki', share.ephemeralSpki, { name: 'ECDH', namedCurve: 'P-256' }, false, []);
  const z = new Uint8Array(await crypto.subtle.deriveBits({ name: 'ECDH', public: ephemeralPublic }, member.privateKey, 256));
  const shareKey = await hkdf(z, aad.share(VAULT_ID, 1), new Uint8Array([...share.ephemeralSpki, ...memberSpki]));

  // Audit chain: three entries from two devices, one with a sealed detail.
  const laptop = await generateDeviceKey({ extractable: false });
  const phone = await generateDeviceKey({ extractable: false });
  const entries: AuditEntry[] = [];
  const hashes: string[] = [];
  let head: ChainHead = EMPTY_HEAD;
  const steps = [
    { device: 'laptop', key: laptop, action: 'vault.create' as const, itemId: null, detail: undefined },
    { device: 'laptop', key: laptop, action: 'item.create' as const, itemId: ITEM_ID, detail: { name: 'Stripe (test)' } },
    { device: 'phone', key: phone, action: 'item.reveal' as const, itemId: ITEM_ID, detail: undefined },
  ];
  for (const [i, step] of steps.entries()) {
    const unsigned = await buildAuditEntry(
      { vaultId: VAULT_ID, deviceId: step.device, actorId: ACCOUNT_ID, action: step.action, itemId: step.itemId, detail: step.detail },
      head,
      new Date(NOW.getTime() + i * 1000),
      keyring,
    );
    const entry = await signAuditEntry(unsigned, step.key.signingKey);
    entries.push(entry);
    hashes.push(await entryHash(entry));
    head = await headAfter(entry);
  }

  const backupContent = { v: 1 as const, vaults: [{ id: VAULT_ID, name: 'Personal', items: [{ id: ITEM_ID, payload }] }] };
  const backup = await createBackup(PASSWORD, backupContent, { now: NOW });

  const vectors = {
    description:
      'KeyHaven v1 known-answer vectors (docs/crypto.md). Generated once by scripts/generate-vectors.ts; hex for raw bytes, base64url inside records. Every value here is a test value: none protects anything real.',
    password: PASSWORD,
    account: {
      record: account,
      expected: {
        masterSecretHex: toHex(master),
        kekHex: toHex(kekBytes),
        authKeyHex: toHex(await hkdf(master, HKDF_INFO.auth)),
        verifierHex: toHex((await hkdf(master, HKDF_INFO.verifier)).slice(0, 16)),
        accountKeyHex: await rawAes(accountKeyExtractable),
        aad: aad.accountKey(ACCOUNT_ID, 1),
      },
    },
    vault: { record: vault, expected: { vaultKeyHex: await rawAes(vaultKey), aad: aad.vaultKey(VAULT_ID, 1) } },
    item: {
      vaultId: VAULT_ID,
      itemId: ITEM_ID,
      envelope,
      expected: { dekHex: await rawAes(dek), dekAad: aad.dek(VAULT_ID, ITEM_ID, 1), itemAad: aad.item(VAULT_ID, ITEM_ID), payload },
    },
    identity: {
      accountId: ACCOUNT_ID,
      wrappedPrivateKey: toBase64url(wrappedPrivateKey),
      publicSpki: toBase64url(identity.publicSpki),
      expected: { aad: aad.identityKey(ACCOUNT_ID), fingerprint: await fingerprint(identity.publicSpki) },
    },
    share: {
      vaultId: VAULT_ID,
      keyVersion: 1,
      memberPrivatePkcs8: toBase64url(new Uint8Array(await crypto.subtle.exportKey('pkcs8', member.privateKey))),
      memberSpki: toBase64url(memberSpki),
      ephemeralSpki: toBase64url(share.ephemeralSpki),
      wrappedKey: toBase64url(share.wrappedKey),
      expected: { ecdhSecretHex: toHex(z), shareKeyHex: toHex(shareKey), info: aad.share(VAULT_ID, 1), vaultKeyHex: await rawAes(vaultKey) },
    },
    audit: {
      vaultId: VAULT_ID,
      devices: { laptop: toBase64url(laptop.publicSpki), phone: toBase64url(phone.publicSpki) },
      entries,
      expected: { hashes, head, details: [null, { name: 'Stripe (test)' }, null] },
    },
    backup: { file: backup, expected: { content: backupContent } },
  };
  writeFileSync(new URL('../tests/vectors/keyhaven-v1.json', import.meta.url), JSON.stringify(vectors, null, 2) + '\n');
  console.log('wrote tests/vectors/keyhaven-v1.json');
}

await main();
