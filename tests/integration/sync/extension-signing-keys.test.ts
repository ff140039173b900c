/**
 * A team's signing secret in the extension, two browsers against a real server: an editor's rotation
 * and key revocation reach a viewer's browser, and the viewer's own attempts are refused before anything
 * is queued (the role comes from the vault's signed roster, which needs a server).
 */
import { describe, expect, it } from 'vitest';
import { useBrowsers } from '../../support/extension-browsers.js';
import { useCluster } from '../../support/server.js';

const server = useCluster();
const { ask, refused, signedUp, fingerprintOf } = useBrowsers(() => server.base);

describe('signing keys in a shared vault', () => {
  it('a viewer sees the set and its windows, and may not rotate, revoke or reactivate a key', async () => {
    const [alice, carol] = [await signedUp('alice'), await signedUp('carol')];
    const vault = await ask(alice, { type: 'create-vault', name: 'Webhooks' });
    const item = await ask(alice, { type: 'add', vaultId: vault.id, fields: { name: 'Orders webhook', type: 'secret', kind: 'signing-secret' }, value: 'whsec_team_signing_secret_0001' });
    const rotated = await ask(alice, { type: 'rotate-signing-key', vaultId: vault.id, itemId: item.id, overlapHours: 24 });
    const [, old] = rotated.signingKeys!;

    await ask(alice, { type: 'invite', vaultId: vault.id, email: carol.email, role: 'viewer', fingerprint: await fingerprintOf(carol) });
    await ask(carol, { type: 'accept-invitation', vaultId: vault.id, fingerprint: await fingerprintOf(alice) });
    const seen = await ask(carol, { type: 'item', vaultId: vault.id, itemId: item.id });
    expect(seen.signingKeys).toEqual(rotated.signingKeys);

    for (const request of [
      { type: 'rotate-signing-key', vaultId: vault.id, itemId: item.id, overlapHours: 0 },
      { type: 'revoke-signing-key', vaultId: vault.id, itemId: item.id, keyId: old!.id, reason: 'not mine to revoke' },
      { type: 'reactivate-signing-key', vaultId: vault.id, itemId: item.id, keyId: old!.id },
    ] as const) {
      expect(await refused(carol, request)).toMatchObject({ code: 'forbidden', message: expect.stringContaining('you are a viewer') });
    }

    // The editor's revocation reaches the viewer with the next sync.
    await ask(alice, { type: 'revoke-signing-key', vaultId: vault.id, itemId: item.id, keyId: old!.id, reason: 'leaked in a log' });
    await ask(alice, { type: 'sync-now' });
    await ask(carol, { type: 'sync-now' });
    const after = await ask(carol, { type: 'item', vaultId: vault.id, itemId: item.id });
    expect(after.signingKeys!.find((k) => k.id === old!.id)).toMatchObject({ state: 'revoked', revokedReason: 'leaked in a log', verifies: false });
  });
});
