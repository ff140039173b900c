/**
 * A revocation holds against the token's holder, not only against the token (docs/crypto.md §25): the
 * holder of a revoked vault-wide token, keeping every key copy it ever got and given the server's whole
 * database, opens nothing written afterwards; and a member who leaves takes no working token key with
 * them: the rotation after their removal revokes the tokens made before it. Through the real CLI.
 */
import { describe, expect, it } from 'vitest';
import { deriveTokenSecrets, importTokenKey, openItem, parseToken, readEnvelope, readWithToken, unwrapVaultKeyForToken, VaultKeyring, type TokenKey, type VaultKey } from '../../../shared/index.js';
import { cliUser, ok, type CliUser } from '../../support/cli.js';
import { useCluster } from '../../support/server.js';

const server = useCluster();
const sql = () => server.cluster.database.sql;

async function person(name: string) {
  const cli = cliUser();
  const email = `${name}-${crypto.randomUUID()}@example.com`;
  await ok(cli, ['signup', '--server', server.base, '--email', email]);
  const { fingerprint, accountId } = (await ok(cli, ['whoami', '--json'])).json<{ fingerprint: string; accountId: string }>();
  return { cli, email, fingerprint, accountId };
}

const vaultIdOf = async (user: CliUser, name: string) => (await ok(user, ['vault', 'ls', '--json'])).json<{ id: string; name: string }[]>().find((v) => v.name === name)!.id;
const tokenIdOf = async (user: CliUser, vault: string, name: string) => (await ok(user, ['token', 'ls', '--vault', vault, '--json'])).json<{ id: string; name: string; state: string }[]>().find((t) => t.name === name)!;

/** What a holder who kept everything has: every vault key version the server ever wrapped for the token. */
async function keysKeptBy(token: string, vaultId: string, tokenId: string): Promise<Map<number, VaultKey>> {
  const tokenKey = (await importTokenKey((await deriveTokenSecrets(parseToken(token))).keyBytes)) as TokenKey;
  const copies = await sql()<{ key_version: number; blob: string }[]>`select key_version, blob from access_token_keys where token_id = ${tokenId}`;
  return new Map(await Promise.all(copies.map(async (c) => [c.key_version, await unwrapVaultKeyForToken(c.blob, c.key_version, { vaultId, tokenId }, tokenKey)] as const)));
}

/** The names of the vault's items, as the server holds them now, that open with `keys`. */
async function openable(vaultId: string, keys: Map<number, VaultKey>): Promise<string[]> {
  const keyring = new VaultKeyring(vaultId, Math.max(...keys.keys()), keys);
  const rows = await sql()<{ id: string; blob: string }[]>`select id, blob from items where vault_id = ${vaultId} and not deleted`;
  const names = await Promise.all(rows.map((r) => openItem(readEnvelope(r.blob), { vaultId, itemId: r.id }, keyring).then((p) => p.name, () => null)));
  return names.filter((n): n is string => n !== null).sort();
}

describe('revoking an access token', () => {
  it('of a whole vault rotates its key: its holder, with every copy and the database, opens nothing written afterwards', async () => {
    const { cli: admin } = await person('owner');
    await ok(admin, ['add', '--name', 'OPENAI_KEY'], 'sk-openai-before-0001');
    const token = (await ok(admin, ['token', 'create', '--name', 'deploy'])).stdout.trim();
    await readWithToken(token, { baseUrl: server.base });
    const vaultId = (await ok(admin, ['vault', 'ls', '--json'])).json<{ id: string }[]>()[0]!.id;
    const { id: tokenId } = await tokenIdOf(admin, vaultId, 'deploy');
    const kept = await keysKeptBy(token, vaultId, tokenId);
    // The control: before the revocation, what the holder kept opens the vault.
    expect(await openable(vaultId, kept)).toEqual(['OPENAI_KEY']);

    const revoked = await ok(admin, ['token', 'revoke', 'deploy', '--json']);
    expect(revoked.json()).toMatchObject({ revoked: true, keyVersion: 2 });
    await ok(admin, ['add', '--name', 'STRIPE_KEY'], 'sk_live_after_0002');
    await ok(admin, ['rotate', 'OPENAI_KEY', '--reason', 'after the revocation'], 'sk-openai-after-0003');

    expect(await openable(vaultId, kept)).toEqual([]);
    await expect(readWithToken(token, { baseUrl: server.base })).rejects.toMatchObject({ server: { code: 'token-revoked' } });
    // The admin still reads everything.
    expect((await ok(admin, ['get', 'STRIPE_KEY', '--reveal'])).stdout.trim()).toBe('sk_live_after_0002');
  });

  it('a member who leaves takes no working token key: the tokens made before are revoked by the rotation, later ones carry over', async () => {
    const [alice, bob] = await Promise.all([person('alice'), person('bob')]);
    await ok(alice.cli, ['vault', 'create', 'Deploys']);
    await ok(alice.cli, ['add', '--vault', 'Deploys', '--name', 'FLY_TOKEN', '--tag', 'ci'], 'fly-team-0001');
    await ok(alice.cli, ['vault', 'invite', bob.email, '--vault', 'Deploys', '--role', 'viewer', '--fingerprint', bob.fingerprint]);
    await ok(bob.cli, ['vault', 'accept', 'Deploys', '--fingerprint', alice.fingerprint]);
    const wide = (await ok(alice.cli, ['token', 'create', '--vault', 'Deploys', '--name', 'wide'])).stdout.trim();
    const narrow = (await ok(alice.cli, ['token', 'create', '--vault', 'Deploys', '--name', 'narrow', '--tag', 'ci'])).stdout.trim();
    // Bob, a viewer, can read the tokens' descriptions, and with them their keys.
    expect((await ok(bob.cli, ['token', 'ls', '--vault', 'Deploys', '--json'])).json<unknown[]>()).toHaveLength(2);

    const removed = await ok(alice.cli, ['vault', 'remove', bob.email, '--vault', 'Deploys', '--json']);
    expect(removed.json()).toMatchObject({ tokensRevoked: 2 });
    for (const token of [wide, narrow]) await expect(readWithToken(token, { baseUrl: server.base })).rejects.toMatchObject({ server: { code: 'token-revoked' } });
    const vaultId = await vaultIdOf(alice.cli, 'Deploys');
    expect((await tokenIdOf(alice.cli, vaultId, 'wide')).state).toBe('revoked');
    const audit = (await ok(alice.cli, ['audit', '--vault', 'Deploys', '--verify', '--json'])).json<{ verification: { ok: boolean }; entries: { action: string; detail: { reason?: string } }[] }>();
    expect(audit.verification.ok).toBe(true);
    expect(audit.entries.filter((e) => e.action === 'token.revoke').map((e) => e.detail.reason)).toEqual(['member-left', 'member-left']);

    // A token made after Bob left survives the next rotation: nobody outside the vault could read its key.
    const later = (await ok(alice.cli, ['token', 'create', '--vault', 'Deploys', '--name', 'after'])).stdout.trim();
    expect((await ok(alice.cli, ['vault', 'rotate-key', 'Deploys', '--json'])).json()).toMatchObject({ toVersion: 3 });
    expect((await readWithToken(later, { baseUrl: server.base })).items.map((i) => i.payload.name)).toEqual(['FLY_TOKEN']);
    expect((await tokenIdOf(alice.cli, vaultId, 'after')).state).toBe('live');
  });

  it('a vault-wide token the server keeps listing as live after its revocation gets no new key version', async () => {
    const { cli: admin } = await person('owner');
    await ok(admin, ['add', '--name', 'OPENAI_KEY'], 'sk-openai-0001');
    const token = (await ok(admin, ['token', 'create', '--name', 'wide'])).stdout.trim();
    const vaultId = (await ok(admin, ['vault', 'ls', '--json'])).json<{ id: string }[]>()[0]!.id;
    const { id: tokenId } = await tokenIdOf(admin, vaultId, 'wide');
    const kept = await keysKeptBy(token, vaultId, tokenId);
    // The server answers the revocation but keeps the token live, as a hostile one would.
    await sql()`create function keep_live() returns trigger language plpgsql as $$ begin new.revoked_at := null; return new; end $$`;
    await sql()`create trigger keep_live before update on access_tokens for each row execute function keep_live()`;
    try {
      await ok(admin, ['token', 'revoke', 'wide']);
    } finally {
      await sql()`drop trigger keep_live on access_tokens`;
      await sql()`drop function keep_live()`;
    }
    const versions = (await sql()<{ key_version: number }[]>`select key_version from access_token_keys where token_id = ${tokenId}`).map((r) => r.key_version);
    expect(versions).not.toContain(2);
    expect((await tokenIdOf(admin, vaultId, 'wide')).state).toBe('revoked');
    await ok(admin, ['add', '--name', 'STRIPE_KEY'], 'sk_live_0002');
    expect(await openable(vaultId, kept)).toEqual([]);
  });

  it('a server that clears a revocation gets the token nothing: no grant for a new write, and the list says so', async () => {
    const { cli: admin } = await person('owner');
    await ok(admin, ['add', '--name', 'CI_KEY', '--tag', 'ci'], 'ci-before-0001');
    const narrow = (await ok(admin, ['token', 'create', '--name', 'narrow', '--tag', 'ci'])).stdout.trim();
    const vaultId = (await ok(admin, ['vault', 'ls', '--json'])).json<{ id: string }[]>()[0]!.id;
    const { id: tokenId } = await tokenIdOf(admin, vaultId, 'narrow');
    await ok(admin, ['token', 'revoke', 'narrow']);
    await ok(admin, ['sync']);

    // The server forgets the revocation, and lets the token read again.
    await sql()`update access_tokens set revoked_at = null where id = ${tokenId}`;
    await ok(admin, ['add', '--name', 'CI_NEW', '--tag', 'ci'], 'ci-after-0002');
    expect(await sql()`select 1 from access_token_grants where token_id = ${tokenId}`).toHaveLength(0);
    expect((await readWithToken(narrow, { baseUrl: server.base })).items).toEqual([]);
    const listed = (await ok(admin, ['token', 'ls', '--json'])).json<{ name: string; state: string; problem: string | null }[]>();
    expect(listed).toEqual([expect.objectContaining({ name: 'narrow', state: 'revoked', problem: expect.stringMatching(/signed log says it was revoked/) })]);
  });
});
