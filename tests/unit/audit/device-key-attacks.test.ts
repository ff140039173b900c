/**
 * A device's certificate history as a hostile server serves it (docs/crypto.md §20): certificates of one
 * time in either order, junk, repeats, other devices' and other accounts' certificates, more than the
 * protocol allows, and a retired key certified again. Each either changes nothing or makes entries fail
 * visibly; none makes a retired key count again.
 */
import { describe, expect, it } from 'vitest';
import {
  certifyDevice,
  createAccount,
  createSigningIdentity,
  deviceKeyHistory,
  deviceListSchema,
  EMPTY_HEAD,
  generateDeviceKey,
  recordHash,
  signEntryV2,
  trustedDevices,
  verifyChain,
  withRememberedKeys,
  type AuditRecord,
  type ChainHead,
  type DeviceCertificate,
  type DeviceKeyPair,
  type ListedDevice,
  type SigningIdentity,
} from '../../../shared/index.js';

const VAULT = 'vault-1';
const T0 = Date.parse('2026-12-01T09:00:00Z');
const ROTATED = T0 + 10_000;

async function identity(accountId: string): Promise<SigningIdentity> {
  const { unlocked } = await createAccount('correct horse battery staple', { accountId });
  return (await createSigningIdentity(unlocked.accountKey, accountId)).identity;
}

const certify = (id: SigningIdentity, keys: DeviceKeyPair, at: number, who = { accountId: 'alice', deviceId: 'laptop' }) =>
  certifyDevice(id.signingKey, { ...who, deviceSpki: keys.publicSpki, now: new Date(at) });

function listed(current: DeviceCertificate, earlier: string[]): ListedDevice {
  return {
    id: 'laptop',
    accountId: 'alice',
    name: 'laptop',
    signingPublicKey: current.key,
    createdAt: new Date(T0).toISOString(),
    revokedAt: null,
    certificate: JSON.stringify(current),
    earlierCertificates: earlier,
    revocation: null,
  };
}

async function chain(entries: { key: DeviceKeyPair; at: number }[]): Promise<AuditRecord[]> {
  const records: AuditRecord[] = [];
  let head: ChainHead = EMPTY_HEAD;
  for (const [i, e] of entries.entries()) {
    const entry = await signEntryV2({ vaultId: VAULT, deviceId: 'laptop', actorId: 'alice', action: 'item.reveal', itemId: `item-${i}` }, head, new Date(e.at), e.key.signingKey);
    const record = { seq: head.seq + 1, prev: head.hash, entry };
    records.push(record);
    head = { seq: record.seq, hash: await recordHash(record), ts: Math.max(head.ts, entry.ts) };
  }
  return records;
}

async function rotated() {
  const alice = await identity('alice');
  const oldKey = await generateDeviceKey({ extractable: false });
  const newKey = await generateDeviceKey({ extractable: false });
  const first = await certify(alice, oldKey, T0);
  const second = await certify(alice, newKey, ROTATED);
  return { alice, oldKey, newKey, first, second, identities: new Map([['alice', alice.verifyKey]]) };
}

describe('a served certificate history', () => {
  it('with two certificates of the same time tells one history whatever order the server lists them in', async () => {
    const { alice, first } = await rotated();
    const a = await certify(alice, await generateDeviceKey({ extractable: false }), ROTATED);
    const b = await certify(alice, await generateDeviceKey({ extractable: false }), ROTATED);
    const one = deviceKeyHistory([first, a, b]);
    const other = deviceKeyHistory([b, first, a]);
    expect(one).toEqual(other);
    expect(deviceKeyHistory([a, b, first])).toEqual(one);
    // Both tied keys are known: the one read as earlier is retired at that time.
    expect(one!.retired.map((r) => r.retiredAt)).toEqual([ROTATED, ROTATED]);
  });

  it('ignores junk, repeats, and certificates of another device or another account (same history as the clean one)', async () => {
    const { alice, first, second, identities } = await rotated();
    const mallory = await identity('mallory');
    const otherDevice = await certify(alice, await generateDeviceKey({ extractable: false }), ROTATED + 1, { accountId: 'alice', deviceId: 'phone' });
    const otherAccount = await certify(mallory, await generateDeviceKey({ extractable: false }), ROTATED + 2, { accountId: 'mallory', deviceId: 'laptop' });
    const clean = await trustedDevices([listed(second, [JSON.stringify(first)])], identities);
    const junk = [
      '{',
      'null',
      '[]',
      JSON.stringify({ ...first, issuedAt: ROTATED + 5 }),
      JSON.stringify({ ...second, issuedAt: T0 - 1 }),
      JSON.stringify(otherDevice),
      JSON.stringify(otherAccount),
      ...Array.from({ length: 90 }, () => JSON.stringify(first)),
    ];
    const served = await trustedDevices([listed(second, junk)], identities);
    const pick = (m: Awaited<ReturnType<typeof trustedDevices>>) => {
      const d = m.get('laptop')!;
      return { key: d.key, retired: d.retired, keySince: d.keySince, keyRetiredAt: d.keyRetiredAt };
    };
    expect(pick(served)).toEqual(pick(clean));
  });

  it('with more than 100 earlier certificates is not a device list at all (the client refuses the answer)', async () => {
    const { first, second } = await rotated();
    const device = listed(second, Array.from({ length: 101 }, () => JSON.stringify(first)));
    const tooMany = deviceListSchema.safeParse({ devices: [device] });
    expect(tooMany.success).toBe(false);
    expect(tooMany.error!.issues.some((i) => i.path.join('.') === 'devices.0.earlierCertificates')).toBe(true);
    const hundred = deviceListSchema.safeParse({ devices: [{ ...device, earlierCertificates: device.earlierCertificates!.slice(0, 100) }] });
    expect(hundred.error?.issues.some((i) => i.path.join('.') === 'devices.0.earlierCertificates') ?? false).toBe(false);
  });
});

describe('a retired key certified again', () => {
  it('stays retired from its first retirement for a verifier that never saw the rotation', async () => {
    const { alice, oldKey, newKey, first, second, identities } = await rotated();
    const back = await certify(alice, oldKey, ROTATED + 9000);
    expect(deviceKeyHistory([first, second, back])).toMatchObject({ current: { key: first.key }, currentRetiredAt: ROTATED });
    const devices = await trustedDevices([listed(back, [JSON.stringify(first), JSON.stringify(second)])], identities);
    // What each key stamped while it counted verifies...
    const good = await chain([
      { key: oldKey, at: T0 + 1000 },
      { key: newKey, at: ROTATED + 1000 },
    ]);
    expect(await verifyChain(good, { vaultId: VAULT, devices })).toMatchObject({ ok: true, verified: 2 });
    // ...and a thief of the old key signing now does not (before: the old key counted again, at any time).
    const stolen = await chain([{ key: oldKey, at: ROTATED + 20_000 }]);
    expect(await verifyChain(stolen, { vaultId: VAULT, devices })).toMatchObject({ ok: false, reason: 'retired-key' });
    // It is remembered as well: the server then serves the re-certification alone.
    const memory = await withRememberedKeys(devices, {});
    expect(memory.laptop).toMatchObject({ [first.key]: ROTATED, [second.key]: ROTATED + 9000 });
    const alone = await trustedDevices([listed(back, [])], identities);
    await withRememberedKeys(alone, memory);
    expect(await verifyChain(stolen, { vaultId: VAULT, devices: alone })).toMatchObject({ ok: false, reason: 'retired-key' });
  });

  it('the same key certified again later still retires nothing (the retry after a lost answer)', async () => {
    const { alice, oldKey, newKey, first, second, identities } = await rotated();
    const again = await certify(alice, newKey, ROTATED + 5000);
    expect(deviceKeyHistory([first, second, again])!.currentRetiredAt).toBeUndefined();
    const devices = await trustedDevices([listed(again, [JSON.stringify(first), JSON.stringify(second)])], identities);
    const records = await chain([
      { key: oldKey, at: ROTATED - 1 },
      { key: newKey, at: ROTATED + 1 },
      { key: newKey, at: ROTATED + 60_000 },
    ]);
    expect(await verifyChain(records, { vaultId: VAULT, devices })).toMatchObject({ ok: true, verified: 3 });
  });
});
