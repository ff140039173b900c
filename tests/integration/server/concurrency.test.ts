/**
 * Read-modify-writes that many clients race on: the same item, the same audit head, the same key
 * version, the last admins of a vault. Four devices on two server instances send their requests at the
 * same instant, round after round. Only a real PostgreSQL (CI's DATABASE_URL pass) runs them on
 * several connections at once; on the embedded database the same rounds run one at a time.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAuditEntry, headAfter, rotateValue, signAuditEntry, createItem, type ChainHead } from '../../../shared/index.js';
import { call } from '../../support/api.js';
import { engineFor } from '../../support/engines.js';
import { useCluster, usingPostgres } from '../../support/server.js';
import { createVault, loginNewDevice, registerUser, sealedBlob, type TestDevice, type TestUser, type TestVault, addMember } from '../../support/users.js';

const ROUNDS = 200;
const server = useCluster(2);
let user: TestUser;
let devices: TestDevice[];
/** Device i talks to instance i % 2, as behind a load balancer. */
const via = (i: number) => server.cluster.servers[i % 2]!.url;

beforeAll(async () => {
  user = await registerUser(via(0));
  devices = [user.device, ...(await Promise.all([1, 2, 3].map((i) => loginNewDevice(via(i), user, `device ${i}`))))];
});

describe(`racing writers (${usingPostgres ? 'PostgreSQL, concurrent connections' : 'embedded, one connection'})`, () => {
  it('answers exactly one of four pushes of the same item and base revision "ok", and the others "conflict" with the winner', async () => {
    const vault = await createVault(via(0), user);
    for (let round = 0; round < ROUNDS; round++) {
      const itemId = randomUUID();
      await call(via(0), 'POST', `/v1/vaults/${vault.vaultId}/items`, { token: user.device.token, body: { items: [{ itemId, baseRevision: 0, blob: await sealedBlob(vault, itemId) }] } });
      const blobs = await Promise.all(devices.map(() => sealedBlob(vault, itemId)));
      const replies = await Promise.all(
        devices.map((d, i) => call(via(i), 'POST', `/v1/vaults/${vault.vaultId}/items`, { token: d.token, body: { items: [{ itemId, baseRevision: 1, blob: blobs[i] }] } })),
      );
      const results = replies.map((r) => r.body.results[0]);
      const winners = results.flatMap((r, i) => (r.status === 'ok' ? [i] : []));
      expect(winners, `round ${round}`).toHaveLength(1);
      const winner = blobs[winners[0]!];
      expect(results[winners[0]!]).toMatchObject({ status: 'ok', revision: 2 });
      for (const r of results.filter((r) => r.status !== 'ok')) expect(r).toEqual({ itemId, status: 'conflict', current: { revision: 2, blob: winner, deleted: false, recordSeq: null } });
    }
    // And the server holds the winners: every item at revision 2, with one seq per accepted write.
    const [row] = await server.cluster.database.sql<{ n: number; seq: string }[]>`
      select count(*)::int as n, (select item_seq from vaults where id = ${vault.vaultId})::text as seq from items where vault_id = ${vault.vaultId} and revision = 2`;
    expect(row).toEqual({ n: ROUNDS, seq: String(ROUNDS * 2) });
  });

  it('appends exactly one of four entries signed on the same head, and tells the others where the head went', async () => {
    const vault = await createVault(via(0), user);
    let head: ChainHead = (await call(via(0), 'GET', `/v1/vaults/${vault.vaultId}`, { token: user.device.token })).body.auditHead;
    for (let round = 0; round < ROUNDS; round++) {
      const entries = await Promise.all(
        devices.map(async (d) =>
          signAuditEntry(
            await buildAuditEntry({ vaultId: vault.vaultId, deviceId: d.id, actorId: user.accountId, action: 'item.reveal', itemId: randomUUID() }, head, new Date()),
            d.keys.signingKey,
          ),
        ),
      );
      const replies = await Promise.all(devices.map((d, i) => call(via(i), 'POST', `/v1/vaults/${vault.vaultId}/audit`, { token: d.token, body: { entries: [entries[i]] } })));
      const winners = replies.flatMap((r, i) => (r.status === 200 ? [i] : []));
      expect(winners, `round ${round}`).toHaveLength(1);
      const next = await headAfter(entries[winners[0]!]!);
      for (const r of replies.filter((r) => r.status !== 200)) {
        expect(r.status).toBe(409);
        expect(r.body.error).toMatchObject({ code: 'audit-head-moved', details: { head: next } });
      }
      head = next;
    }
    const [row] = await server.cluster.database.sql<{ n: number }[]>`select count(*)::int as n from audit_entries where vault_id = ${vault.vaultId}`;
    expect(row!.n).toBe(ROUNDS);
  });

  it('accepts exactly one of four first writes of the same vault key version', async () => {
    const vault = await createVault(via(0), user);
    for (let round = 0; round < ROUNDS; round++) {
      const version = round + 2;
      const replies = await Promise.all(
        devices.map((d, i) => call(via(i), 'PUT', `/v1/vaults/${vault.vaultId}/keys/${user.accountId}/${version}`, { token: d.token, body: { baseRevision: 0, blob: `wrapped-${version}-by-${i}` } })),
      );
      expect(replies.filter((r) => r.status === 200), `round ${round}`).toHaveLength(1);
      expect(replies.filter((r) => r.status === 409).map((r) => r.body.error.code)).toEqual(['revision-conflict', 'revision-conflict', 'revision-conflict']);
    }
  });

  it('takes exactly one of four roster revisions with the same number, and keeps the roster gap-free', async () => {
    const vault = await createVault(via(0), user);
    for (let round = 0; round < 50; round++) {
      const revision = round + 1;
      const replies = await Promise.all(
        devices.map((d, i) => call(via(i), 'PUT', `/v1/vaults/${vault.vaultId}/rosters/${revision}`, { token: d.token, body: { blob: `roster-${revision}-by-${i}` } })),
      );
      expect(replies.filter((r) => r.status === 204), `round ${round}`).toHaveLength(1);
      expect(replies.filter((r) => r.status === 409).map((r) => r.body.error.code)).toEqual(['revision-conflict', 'revision-conflict', 'revision-conflict']);
    }
    const rows = await server.cluster.database.sql<{ revision: number }[]>`select revision from vault_rosters where vault_id = ${vault.vaultId} order by revision`;
    expect(rows.map((r) => r.revision)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('never leaves a vault without an admin when its two admins demote each other at once', async () => {
    const other = await registerUser(via(1));
    for (let round = 0; round < 40; round++) {
      const vault = await createVault(via(0), user);
      await addMember(via(0), user, vault, other, 'admin');
      const [a, b] = await Promise.all([
        call(via(0), 'PATCH', `/v1/vaults/${vault.vaultId}/members/${other.accountId}`, { token: user.device.token, body: { role: 'viewer' } }),
        call(via(1), 'PATCH', `/v1/vaults/${vault.vaultId}/members/${user.accountId}`, { token: other.device.token, body: { role: 'viewer' } }),
      ]);
      expect([a.status, b.status].filter((s) => s === 204), `round ${round}`).toHaveLength(1);
      const [row] = await server.cluster.database.sql<{ n: number }[]>`select count(*)::int as n from vault_members where vault_id = ${vault.vaultId} and role = 'admin'`;
      expect(row!.n).toBe(1);
    }
  });

  it('leaves every value a device was told was stored on every device, after four engines rotate one item at once', async () => {
    const vault: TestVault = await createVault(via(0), user);
    const clients = devices.map((d, i) => engineFor(via(i), user, d, vault));
    const itemId = randomUUID();
    await clients[0]!.engine.write(vault.vaultId, itemId, createItem({ name: 'shared key', value: 'initial' }, new Date()));
    await clients[0]!.engine.sync([vault.vaultId]);
    const written: string[] = [];
    for (let round = 0; round < 50; round++) {
      await Promise.all(clients.map((c) => c.engine.sync([vault.vaultId])));
      await Promise.all(
        clients.map(async (c, i) => {
          const value = `round-${round}-device-${i}`;
          await c.engine.update(vault.vaultId, itemId, (p) => rotateValue(p, value, { now: new Date() }));
          written.push(value);
        }),
      );
      await Promise.all(clients.map((c) => c.engine.sync([vault.vaultId])));
    }
    for (let pass = 0; pass < 3; pass++) for (const c of clients) await c.engine.sync([vault.vaultId]);
    const views = await Promise.all(clients.map((c) => c.engine.read(vault.vaultId, itemId)));
    for (const view of views) expect(view).toEqual(views[0]);
    const kept = new Set([views[0]!.value, ...views[0]!.history.map((h) => h.value)]);
    expect(written.filter((v) => !kept.has(v))).toEqual([]);
    for (const c of clients) expect(await c.engine.pendingWrites([vault.vaultId])).toBe(0);
  });
});
