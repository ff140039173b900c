/**
 * Every decoder of what comes from the server, the disk or a file, fed generated junk and near-misses of
 * real records (the v1/v2 known-answer files, with one field replaced, dropped, cut or flipped): each
 * one answers with a typed error (CryptoError, VaultError or SyncError) or a result, never another
 * exception, and never a crash. A TypeError here is a decoder trusting its input.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import v from '../../vectors/keyhaven-v1.json';
import sv from '../../vectors/keyhaven-v1-sync.json';
import tv from '../../vectors/keyhaven-v2-tokens.json';
import {
  CryptoError,
  decodeAccountKeyring,
  fromBase64url,
  fromHex,
  importIdentityVerifyKey,
  importPlaintext,
  importTokenKey,
  openBackup,
  openDescriptor,
  openView,
  openItem,
  openVaultKeyring,
  openVaultMeta,
  parseBlob,
  parseDotenv,
  parseToken,
  readEnvelope,
  readShareBlob,
  SyncError,
  unlockAccount,
  VaultError,
  verifyChain,
  type AccountKey,
  type VaultKeyring,
} from '../../../shared/index.js';
import { nearMisses } from '../../support/fuzz.js';

const typed = (error: unknown) => error instanceof CryptoError || error instanceof VaultError || error instanceof SyncError;

/** Runs `decode`; a throw must be one of the typed errors. */
async function decodes(decode: () => unknown): Promise<void> {
  try {
    await decode();
  } catch (error) {
    expect(typed(error), `an untyped ${String(error)}`).toBe(true);
  }
}

const junk = fc.oneof(fc.jsonValue(), fc.string(), fc.constantFrom(null, undefined, '', '{}', '[]', '{"v":1}', 'null', '\u0000'));

let accountKey: AccountKey;
let keyring: VaultKeyring;
beforeAll(async () => {
  ({ accountKey } = await unlockAccount(v.password, v.account.record));
  keyring = await openVaultKeyring(v.vault.record, accountKey);
});

describe('decoders answer junk and near-misses with a typed error', () => {
  it('item envelopes (object and text)', async () => {
    const ref = { vaultId: v.item.vaultId, itemId: v.item.itemId };
    await fc.assert(
      fc.asyncProperty(fc.oneof(junk, nearMisses(v.item.envelope)), async (input) => {
        await decodes(() => openItem(input, ref, keyring));
        await decodes(() => openItem(readEnvelope(typeof input === 'string' ? input : JSON.stringify(input ?? null)), ref, keyring));
      }),
      { numRuns: 300 },
    );
  });

  it('vault keyrings, vault meta and the account keyring blob', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(junk, nearMisses(v.vault.record)), (input) => decodes(() => openVaultKeyring(input, accountKey))), { numRuns: 200 });
    await fc.assert(fc.asyncProperty(fc.oneof(fc.string(), nearMisses(JSON.parse(sv.vaultMeta.blob)).map((m) => JSON.stringify(m))), (blob) => decodes(() => openVaultMeta(blob, keyring))), { numRuns: 200 });
    await fc.assert(fc.asyncProperty(fc.oneof(fc.string(), nearMisses(JSON.parse(sv.accountKeyringBlob.blob)).map((m) => JSON.stringify(m))), (blob) => decodes(() => decodeAccountKeyring(blob))), { numRuns: 200 });
  });

  it('sealed blobs and base64url text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 80 }), fc.string(), async (bytes, text) => {
        await decodes(() => parseBlob(bytes));
        await decodes(() => fromBase64url(text));
      }),
      { numRuns: 500 },
    );
  });

  it('audit chains: junk records are reported, never thrown', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(junk, nearMisses(v.audit.entries[1]!)), { maxLength: 4 }), async (elements) => {
        const report = await verifyChain(elements, { vaultId: v.audit.vaultId, devices: new Map() }).catch((error: unknown) => {
          expect(typed(error), `an untyped ${String(error)}`).toBe(true);
          return null;
        });
        if (report && elements.length > 0) expect(report.ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('team shares, access token texts and .env files', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), junk.map((j) => JSON.stringify(j ?? null))), async (text) => {
        await decodes(() => readShareBlob(text));
        await decodes(() => parseToken(text));
        const parsed = parseDotenv(text);
        expect(Array.isArray(parsed.entries) && Array.isArray(parsed.problems)).toBe(true);
      }),
      { numRuns: 500 },
    );
    for (const bad of tv.refused) await decodes(() => parseToken(bad.text));
  });

  it('access token descriptions (the members’ copy and the token’s own) and plaintext imports', async () => {
    const verifyKey = await importIdentityVerifyKey(fromBase64url(tv.signer.publicSpki));
    const adminKey = async (accountId: string) => (accountId === tv.signer.accountId ? verifyKey : null);
    const wide = tv.vaultWide;
    const ref = { vaultId: tv.vaultId, tokenId: wide.id };
    const tokenKey = await importTokenKey(fromHex(wide.expected.tokenKeyHex));
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), nearMisses(JSON.parse(wide.description.blob)).map((m) => JSON.stringify(m))), fc.string(), async (blob, text) => {
        await decodes(() => openDescriptor(blob, ref, keyring, adminKey));
        await decodes(() => openView(text, ref, tokenKey));
      }),
      { numRuns: 300 },
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), junk.map((j) => JSON.stringify(j ?? null))), fc.constantFrom('env', 'json', 'csv'), (text, format) =>
        decodes(() => importPlaintext(text, format as 'env' | 'json' | 'csv', { now: new Date() })),
      ),
      { numRuns: 500 },
    );
  });

  it('backup files (each near-miss that keeps its shape costs a full PBKDF2, so fewer runs)', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(junk, nearMisses(v.backup.file)), (file) => decodes(() => openBackup(v.password, file))), { numRuns: 25 });
  }, 120_000);
});
