/**
 * Writes tests/vectors/keyhaven-v2-signing.json: a webhook endpoint item with a signing key set
 * (docs/crypto.md §7 `signing`, §14), sealed under the v1 vault key so the v1 vectors stay as they
 * were. Three keys: the current one, an older one inside its overlap window, and one revoked inside
 * its window; one header signed by each, and which key (if any) verifies each header at two moments.
 * Run once; never regenerate to make a test pass.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createItem, openVaultKeyring, revokeSigningKey, rotateValue, sealItem, signWebhook, unlockAccount } from '../shared/index.js';

const file = new URL('../tests/vectors/keyhaven-v2-signing.json', import.meta.url);
if (existsSync(file)) throw new Error('the vectors are there already; never regenerate to make a test pass');
const v1 = JSON.parse(readFileSync(new URL('../tests/vectors/keyhaven-v1.json', import.meta.url), 'utf8'));
const { accountKey } = await unlockAccount(v1.password, v1.account.record);
const keyring = await openVaultKeyring(v1.vault.record, accountKey);
const ref = { vaultId: v1.vault.record.vaultId as string, itemId: 'w7a1b2c3-d4e5-4f60-8a9b-0c1d2e3f4a5b' };

const at = (iso: string) => new Date(iso);
let item = createItem({ type: 'secret', kind: 'signing-secret', name: 'Orders webhook', value: 'whsec_vector_first_0123456789abcdef' }, at('2026-12-01T09:00:00Z'));
item = rotateValue(item, 'whsec_vector_second_0123456789abcde', { now: at('2026-12-04T09:00:00Z'), overlapHours: 72, reason: 'quarterly' });
item = rotateValue(item, 'whsec_vector_third_0123456789abcdef', { now: at('2026-12-05T09:00:00Z'), overlapHours: 48, reason: 'deployed new sender' });
const [first, second] = item.signing!.keys;
item = revokeSigningKey(item, first!.id, 'leaked in a log', at('2026-12-05T10:00:00Z'));

const payload = '{"id":"evt_vector","type":"order.paid"}';
const t = Math.floor(Date.parse('2026-12-05T12:00:00Z') / 1000);
const headers = await Promise.all(item.signing!.keys.map(async (k) => ({ keyId: k.id, header: await signWebhook(k.secret, payload, t) })));
const current = item.signing!.keys.find((k) => k.retiredAt === null)!;

const vectors = {
  description: 'A signing key set inside an item payload (docs/crypto.md §7, §14), sealed under the v1 vault key; made once by scripts/generate-signing-vectors.ts.',
  ...ref,
  envelope: await sealItem(item, ref, keyring),
  webhook: { payload, timestamp: t, headers },
  expected: {
    payload: item,
    // At t: the current key and the second (overlap until 2026-12-07T09:00Z) verify; the first is revoked.
    at: [
      { now: '2026-12-05T12:00:00.000Z', liveKeyIds: [second!.id, current.id].sort(), matches: headers.map((h) => (h.keyId === first!.id ? null : h.keyId)) },
      { now: '2026-12-07T09:00:00.000Z', liveKeyIds: [current.id], matches: headers.map((h) => (h.keyId === current.id ? h.keyId : null)) },
    ],
  },
};
writeFileSync(file, JSON.stringify(vectors, null, 2) + '\n');
console.log('wrote tests/vectors/keyhaven-v2-signing.json');
