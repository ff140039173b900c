/**
 * The device-key rotation vectors (tests/vectors/keyhaven-v2-device-rotation.json, docs/crypto.md §20),
 * made once: the two certificates tell one history (key A retired when key B was certified), the
 * chain verifies with A before that moment and B after, and a verifier refuses A's signature after it
 * and a signature no certificate names.
 */
import { describe, expect, it } from 'vitest';
import { deviceCertificateSchema, deviceKeyHistory, fromBase64url, importIdentityVerifyKey, trustedDevices, verifyChain, type ListedDevice } from '../../shared/index.js';
import v2 from '../vectors/keyhaven-v2.json';
import rot from '../vectors/keyhaven-v2-device-rotation.json';

const certificates = rot.device.certificates.map((c) => deviceCertificateSchema.parse(c));
const listed: ListedDevice = {
  id: rot.device.id,
  accountId: rot.device.accountId,
  name: 'rotated',
  signingPublicKey: certificates[1]!.key,
  createdAt: new Date(certificates[0]!.issuedAt).toISOString(),
  revokedAt: null,
  certificate: JSON.stringify(certificates[1]),
  earlierCertificates: [JSON.stringify(certificates[0])],
  revocation: null,
};
const devices = async () => trustedDevices([listed], new Map([[rot.device.accountId, await importIdentityVerifyKey(fromBase64url(v2.signing.expected.publicSpki))]]));

describe('KeyHaven device-key rotation vectors', () => {
  it('retires key A at the moment key B was certified', () => {
    expect(deviceKeyHistory(certificates)).toEqual({ current: certificates[1], retired: rot.device.expected.retired });
    expect(deviceKeyHistory(certificates)!.current.key).toBe(rot.device.expected.current);
  });

  it('verifies the chain: A before its retirement, B after', async () => {
    const report = await verifyChain(rot.chain.records, { vaultId: rot.chain.vaultId, devices: await devices() });
    expect(report).toEqual({ ok: true, head: rot.chain.expected.head, verified: 3, format: 2, legacy: 0 });
  });

  it('refuses A after its retirement, and a key no certificate names', async () => {
    for (const { reason, record } of rot.refused) {
      const report = await verifyChain([...rot.chain.records, record], { vaultId: rot.chain.vaultId, devices: await devices() });
      expect(report).toMatchObject({ ok: false, index: 3, reason });
    }
  });
});
