/**
 * Account-key rotation in the extension's background against a real server: Settings rotates it with
 * the password, the browser keeps working on the new key (and after a lock), the account's other
 * browser is signed out and, given the password, re-wraps what it holds and reads everything; a
 * rotation cut short after it reached the server finishes at the next unlock; every step is audited.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useBrowsers } from '../../support/extension-browsers.js';
import { useCluster } from '../../support/server.js';

const server = useCluster();
const { browser, ask, refused, signedUp, values } = useBrowsers(() => server.base);

afterEach(() => vi.restoreAllMocks());

describe('account-key rotation in the extension', () => {
  it('rotates with the password; this browser works on, the other signs in again and reads everything', async () => {
    const laptop = await signedUp('akr-ext');
    const team = await ask(laptop, { type: 'create-vault', name: 'Second' });
    await ask(laptop, { type: 'add', fields: { name: 'first' }, value: 'sk_live_account_key_000001' });
    await ask(laptop, { type: 'add', vaultId: team.id, fields: { name: 'second' }, value: 'sk_live_account_key_000002' });
    const desktop = browser(laptop.email, laptop.password);
    await ask(desktop, { type: 'login', server: server.base, email: laptop.email, password: laptop.password });
    expect((await ask(laptop, { type: 'settings' })).accountKeyVersion).toBe(1);

    expect(await refused(laptop, { type: 'rotate-account-key', password: 'not the password' })).toMatchObject({ code: 'wrong-password' });
    expect(await ask(laptop, { type: 'rotate-account-key', password: laptop.password })).toMatchObject({ accountKeyVersion: 2 });
    await ask(laptop, { type: 'add', fields: { name: 'third' }, value: 'sk_live_account_key_000003' });
    await ask(laptop, { type: 'sync-now' });
    expect(await ask(laptop, { type: 'state' })).toMatchObject({ sync: { state: 'synced' }, warnings: [] });
    await ask(laptop, { type: 'lock' });
    await ask(laptop, { type: 'unlock', password: laptop.password });
    expect(await values(laptop)).toEqual(['sk_live_account_key_000001', 'sk_live_account_key_000002', 'sk_live_account_key_000003']);

    await ask(desktop, { type: 'sync-now' });
    expect((await ask(desktop, { type: 'state' })).sync).toMatchObject({ state: 'signed-out' });
    await ask(desktop, { type: 'sign-in-again', password: laptop.password });
    await ask(desktop, { type: 'sync-now' });
    expect(await ask(desktop, { type: 'state' })).toMatchObject({ sync: { state: 'synced' }, warnings: [] });
    expect((await ask(desktop, { type: 'settings' })).accountKeyVersion).toBe(2);
    expect(await values(desktop)).toEqual(['sk_live_account_key_000001', 'sk_live_account_key_000002', 'sk_live_account_key_000003']);

    const steps = (await ask(laptop, { type: 'audit', vaultId: team.id })).entries.filter((e) => (e.detail as { scope?: string } | null)?.scope === 'account-key');
    expect(steps.map((e) => (e.detail as { phase: string }).phase).reverse()).toEqual(['start', 'published', 'done']);
  });

  it('a rotation cut short after it reached the server finishes at the next unlock', async () => {
    const laptop = await signedUp('akr-cut');
    await ask(laptop, { type: 'add', fields: { name: 'kept' }, value: 'sk_live_account_key_cut_01' });
    const realFetch = globalThis.fetch;
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      if (init?.method === 'PUT' && /\/v1\/vaults\/[^/]+\/keys\//.test(String(input))) throw new TypeError('the browser closed');
      return realFetch(input, init);
    });
    expect(await refused(laptop, { type: 'rotate-account-key', password: laptop.password })).toMatchObject({ code: 'offline' });
    vi.restoreAllMocks();
    expect((await ask(laptop, { type: 'settings' })).accountKeyVersion).toBe(1); // not committed here yet

    await ask(laptop, { type: 'lock' });
    await ask(laptop, { type: 'unlock', password: laptop.password });
    expect((await ask(laptop, { type: 'settings' })).accountKeyVersion).toBe(2);
    expect(await values(laptop)).toEqual(['sk_live_account_key_cut_01']);
    await ask(laptop, { type: 'sync-now' });
    expect(await ask(laptop, { type: 'state' })).toMatchObject({ sync: { state: 'synced' }, warnings: [] });
    const fresh = browser(laptop.email, laptop.password);
    await ask(fresh, { type: 'login', server: server.base, email: laptop.email, password: laptop.password });
    await ask(fresh, { type: 'sync-now' });
    expect(await values(fresh)).toEqual(['sk_live_account_key_cut_01']);
  });
});
