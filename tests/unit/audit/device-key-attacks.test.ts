/**
 * A device's certificate history as a hostile server serves it (docs/crypto.md §20): certificates of one
 * time in either order, junk, repeats, other devices' and other accounts' certificates, more than the
 * protocol allows, and a retired key certified again. Each either changes nothing or makes entries fail
 * visibly; none makes a retired key count again.
 */
import { describe, expect, it } from 'vitest';
import { deviceKeyHistory, deviceListSchema, generateDeviceKey, trustedDevices, verifyChain, withRememberedKeys } from '../../../shared/index.js';
import { certify, chain, identity, listed, rotated, ROTATED, T0, VAULT } from '../../support/device-history.js';


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
