/**
 * Writes tests/vectors/keyhaven-v2-summary.json: a sealed summary index (docs/crypto.md §26) of the
 * keyhaven-v1.json vault holding its one item, sealed under the v1 account key with a fixed tag key,
 * plus a second item with the same value, a note and one item that does not open, with the stored
 * states they were read from and their digest, so a reader can check the digest, that equal values get
 * equal tags, that notes get none, and that no value or note is in the plaintext. GCM nonces are
 * random, so the file records what was sealed; readers open it, they do not re-seal.
 * Run once; never regenerate to make a test pass.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import {
  createItem,
  fromHex,
  importTagKey,
  itemFacts,
  listingDigest,
  openItem,
  sealItem,
  openVaultKeyring,
  sealSummary,
  unlockAccount,
  type ItemFacts,
} from '../shared/index.js';

const file = new URL('../tests/vectors/keyhaven-v2-summary.json', import.meta.url);
if (existsSync(file)) throw new Error('the vectors are there already; never regenerate to make a test pass');
const v1 = JSON.parse(readFileSync(new URL('../tests/vectors/keyhaven-v1.json', import.meta.url), 'utf8'));
const { accountKey, accountId } = await unlockAccount(v1.password, v1.account.record);
const keyring = await openVaultKeyring(v1.vault.record, accountKey);
const vaultId: string = v1.vault.record.vaultId;
const payload = await openItem(v1.item.envelope, { vaultId, itemId: v1.item.itemId }, keyring);

const TAG_KEY_HEX = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
const tagKeyBytes = fromHex(TAG_KEY_HEX);
const tagKey = await importTagKey(tagKeyBytes);
const at = new Date('2026-12-01T00:00:00.000Z');
const twin = createItem({ name: 'Same value, second item', value: payload.value, provider: payload.provider }, at);
const note = createItem({ type: 'note', name: 'Runbook', value: 'a note body, never in the index', notes: 'nor this' }, at);
const TWIN = 'i-twin-0000-0000-0000-000000000002';
const NOTE = 'i-note-0000-0000-0000-000000000003';
const BROKEN = 'i-gone-0000-0000-0000-000000000004';
const items: [string, ItemFacts][] = [
  [v1.item.itemId, await itemFacts(payload, tagKey)],
  [TWIN, await itemFacts(twin, tagKey)],
  [NOTE, await itemFacts(note, tagKey)],
];
const unreadable = [BROKEN];
// The stored states the facts were read from: the digest names exactly these.
const states = [
  { itemId: v1.item.itemId as string, blob: JSON.stringify(v1.item.envelope) },
  { itemId: TWIN, blob: JSON.stringify(await sealItem(twin, { vaultId, itemId: TWIN }, keyring)) },
  { itemId: NOTE, blob: JSON.stringify(await sealItem(note, { vaultId, itemId: NOTE }, keyring)) },
  { itemId: BROKEN, blob: 'not an envelope: this item does not open' },
];
const digest = await listingDigest(states);
const cache = await sealSummary({ accountId, accountKey }, vaultId, { tagKey: tagKeyBytes, digest, items: new Map(items), unreadable: new Set(unreadable) });

const vectors = {
  description:
    'KeyHaven summary index at rest (docs/crypto.md §26): sealed under the keyhaven-v1.json account key, for its vault, holding facts of the v1 item, of a second item with the same value and of a note. Generated once by scripts/generate-summary-vectors.ts; never regenerate to make a test pass.',
  accountId,
  vaultId,
  aad: `keyhaven:v2:summary-index:${accountId}:${vaultId}`,
  cache,
  plaintextValues: { item: payload.value, note: note.value, notes: note.notes },
  states,
  expected: { digest, tagKeyHex: TAG_KEY_HEX, items, unreadable },
};
writeFileSync(file, JSON.stringify(vectors, null, 1) + '\n');
console.log(`wrote ${file.pathname}`);
