/**
 * Writes tests/vectors/keyhaven-v2-tokens.json: access tokens (docs/crypto.md §25), made with the keys of
 * keyhaven-v1.json (its vault id and vault key, its item and that item's DEK) and the identity signing
 * key of keyhaven-v2.json (opened with the v1 account key). Two tokens with fixed secrets: a vault-wide
 * one, given the v1 vault key (version 1), and a narrowed one whose scope holds the v1 item, given that
 * item's DEK. The v1 vectors carry no server revision for the item: its grant is for revision 1. Also
 * texts a parser must refuse, and a small table for the scope rule. ECDSA signatures and GCM nonces are
 * random, so the file records what was sealed and signed; readers open and verify, they do not re-seal.
 * Run once; never regenerate to make a test pass.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import {
  aad,
  canonicalBytes,
  credentialHash,
  deriveTokenSecrets,
  extractableDek,
  formatToken,
  fromHex,
  fromUtf8,
  HKDF_INFO,
  importTokenKey,
  openSigningIdentity,
  openVaultKeyring,
  sealDescriptor,
  sealView,
  signDescriptor,
  toBase64url,
  toHex,
  unlockAccount,
  unwrapVaultKey,
  utf8,
  viewOf,
  wrapDekForToken,
  wrapVaultKeyForToken,
  type ItemEnvelope,
  type TokenScope,
} from '../shared/index.js';
import { crc32 } from '../shared/detect/checksum.js';

const file = new URL('../tests/vectors/keyhaven-v2-tokens.json', import.meta.url);
if (existsSync(file)) throw new Error('the vectors are there already; never regenerate to make a test pass');
const v1 = JSON.parse(readFileSync(new URL('../tests/vectors/keyhaven-v1.json', import.meta.url), 'utf8'));
const v2 = JSON.parse(readFileSync(new URL('../tests/vectors/keyhaven-v2.json', import.meta.url), 'utf8'));
const { accountKey, accountId } = await unlockAccount(v1.password, v1.account.record);
const identity = await openSigningIdentity(v2.signing.record, accountKey, accountId);
const keyring = await openVaultKeyring(v1.vault.record, accountKey);
const vaultId: string = v1.vault.record.vaultId;
const entry = v1.vault.record.keys.find((k: { version: number }) => k.version === 1);
const item = { itemId: v1.item.itemId as string, envelope: v1.item.envelope as ItemEnvelope };
const REVISION = 1;

// §25 text, written out here only to build refused texts the formatter cannot make (a bad prefix, an out-of-range body).
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const base62 = (n: bigint, width: number) => {
  let out = '';
  for (; n > 0n; n /= 62n) out = ALPHABET[Number(n % 62n)] + out;
  return out.padStart(width, '0');
};
const withCheck = (body: string) => body + base62(BigInt(crc32(utf8(body))), 6);

async function token(spec: { id: string; secretHex: string; name: string; scope: TokenScope; expiresAt: number | null; allowedIps: string[]; createdAt: number }) {
  const secret = fromHex(spec.secretHex);
  const text = formatToken(secret);
  const { credential, keyBytes } = await deriveTokenSecrets(secret);
  const tokenKey = await importTokenKey(keyBytes);
  const descriptor = await signDescriptor(
    { v: 2, kind: 'access-token', vault: vaultId, id: spec.id, name: spec.name, readOnly: true, scope: spec.scope, expiresAt: spec.expiresAt, allowedIps: spec.allowedIps, createdAt: spec.createdAt, by: accountId, key: toBase64url(keyBytes) },
    identity.signingKey,
  );
  const { sig: _sig, ...unsigned } = descriptor;
  const view = viewOf(descriptor);
  return {
    tokenKey,
    vector: {
      id: spec.id,
      secretHex: spec.secretHex,
      text,
      expected: { credential, credentialHash: await credentialHash(credential), tokenKeyHex: toHex(keyBytes) },
      description: {
        kv: keyring.current,
        blob: await sealDescriptor(descriptor, keyring),
        aad: aad.accessToken(vaultId, spec.id, keyring.current),
        expected: { descriptor, signedJcs: fromUtf8(canonicalBytes(unsigned)) },
      },
      view: { blob: await sealView(view, tokenKey), aad: aad.tokenView(vaultId, spec.id), expected: view },
    },
  };
}

const vaultWide = await token({
  id: '5a0b7c1d-2e3f-4a5b-8c6d-7e8f9a0b1c2d',
  // A secret below 2^248, so its text starts with a padding '0'.
  secretHex: '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f',
  name: 'Deploy server (whole vault)',
  scope: { items: null, tags: null, environment: null },
  expiresAt: null,
  allowedIps: [],
  createdAt: Date.parse('2026-12-10T09:00:00Z'),
});
const narrowed = await token({
  id: '6b1c8d2e-3f40-4b6c-9d7e-8f9a0b1c2d3e',
  secretHex: 'fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0efeeedecebeae9e8e7e6e5e4e3e2e1e0',
  name: 'CI billing tests',
  // Holds the v1 item: it has the tag "billing" and the environment "test".
  scope: { items: null, tags: ['billing', 'ci'], environment: 'test' },
  expiresAt: Date.parse('2027-12-31T00:00:00Z'),
  allowedIps: ['203.0.113.0/24', '2001:db8::/32'],
  createdAt: Date.parse('2026-12-10T09:05:00Z'),
});

const ref = (t: { vector: { id: string } }) => ({ vaultId, tokenId: t.vector.id });
const vaultKey = await unwrapVaultKey(entry, accountKey, vaultId, true);
const dek = await extractableDek(item.envelope, { vaultId, itemId: item.itemId }, keyring);

const good = vaultWide.vector.text;
const body = good.slice(0, -6);
const swapped = body.slice(0, 20) + (body[20] === 'A' ? 'B' : 'A') + body.slice(21);
const refused = [
  { reason: 'a changed character (the checksum fails)', text: swapped + good.slice(-6) },
  { reason: 'a cut token (51 characters)', text: good.slice(0, -1) },
  { reason: 'a token with a character joined to it (53 characters)', text: good + 'x' },
  { reason: 'another prefix, with a checksum that matches its own body', text: withCheck('KH_' + body.slice(3)) },
  { reason: 'a character outside base62, with a matching checksum', text: withCheck(body.slice(0, 20) + '-' + body.slice(21)) },
  { reason: 'a body of 2^256 (out of range), with a matching checksum', text: withCheck('kh_' + base62(1n << 256n, 43)) },
  { reason: 'the largest body, 62^43 - 1, with a matching checksum', text: withCheck('kh_' + 'z'.repeat(43)) },
  { reason: 'a narrowed token’s body with the vault-wide token’s checksum', text: narrowed.vector.text.slice(0, -6) + good.slice(-6) },
];

const v1Payload = v1.item.expected.payload;
const vectors = {
  description:
    'KeyHaven access tokens (docs/crypto.md §25), made with the keys of keyhaven-v1.json (vault id and vault key, the item and its DEK) and the identity signing key of keyhaven-v2.json. The v1 vectors name no server revision for the item: its grant is for revision 1. Generated once by scripts/generate-token-vectors.ts; never regenerate to make a test pass.',
  vaultId,
  hkdfInfo: { credential: HKDF_INFO.tokenCredential, key: HKDF_INFO.tokenKey },
  signer: { accountId, publicSpki: v2.signing.expected.publicSpki as string },
  vaultKey: { version: 1, expected: { vaultKeyHex: v1.vault.expected.vaultKeyHex as string } },
  item: { itemId: item.itemId, revision: REVISION, envelope: item.envelope, expected: { dekHex: v1.item.expected.dekHex as string, payload: v1Payload } },
  vaultWide: {
    ...vaultWide.vector,
    mode: 'vault',
    vaultKey: {
      keyVersion: 1,
      blob: await wrapVaultKeyForToken(vaultKey, 1, ref(vaultWide), vaultWide.tokenKey),
      aad: aad.tokenVaultKey(vaultId, vaultWide.vector.id, 1),
      expected: { vaultKeyHex: v1.vault.expected.vaultKeyHex as string },
    },
  },
  narrowed: {
    ...narrowed.vector,
    mode: 'items',
    grant: {
      itemId: item.itemId,
      revision: REVISION,
      blob: await wrapDekForToken(dek, item.itemId, REVISION, ref(narrowed), narrowed.tokenKey),
      aad: aad.tokenDek(vaultId, narrowed.vector.id, item.itemId, REVISION),
      expected: { dekHex: v1.item.expected.dekHex as string, inScope: true },
    },
  },
  // §25's rule: an item is in scope when it passes every filter that is not null.
  scopeRule: [
    { scope: narrowed.vector.view.expected.scope, itemId: item.itemId, tags: v1Payload.tags, environment: v1Payload.environment, inScope: true },
    { scope: narrowed.vector.view.expected.scope, itemId: item.itemId, tags: ['ci'], environment: 'production', inScope: false },
    { scope: narrowed.vector.view.expected.scope, itemId: item.itemId, tags: [], environment: 'test', inScope: false },
    { scope: { items: [item.itemId], tags: null, environment: null }, itemId: item.itemId, tags: [], environment: '', inScope: true },
    { scope: { items: ['7c2d9e3f-4051-4c7d-8e9f-a0b1c2d3e4f5'], tags: null, environment: null }, itemId: item.itemId, tags: ['billing'], environment: 'test', inScope: false },
    { scope: { items: null, tags: null, environment: 'test' }, itemId: item.itemId, tags: [], environment: 'test', inScope: true },
  ],
  // What a parser must take: the vault-wide token's text inside surrounding whitespace.
  accepted: [{ text: `  ${good}\n`, secretHex: vaultWide.vector.secretHex }],
  refused,
};
writeFileSync(file, JSON.stringify(vectors, null, 2) + '\n');
console.log('wrote tests/vectors/keyhaven-v2-tokens.json');
