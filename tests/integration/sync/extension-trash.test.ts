/**
 * The Trash across devices, in the extension's background against a real server (decision 118): a key
 * deleted on one browser leaves the other's list and waits in its Trash; restored there, it is back on
 * the first with the same id and history; 30 days later (an injected clock) a writer's browser deletes
 * it for good everywhere. A viewer of a team vault sees the Trash and can neither restore nor purge.
 */
import { describe, expect, it } from 'vitest';
import { TrashActions } from '../../../extension/background/trash-actions.js';
import { useBrowsers, type Browser } from '../../support/extension-browsers.js';
import { useCluster } from '../../support/server.js';

const server = useCluster();
const { browser, ask, refused, signedUp, fingerprintOf } = useBrowsers(() => server.base);
const DAY = 86_400_000;

const names = async (b: Browser) => (await ask(b, { type: 'list' })).items.map((i) => i.name);
const trash = async (b: Browser) => (await ask(b, { type: 'trash' })).items;

describe('the Trash across browsers', () => {
  it('trash on A: gone from B’s list; restore on B: back on A, same id and history; purged for good after 30 days', async () => {
    const a = await signedUp('trash');
    const b = browser(a.email, a.password);
    await ask(b, { type: 'login', server: server.base, email: a.email, password: a.password });
    const key = await ask(a, { type: 'add', fields: { name: 'OpenAI prod', provider: 'openai' }, value: 'sk-proj-trash-first-000000' });
    await ask(a, { type: 'rotate', itemId: key.id, value: 'sk-proj-trash-second-11111', reason: 'scheduled' });
    await ask(a, { type: 'sync-now' });
    await ask(b, { type: 'sync-now' });
    expect(await names(b)).toEqual(['OpenAI prod']);

    await ask(a, { type: 'delete', itemId: key.id });
    await ask(a, { type: 'sync-now' });
    await ask(b, { type: 'sync-now' });
    expect(await names(b)).toEqual([]);
    expect(await trash(b)).toEqual([expect.objectContaining({ id: key.id, name: 'OpenAI prod', daysLeft: 30, canChange: true })]);
    expect(await refused(b, { type: 'copy', itemId: key.id })).toMatchObject({ code: 'in-trash' });

    const restored = await ask(b, { type: 'restore-trashed', vaultId: key.vaultId, itemId: key.id });
    expect(restored).toMatchObject({ id: key.id, history: [{ reason: 'scheduled' }] });
    await ask(b, { type: 'sync-now' });
    await ask(a, { type: 'sync-now' });
    expect(await names(a)).toEqual(['OpenAI prod']);
    expect(await ask(a, { type: 'item', itemId: key.id })).toMatchObject({ id: key.id, history: [{ reason: 'scheduled' }] });
    expect(await ask(a, { type: 'reveal', itemId: key.id })).toEqual({ value: 'sk-proj-trash-second-11111' });

    // Trashed again; A sees it in its Trash now (its purge after each sync records that); 29 days on
    // nothing happens, 31 days on (this browser's clock, injected) it goes for good.
    await ask(a, { type: 'delete', itemId: key.id });
    const onA = new TrashActions(await a.service.trashHost.context());
    expect(await onA.purgeDue(new Date())).toBe(0);
    expect(await onA.purgeDue(new Date(Date.now() + 29 * DAY))).toBe(0);
    expect(await onA.purgeDue(new Date(Date.now() + 31 * DAY))).toBe(1);
    await ask(a, { type: 'sync-now' });
    await ask(b, { type: 'sync-now' });
    expect(await trash(a)).toEqual([]);
    expect(await trash(b)).toEqual([]);
    expect(await refused(b, { type: 'restore-trashed', vaultId: key.vaultId, itemId: key.id })).toMatchObject({ code: 'not-found' });

    const log = (await ask(b, { type: 'audit', vaultId: key.vaultId })).entries.filter((e) => e.keyId === key.id);
    expect(log.map((e) => e.sentence).slice(0, 5)).toEqual([
      'Deleted OpenAI prod for good from the Trash',
      'Moved OpenAI prod to the Trash',
      'Revealed OpenAI prod',
      'Restored OpenAI prod from the Trash',
      'Moved OpenAI prod to the Trash',
    ]);
    expect((await ask(b, { type: 'audit', vaultId: key.vaultId })).verification).toMatchObject({ ok: true });
  });

  it('a viewer of a team vault sees its Trash but cannot restore, delete for good or purge it', async () => {
    const [alice, vic] = [await signedUp('alice'), await signedUp('vic')];
    const vault = await ask(alice, { type: 'create-vault', name: 'Payments' });
    const key = await ask(alice, { type: 'add', vaultId: vault.id, fields: { name: 'Stripe live' }, value: 'sk_live_trash_viewer_00000' });
    await ask(alice, { type: 'invite', vaultId: vault.id, email: vic.email, role: 'viewer', fingerprint: await fingerprintOf(vic) });
    await ask(vic, { type: 'accept-invitation', vaultId: vault.id, fingerprint: await fingerprintOf(alice) });
    await ask(alice, { type: 'delete', vaultId: vault.id, itemId: key.id });
    await ask(alice, { type: 'sync-now' });
    await ask(vic, { type: 'sync-now' });

    expect(await trash(vic)).toEqual([expect.objectContaining({ id: key.id, vaultName: 'Payments', canChange: false })]);
    expect(await refused(vic, { type: 'restore-trashed', vaultId: vault.id, itemId: key.id })).toMatchObject({ code: 'forbidden' });
    expect(await refused(vic, { type: 'purge-trashed', vaultId: vault.id, itemId: key.id })).toMatchObject({ code: 'forbidden' });
    expect((await ask(vic, { type: 'empty-trash', items: [{ vaultId: vault.id, itemId: key.id }] })).purged).toBe(0);
    expect(await new TrashActions(await vic.service.trashHost.context(vault.id)).purgeDue(new Date(Date.now() + 31 * DAY))).toBe(0);
    expect(await trash(vic)).toHaveLength(1);
  });

  it('Empty Trash deletes for good the keys the person confirmed, not one another device moved there meanwhile', async () => {
    const a = await signedUp('empty');
    const b = browser(a.email, a.password);
    await ask(b, { type: 'login', server: server.base, email: a.email, password: a.password });
    const seen = await ask(a, { type: 'add', fields: { name: 'Old token' }, value: 'ghp_trash_empty_seen_00000' });
    const later = await ask(a, { type: 'add', fields: { name: 'Live token' }, value: 'ghp_trash_empty_later_0000' });
    await ask(a, { type: 'delete', itemId: seen.id });
    const shown = await trash(a); // the screen the person confirms "Empty Trash" on
    // Meanwhile B moves another key to the Trash, and A's sync brings it in before the click lands.
    await ask(a, { type: 'sync-now' });
    await ask(b, { type: 'sync-now' });
    await ask(b, { type: 'delete', itemId: later.id });
    await ask(b, { type: 'sync-now' });
    await ask(a, { type: 'sync-now' });

    const after = await ask(a, { type: 'empty-trash', items: shown.map((r) => ({ vaultId: r.vaultId, itemId: r.id })) });
    expect(after.purged).toBe(1);
    expect(after.items.map((r) => r.name)).toEqual(['Live token']);
  });
});
