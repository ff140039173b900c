/**
 * A password change as the account's other browsers live it, against a real server: the change ends
 * their sessions, they say so and ask for the current password, and what they wrote meanwhile is kept
 * and syncs once they sign in again. A change whose request never arrives leaves the old password
 * working everywhere; one whose answer is lost is read back, never half-applied on the device.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useBrowsers, type Browser } from '../../support/extension-browsers.js';
import { useCluster } from '../../support/server.js';

const server = useCluster();
const { browser, ask, refused, signedUp, values } = useBrowsers(() => server.base);

afterEach(() => vi.restoreAllMocks());

async function secondBrowser(of: Browser): Promise<Browser> {
  const b = browser(of.email, of.password);
  await ask(b, { type: 'login', server: server.base, email: of.email, password: of.password });
  return b;
}

describe('a password change seen from the account’s other browsers', () => {
  it('signs the others out; they keep writing, ask for the new password, and lose nothing', async () => {
    const laptop = await signedUp('pw-change');
    const desktop = await secondBrowser(laptop);
    const locked = await secondBrowser(laptop);
    await ask(locked, { type: 'lock' });

    await ask(laptop, { type: 'change-password', oldPassword: laptop.password, newPassword: 'the new passphrase 2026' });

    // The desktop writes before it knows: the write stays queued and the server's refusal is named.
    await ask(desktop, { type: 'add', fields: { name: 'written while signed out' }, value: 'sk_live_queued_0000000001' });
    await ask(desktop, { type: 'sync-now' });
    const signedOut = await ask(desktop, { type: 'state' });
    expect(signedOut.sync).toMatchObject({ state: 'signed-out' });
    expect(signedOut.pending).toBe(1);
    expect(await values(desktop)).toEqual(['sk_live_queued_0000000001']); // everything local still works

    // The old password is no longer the account's; the current one signs this same device in again.
    expect(await refused(desktop, { type: 'sign-in-again', password: desktop.password })).toMatchObject({ code: 'wrong-password' });
    const devicesBefore = (await ask(laptop, { type: 'devices' })).devices.length;
    await ask(desktop, { type: 'sign-in-again', password: 'the new passphrase 2026' });
    await ask(desktop, { type: 'sync-now' });
    expect(await ask(desktop, { type: 'state' })).toMatchObject({ sync: { state: 'synced' }, pending: 0 });
    expect((await ask(laptop, { type: 'devices' })).devices).toHaveLength(devicesBefore); // the same device, not a new one

    await ask(laptop, { type: 'sync-now' });
    expect(await values(laptop)).toEqual(['sk_live_queued_0000000001']);

    // From now on the new password unlocks the desktop, and the old one no longer does.
    await ask(desktop, { type: 'lock' });
    expect(await refused(desktop, { type: 'unlock', password: desktop.password })).toMatchObject({ code: 'wrong-password' });
    await ask(desktop, { type: 'unlock', password: 'the new passphrase 2026' });

    // A browser that was locked meanwhile takes the new password at its lock screen.
    expect(await ask(locked, { type: 'unlock', password: 'the new passphrase 2026' })).toMatchObject({ phase: 'unlocked' });
    await ask(locked, { type: 'sync-now' });
    expect(await ask(locked, { type: 'state' })).toMatchObject({ sync: { state: 'synced' } });
    expect(await values(locked)).toEqual(['sk_live_queued_0000000001']);
  });

  it('a change that never reaches the server leaves the old password working everywhere', async () => {
    const laptop = await signedUp('pw-unreached');
    const desktop = await secondBrowser(laptop);
    const realFetch = globalThis.fetch;
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      if (String(input).endsWith('/v1/account/password')) throw new TypeError('connection refused');
      return realFetch(input, init);
    });
    expect(await refused(laptop, { type: 'change-password', oldPassword: laptop.password, newPassword: 'never applied 2026' })).toMatchObject({ code: 'offline' });
    vi.restoreAllMocks();

    await ask(laptop, { type: 'lock' });
    expect(await refused(laptop, { type: 'unlock', password: 'never applied 2026' })).toMatchObject({ code: 'wrong-password' });
    await ask(laptop, { type: 'unlock', password: laptop.password });
    await ask(desktop, { type: 'sync-now' });
    expect((await ask(desktop, { type: 'state' })).sync).toMatchObject({ state: 'synced' }); // nobody was signed out
    const fresh = browser(laptop.email, laptop.password);
    await ask(fresh, { type: 'login', server: server.base, email: laptop.email, password: laptop.password });
  });

  it('a change whose answer is lost is read back: the device takes the new password, as the server did', async () => {
    const laptop = await signedUp('pw-lost-answer');
    const realFetch = globalThis.fetch;
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const answer = await realFetch(input, init);
      if (String(input).endsWith('/v1/account/password')) throw new TypeError('connection reset after the request');
      return answer;
    });
    await ask(laptop, { type: 'change-password', oldPassword: laptop.password, newPassword: 'applied but unanswered' });
    vi.restoreAllMocks();

    await ask(laptop, { type: 'lock' });
    expect(await refused(laptop, { type: 'unlock', password: laptop.password })).toMatchObject({ code: 'wrong-password' });
    await ask(laptop, { type: 'unlock', password: 'applied but unanswered' });
    await ask(laptop, { type: 'sync-now' });
    expect((await ask(laptop, { type: 'state' })).sync).toMatchObject({ state: 'synced' });
  });
});
