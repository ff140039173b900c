/**
 * Zero knowledge, checked from the server's side: two people use KeyHaven through the real CLI (items
 * with every field filled, edits, a rotation, a revocation, a delete, a team vault, access tokens used
 * by a machine, a vault-key rotation), then every table of the server's database and every line the
 * server logged is searched for what they typed, in any form (docs/threat-model.md). The emails, which
 * the server does see, are found: the search looks where the data is.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cliUser, ok, type CliUser } from '../../support/cli.js';
import { needlesFor } from '../../support/needles.js';
import { useCluster } from '../../support/server.js';

const server = useCluster();
const sql = () => server.cluster.database.sql;

/** A typed value nobody else would type: 16 letters and digits. */
const marker = () => randomBytes(12).toString('base64').replace(/[^A-Za-z0-9]/g, 'x');

/** Every table of the database as text: bytes as hex and as Latin-1, so a value hidden in bytea shows too. */
async function dumpDatabase(): Promise<string> {
  const tables = await sql()<{ tablename: string }[]>`select tablename from pg_tables where schemaname = 'public' order by tablename`;
  expect(tables.map((t) => t.tablename)).toEqual(expect.arrayContaining(['items', 'access_tokens', 'audit_entries']));
  const parts: string[] = [];
  for (const { tablename } of tables) {
    const rows = await sql().unsafe(`select * from "${tablename}"`);
    parts.push(
      `-- ${tablename}\n` +
        JSON.stringify(rows, (_key, value: unknown) => {
          if (value instanceof Uint8Array) return `${Buffer.from(value).toString('hex')} ${Buffer.from(value).toString('latin1')}`;
          if (value && typeof value === 'object' && (value as { type?: string }).type === 'Buffer') return Buffer.from((value as { data: number[] }).data).toString('hex');
          return value;
        }),
    );
  }
  return parts.join('\n');
}

describe('what the server holds', () => {
  it('has no trace of any name, provider, tag, note, URL, value, reason, vault or token name, password or token', async () => {
    const typed = {
      alicePassword: `${marker()} correct horse`,
      bobPassword: `${marker()} battery staple`,
      vault: marker(),
      vaultRenamed: marker(),
      teamVault: marker(),
      names: [marker(), marker(), marker(), marker()],
      rename: marker(),
      provider: marker(),
      kind: marker(),
      env: marker(),
      tags: [marker(), marker()],
      url: `https://${marker().toLowerCase()}.example/${marker()}`,
      notes: `${marker()} rotate with the ops team`,
      values: [`sk-proj-${marker()}${marker()}`, `sk_live_${marker()}${marker()}`, `ghp_${marker()}${marker()}`, `re_${marker()}${marker()}`],
      rotated: `sk-proj-${marker()}${marker()}`,
      rotateReason: `${marker()} quarterly`,
      revokeReason: `${marker()} leaked in CI logs`,
      tokenNames: [marker(), marker()],
    };
    const emails = { alice: `zk-alice-${marker()}@example.com`, bob: `zk-bob-${marker()}@example.com` };
    const alice = cliUser(typed.alicePassword);
    const bob = cliUser(typed.bobPassword);
    await ok(alice, ['signup', '--server', server.base, '--email', emails.alice]);
    await ok(bob, ['signup', '--server', server.base, '--email', emails.bob]);

    // A personal vault, every field filled, then edited, rotated, revoked and partly deleted.
    await ok(alice, ['vault', 'create', typed.vault]);
    const fields = ['--vault', typed.vault, '--provider', typed.provider, '--kind', typed.kind, '--env', typed.env, '--url', typed.url, '--notes', typed.notes];
    for (const [i, name] of typed.names.slice(0, 3).entries()) {
      await ok(alice, ['add', '--name', name, ...fields, '--tag', typed.tags[i % 2]!], typed.values[i]);
    }
    await ok(alice, ['edit', typed.names[0]!, '--vault', typed.vault, '--rename', typed.rename]);
    await ok(alice, ['rotate', typed.rename, '--vault', typed.vault, '--reason', typed.rotateReason], typed.rotated);
    await ok(alice, ['revoke', typed.names[1]!, '--vault', typed.vault, '--reason', typed.revokeReason]);
    await ok(alice, ['get', typed.names[2]!, '--vault', typed.vault, '--reveal']);
    await ok(alice, ['rm', typed.names[2]!, '--vault', typed.vault]);
    await ok(alice, ['vault', 'rename', typed.vault, typed.vaultRenamed]);

    // A team vault shared with Bob, who adds a key of his own.
    await ok(alice, ['vault', 'create', typed.teamVault]);
    const fingerprint = async (who: CliUser) => (await ok(who, ['whoami', '--json'])).json<{ fingerprint: string }>().fingerprint;
    await ok(alice, ['vault', 'invite', emails.bob, '--vault', typed.teamVault, '--role', 'editor', '--fingerprint', await fingerprint(bob)]);
    await ok(bob, ['vault', 'accept', typed.teamVault, '--fingerprint', await fingerprint(alice)]);
    await ok(bob, ['add', '--name', typed.names[3]!, '--vault', typed.teamVault, '--provider', typed.provider, '--tag', typed.tags[0]!], typed.values[3]);
    await ok(alice, ['sync']);

    // Access tokens, one narrowed to a tag, used by a machine, then a vault-key rotation re-wraps for them.
    const tokens: string[] = [];
    tokens.push((await ok(alice, ['token', 'create', '--vault', typed.vaultRenamed, '--name', typed.tokenNames[0]!, '--tag', typed.tags[0]!])).stdout.trim());
    tokens.push((await ok(alice, ['token', 'create', '--vault', typed.teamVault, '--name', typed.tokenNames[1]!, '--env', typed.env])).stdout.trim());
    const machine = cliUser('unused-password-of-nobody');
    for (const token of tokens) {
      const read = await ok(machine, ['run', '--', process.execPath, '-e', 'process.exit(0)'], { env: { KEYHAVEN_TOKEN: token, KEYHAVEN_SERVER: server.base, KEYHAVEN_PASSWORD: '' } });
      expect(read.stderr).not.toMatch(/WARNING/);
    }
    await ok(alice, ['vault', 'rotate-key', typed.vaultRenamed]);
    await ok(alice, ['sync']);

    const secrets = [...Object.values(typed).flat(), ...tokens];
    const dump = await dumpDatabase();
    const log = server.cluster.logs.join('\n');
    const needles = needlesFor(secrets);
    expect(needles.find(dump), 'in the database').toEqual([]);
    expect(needles.find(log), 'in the server log').toEqual([]);
    // The control: what the server is meant to see is there, so the search does look at the data.
    expect(needlesFor([emails.alice, emails.bob]).find(dump).map((t) => t.secret)).toEqual(expect.arrayContaining([emails.alice, emails.bob]));
    expect(dump.length).toBeGreaterThan(20_000);
  }, 180_000);
});
