/**
 * Writes tests/vectors/keyhaven-v2.json: vectors for the v2 formats (docs/crypto.md §20–21), made with
 * the account, vault and item of keyhaven-v1.json so that file stays as it was generated: the identity
 * signing key wrapped under the v1 account key, a device certificate and a revocation, and the v1
 * vector audit chain continued by three v2 records (one with a sealed detail, one naming the v1 item's
 * write). ECDSA signatures are random, so the file records the signed statements and the hashes that
 * follow from them; tests verify, they do not re-sign. Run once, like the other generators.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import {
  aad,
  blobHash,
  certifyDevice,
  createSigningIdentity,
  exportSpki,
  generateDeviceKey,
  openVaultKeyring,
  recordHash,
  revokeDeviceStatement,
  signEntryV2,
  spkiDigest,
  toBase64url,
  unlockAccount,
  type AuditRecord,
  type ChainHead,
} from '../shared/index.js';

const v1 = JSON.parse(readFileSync(new URL('../tests/vectors/keyhaven-v1.json', import.meta.url), 'utf8'));
const { accountKey, accountId } = await unlockAccount(v1.password, v1.account.record);
const keyring = await openVaultKeyring(v1.vault.record, accountKey);
const { identity, record: signing } = await createSigningIdentity(accountKey, accountId);
const device = await generateDeviceKey({ extractable: false });
const deviceId = 'd9f0a1b2-3c4d-4e5f-8a6b-7c8d9e0f1a2b';
const t = Date.parse('2026-12-02T09:00:00Z');
const certificate = await certifyDevice(identity.signingKey, { accountId, deviceId, deviceSpki: device.publicSpki, now: new Date(t) });
const revocation = await revokeDeviceStatement(identity.signingKey, { accountId, deviceId, now: new Date(t + 3_600_000) });

const vaultId = v1.audit.vaultId;
const itemBlob = JSON.stringify(v1.item.envelope);
let head: ChainHead = v1.audit.expected.head;
const records: AuditRecord[] = [];
const place = async (entry: AuditRecord['entry']) => {
  const record: AuditRecord = { seq: head.seq + 1, prev: head.hash, entry };
  records.push(record);
  head = { seq: record.seq, hash: await recordHash(record), ts: Math.max(head.ts, entry.ts) };
};
const seenAtStart = head;
const itemId = v1.item.itemId;
const itemHash = await blobHash(itemBlob);
// The v1 item is named by a baseline, the vault upgraded, the key revealed, then deleted: the delete
// names the state it replaced (docs/crypto.md §22).
await place(
  await signEntryV2(
    { vaultId, deviceId, actorId: accountId, action: 'item.baseline', itemId, write: { rev: 1, hash: itemHash, deleted: false, prev: null } },
    seenAtStart,
    new Date(t + 1000),
    device.signingKey,
  ),
);
await place(await signEntryV2({ vaultId, deviceId, actorId: accountId, action: 'vault.upgrade', itemId: null }, seenAtStart, new Date(t + 2000), device.signingKey));
await place(await signEntryV2({ vaultId, deviceId, actorId: accountId, action: 'item.reveal', itemId, detail: { name: 'OpenAI production' } }, head, new Date(t + 3000), device.signingKey, keyring));
await place(
  await signEntryV2(
    { vaultId, deviceId, actorId: accountId, action: 'item.write', itemId, write: { rev: 2, hash: null, deleted: true, prev: itemHash } },
    head,
    new Date(t + 4000),
    device.signingKey,
  ),
);
const hashes: string[] = [];
{
  let h: ChainHead = v1.audit.expected.head;
  for (const r of records) {
    h = { seq: r.seq, hash: await recordHash(r), ts: Math.max(h.ts, r.entry.ts) };
    hashes.push(h.hash);
  }
}

const vectors = {
  description: 'KeyHaven v2 formats (docs/crypto.md §20-22), made with the keys of keyhaven-v1.json. Generated once by scripts/generate-v2-vectors.ts; never regenerate to make a test pass.',
  signing: {
    accountId,
    record: signing,
    expected: { spkiDigest: await spkiDigest(identity.publicSpki), aad: aad.signingKey(accountId, await spkiDigest(identity.publicSpki)), publicSpki: toBase64url(await exportSpki(identity.verifyKey)) },
  },
  device: { id: deviceId, publicSpki: toBase64url(device.publicSpki), certificate, revocation },
  chain: {
    vaultId,
    itemBlob,
    records,
    expected: {
      hashes,
      head,
      details: [null, null, { name: 'OpenAI production' }, null],
      detailAads: records.map((r) => aad.auditDetailV2(vaultId, r.entry.id)),
    },
  },
};
writeFileSync(new URL('../tests/vectors/keyhaven-v2.json', import.meta.url), JSON.stringify(vectors, null, 2) + '\n');
console.log('wrote tests/vectors/keyhaven-v2.json');
