/**
 * The access-token vectors (tests/vectors/keyhaven-v2-tokens.json, docs/crypto.md §25), made once with
 * the keys of keyhaven-v1.json and the identity signing key of keyhaven-v2.json: each token's text parses
 * to its secret and derives its credential and key; both members' copies open under the v1 vault key and
 * verify as the account's (and nothing else's); the views open with the token keys; the vault key copy
 * and the DEK grant open and read the v1 item; every text listed as refused is refused.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  aad,
  canonicalBytes,
  credentialHash,
  CryptoError,
  deriveTokenSecrets,
  formatToken,
  fromBase64url,
  fromHex,
  fromUtf8,
  HKDF_INFO,
  importIdentityVerifyKey,
  importTokenKey,
  inScope,
  itemEnvelopeSchema,
  modeOf,
  open,
  openDescriptor,
  openItem,
  openItemWithDek,
  openVaultKeyring,
  openView,
  parseToken,
  seal,
  sealDescriptor,
  signDescriptor,
  signedBytes,
  toBase64url,
  toHex,
  unlockAccount,
  unwrapDekForToken,
  unwrapVaultKeyForToken,
  verifyRecord,
  VaultKeyring,
  type IdentitySigningKey,
  type IdentityVerifyKey,
  type TokenAdminKey,
  type TokenDescriptor,
  type TokenScope,
} from '../../shared/index.js';
import { P256_ECDSA } from '../../shared/crypto/keys.js';
import v1 from '../vectors/keyhaven-v1.json';
import v2 from '../vectors/keyhaven-v2.json';
import vectors from '../vectors/keyhaven-v2-tokens.json';

const { vaultId, item } = vectors;
const tokens = { vaultWide: vectors.vaultWide, narrowed: vectors.narrowed };
const both = Object.values(tokens);
const refOf = (t: { id: string }) => ({ vaultId, tokenId: t.id });
// JSON imports widen literals (`kind: string`); the file holds exactly what signDescriptor returned.
const descriptorOf = (t: (typeof both)[number]) => t.description.expected.descriptor as TokenDescriptor;
const tokenKeyOf = (t: (typeof both)[number]) => importTokenKey(fromHex(t.expected.tokenKeyHex));

async function failure(promise: Promise<unknown>): Promise<CryptoError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CryptoError);
  return error as CryptoError;
}

let keyring: VaultKeyring;
let verifyKey: IdentityVerifyKey;
let adminKey: TokenAdminKey;
let stranger: CryptoKeyPair;

beforeAll(async () => {
  const { accountKey } = await unlockAccount(v1.password, v1.account.record);
  keyring = await openVaultKeyring(v1.vault.record, accountKey);
  verifyKey = await importIdentityVerifyKey(fromBase64url(vectors.signer.publicSpki));
  adminKey = async (accountId) => (accountId === vectors.signer.accountId ? verifyKey : null);
  stranger = await crypto.subtle.generateKey(P256_ECDSA, false, ['sign', 'verify']);
});

describe('KeyHaven access-token vectors: the text and its halves', () => {
  it('are made with the v1 vault and the v2 identity signing key', () => {
    expect(vaultId).toBe(v1.vault.record.vaultId);
    expect(item.itemId).toBe(v1.item.itemId);
    expect(item.envelope).toEqual(v1.item.envelope);
    expect(vectors.signer).toEqual({ accountId: v1.account.record.accountId, publicSpki: v2.signing.expected.publicSpki });
    expect(vectors.hkdfInfo).toEqual({ credential: HKDF_INFO.tokenCredential, key: HKDF_INFO.tokenKey });
    expect(vectors.hkdfInfo).toEqual({ credential: 'keyhaven:v2:token:credential', key: 'keyhaven:v2:token:key' });
  });

  it('parses each text to its secret, and formats the secret back to the text', () => {
    for (const t of both) {
      expect(t.text).toHaveLength(52);
      expect(toHex(parseToken(t.text))).toBe(t.secretHex);
      expect(formatToken(fromHex(t.secretHex))).toBe(t.text);
    }
    expect(tokens.vaultWide.text.startsWith('kh_00')).toBe(true); // the base62 part is left-padded
    for (const a of vectors.accepted) expect(toHex(parseToken(a.text))).toBe(a.secretHex);
  });

  it('derives the credential, its stored hash and the token key', async () => {
    for (const t of both) {
      const { credential, keyBytes } = await deriveTokenSecrets(fromHex(t.secretHex));
      expect(credential).toBe(t.expected.credential);
      expect(toHex(keyBytes)).toBe(t.expected.tokenKeyHex);
      expect(await credentialHash(credential)).toBe(t.expected.credentialHash);
      expect(descriptorOf(t).key).toBe(toBase64url(keyBytes));
    }
    expect(tokens.vaultWide.expected.tokenKeyHex).not.toBe(tokens.narrowed.expected.tokenKeyHex);
  });

  it('refuses every listed text with bad-format, never repeating it', () => {
    expect(vectors.refused.length).toBeGreaterThanOrEqual(4);
    for (const { reason, text } of vectors.refused) {
      let error: unknown = null;
      try {
        parseToken(text);
      } catch (e) {
        error = e;
      }
      expect(error, reason).toBeInstanceOf(CryptoError);
      expect((error as CryptoError).code, reason).toBe('bad-format');
      expect((error as CryptoError).message, reason).not.toContain(text.trim().slice(3, -6));
    }
  });
});

describe('KeyHaven access-token vectors: the descriptions', () => {
  it('builds the recorded AAD strings', () => {
    for (const t of both) {
      expect(aad.accessToken(vaultId, t.id, t.description.kv)).toBe(t.description.aad);
      expect(aad.tokenView(vaultId, t.id)).toBe(t.view.aad);
    }
    expect(aad.tokenVaultKey(vaultId, tokens.vaultWide.id, tokens.vaultWide.vaultKey.keyVersion)).toBe(tokens.vaultWide.vaultKey.aad);
    const g = tokens.narrowed.grant;
    expect(aad.tokenDek(vaultId, tokens.narrowed.id, g.itemId, g.revision)).toBe(g.aad);
    expect(g.aad).toBe(`keyhaven:v2:token-dek:${vaultId}:${tokens.narrowed.id}:${item.itemId}:1`);
  });

  it('seals each members’ copy under the v1 vault key, signed by the account over the JCS without sig', async () => {
    for (const t of both) {
      const sealed = JSON.parse(t.description.blob) as { v: number; kv: number; data: string };
      expect(sealed.v).toBe(2);
      expect(sealed.kv).toBe(t.description.kv);
      const plain = await open(keyring.get(sealed.kv), fromBase64url(sealed.data), aad.accessToken(vaultId, t.id, sealed.kv));
      expect(JSON.parse(fromUtf8(plain))).toEqual(t.description.expected.descriptor);
      expect(fromUtf8(signedBytes(t.description.expected.descriptor))).toBe(t.description.expected.signedJcs);
      expect(await verifyRecord(descriptorOf(t), verifyKey)).toBe(true);
      const renamed: TokenDescriptor = { ...descriptorOf(t), name: 'renamed' };
      expect(await verifyRecord(renamed, verifyKey)).toBe(false);
    }
  });

  it('opens each members’ copy with openDescriptor, the v1 vault key current and the account as admin', async () => {
    for (const t of both) {
      expect(await openDescriptor(t.description.blob, refOf(t), keyring, adminKey)).toEqual(t.description.expected.descriptor);
    }
  });

  it('refuses a members’ copy when its signer is not the admin the vault names', async () => {
    const t = tokens.narrowed;
    const strangerKey: TokenAdminKey = async () => stranger.publicKey as IdentityVerifyKey;
    const nobody: TokenAdminKey = async () => null;
    for (const key of [strangerKey, nobody]) {
      const error = await failure(openDescriptor(t.description.blob, refOf(t), keyring, key));
      expect(error.code).toBe('tampered');
      expect(error.message).toMatch(/not signed by an admin/);
    }
    // A stranger who holds the vault key signs a description naming the account as its maker.
    const { sig: _sig, ...unsigned } = descriptorOf(t);
    const forged = await signDescriptor(unsigned, stranger.privateKey as IdentitySigningKey);
    const error = await failure(openDescriptor(await sealDescriptor(forged, keyring), refOf(t), keyring, adminKey));
    expect(error.code).toBe('tampered');
    expect(error.message).toMatch(/not signed by an admin/);
  });

  it('refuses a members’ copy under another key version, or opened in another context', async () => {
    const t = tokens.vaultWide;
    const v1Key = keyring.get(1);
    // The vault has moved on to version 2 (here the same key material, so only the version differs).
    const rotated = new VaultKeyring(vaultId, 2, new Map([[1, v1Key], [2, v1Key]]));
    expect((await failure(openDescriptor(t.description.blob, refOf(t), rotated, adminKey))).code).toBe('unknown-key-version');
    // The same blob relabelled kv 2: its AAD still names version 1.
    const relabelled = JSON.stringify({ ...JSON.parse(t.description.blob), kv: 2 });
    expect((await failure(openDescriptor(relabelled, refOf(t), rotated, adminKey))).code).toBe('tampered');
    // Sealed under version 2, read by a client whose current version is 1.
    const underV2 = await sealDescriptor(descriptorOf(t), rotated);
    expect(JSON.parse(underV2).kv).toBe(2);
    expect((await failure(openDescriptor(underV2, refOf(t), keyring, adminKey))).code).toBe('unknown-key-version');
    // Another token's, another vault's, or the view's context.
    expect((await failure(openDescriptor(t.description.blob, refOf(tokens.narrowed), keyring, adminKey))).code).toBe('tampered');
    expect((await failure(openDescriptor(t.description.blob, { vaultId: 'b2f3d4e5-6a71-4b8c-9d0e-1f2a3b4c5d6e', tokenId: t.id }, keyring, adminKey))).code).toBe('tampered');
    const wrongContext = toBase64url(await seal(v1Key, canonicalBytes(t.description.expected.descriptor), aad.tokenView(vaultId, t.id)));
    expect((await failure(openDescriptor(JSON.stringify({ v: 2, kv: 1, data: wrongContext }), refOf(t), keyring, adminKey))).code).toBe('tampered');
  });

  it('opens each view with its token key, and with no other', async () => {
    for (const t of both) {
      const view = await openView(t.view.blob, refOf(t), await tokenKeyOf(t));
      expect(view).toEqual(t.view.expected);
      const { key: _key, sig: _sig, ...rest } = t.description.expected.descriptor;
      expect(view).toEqual(rest);
      expect(modeOf(view.scope)).toBe(t.mode);
    }
    const other = await tokenKeyOf(tokens.narrowed);
    expect((await failure(openView(tokens.vaultWide.view.blob, refOf(tokens.vaultWide), other))).code).toBe('tampered');
    const own = await tokenKeyOf(tokens.vaultWide);
    expect((await failure(openView(tokens.vaultWide.view.blob, refOf(tokens.narrowed), own))).code).toBe('tampered');
  });
});

describe('KeyHaven access-token vectors: what each token opens', () => {
  it('the vault-wide token opens its copy of the v1 vault key, which opens the v1 item', async () => {
    const t = tokens.vaultWide;
    const tokenKey = await tokenKeyOf(t);
    const raw = await open(tokenKey, fromBase64url(t.vaultKey.blob), aad.tokenVaultKey(vaultId, t.id, t.vaultKey.keyVersion));
    expect(toHex(raw)).toBe(t.vaultKey.expected.vaultKeyHex);
    expect(t.vaultKey.expected.vaultKeyHex).toBe(v1.vault.expected.vaultKeyHex);
    const vaultKey = await unwrapVaultKeyForToken(t.vaultKey.blob, t.vaultKey.keyVersion, refOf(t), tokenKey);
    const ring = new VaultKeyring(vaultId, t.vaultKey.keyVersion, new Map([[t.vaultKey.keyVersion, vaultKey]]));
    expect(await openItem(item.envelope, { vaultId, itemId: item.itemId }, ring)).toEqual(item.expected.payload);
    // Bound to its version, its token and the token's key.
    expect((await failure(unwrapVaultKeyForToken(t.vaultKey.blob, 2, refOf(t), tokenKey))).code).toBe('tampered');
    expect((await failure(unwrapVaultKeyForToken(t.vaultKey.blob, 1, refOf(tokens.narrowed), tokenKey))).code).toBe('tampered');
    expect((await failure(unwrapVaultKeyForToken(t.vaultKey.blob, 1, refOf(t), await tokenKeyOf(tokens.narrowed)))).code).toBe('tampered');
  });

  it('the narrowed token opens its grant, the DEK of exactly that revision of the v1 item', async () => {
    const t = tokens.narrowed;
    const g = t.grant;
    const tokenKey = await tokenKeyOf(t);
    expect(g.itemId).toBe(item.itemId);
    expect(g.revision).toBe(item.revision);
    const raw = await open(tokenKey, fromBase64url(g.blob), aad.tokenDek(vaultId, t.id, g.itemId, g.revision));
    expect(toHex(raw)).toBe(g.expected.dekHex);
    expect(g.expected.dekHex).toBe(v1.item.expected.dekHex);
    const dek = await unwrapDekForToken(g.blob, g.itemId, g.revision, refOf(t), tokenKey);
    expect(await openItemWithDek(itemEnvelopeSchema.parse(item.envelope), { vaultId, itemId: item.itemId }, dek)).toEqual(item.expected.payload);
    expect(inScope(descriptorOf(t).scope, item.itemId, item.expected.payload)).toBe(g.expected.inScope);
    // Another revision, another item, another token, another key: each refused.
    expect((await failure(unwrapDekForToken(g.blob, g.itemId, g.revision + 1, refOf(t), tokenKey))).code).toBe('tampered');
    expect((await failure(unwrapDekForToken(g.blob, 'w7a1b2c3-d4e5-4f60-8a9b-0c1d2e3f4a5b', g.revision, refOf(t), tokenKey))).code).toBe('tampered');
    expect((await failure(unwrapDekForToken(g.blob, g.itemId, g.revision, refOf(tokens.vaultWide), tokenKey))).code).toBe('tampered');
    expect((await failure(unwrapDekForToken(g.blob, g.itemId, g.revision, refOf(t), await tokenKeyOf(tokens.vaultWide)))).code).toBe('tampered');
  });

  it('applies the scope rule as recorded', () => {
    expect(vectors.scopeRule.some((r) => r.inScope) && vectors.scopeRule.some((r) => !r.inScope)).toBe(true);
    for (const r of vectors.scopeRule) {
      expect(inScope(r.scope as TokenScope, r.itemId, { tags: r.tags, environment: r.environment }), JSON.stringify(r)).toBe(r.inScope);
    }
  });
});
