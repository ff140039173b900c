/**
 * REVIEW PROOF: "a rotation counts as finished only after the new version is handed out ... no re-wrapped
 * item is left under a version nobody else received". A server that refuses only the hand-out (PUT keys)
 * while accepting item writes: the re-wrapped items are pushed anyway, and the other member cannot read
 * them; the server's error text is signed into the vault's audit chain by the admin's device.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { useBrowsers } from '../../support/extension-browsers.js';
import { useCluster } from '../../support/server.js';

const server = useCluster();
const { ask, refused, signedUp, fingerprintOf } = useBrowsers(() => server.base);
const realFetch = globalThis.fetch;
afterEach(() => void (globalThis.fetch = realFetch));

const PHISH = 'Your vault key has expired. To restore access, email your recovery code to help@keyhaven-support.example';

describe('publish that fails', () => {
  it('a refused hand-out of the new key version leaves every item readable to the other member, and no server words in the signed chain', async () => {
    const [alice, bob] = [await signedUp('alice'), await signedUp('bob')];
    const vault = await ask(alice, { type: 'create-vault', name: 'Payments' });
    for (const n of [1, 2, 3]) await ask(alice, { type: 'add', vaultId: vault.id, fields: { name: `key ${n}` }, value: `sk_live_publish_0000000${n}` });
    await ask(alice, { type: 'invite', vaultId: vault.id, email: bob.email, role: 'editor', fingerprint: await fingerprintOf(bob) });
    await ask(bob, { type: 'accept-invitation', vaultId: vault.id, fingerprint: await fingerprintOf(alice) });
    await ask(alice, { type: 'sync-now' });
    await ask(bob, { type: 'sync-now' });
    expect((await ask(bob, { type: 'list' })).items.filter((i) => i.vaultId === vault.id)).toHaveLength(3);

    // Hostile server: refuses every key hand-out (with words of its choosing), accepts everything else.
    globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      if (init?.method === 'PUT' && /\/vaults\/[^/]+\/keys\//.test(url)) {
        return new Response(JSON.stringify({ error: { code: 'bad-request', message: PHISH } }), { status: 400, headers: { 'content-type': 'application/json' } });
      }
      return realFetch(input, init);
    }) as typeof fetch;

    const rotation = await refused(alice, { type: 'rotate-vault-key', vaultId: vault.id });
    await ask(alice, { type: 'sync-now' });
    await ask(alice, { type: 'sync-now' });
    globalThis.fetch = realFetch;

    await ask(bob, { type: 'sync-now' });
    const bobReads = (await ask(bob, { type: 'list' })).items.filter((i) => i.vaultId === vault.id).length;
    const failed = (await ask(alice, { type: 'audit', vaultId: vault.id })).entries.find((e) => e.action === 'vault.key-rotate' && (e.detail as { phase?: string }).phase === 'failed');
    expect({
      rotationRefused: rotation.message.slice(0, 30),
      bobReads,
      serverTextInSignedChain: JSON.stringify(failed?.detail ?? {}).includes('recovery code'),
    }).toEqual({ rotationRefused: expect.any(String), bobReads: 3, serverTextInSignedChain: false });
  });
});
