/**
 * Devices as the extension's background handles them, two browsers against a real server: each is
 * named from its platform, either renames itself or the other, and a browser revoked from the other
 * locks, says when and by which device, counts what it could not send, and signs in as a new device.
 */
import { describe, expect, it } from 'vitest';
import { thisDeviceName } from '../../../extension/background/device-name.js';
import { useBrowsers, type Browser } from '../../support/extension-browsers.js';
import { useCluster } from '../../support/server.js';

const server = useCluster();
const { browser, ask, refused, signedUp } = useBrowsers(() => server.base);

async function secondBrowser(first: Browser): Promise<Browser> {
  const b = browser(first.email, first.password);
  await ask(b, { type: 'login', server: server.base, email: b.email, password: b.password });
  return b;
}

const currentDevice = async (b: Browser) => (await ask(b, { type: 'devices' })).devices.find((d) => d.current)!;

async function until<T>(check: () => Promise<T | null>, what: string, ms = 15_000): Promise<T> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
    const found = await check();
    if (found !== null) return found;
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('devices in the extension', () => {
  it('names each browser from its platform, and either browser renames itself or the other', async () => {
    const home = await signedUp('names');
    const work = await secondBrowser(home);
    const listed = (await ask(home, { type: 'devices' })).devices;
    expect(listed.map((d) => d.name)).toEqual([thisDeviceName(), thisDeviceName()]);
    const workId = (await currentDevice(work)).id;

    await ask(home, { type: 'rename-device', deviceId: workId, name: 'Work laptop' });
    expect((await currentDevice(work)).name).toBe('Work laptop');
    const renamed = await ask(work, { type: 'rename-device', deviceId: workId, name: '  Work laptop (Firefox)  ' });
    expect(renamed.devices.find((d) => d.current)?.name).toBe('Work laptop (Firefox)');
    expect((await ask(work, { type: 'settings' })).deviceName).toBe('Work laptop (Firefox)');
    // The same rule as the server's, said before anything is sent.
    expect(await refused(work, { type: 'rename-device', deviceId: workId, name: 'a\u202Eb' })).toMatchObject({ code: 'bad-request', message: expect.stringMatching(/^name: /) });
  });

  it('a revoked browser locks, says when and by which device, counts the unsent change, and signs in again as a new device', async () => {
    const home = await signedUp('revoked');
    await ask(home, { type: 'add', fields: { name: 'Shared key' }, value: 'sk_shared_value_0123456789' });
    const lost = await secondBrowser(home);
    await ask(home, { type: 'rename-device', deviceId: (await currentDevice(home)).id, name: 'Home desktop' });
    const lostId = (await currentDevice(lost)).id;
    await ask(home, { type: 'revoke-device', deviceId: lostId, password: home.password });

    // Written after the revocation: it cannot be sent, and the browser finds out when it tries.
    await ask(lost, { type: 'add', fields: { name: 'Never sent' }, value: 'sk_never_sent_0123456789' });
    const state = await until(async () => {
      const s = await ask(lost, { type: 'state' });
      return s.phase === 'revoked' ? s : null;
    }, 'the revoked phase');
    const revokedAt = (await ask(home, { type: 'devices' })).devices.find((d) => d.id === lostId)!.revokedAt;
    expect(state.revoked).toEqual({ at: revokedAt, by: 'Home desktop', unsent: 1, email: home.email, server: server.base });
    // Locked: nothing decrypted is served, the session copy of the key is gone, and the password does not just unlock it.
    expect(await refused(lost, { type: 'list' })).toMatchObject({ code: 'locked' });
    expect(await lost.service.ports.session.load()).toBeNull();
    expect(await refused(lost, { type: 'unlock', password: lost.password })).toMatchObject({ code: 'locked' });

    // A wrong password loses nothing: still revoked, still counting the change.
    expect(await refused(lost, { type: 'sign-in-new-device', password: 'not it' })).toMatchObject({ code: 'wrong-password' });
    expect((await ask(lost, { type: 'state' })).revoked?.unsent).toBe(1);

    const back = await ask(lost, { type: 'sign-in-new-device', password: lost.password });
    expect(back).toMatchObject({ phase: 'unlocked', revoked: null });
    const devices = (await ask(lost, { type: 'devices' })).devices;
    expect(devices.find((d) => d.id === lostId)?.revokedAt).toBe(revokedAt);
    expect(devices.find((d) => d.current)?.id).not.toBe(lostId);
    // The account's copy arrives with the first sync, without the change that was never sent.
    await ask(lost, { type: 'sync-now' });
    expect((await ask(lost, { type: 'list' })).items.map((i) => i.name)).toEqual(['Shared key']);
  });

  it('a browser revoked while locked finds out when it is next unlocked, and locks again with no session key left', async () => {
    const home = await signedUp('locked');
    const away = await secondBrowser(home);
    const awayId = (await currentDevice(away)).id;
    await ask(away, { type: 'lock' });
    await ask(home, { type: 'revoke-device', deviceId: awayId, password: home.password });
    await ask(away, { type: 'unlock', password: away.password });
    const state = await until(async () => {
      const s = await ask(away, { type: 'state' });
      return s.phase === 'revoked' ? s : null;
    }, 'the revoked phase');
    expect(state.revoked).toMatchObject({ by: expect.any(String), unsent: 0 });
    expect(await away.service.ports.session.load()).toBeNull();
  });
});
