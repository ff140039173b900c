/**
 * Vault-key rotation in the extension's background against a real server: "Rotate key now", a schedule
 * sealed in the vault's meta that another device takes, an overdue key rotated by the admin's browser
 * after a sync (and not by a member's), every item still readable on every device, the steps audited.
 */
import { describe, expect, it } from 'vitest';
import { updateProfile } from '../../../extension/db/database.js';
import { useBrowsers } from '../../support/extension-browsers.js';
import { useCluster } from '../../support/server.js';

const server = useCluster();
const { ask, refused, signedUp, fingerprintOf } = useBrowsers(() => server.base);
const DAY = 86_400_000;

/** Makes this browser's copy of the vault's current key look `days` old, as after that many days. */
async function ageKey(b: Awaited<ReturnType<typeof signedUp>>, vaultId: string, days: number) {
  await updateProfile(b.db, (p) => ({
    ...p,
    vaults: p.vaults.map((v) => (v.id === vaultId ? { ...v, keyring: { ...v.keyring, keys: v.keyring.keys.map((k) => (k.version === v.keyring.current ? { ...k, createdAt: new Date(Date.now() - days * DAY).toISOString() } : k)) } } : v)),
  }));
}

async function until(check: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('vault key rotation in the extension', () => {
  it('rotates now and on schedule, an admin’s browser only; members keep reading; every step audited', async () => {
    const [alice, bob] = [await signedUp('alice'), await signedUp('bob')];
    const vault = await ask(alice, { type: 'create-vault', name: 'Payments' });
    expect(vault.keySchedule).toMatchObject({ everyDays: 90, due: false });
    for (const n of [1, 2, 3]) await ask(alice, { type: 'add', vaultId: vault.id, fields: { name: `key ${n}` }, value: `sk_live_schedule_00000${n}` });
    await ask(alice, { type: 'invite', vaultId: vault.id, email: bob.email, role: 'editor', fingerprint: await fingerprintOf(bob) });
    await ask(bob, { type: 'accept-invitation', vaultId: vault.id, fingerprint: await fingerprintOf(alice) });

    // Rotate now: an admin's act only.
    expect(await refused(bob, { type: 'rotate-vault-key', vaultId: vault.id })).toMatchObject({ code: 'forbidden' });
    expect(await refused(bob, { type: 'set-key-schedule', vaultId: vault.id, days: 1 })).toMatchObject({ code: 'forbidden' });
    expect(await ask(alice, { type: 'rotate-vault-key', vaultId: vault.id })).toMatchObject({ keyVersion: 2, keySchedule: { due: false } });

    // The schedule is sealed in the vault's meta: Bob's browser takes it at its next sync.
    expect(await ask(alice, { type: 'set-key-schedule', vaultId: vault.id, days: 30 })).toMatchObject({ keySchedule: { everyDays: 30 } });
    await ask(bob, { type: 'sync-now' });
    const bobSees = (await ask(bob, { type: 'vaults' })).vaults.find((v) => v.id === vault.id)!;
    expect(bobSees).toMatchObject({ keyVersion: 2, keySchedule: { everyDays: 30 } });

    // Overdue on both browsers: only the admin's rotates it, after a sync; Bob's never tries.
    await ageKey(bob, vault.id, 31);
    await ask(bob, { type: 'sync-now' });
    await new Promise((r) => setTimeout(r, 300));
    expect((await ask(bob, { type: 'vaults' })).vaults.find((v) => v.id === vault.id)).toMatchObject({ keyVersion: 2, keySchedule: { due: true } });
    await ageKey(alice, vault.id, 31);
    await ask(alice, { type: 'sync-now' });
    await until(async () => (await ask(alice, { type: 'vaults' })).vaults.find((v) => v.id === vault.id)!.keyVersion === 3, 'the scheduled rotation');
    await ask(alice, { type: 'sync-now' });

    await ask(bob, { type: 'sync-now' });
    const items = (await ask(bob, { type: 'list' })).items.filter((i) => i.vaultId === vault.id);
    expect(items).toHaveLength(3);
    for (const item of items) expect((await ask(bob, { type: 'reveal', vaultId: vault.id, itemId: item.id })).value).toMatch(/^sk_live_schedule_/);
    expect((await ask(bob, { type: 'vaults' })).vaults.find((v) => v.id === vault.id)).toMatchObject({ keyVersion: 3, keySchedule: { due: false } });

    const steps = (await ask(alice, { type: 'audit', vaultId: vault.id })).entries.filter((e) => e.action === 'vault.key-rotate').map((e) => (e.detail as { phase: string }).phase);
    expect(steps.reverse()).toEqual(['start', 'done', 'start', 'done']);
    expect((await ask(alice, { type: 'audit', vaultId: vault.id })).verification).toMatchObject({ ok: true });
  });
});
