/**
 * The item envelope: what storage and the server hold for an item.
 *   { v: 1, kv, dek: b64url(AEAD(vaultKey[kv], DEK, aad.dek)), data: b64url(AEAD(DEK, payload JSON, aad.item)) }
 * Every write draws a fresh DEK, so no DEK ever seals two payloads. Vault key rotation re-wraps only
 * `dek`; `data` is untouched.
 */
import { z } from 'zod';
import { CryptoError, VaultError } from '../errors.js';
import { fromBase64url, fromUtf8, toBase64url, utf8 } from '../encoding.js';
import { aad } from '../crypto/aad.js';
import { open, seal } from '../crypto/aead.js';
import type { Dek } from '../crypto/keys.js';
import { DEK_USAGES } from '../crypto/usages.js';
import { generateAesKey, unwrapAesKey, wrapAesKey } from '../crypto/wrap.js';
import { parseOrThrow } from '../util/parse.js';
import { itemPayloadSchema, type ItemPayload } from './item.js';
import type { VaultKeyring } from './keyring.js';

export const itemEnvelopeSchema = z.strictObject({
  v: z.literal(1),
  kv: z.number().int().positive(),
  dek: z.string().min(1),
  data: z.string().min(1),
});
export type ItemEnvelope = z.infer<typeof itemEnvelopeSchema>;

export interface ItemRef {
  vaultId: string;
  itemId: string;
}

/**
 * The envelope stored as text (storage and the wire keep it as JSON), parsed for `openItem`. Text that
 * is not JSON is handed on as it is, so the envelope schema refuses it with a format error like any
 * other malformed envelope, instead of a JSON exception escaping.
 */
export function readEnvelope(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function sealItem(payload: ItemPayload, ref: ItemRef, keyring: VaultKeyring): Promise<ItemEnvelope> {
  if (keyring.vaultId !== ref.vaultId) throw new CryptoError('invalid-argument', 'keyring belongs to another vault');
  const dek = await generateAesKey([...DEK_USAGES]);
  const kv = keyring.current;
  const data = await seal(dek as Dek, utf8(JSON.stringify(payload)), aad.item(ref.vaultId, ref.itemId));
  const wrappedDek = await wrapAesKey(dek, keyring.currentKey(), aad.dek(ref.vaultId, ref.itemId, kv));
  return { v: 1, kv, dek: toBase64url(wrappedDek), data: toBase64url(data) };
}

async function unwrapDek(envelope: ItemEnvelope, ref: ItemRef, keyring: VaultKeyring, extractable: boolean): Promise<Dek> {
  const vaultKey = keyring.get(envelope.kv);
  const blob = fromBase64url(envelope.dek);
  return (await unwrapAesKey(blob, vaultKey, aad.dek(ref.vaultId, ref.itemId, envelope.kv), [...DEK_USAGES], extractable)) as Dek;
}

export async function openItem(input: unknown, ref: ItemRef, keyring: VaultKeyring): Promise<ItemPayload> {
  const envelope = parseOrThrow(itemEnvelopeSchema, input, 'item envelope');
  return openItemWithDek(envelope, ref, await unwrapDek(envelope, ref, keyring, false));
}

/** An item's DEK, extractable: for wrapping it for an access token (docs/crypto.md §25), nothing else. */
export function extractableDek(envelope: ItemEnvelope, ref: ItemRef, keyring: VaultKeyring): Promise<Dek> {
  return unwrapDek(envelope, ref, keyring, true);
}

/** Opens the payload with a DEK obtained some other way (an access token's grant). */
export async function openItemWithDek(envelope: ItemEnvelope, ref: ItemRef, dek: Dek): Promise<ItemPayload> {
  const plaintext = await open(dek, fromBase64url(envelope.data), aad.item(ref.vaultId, ref.itemId));
  let json: unknown;
  try {
    json = JSON.parse(fromUtf8(plaintext));
  } catch {
    throw new VaultError('invalid-item', `item ${ref.itemId} decrypted to something that is not JSON`);
  }
  const parsed = itemPayloadSchema.safeParse(json);
  if (!parsed.success) throw new VaultError('invalid-item', `item ${ref.itemId} decrypted to a payload that fails the item schema`);
  return parsed.data;
}

export type OpenResult =
  | { itemId: string; ok: true; payload: ItemPayload }
  | { itemId: string; ok: false; error: CryptoError | VaultError };

/** Opens many items; one that fails is reported as unreadable and the rest still open. */
export async function openItems(
  entries: ReadonlyArray<{ itemId: string; envelope: unknown }>,
  vaultId: string,
  keyring: VaultKeyring,
): Promise<OpenResult[]> {
  return Promise.all(
    entries.map(async ({ itemId, envelope }): Promise<OpenResult> => {
      try {
        return { itemId, ok: true, payload: await openItem(envelope, { vaultId, itemId }, keyring) };
      } catch (error) {
        if (error instanceof CryptoError || error instanceof VaultError) return { itemId, ok: false, error };
        throw error;
      }
    }),
  );
}

/** Moves an item's DEK under key version `toVersion`; the sealed payload stays byte for byte the same. */
export async function rewrapItem(envelope: ItemEnvelope, ref: ItemRef, keyring: VaultKeyring, toVersion: number): Promise<ItemEnvelope> {
  if (envelope.kv === toVersion) return envelope;
  const dek = await unwrapDek(envelope, ref, keyring, true);
  const wrapped = await wrapAesKey(dek, keyring.get(toVersion), aad.dek(ref.vaultId, ref.itemId, toVersion));
  return { ...envelope, kv: toVersion, dek: toBase64url(wrapped) };
}
