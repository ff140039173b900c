/**
 * The account key record: the KDF parameters, a password verifier and the account key wrapped under
 * the password-derived KEK. It is the only thing a password change or a KDF upgrade rewrites; vault
 * keys, the identity key and items stay as they are (DESIGN §5).
 */
import { z } from 'zod';
import { CryptoError } from '../errors.js';
import { constantTimeEqual, fromBase64url, toBase64url } from '../encoding.js';
import { aad } from '../crypto/aad.js';
import { checkKdfParams, derivePasswordKeys, kdfParamsSchema, newKdfParams, type PasswordKeys } from '../crypto/kdf.js';
import { AES_GCM_KEY, type AccountKey } from '../crypto/keys.js';
import { newId } from '../crypto/random.js';
import { ACCOUNT_KEY_USAGES } from '../crypto/usages.js';
import { generateAesKey, unwrapAesKey, wrapAesKey } from '../crypto/wrap.js';
import { parseOrThrow } from '../util/parse.js';

export const accountKeyRecordSchema = z.strictObject({
  v: z.literal(1),
  accountId: z.string().min(1).max(200),
  kdf: kdfParamsSchema,
  verifier: z.string(),
  keyVersion: z.number().int().positive(),
  wrappedKey: z.string(),
  /** Older account key versions, each wrapped under this one (after a rotation; docs/crypto.md §5, §24). */
  previous: z.array(z.strictObject({ keyVersion: z.number().int().positive(), wrappedKey: z.string().max(200) })).max(100).optional(),
});
export type AccountKeyRecord = z.infer<typeof accountKeyRecordSchema>;

export interface UnlockedAccount {
  accountId: string;
  accountKey: AccountKey;
  /** Sent to the server at login; never stored by the client. */
  authKey: Uint8Array<ArrayBuffer>;
  /** Older account key versions by version, for data not yet re-wrapped under the current one. */
  olderKeys: ReadonlyMap<number, AccountKey>;
}

/** The record for `accountKey` under the password's KEK; older versions (already wrapped under it) ride along. */
export async function sealAccountKey(
  accountKey: CryptoKey,
  keys: PasswordKeys,
  base: Pick<AccountKeyRecord, 'accountId' | 'keyVersion' | 'kdf' | 'previous'>,
): Promise<AccountKeyRecord> {
  const { previous, ...rest } = base;
  const wrapped = await wrapAesKey(accountKey, keys.kek, aad.accountKey(base.accountId, base.keyVersion));
  return { v: 1, ...rest, verifier: toBase64url(keys.verifier), wrappedKey: toBase64url(wrapped), ...(previous?.length ? { previous } : {}) };
}

export async function createAccount(
  password: string,
  options: { iterations?: number; accountId?: string } = {},
): Promise<{ record: AccountKeyRecord; unlocked: UnlockedAccount }> {
  const kdf = newKdfParams(options.iterations);
  const keys = await derivePasswordKeys(password, kdf);
  const accountKey = await generateAesKey([...ACCOUNT_KEY_USAGES]);
  const record = await sealAccountKey(accountKey, keys, { accountId: options.accountId ?? newId(), keyVersion: 1, kdf });
  // Re-open through the normal path so the key kept in memory is the non-extractable one.
  return { record, unlocked: await openWithKeys(record, keys, false) };
}

/** The password's keys for this record, after its verifier says the password is the right one. */
export async function passwordKeysFor(password: string, record: AccountKeyRecord): Promise<PasswordKeys> {
  const keys = await derivePasswordKeys(password, checkKdfParams(record.kdf));
  if (!constantTimeEqual(keys.verifier, fromBase64url(record.verifier))) {
    throw new CryptoError('wrong-password', 'wrong password for this account');
  }
  return keys;
}

export async function openWithKeys(record: AccountKeyRecord, keys: PasswordKeys, extractable: boolean): Promise<UnlockedAccount> {
  const accountKey = (await unwrapAesKey(
    fromBase64url(record.wrappedKey),
    keys.kek,
    aad.accountKey(record.accountId, record.keyVersion),
    [...ACCOUNT_KEY_USAGES],
    extractable,
  )) as AccountKey;
  return { accountId: record.accountId, accountKey, authKey: keys.authKey, olderKeys: await openOlderKeys(record, accountKey, extractable) };
}

/** The record's older account key versions, opened with its current key (a tampered one refuses the record). */
export async function openOlderKeys(record: AccountKeyRecord, accountKey: AccountKey, extractable = false): Promise<Map<number, AccountKey>> {
  const older = new Map<number, AccountKey>();
  for (const p of record.previous ?? []) {
    if (p.keyVersion >= record.keyVersion || older.has(p.keyVersion)) throw new CryptoError('bad-format', 'an older account key version that is not older, or appears twice');
    const key = await unwrapAesKey(fromBase64url(p.wrappedKey), accountKey, aad.previousAccountKey(record.accountId, p.keyVersion), [...ACCOUNT_KEY_USAGES], extractable);
    older.set(p.keyVersion, key as AccountKey);
  }
  return older;
}

/** Password → unlocked account key. Wrong password and tampered record are told apart (verifier first). */
export async function unlockAccount(password: string, input: unknown): Promise<UnlockedAccount> {
  const record = parseOrThrow(accountKeyRecordSchema, input, 'account key record');
  return openWithKeys(record, await passwordKeysFor(password, record), false);
}

/**
 * The account key as a browser worker keeps it between restarts (DESIGN §3, docs/crypto.md §18): its raw
 * bytes go into memory-only session storage, and the key used for work is a non-extractable copy.
 */
export type SessionAccount = Pick<UnlockedAccount, 'accountId' | 'accountKey'>;

/** Unlocks and also returns the account key's raw bytes, for memory-only session storage only. */
export async function unlockAccountForSession(
  password: string,
  input: unknown,
): Promise<{ unlocked: UnlockedAccount; sessionKey: Uint8Array<ArrayBuffer> }> {
  const record = parseOrThrow(accountKeyRecordSchema, input, 'account key record');
  const keys = await passwordKeysFor(password, record);
  const exportable = await openWithKeys(record, keys, true);
  const sessionKey = new Uint8Array(await crypto.subtle.exportKey('raw', exportable.accountKey));
  return { unlocked: await openWithKeys(record, keys, false), sessionKey };
}

/**
 * Rebuilds the unlocked account from the bytes `unlockAccountForSession` gave out. Wrong bytes are not
 * detected here: the first vault keyring they fail to open says so (AES-GCM authenticates).
 */
export async function resumeAccount(input: unknown, sessionKey: Uint8Array<ArrayBuffer>): Promise<SessionAccount> {
  const record = parseOrThrow(accountKeyRecordSchema, input, 'account key record');
  if (sessionKey.length !== 32) throw new CryptoError('invalid-argument', 'a session account key is 32 bytes');
  const accountKey = (await crypto.subtle.importKey('raw', sessionKey, AES_GCM_KEY, false, [...ACCOUNT_KEY_USAGES])) as AccountKey;
  return { accountId: record.accountId, accountKey };
}

/**
 * Re-wraps the same account key under a new password and/or new KDF parameters (fresh salt every
 * time). Raising the iterations is this call with the same password twice.
 */
export async function changePassword(
  input: unknown,
  oldPassword: string,
  newPassword: string,
  options: { iterations?: number } = {},
): Promise<{ record: AccountKeyRecord; authKey: Uint8Array<ArrayBuffer> }> {
  const record = parseOrThrow(accountKeyRecordSchema, input, 'account key record');
  const current = await openWithKeys(record, await passwordKeysFor(oldPassword, record), true);
  const kdf = newKdfParams(options.iterations ?? record.kdf.iterations);
  const keys = await derivePasswordKeys(newPassword, kdf);
  const next = await sealAccountKey(current.accountKey, keys, { accountId: record.accountId, keyVersion: record.keyVersion, kdf, previous: record.previous });
  return { record: next, authKey: keys.authKey };
}
