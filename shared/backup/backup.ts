/**
 * The encrypted backup file: one JSON document that opens with the password alone, on any machine,
 * without the server or the account (docs/crypto.md §Backup).
 *
 *   { format: "keyhaven-backup", v: 1, id, createdAt, kdf, verifier, data }
 *   data = b64url(AEAD(HKDF(PBKDF2(password, kdf), "keyhaven:v1:backup"), JSON(content), aad.backup(id)))
 */
import { z } from 'zod';
import { CryptoError } from '../errors.js';
import { constantTimeEqual, fromBase64url, fromUtf8, toBase64url, utf8 } from '../encoding.js';
import { aad } from '../crypto/aad.js';
import { open, seal } from '../crypto/aead.js';
import { checkKdfParams, deriveBackupKeys, kdfParamsSchema, newKdfParams } from '../crypto/kdf.js';
import { newId } from '../crypto/random.js';
import { parseOrThrow } from '../util/parse.js';
import { itemPayloadSchema } from '../vault/item.js';

export const BACKUP_FORMAT = 'keyhaven-backup';

export const backupFileSchema = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  v: z.literal(1),
  id: z.string().min(1).max(200),
  createdAt: z.iso.datetime(),
  kdf: kdfParamsSchema,
  verifier: z.string(),
  data: z.string().min(1),
});
export type BackupFile = z.infer<typeof backupFileSchema>;

export const backupContentSchema = z.strictObject({
  v: z.literal(1),
  vaults: z.array(
    z.strictObject({
      id: z.string().min(1).max(200),
      name: z.string().max(200),
      items: z.array(z.strictObject({ id: z.string().min(1).max(200), payload: itemPayloadSchema })),
    }),
  ),
});
export type BackupContent = z.infer<typeof backupContentSchema>;

export async function createBackup(
  password: string,
  content: BackupContent,
  options: { iterations?: number; now?: Date } = {},
): Promise<BackupFile> {
  const body = parseOrThrow(backupContentSchema, content, 'backup content');
  const kdf = newKdfParams(options.iterations);
  const { key, verifier } = await deriveBackupKeys(password, kdf);
  const id = newId();
  const data = await seal(key, utf8(JSON.stringify(body)), aad.backup(id));
  return {
    format: BACKUP_FORMAT,
    v: 1,
    id,
    createdAt: (options.now ?? new Date()).toISOString(),
    kdf,
    verifier: toBase64url(verifier),
    data: toBase64url(data),
  };
}

/** Parses the file's text (or an already parsed object) and opens it. */
export async function openBackup(password: string, input: unknown): Promise<BackupContent> {
  let json = input;
  if (typeof input === 'string') {
    try {
      json = JSON.parse(input);
    } catch {
      throw new CryptoError('bad-format', 'the backup file is not JSON');
    }
  }
  const file = parseOrThrow(backupFileSchema, json, 'backup file');
  const { key, verifier } = await deriveBackupKeys(password, checkKdfParams(file.kdf));
  if (!constantTimeEqual(verifier, fromBase64url(file.verifier))) {
    throw new CryptoError('wrong-password', 'wrong password for this backup');
  }
  const plaintext = await open(key, fromBase64url(file.data), aad.backup(file.id));
  let body: unknown;
  try {
    body = JSON.parse(fromUtf8(plaintext));
  } catch {
    throw new CryptoError('bad-format', 'the backup decrypted to something that is not JSON');
  }
  return parseOrThrow(backupContentSchema, body, 'backup content');
}
