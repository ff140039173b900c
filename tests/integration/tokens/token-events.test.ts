/**
 * What the server saw of a token (its first use each day, each refusal with its reason) ends up in the
 * vault's signed chain, put there by an admin's device on its next sync: once per event, even when two
 * admin devices sync at the same moment through two server instances (PostgreSQL in CI).
 */
import { describe, expect, it, vi } from 'vitest';
import { deriveTokenSecrets, parseToken, readAuditLog, readWithToken, revokeToken } from '../../../shared/index.js';
import { call } from '../../support/api.js';
import { engineFor, type TestClient } from '../../support/engines.js';
import { useCluster } from '../../support/server.js';
import { tokenVault, type TokenVault } from '../../support/tokens.js';
import { identitiesOf, loginNewDevice } from '../../support/users.js';

const server = useCluster(2);
const proxied = useCluster(1, { trustedProxies: ['127.0.0.1', '::1'] });
const sql = () => server.cluster.database.sql;

async function chainOf(v: TokenVault, client: TestClient = v.client) {
  return readAuditLog({ api: client.api, store: client.store, keyring: v.vault.keyring, vaultId: v.vault.vaultId, verify: true, identities: identitiesOf(v.user) });
}

/** The server records uses and refusals after answering: wait until it holds this many for the vault. */
async function recorded(vaultId: string, count: number) {
  await vi.waitFor(async () => expect(await sql()`select 1 from access_token_events where vault_id = ${vaultId}`).toHaveLength(count), { timeout: 10_000, interval: 50 });
}

describe('access token events in the vault’s chain', () => {
  it('a use and a refusal become signed entries on the admin’s next sync, and only once', async () => {
    const v = await tokenVault(server.base, [{ name: 'DEPLOY_KEY', value: 'dk-0001' }]);
    const used = await v.make({ name: 'ci' });
    const fenced = await v.make({ name: 'office', allowedIps: ['10.0.0.0/8'] });
    await readWithToken(used.token, { baseUrl: server.base });
    await expect(readWithToken(fenced.token, { baseUrl: server.base })).rejects.toMatchObject({ server: { code: 'token-ip-refused' } });
    await recorded(v.vault.vaultId, 2);

    await v.client.engine.sync([v.vault.vaultId]);
    const log = await chainOf(v);
    expect(log.verification).toMatchObject({ ok: true });
    const tokenEntries = log.entries.filter((e) => e.action.startsWith('token.'));
    expect(tokenEntries.map((e) => [e.action, (e.detail as { tokenId: string }).tokenId])).toEqual([
      ['token.use', used.id],
      ['token.refuse', fenced.id],
    ]);
    expect(tokenEntries[1]!.detail).toMatchObject({ reason: 'ip-refused', ip: expect.stringMatching(/127\.0\.0\.1|::1/) });
    expect(tokenEntries.every((e) => e.account === v.user.accountId)).toBe(true);

    // The same day's second use is no event, and a sync with nothing waiting adds nothing.
    await readWithToken(used.token, { baseUrl: server.base });
    await new Promise((r) => setTimeout(r, 200));
    await recorded(v.vault.vaultId, 2);
    await v.client.engine.sync([v.vault.vaultId]);
    expect((await chainOf(v)).entries.filter((e) => e.action.startsWith('token.'))).toHaveLength(2);
    expect(await sql()`select 1 from access_token_events where vault_id = ${v.vault.vaultId} and not chained`).toHaveLength(0);
  });

  it('a server that serves chained events again, or events of another vault’s token, gets nothing signed', async () => {
    const v = await tokenVault(server.base, [{ name: 'DEPLOY_KEY', value: 'dk-0004' }]);
    const used = await v.make({ name: 'ci' });
    await readWithToken(used.token, { baseUrl: server.base });
    await recorded(v.vault.vaultId, 1);
    await v.client.engine.sync([v.vault.vaultId]);
    await v.client.engine.sync([v.vault.vaultId]);
    const tokenEntries = async () => (await chainOf(v)).entries.filter((e) => e.action.startsWith('token.')).length;
    expect(await tokenEntries()).toBe(1);

    // The server hands the same event out again, and one about a token of another vault as this vault's.
    const other = await tokenVault(server.base, [{ name: 'OTHER_KEY', value: 'ok-0001' }]);
    const foreign = await other.make({ name: 'foreign' });
    await sql()`update access_token_events set chained = false, claimed_until = null where vault_id = ${v.vault.vaultId}`;
    await sql()`insert into access_token_events (token_id, vault_id, kind, reason, ip) values (${foreign.id}, ${v.vault.vaultId}, 'refuse', 'ip-refused', '203.0.113.66')`;
    await v.client.engine.sync([v.vault.vaultId]);
    await v.client.engine.sync([v.vault.vaultId]);
    expect(await tokenEntries()).toBe(1);
    expect(await sql()`select 1 from access_token_events where vault_id = ${v.vault.vaultId} and not chained`).toHaveLength(0);
  });

  it('a leaked, revoked token retried in a loop from many addresses adds at most 20 refusals a day, one per address', async () => {
    const v = await tokenVault(proxied.base, [{ name: 'DEPLOY_KEY', value: 'dk-0003' }]);
    const leaked = await v.make({ name: 'leaked' });
    await revokeToken(v.client.api, v.vault.vaultId, leaked.id);
    const { credential } = await deriveTokenSecrets(parseToken(leaked.token));
    const from = (ip: string) => call(proxied.base, 'GET', '/v1/token', { token: credential, headers: { 'x-forwarded-for': ip } });
    for (let round = 0; round < 3; round++) {
      for (let n = 1; n <= 30; n++) expect((await from(`198.51.100.${n}`)).body.error.code).toBe('token-revoked');
    }
    const stored = () => proxied.cluster.database.sql<{ ip: string }[]>`select ip from access_token_events where token_id = ${leaked.id}`;
    await vi.waitFor(async () => expect(await stored()).toHaveLength(20), { timeout: 10_000, interval: 50 });
    await new Promise((r) => setTimeout(r, 200));
    const ips = (await stored()).map((e) => e.ip);
    expect(new Set(ips).size).toBe(20);
  });

  it('two admin devices syncing at once through two instances sign each event exactly once', async () => {
    const v = await tokenVault(server.base, [{ name: 'DEPLOY_KEY', value: 'dk-0002' }]);
    const made = await v.make({ name: 'busy' });
    // More events than one claim hands out, as a day of refusals from many addresses would leave.
    await sql()`
      insert into access_token_events (token_id, vault_id, kind, reason, ip)
      select ${made.id}, ${v.vault.vaultId}, 'refuse', 'ip-refused', '198.51.100.' || n from generate_series(1, 230) n`;
    const phoneDevice = await loginNewDevice(server.cluster.servers[1]!.url, v.user, 'phone');
    const phone = engineFor(server.cluster.servers[1]!.url, v.user, phoneDevice, v.vault);
    await Promise.all([v.client.engine.sync([v.vault.vaultId]), phone.engine.sync([v.vault.vaultId])]);
    // Whatever one device queued behind the other's entries goes out on its next sync.
    await Promise.all([v.client.engine.sync([v.vault.vaultId]), phone.engine.sync([v.vault.vaultId])]);

    const log = await chainOf(v);
    expect(log.verification).toMatchObject({ ok: true });
    const events = log.entries.filter((e) => e.action === 'token.refuse').map((e) => (e.detail as { event: number }).event);
    expect(events).toHaveLength(230);
    expect(new Set(events).size).toBe(230);
    expect(await sql()`select 1 from access_token_events where vault_id = ${v.vault.vaultId} and not chained`).toHaveLength(0);
  });
});
