/**
 * Writes tests/vectors/keyhaven-v2-device-rotation.json: a device-key rotation (docs/crypto.md §20),
 * made with the identity signing key of keyhaven-v2.json (opened with the v1 account key). One device
 * holds key A, certified at t, then key B, certified at t + 10 s: A is retired at t + 10 s. The chain
 * (a vault of its own, from the empty head) has an entry A signed before the retirement and two B
 * signed after; `refused` holds entries a verifier must refuse: A after its retirement (`retired-key`)
 * and an entry signed with a key no certificate names (`bad-signature`). ECDSA signatures are random,
 * so the file records signed statements; tests verify, they do not re-sign. Run once; never
 * regenerate to make a test pass.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import {
  certifyDevice,
  EMPTY_HEAD,
  generateDeviceKey,
  openSigningIdentity,
  recordHash,
  signEntryV2,
  unlockAccount,
  type AuditRecord,
  type ChainHead,
} from '../shared/index.js';

const file = new URL('../tests/vectors/keyhaven-v2-device-rotation.json', import.meta.url);
if (existsSync(file)) throw new Error('the vectors are there already; never regenerate to make a test pass');
const v1 = JSON.parse(readFileSync(new URL('../tests/vectors/keyhaven-v1.json', import.meta.url), 'utf8'));
const v2 = JSON.parse(readFileSync(new URL('../tests/vectors/keyhaven-v2.json', import.meta.url), 'utf8'));
const { accountKey, accountId } = await unlockAccount(v1.password, v1.account.record);
const identity = await openSigningIdentity(v2.signing.record, accountKey, accountId);

const deviceId = 'a1e2c3d4-5f60-4a7b-8c9d-0e1f2a3b4c5d';
const vaultId = 'b2f3d4e5-6a71-4b8c-9d0e-1f2a3b4c5d6e';
const t = Date.parse('2026-12-06T09:00:00Z');
const keyA = await generateDeviceKey({ extractable: false });
const keyB = await generateDeviceKey({ extractable: false });
const stranger = await generateDeviceKey({ extractable: false });
const certA = await certifyDevice(identity.signingKey, { accountId, deviceId, deviceSpki: keyA.publicSpki, now: new Date(t) });
const certB = await certifyDevice(identity.signingKey, { accountId, deviceId, deviceSpki: keyB.publicSpki, now: new Date(t + 10_000) });

let head: ChainHead = EMPTY_HEAD;
const records: AuditRecord[] = [];
const hashes: string[] = [];
const entry = (key: CryptoKey, at: number, n: number) =>
  signEntryV2({ vaultId, deviceId, actorId: accountId, action: 'item.reveal', itemId: `item-${n}` }, head, new Date(at), key as never);
for (const [key, at] of [
  [keyA.signingKey, t + 1000],
  [keyB.signingKey, t + 11_000],
  [keyB.signingKey, t + 12_000],
] as const) {
  const record: AuditRecord = { seq: head.seq + 1, prev: head.hash, entry: await entry(key, at, records.length) };
  records.push(record);
  head = { seq: record.seq, hash: await recordHash(record), ts: Math.max(head.ts, record.entry.ts) };
  hashes.push(head.hash);
}
// Each refused entry would be the next record after `head`.
const refused = [
  { reason: 'retired-key', record: { seq: head.seq + 1, prev: head.hash, entry: await entry(keyA.signingKey, t + 13_000, 3) } },
  { reason: 'bad-signature', record: { seq: head.seq + 1, prev: head.hash, entry: await entry(stranger.signingKey, t + 13_000, 4) } },
];

const vectors = {
  description:
    'KeyHaven device-key rotation (docs/crypto.md §20), made with the identity signing key of keyhaven-v2.json. Generated once by scripts/generate-device-rotation-vectors.ts; never regenerate to make a test pass.',
  device: { id: deviceId, accountId, certificates: [certA, certB], expected: { current: certB.key, retired: [{ key: certA.key, retiredAt: certB.issuedAt }] } },
  chain: { vaultId, records, expected: { hashes, head } },
  refused,
};
writeFileSync(file, JSON.stringify(vectors, null, 2) + '\n');
console.log('wrote tests/vectors/keyhaven-v2-device-rotation.json');
