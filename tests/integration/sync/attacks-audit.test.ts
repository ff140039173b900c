/**
 * A hostile server operator against the audit chain, with direct writes to the database (PGlite or
 * PostgreSQL, as CI runs both): what the devices see, and that restoring the database restores normal
 * work. Each attack is done the way the operator would do it: well-formed rows, links recomputed.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDeviceKey, signEntryV2, toBase64url, type AuditRecord } from '../../../shared/index.js';
import { serverAppends as appendDirectly, snapshotChain as snapshot } from '../../support/hostile-server.js';
import { engineFor } from '../../support/engines.js';
import { useCluster } from '../../support/server.js';
import { createVault, loginNewDevice, registerUser, revokeDevice, type TestUser, type TestVault } from '../../support/users.js';

const server = useCluster();
let user: TestUser;

beforeAll(async () => {
  user = await registerUser(server.base);
});

const sql = () => server.cluster.database.sql;

const serverAppends = (vaultId: string, entry: AuditRecord['entry'], deviceId: string) => appendDirectly(sql(), vaultId, entry, deviceId);
const snapshotChain = (vaultId: string) => snapshot(sql(), vaultId);

async function syncedVault(): Promise<{ vault: TestVault; laptop: ReturnType<typeof engineFor>; phone: ReturnType<typeof engineFor> }> {
  const vault = await createVault(server.base, user);
  const laptop = engineFor(server.base, user, user.device, vault);
  const phone = engineFor(server.base, user, await loginNewDevice(server.base, user, 'phone'), vault);
  await laptop.engine.recordAudit(vault.vaultId, 'vault.create', null, { name: 'Personal' });
  await laptop.engine.sync([vault.vaultId]);
  await phone.engine.sync([vault.vaultId]);
  return { vault, laptop, phone };
}

describe('a server forging audit entries', () => {
  it('inserts a device for the account and signs entries "as" the account: every device refuses them, and works again after a restore', async () => {
    const { vault, laptop, phone } = await syncedVault();
    const restore = await snapshotChain(vault.vaultId);
    const rogue = await generateDeviceKey({ extractable: false });
    const rogueId = randomUUID();
    await sql()`insert into devices (id, account_id, name, signing_public_key) values (${rogueId}, ${user.accountId}, 'laptop', ${toBase64url(rogue.publicSpki)})`;
    const [head] = await sql()<{ audit_seq: string; audit_hash: string }[]>`select audit_seq, audit_hash from vaults where id = ${vault.vaultId}`;
    const forged = await signEntryV2({ vaultId: vault.vaultId, deviceId: rogueId, actorId: user.accountId, action: 'item.delete', itemId: randomUUID() }, { seq: Number(head!.audit_seq), hash: head!.audit_hash, ts: 0 }, new Date(), rogue.signingKey);
    await serverAppends(vault.vaultId, forged, rogueId);

    for (const device of [laptop, phone]) {
      const report = await device.engine.sync([vault.vaultId]);
      expect(report.integrity).toEqual([expect.objectContaining({ vaultId: vault.vaultId, reason: 'uncertified-device' })]);
      expect(device.events.some((e) => e.type === 'integrity')).toBe(true);
    }
    // A fresh device of the account sees it too.
    const fresh = engineFor(server.base, user, await loginNewDevice(server.base, user, 'fresh'), vault);
    expect((await fresh.engine.sync([vault.vaultId])).integrity).toEqual([expect.objectContaining({ reason: 'uncertified-device' })]);
    // Work goes on meanwhile: entries still queue and reach the server.
    await laptop.engine.recordAudit(vault.vaultId, 'item.reveal', randomUUID());

    await restore();
    await sql()`delete from devices where id = ${rogueId}`;
    for (const device of [laptop, phone, fresh]) expect((await device.engine.sync([vault.vaultId])).integrity).toEqual([]);
  });

  it('drops an entry from the middle and relinks the rest: a device that saw the chain before says the chain was rewritten', async () => {
    const { vault, laptop, phone } = await syncedVault();
    for (let i = 0; i < 4; i++) await laptop.engine.recordAudit(vault.vaultId, 'item.reveal', randomUUID(), { n: i });
    await laptop.engine.sync([vault.vaultId]);
    await phone.engine.sync([vault.vaultId]);
    const rows = await sql()<{ seq: string; entry: AuditRecord['entry'] }[]>`select seq, entry from audit_entries where vault_id = ${vault.vaultId} order by seq`;
    await sql()`delete from audit_entries where vault_id = ${vault.vaultId}`;
    await sql()`update vaults set audit_seq = 0, audit_hash = ${'A'.repeat(43)}, audit_ts = 0 where id = ${vault.vaultId}`;
    for (const row of rows.filter((r) => Number(r.seq) !== 3)) await serverAppends(vault.vaultId, row.entry, row.entry.device);
    await laptop.engine.recordAudit(vault.vaultId, 'item.copy', randomUUID());
    const report = await laptop.engine.sync([vault.vaultId]);
    expect(report.integrity.length).toBeGreaterThan(0);
    expect(['truncated', 'broken-link', 'forked', 'bad-seen']).toContain(report.integrity[0]!.reason);
  });

  it('appends an entry it already chained once more: a device that checks only what is new calls it a duplicate', async () => {
    const { vault, laptop, phone } = await syncedVault();
    const [old] = await sql()<{ entry: AuditRecord['entry']; device_id: string }[]>`select entry, device_id from audit_entries where vault_id = ${vault.vaultId} and entry->>'action' = 'vault.create'`;
    const restore = await snapshotChain(vault.vaultId);
    // The operator's database does what it is told: the uniqueness the server relies on goes first.
    await sql()`drop index audit_entries_entry_id`;
    await serverAppends(vault.vaultId, old!.entry, old!.device_id);
    for (const device of [laptop, phone]) {
      expect((await device.engine.sync([vault.vaultId])).integrity).toEqual([expect.objectContaining({ reason: 'duplicate' })]);
    }
    await restore();
    await sql()`create unique index audit_entries_entry_id on audit_entries(vault_id, entry_id) where entry_id is not null`;
    for (const device of [laptop, phone]) expect((await device.engine.sync([vault.vaultId])).integrity).toEqual([]);
  });

  it('stops listing a revocation it was shown: the revoked device\'s later entries still do not count', async () => {
    const vault = await createVault(server.base, user);
    const tabletDevice = await loginNewDevice(server.base, user, 'tablet');
    const laptop = engineFor(server.base, user, user.device, vault);
    await laptop.engine.recordAudit(vault.vaultId, 'vault.create', null, { name: 'Personal' });
    await laptop.engine.sync([vault.vaultId]);
    expect((await revokeDevice(server.base, user, tabletDevice.id)).status).toBe(200);
    // The laptop checks the chain after the revocation, and so learns it.
    await laptop.engine.recordAudit(vault.vaultId, 'item.reveal', randomUUID());
    expect((await laptop.engine.sync([vault.vaultId])).integrity).toEqual([]);

    // The operator, who kept the tablet's key, hides the revocation and signs "as" the tablet.
    const restore = await snapshotChain(vault.vaultId);
    const [row] = await sql()<{ revoked_at: Date; revocation: string }[]>`select revoked_at, revocation from devices where id = ${tabletDevice.id}`;
    await sql()`update devices set revoked_at = null, revocation = null where id = ${tabletDevice.id}`;
    const [head] = await sql()<{ audit_seq: string; audit_hash: string }[]>`select audit_seq, audit_hash from vaults where id = ${vault.vaultId}`;
    const forged = await signEntryV2({ vaultId: vault.vaultId, deviceId: tabletDevice.id, actorId: user.accountId, action: 'item.delete', itemId: randomUUID() }, { seq: Number(head!.audit_seq), hash: head!.audit_hash, ts: 0 }, new Date(), tabletDevice.keys.signingKey);
    await serverAppends(vault.vaultId, forged, tabletDevice.id);
    expect((await laptop.engine.sync([vault.vaultId])).integrity).toEqual([expect.objectContaining({ reason: 'revoked-device' })]);

    await restore();
    await sql()`update devices set revoked_at = ${row!.revoked_at}, revocation = ${row!.revocation} where id = ${tabletDevice.id}`;
    expect((await laptop.engine.sync([vault.vaultId])).integrity).toEqual([]);
  });
});
