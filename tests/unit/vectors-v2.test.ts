/**
 * KeyHaven's v2 vectors (tests/vectors/keyhaven-v2.json, docs/crypto.md §20–22), made once with the
 * keys of the v1 vectors: every recorded statement must still verify and every hash still follow.
 */
import { describe, expect, it } from 'vitest';
import {
  followItemHistory,
  aad,
  auditEntrySchema,
  openAuditDetailV2,
  openSigningIdentity,
  openVaultKeyring,
  readCertificate,
  readRevocation,
  recordHash,
  trustedDevices,
  unlockAccount,
  verifyChain,
  blobHash,
  toBase64url,
  type AuditRecord,
  type ListedDevice,
} from '../../shared/index.js';
import v1 from '../vectors/keyhaven-v1.json';
import v2 from '../vectors/keyhaven-v2.json';

const account = () => unlockAccount(v1.password, v1.account.record);

describe('KeyHaven v2 vectors', () => {
  it('opens the identity signing key wrapped under the v1 account key, bound to its public key', async () => {
    const { accountKey, accountId } = await account();
    expect(accountId).toBe(v2.signing.accountId);
    const identity = await openSigningIdentity(v2.signing.record, accountKey, accountId);
    expect(toBase64url(identity.publicSpki)).toBe(v2.signing.expected.publicSpki);
    expect(aad.signingKey(accountId, v2.signing.expected.spkiDigest)).toBe(v2.signing.expected.aad);
  });

  it('reads the recorded certificate and revocation as signed by that identity', async () => {
    const { accountKey, accountId } = await account();
    const identity = await openSigningIdentity(v2.signing.record, accountKey, accountId);
    const expected = { accountId, deviceId: v2.device.id };
    expect(await readCertificate(JSON.stringify(v2.device.certificate), expected, identity.verifyKey)).toEqual(v2.device.certificate);
    expect(await readRevocation(JSON.stringify(v2.device.revocation), expected, identity.verifyKey)).toEqual(v2.device.revocation);
  });

  it('verifies the v1 chain continued by v2 records: links, seen heads, signatures, the item’s history and the sealed detail', async () => {
    const { accountKey, accountId } = await account();
    const identity = await openSigningIdentity(v2.signing.record, accountKey, accountId);
    const listed: ListedDevice[] = [
      ...Object.entries(v1.audit.devices).map(([id, spki]) => ({ id, accountId, name: id, signingPublicKey: spki, createdAt: '2026-11-01T00:00:00.000Z', revokedAt: null, certificate: null, revocation: null })),
      { id: v2.device.id, accountId, name: 'v2 device', signingPublicKey: v2.device.publicSpki, createdAt: '2026-12-02T00:00:00.000Z', revokedAt: null, certificate: JSON.stringify(v2.device.certificate), revocation: JSON.stringify(v2.device.revocation) },
    ];
    const devices = await trustedDevices(listed, new Map([[accountId, identity.verifyKey]]));
    const v1Records = v1.audit.entries.map((e) => ({ seq: auditEntrySchema.parse(e).seq, prev: e.prev, entry: e }));
    const report = await verifyChain([...v1Records, ...v2.chain.records], { vaultId: v2.chain.vaultId, devices });
    expect(report).toEqual({ ok: true, head: v2.chain.expected.head, verified: 7, format: 2, legacy: 3 });
    const records = v2.chain.records as AuditRecord[];
    for (const [i, r] of records.entries()) expect(await recordHash(r)).toBe(v2.chain.expected.hashes[i]);
    expect(records[0]!.entry.write!.hash).toBe(await blobHash(v2.chain.itemBlob));
    expect(records[3]!.entry.write).toEqual({ rev: 2, hash: null, deleted: true, prev: await blobHash(v2.chain.itemBlob) });
    expect(followItemHistory(records, { proofs: new Map(), upgraded: false })).toMatchObject({ ok: true, upgraded: true });
    const keyring = await openVaultKeyring(v1.vault.record, accountKey);
    for (const [i, r] of records.entries()) expect(await openAuditDetailV2(r.entry, keyring)).toEqual(v2.chain.expected.details[i]);
    expect(records.map((r) => aad.auditDetailV2(v2.chain.vaultId, r.entry.id))).toEqual(v2.chain.expected.detailAads);
  });
});
