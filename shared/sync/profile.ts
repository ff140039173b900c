/**
 * The client's own formats inside the server's opaque blobs (docs/crypto.md §16, §20):
 * - the account keyring blob: the account key record, the wrapped identity key and (v2) the wrapped
 *   identity signing key;
 * - a vault's meta: its name, sealed under the vault key;
 * - a member's wrapped vault key, one per key version: a keyring entry (wrapped under the account key).
 */
import { z } from 'zod';
import { aad } from '../crypto/aad.js';
import { open, seal } from '../crypto/aead.js';
import { fromBase64url, fromUtf8, toBase64url, utf8 } from '../encoding.js';
import { parseOrThrow } from '../util/parse.js';
import { accountKeyRecordSchema, type AccountKeyRecord } from '../vault/account.js';
import type { VaultKeyEntry, VaultKeyring } from '../vault/keyring.js';
import type { AccountKey } from '../crypto/keys.js';
import { signingIdentityRecordSchema, type SigningIdentityRecord } from '../crypto/signing-identity.js';

const identityRecordSchema = z.strictObject({ publicSpki: z.string(), wrappedPrivateKey: z.string() });

/** v1: the account key record and the identity (ECDH) key; v2 adds the identity signing key (§20). */
export const accountKeyringBlobSchema = z.discriminatedUnion('v', [
  z.strictObject({ v: z.literal(1), account: accountKeyRecordSchema, identity: identityRecordSchema }),
  z.strictObject({ v: z.literal(2), account: accountKeyRecordSchema, identity: identityRecordSchema, signing: signingIdentityRecordSchema }),
]);
export type AccountKeyringBlob = z.infer<typeof accountKeyringBlobSchema>;

export function encodeAccountKeyring(account: AccountKeyRecord, identity: { publicSpki: string; wrappedPrivateKey: string }, signing?: SigningIdentityRecord): string {
  const blob: AccountKeyringBlob = signing ? { v: 2, account, identity, signing } : { v: 1, account, identity };
  return JSON.stringify(blob);
}

export function decodeAccountKeyring(blob: string): AccountKeyringBlob {
  return parseOrThrow(accountKeyringBlobSchema, safeJson(blob), 'account keyring blob');
}

const vaultMetaEnvelopeSchema = z.strictObject({ v: z.literal(1), kv: z.number().int().positive(), data: z.string() });
export const vaultMetaSchema = z.looseObject({
  name: z.string().trim().min(1).max(100),
  /** Days between scheduled vault-key rotations; null: never; absent: the default (90). */
  keyRotationDays: z.number().int().min(1).max(3_650).nullable().optional(),
});
export type VaultMeta = z.infer<typeof vaultMetaSchema>;

/** The meta a client writes for a vault it knows: every field it keeps, so a rename does not drop the schedule. */
export function vaultMetaOf(vault: { name: string; keyRotationDays?: number | null }): VaultMeta {
  return { name: vault.name, ...(vault.keyRotationDays !== undefined ? { keyRotationDays: vault.keyRotationDays } : {}) };
}

export async function sealVaultMeta(meta: VaultMeta, keyring: VaultKeyring): Promise<string> {
  const data = await seal(keyring.currentKey(), utf8(JSON.stringify(meta)), aad.vaultMeta(keyring.vaultId, keyring.current));
  return JSON.stringify({ v: 1, kv: keyring.current, data: toBase64url(data) });
}

export async function openVaultMeta(blob: string, keyring: VaultKeyring): Promise<VaultMeta> {
  const envelope = parseOrThrow(vaultMetaEnvelopeSchema, safeJson(blob), 'vault meta');
  const plaintext = await open(keyring.get(envelope.kv), fromBase64url(envelope.data), aad.vaultMeta(keyring.vaultId, envelope.kv));
  return parseOrThrow(vaultMetaSchema, safeJson(fromUtf8(plaintext)), 'vault meta');
}

export const encodeVaultKeyEntry = (entry: VaultKeyEntry): string => JSON.stringify(entry);

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The session token as a client keeps it at rest (CLI home, extension IndexedDB): sealed under the
 * account key, so the stored copy is useless without the password.
 */
export async function sealSessionToken(account: { accountId: string; accountKey: AccountKey }, token: string): Promise<string> {
  return toBase64url(await seal(account.accountKey, utf8(token), aad.localSecret(account.accountId, SESSION_TOKEN)));
}

export async function openSessionToken(account: { accountId: string; accountKey: AccountKey }, sealed: string): Promise<string> {
  return fromUtf8(await open(account.accountKey, fromBase64url(sealed), aad.localSecret(account.accountId, SESSION_TOKEN)));
}

const SESSION_TOKEN = 'session-token';
