/**
 * Writes tests/vectors/keyhaven-v1-sync.json: vectors for the formats the sync clients added (vault
 * meta, the account keyring blob, a locally sealed secret), made with the keys of keyhaven-v1.json so
 * that file stays as it was generated. Run once, like scripts/generate-vectors.ts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { aad, encodeAccountKeyring, openVaultKeyring, seal, sealVaultMeta, toBase64url, unlockAccount, utf8 } from '../shared/index.js';

const v1 = JSON.parse(readFileSync(new URL('../tests/vectors/keyhaven-v1.json', import.meta.url), 'utf8'));
const { accountKey, accountId } = await unlockAccount(v1.password, v1.account.record);
const keyring = await openVaultKeyring(v1.vault.record, accountKey);
const meta = { name: 'Personal' };
const token = 'example-session-token-not-a-real-one-000000';
const vectors = {
  description: 'KeyHaven v1 sync-client formats (docs/crypto.md §16), sealed with the keys of keyhaven-v1.json. Generated once by scripts/generate-sync-vectors.ts.',
  vaultMeta: { vaultId: keyring.vaultId, blob: await sealVaultMeta(meta, keyring), expected: { meta, aad: aad.vaultMeta(keyring.vaultId, 1) } },
  accountKeyringBlob: { blob: encodeAccountKeyring(v1.account.record, { publicSpki: v1.identity.publicSpki, wrappedPrivateKey: v1.identity.wrappedPrivateKey }) },
  localSecret: {
    accountId,
    name: 'session-token',
    sealed: toBase64url(await seal(accountKey, utf8(token), aad.localSecret(accountId, 'session-token'))),
    expected: { value: token, aad: aad.localSecret(accountId, 'session-token') },
  },
};
writeFileSync(new URL('../tests/vectors/keyhaven-v1-sync.json', import.meta.url), JSON.stringify(vectors, null, 2) + '\n');
console.log('wrote tests/vectors/keyhaven-v1-sync.json');
