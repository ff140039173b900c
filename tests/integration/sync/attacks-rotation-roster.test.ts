/**
 * REVIEW PROOF: a hostile server makes a team member's (editor's) fresh browser rotate the team vault key
 * on schedule and hand the new version only to itself, so the admin can no longer read the vault's items.
 * Claim under attack: "only an admin's browser rotates a team vault on schedule".
 */
import { describe, expect, it } from 'vitest';
import { useBrowsers } from '../../support/extension-browsers.js';
import { useCluster } from '../../support/server.js';

const server = useCluster();
const sql = () => server.cluster.database.sql;
const { browser, ask, signedUp, fingerprintOf } = useBrowsers(() => server.base);

async function until(check: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('scheduled rotation by a non-admin', () => {
  it("a server that withholds the roster from an editor's new browser cannot make it rotate the team vault for itself", async () => {
    const [alice, bob] = [await signedUp('alice'), await signedUp('bob')];
    const vault = await ask(alice, { type: 'create-vault', name: 'Payments' });
    for (const n of [1, 2, 3]) await ask(alice, { type: 'add', vaultId: vault.id, fields: { name: `key ${n}` }, value: `sk_live_review_00000000${n}` });
    await ask(alice, { type: 'invite', vaultId: vault.id, email: bob.email, role: 'editor', fingerprint: await fingerprintOf(bob) });
    await ask(bob, { type: 'accept-invitation', vaultId: vault.id, fingerprint: await fingerprintOf(alice) });
    await ask(alice, { type: 'sync-now' });
    await ask(bob, { type: 'sync-now' });

    // Hostile server, towards Bob's next new browser only needs: no roster, no team memory, and an old
    // createdAt in Bob's (unauthenticated) key entry, which a device takes as it comes the first time.
    const [row] = await sql()<{ id: string }[]>`select id from accounts where email = ${bob.email}`;
    const bobId = row!.id;
    await sql()`delete from vault_rosters where vault_id = ${vault.id}`;
    await sql()`update accounts set team_memory = null, team_memory_revision = 0 where id = ${bobId}`;
    const rows = await sql()<{ key_version: number; blob: string }[]>`select key_version, blob from vault_keys where vault_id = ${vault.id} and account_id = ${bobId}`;
    for (const r of rows) {
      const entry = JSON.parse(r.blob);
      entry.createdAt = new Date(Date.now() - 100 * 86_400_000).toISOString();
      await sql()`update vault_keys set blob = ${JSON.stringify(entry)} where vault_id = ${vault.id} and account_id = ${bobId} and key_version = ${r.key_version}`;
    }

    // Bob signs in on a new browser; it syncs; nobody asks it to rotate anything.
    const bob2 = browser(bob.email, bob.password);
    await ask(bob2, { type: 'login', server: server.base, email: bob.email, password: bob.password });
    await ask(bob2, { type: 'sync-now' });
    let rotatedByEditor = false;
    try {
      await until(async () => (await ask(bob2, { type: 'vaults' })).vaults.find((v) => v.id === vault.id)?.keyVersion === 2, 'a rotation');
      rotatedByEditor = true;
    } catch {
      /* not rotated: the claim holds */
    }
    await ask(bob2, { type: 'sync-now' });
    const shares = await sql()<{ account_id: string }[]>`select account_id from vault_keys where vault_id = ${vault.id} and key_version = 2`;

    // Alice (the only admin) syncs: can she still read her team vault?
    await ask(alice, { type: 'sync-now' });
    const listed = await ask(alice, { type: 'list' });
    const readable = listed.items.filter((i) => i.vaultId === vault.id).length;

    expect({ rotatedByEditor, v2HandedTo: shares.map((s) => (s.account_id === bobId ? 'bob' : 'other')), aliceReadsItems: readable }).toEqual({
      rotatedByEditor: false,
      v2HandedTo: [],
      aliceReadsItems: 3,
    });
  });
});
