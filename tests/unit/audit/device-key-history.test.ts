/**
 * A device's keys over time (docs/crypto.md §20): certificates in any order tell one history; a retired
 * key verifies only what it stamped before its retirement; a history the server trims or forges makes
 * entries fail visibly, never makes a retired key count again for a verifier that saw the retirement.
 */
import { describe, expect, it } from 'vitest';
import { deviceKeyHistory, generateDeviceKey, trustedDevices, verifyChain, withRememberedKeys } from '../../../shared/index.js';
import { certify, chain, identity, listed, rotated, ROTATED, T0, VAULT } from '../../support/device-history.js';


describe('device key history', () => {
  it('is the same whatever order the certificates come in; a key certified again later retires nothing; a key that comes back stays retired', async () => {
    const { alice, oldKey, newKey, first, second } = await rotated();
    expect(deviceKeyHistory([second, first])).toEqual(deviceKeyHistory([first, second]));
    expect(deviceKeyHistory([first, second])!.retired).toEqual([{ key: first.key, retiredAt: ROTATED }]);

    const reissued = await certify(alice, newKey, ROTATED + 5000);
    expect(deviceKeyHistory([first, second, reissued])!.retired).toEqual([{ key: first.key, retiredAt: ROTATED }]);

    const back = await certify(alice, oldKey, ROTATED + 9000);
    const history = deviceKeyHistory([first, second, back])!;
    expect(history.current.key).toBe(first.key);
    expect(history.retired).toEqual([{ key: second.key, retiredAt: ROTATED + 9000 }]);
  });

  it('verifies the old key before its retirement and the new key after, and refuses the old key from then on', async () => {
    const { oldKey, newKey, first, second, identities } = await rotated();
    const devices = await trustedDevices([listed(second, [first])], identities);
    const good = await chain([
      { key: oldKey, at: T0 + 1000 },
      { key: oldKey, at: ROTATED - 1 },
      { key: newKey, at: ROTATED },
      { key: newKey, at: ROTATED + 1000 },
    ]);
    expect(await verifyChain(good, { vaultId: VAULT, devices })).toMatchObject({ ok: true, verified: 4 });

    const stolen = await chain([
      { key: newKey, at: ROTATED },
      { key: oldKey, at: ROTATED + 1000 },
    ]);
    expect(await verifyChain(stolen, { vaultId: VAULT, devices })).toMatchObject({ ok: false, index: 1, reason: 'retired-key' });
  });

  it('fails visibly when the server leaves the earlier certificate out or forges one, and never lets a remembered retirement lapse', async () => {
    const { oldKey, first, second, identities } = await rotated();
    const early = await chain([{ key: oldKey, at: T0 + 1000 }]);

    const trimmed = await trustedDevices([listed(second, [])], identities);
    expect(await verifyChain(early, { vaultId: VAULT, devices: trimmed })).toMatchObject({ ok: false, reason: 'bad-signature' });

    const mallory = await identity('alice');
    const forged = await certify(mallory, await generateDeviceKey({ extractable: false }), T0 - 1000);
    const withForgery = await trustedDevices([listed(second, [forged, first])], identities);
    expect(withForgery.get('laptop')!.retired).toEqual([{ key: first.key, retiredAt: ROTATED }]);

    // A device that saw the rotation remembers it; the server then serves the old certificate alone.
    const saw = await trustedDevices([listed(second, [first])], identities);
    const memory = await withRememberedKeys(saw, {});
    const rolledBack = await trustedDevices([listed(first, [])], identities);
    await withRememberedKeys(rolledBack, memory);
    const later = await chain([{ key: oldKey, at: ROTATED + 1000 }]);
    expect(await verifyChain(later, { vaultId: VAULT, devices: rolledBack })).toMatchObject({ ok: false, reason: 'retired-key' });
    expect(await verifyChain(early, { vaultId: VAULT, devices: rolledBack })).toMatchObject({ ok: true });
  });
});
