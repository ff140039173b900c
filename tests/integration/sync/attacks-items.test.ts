/**
 * A hostile server operator against items, with direct writes to the database (PGlite or PostgreSQL,
 * as CI runs both). Each attack of the integrity issue: the device that saw the newer state, and a
 * freshly signed-in one, refuse it and say so; the rest of the vault still opens; restoring the
 * database restores normal work.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { blobHash, createItem, EMPTY_HEAD, rotateValue, signEntryV2 } from '../../../shared/index.js';
import { serverAppends, snapshotChain } from '../../support/hostile-server.js';
import { engineFor, type TestClient } from '../../support/engines.js';
import { useCluster } from '../../support/server.js';
import { createVault, loginNewDevice, registerUser, sealedBlob, type TestUser, type TestVault } from '../../support/users.js';

const server = useCluster();
let user: TestUser;

beforeAll(async () => {
  user = await registerUser(server.base);
});

const sql = () => server.cluster.database.sql;

interface Scene {
  vault: TestVault;
  laptop: TestClient;
  phone: TestClient;
  leaked: string;
  other: string;
  /** Revision 1 of the leaked key as the server stored it: what an operator who kept old rows replays. */
  firstBlob: string;
}

/** A vault with a key that was rotated after a leak, and another key; both devices in sync. */
async function scene(): Promise<Scene> {
  const vault = await createVault(server.base, user);
  const laptop = engineFor(server.base, user, user.device, vault);
  const phone = engineFor(server.base, user, await loginNewDevice(server.base, user, 'phone'), vault);
  const [leaked, other] = [randomUUID(), randomUUID()];
  await laptop.engine.write(vault.vaultId, leaked, createItem({ name: 'Stripe live', value: 'sk_live_LEAKED_0000000000' }, new Date()));
  await laptop.engine.write(vault.vaultId, other, createItem({ name: 'OpenAI', value: 'sk-proj-other-key-0000000' }, new Date()));
  await laptop.engine.sync([vault.vaultId]);
  const firstBlob = (await rowOf(vault.vaultId, leaked)).blob!;
  await laptop.engine.update(vault.vaultId, leaked, (p) => rotateValue(p, 'sk_live_ROTATED_111111111', { reason: 'leaked', now: new Date() }));
  await laptop.engine.sync([vault.vaultId]);
  expect((await phone.engine.sync([vault.vaultId])).integrity).toEqual([]);
  return { vault, laptop, phone, leaked, other, firstBlob };
}

async function rowOf(vaultId: string, itemId: string) {
  const [row] = await sql()<{ revision: string; seq: string; blob: string | null; deleted: boolean; record_seq: string | null }[]>`
    select revision, seq, blob, deleted, record_seq from items where vault_id = ${vaultId} and id = ${itemId}`;
  return row!;
}

/** What the operator changes, and how to put it back (a restore of the rows it touched). */
async function tamper(vaultId: string, itemId: string, change: (next: number) => PromiseLike<unknown>): Promise<() => Promise<void>> {
  const before = await rowOf(vaultId, itemId);
  const [vault] = await sql()<{ item_seq: string }[]>`select item_seq from vaults where id = ${vaultId}`;
  await change(Number(vault!.item_seq) + 1);
  await sql()`update vaults set item_seq = item_seq + 1 where id = ${vaultId}`;
  return async () => {
    await sql()`insert into items (vault_id, id, revision, seq, blob, deleted, record_seq) values (${vaultId}, ${itemId}, ${before.revision}, ${before.seq}, ${before.blob}, ${before.deleted}, ${before.record_seq})
      on conflict (vault_id, id) do update set revision = excluded.revision, seq = excluded.seq, blob = excluded.blob, deleted = excluded.deleted, record_seq = excluded.record_seq`;
    await sql()`update vaults set item_seq = ${vault!.item_seq} where id = ${vaultId}`;
  };
}

const value = async (c: TestClient, vaultId: string, itemId: string) => (await c.engine.read(vaultId, itemId))?.value ?? null;
const fresh = async (vault: TestVault) => engineFor(server.base, user, await loginNewDevice(server.base, user, `fresh ${randomUUID().slice(0, 4)}`), vault);

describe('a server attacking items', () => {
  it('serves the value rotated away after a leak under a higher revision: no device hands it out, each says so', async () => {
    const s = await scene();
    // The operator kept the first blob and replays it as revision 7.
    const restore = await tamper(s.vault.vaultId, s.leaked, (seq) => sql()`update items set revision = 7, blob = ${s.firstBlob}, seq = ${seq} where vault_id = ${s.vault.vaultId} and id = ${s.leaked}`);

    for (const device of [s.laptop, s.phone]) {
      const report = await device.engine.sync([s.vault.vaultId]);
      expect(report.integrity).toEqual([expect.objectContaining({ itemId: s.leaked, reason: 'unrecorded' })]);
      expect(await value(device, s.vault.vaultId, s.leaked)).toBe('sk_live_ROTATED_111111111');
      expect(await value(device, s.vault.vaultId, s.other)).toBe('sk-proj-other-key-0000000');
    }
    const newcomer = await fresh(s.vault);
    const report = await newcomer.engine.sync([s.vault.vaultId]);
    expect(report.integrity).toEqual([expect.objectContaining({ itemId: s.leaked })]);
    expect(await value(newcomer, s.vault.vaultId, s.leaked)).toBeNull(); // not the leaked value: nothing
    expect(await value(newcomer, s.vault.vaultId, s.other)).toBe('sk-proj-other-key-0000000');
    // The rest of the vault works meanwhile.
    await s.laptop.engine.update(s.vault.vaultId, s.other, (p) => rotateValue(p, 'sk-proj-other-key-2222222', { now: new Date() }));
    expect((await s.laptop.engine.sync([s.vault.vaultId])).pushed).toBe(1);

    await restore();
    for (const device of [s.laptop, s.phone, newcomer]) {
      expect((await device.engine.sync([s.vault.vaultId])).integrity).toEqual([]);
      expect(await value(device, s.vault.vaultId, s.leaked)).toBe('sk_live_ROTATED_111111111');
    }
  });

  it('serves an older revision as it was (a rollback): a device that saw the newer keeps it, a fresh one is told it is held back', async () => {
    const s = await scene();
    const restore = await tamper(s.vault.vaultId, s.leaked, (seq) => sql()`update items set revision = 1, blob = ${s.firstBlob}, seq = ${seq} where vault_id = ${s.vault.vaultId} and id = ${s.leaked}`);
    await s.phone.engine.sync([s.vault.vaultId]);
    expect(await value(s.phone, s.vault.vaultId, s.leaked)).toBe('sk_live_ROTATED_111111111');
    expect(s.phone.events.some((e) => e.type === 'rollback' && e.itemId === s.leaked)).toBe(true);
    const newcomer = await fresh(s.vault);
    expect((await newcomer.engine.sync([s.vault.vaultId])).integrity).toEqual([expect.objectContaining({ itemId: s.leaked, reason: 'held-back' })]);
    expect(await value(newcomer, s.vault.vaultId, s.leaked)).toBeNull();
    await restore();
    expect((await newcomer.engine.sync([s.vault.vaultId])).integrity).toEqual([]);
    expect(await value(newcomer, s.vault.vaultId, s.leaked)).toBe('sk_live_ROTATED_111111111');
  });

  it('marks an item deleted without a delete record, or deletes its row: refused, reported, and the item stays', async () => {
    const s = await scene();
    const restoreFlag = await tamper(s.vault.vaultId, s.leaked, (seq) => sql()`update items set revision = revision + 1, blob = null, deleted = true, seq = ${seq} where vault_id = ${s.vault.vaultId} and id = ${s.leaked}`);
    const report = await s.phone.engine.sync([s.vault.vaultId]);
    expect(report.integrity).toEqual([expect.objectContaining({ itemId: s.leaked, reason: 'unrecorded' })]);
    expect(await value(s.phone, s.vault.vaultId, s.leaked)).toBe('sk_live_ROTATED_111111111');
    await restoreFlag();
    expect((await s.phone.engine.sync([s.vault.vaultId])).integrity).toEqual([]);

    // The row gone outright: a device that holds the item never hears of it; a fresh one is told the
    // log names an item the server does not serve.
    const row = await rowOf(s.vault.vaultId, s.leaked);
    await sql()`delete from items where vault_id = ${s.vault.vaultId} and id = ${s.leaked}`;
    expect((await s.phone.engine.sync([s.vault.vaultId])).integrity).toEqual([]);
    expect(await value(s.phone, s.vault.vaultId, s.leaked)).toBe('sk_live_ROTATED_111111111');
    const newcomer = await fresh(s.vault);
    expect((await newcomer.engine.sync([s.vault.vaultId])).integrity).toEqual([expect.objectContaining({ itemId: s.leaked, reason: 'missing' })]);
    await sql()`insert into items (vault_id, id, revision, seq, blob, deleted, record_seq) values (${s.vault.vaultId}, ${s.leaked}, ${row.revision}, ${row.seq}, ${row.blob}, ${row.deleted}, ${row.record_seq})`;
    expect((await newcomer.engine.sync([s.vault.vaultId])).integrity).toEqual([]);
    expect(await value(newcomer, s.vault.vaultId, s.leaked)).toBe('sk_live_ROTATED_111111111');
  });

  it('puts another item\'s real blob (of this vault) in place of a key: refused', async () => {
    const s = await scene();
    const a = await rowOf(s.vault.vaultId, s.leaked);
    const b = await rowOf(s.vault.vaultId, s.other);
    const restoreA = await tamper(s.vault.vaultId, s.leaked, (seq) => sql()`update items set blob = ${b.blob}, revision = revision + 1, seq = ${seq} where vault_id = ${s.vault.vaultId} and id = ${s.leaked}`);
    const report = await s.phone.engine.sync([s.vault.vaultId]);
    expect(report.integrity.map((p) => p.itemId)).toEqual([s.leaked]);
    expect(await value(s.phone, s.vault.vaultId, s.leaked)).toBe('sk_live_ROTATED_111111111');
    await restoreA();
    expect(a.blob).not.toBe(b.blob);
  });

  it('appends a write record it held back (a push it answered "conflict"): a second version of a revision, refused by every device', async () => {
    const s = await scene();
    const tablet = await loginNewDevice(server.base, user, 'tablet');
    // The tablet edited revision 1 while the laptop rotated the key; the server told the tablet
    // "conflict", kept its signed record and blob, and now chains them and serves that blob.
    const heldBlob = await sealedBlob(s.vault, s.leaked, 'sk_live_LEAKED_0000000000');
    const held = await signEntryV2(
      { vaultId: s.vault.vaultId, deviceId: tablet.id, actorId: user.accountId, action: 'item.write', itemId: s.leaked, write: { rev: 2, hash: await blobHash(heldBlob), deleted: false, prev: await blobHash(s.firstBlob) } },
      EMPTY_HEAD,
      new Date(),
      tablet.keys.signingKey,
    );
    const restoreChain = await snapshotChain(sql(), s.vault.vaultId);
    await serverAppends(sql(), s.vault.vaultId, held, tablet.id);
    const restoreItem = await tamper(s.vault.vaultId, s.leaked, (seq) => sql()`update items set blob = ${heldBlob}, seq = ${seq} where vault_id = ${s.vault.vaultId} and id = ${s.leaked}`);

    const newcomer = await fresh(s.vault);
    for (const device of [s.laptop, newcomer]) {
      const report = await device.engine.sync([s.vault.vaultId]);
      expect(report.integrity).toContainEqual(expect.objectContaining({ itemId: null, reason: 'broken-history', message: expect.stringContaining('a second version of revision 2') }));
      expect(await value(device, s.vault.vaultId, s.other)).toBe('sk-proj-other-key-0000000');
    }
    // The records before the bad one still count: the newcomer refuses the held-back blob as well (the
    // laptop holds revision 2 already and keeps it).
    expect((await newcomer.engine.sync([s.vault.vaultId])).integrity).toContainEqual(expect.objectContaining({ itemId: s.leaked, reason: 'forged' }));
    expect(await value(s.laptop, s.vault.vaultId, s.leaked)).toBe('sk_live_ROTATED_111111111');
    expect(await value(newcomer, s.vault.vaultId, s.leaked)).not.toBe('sk_live_LEAKED_0000000000');

    await restoreItem();
    await restoreChain();
    for (const device of [s.laptop, newcomer]) {
      // The restore takes the vault's change counter back too: said once, and the vault is read in full.
      const first = await device.engine.sync([s.vault.vaultId]);
      expect(first.integrity.filter((p) => p.reason !== 'rolled-back')).toEqual([]);
      expect((await device.engine.sync([s.vault.vaultId])).integrity).toEqual([]);
      expect(await value(device, s.vault.vaultId, s.leaked)).toBe('sk_live_ROTATED_111111111');
    }
  });

  it('serves a junk revision under a junk seq: refused as junk, and later changes still arrive', async () => {
    const s = await scene();
    const restore = await tamper(s.vault.vaultId, s.leaked, () => sql()`update items set revision = ${2 ** 50}, seq = ${2 ** 50} where vault_id = ${s.vault.vaultId} and id = ${s.leaked}`);
    const report = await s.phone.engine.sync([s.vault.vaultId]);
    expect(report.integrity).toEqual([expect.objectContaining({ itemId: s.leaked, reason: 'junk' })]);
    await restore();
    // The phone still takes the laptop's next change, and pushes its own on the real revision.
    await s.laptop.engine.update(s.vault.vaultId, s.other, (p) => rotateValue(p, 'sk-proj-after-junk-00000', { reason: 'scheduled', now: new Date() }));
    await s.laptop.engine.sync([s.vault.vaultId]);
    await s.phone.engine.sync([s.vault.vaultId]);
    expect(await value(s.phone, s.vault.vaultId, s.other)).toBe('sk-proj-after-junk-00000');
    await s.phone.engine.update(s.vault.vaultId, s.leaked, (p) => rotateValue(p, 'sk_live_PHONE_2222222222', { reason: 'scheduled', now: new Date() }));
    expect((await s.phone.engine.sync([s.vault.vaultId])).pending).toBe(0);
  });

  it('swaps the blob of the revision a device holds, under the server: its next push is a conflict it judges, not an error that stops its sync', async () => {
    const s = await scene();
    // Same revision, same seq (nothing for a pull to see): only the stored blob is the old one.
    const restore = await tamper(s.vault.vaultId, s.leaked, () => sql()`update items set blob = ${s.firstBlob} where vault_id = ${s.vault.vaultId} and id = ${s.leaked}`);
    await s.phone.engine.update(s.vault.vaultId, s.leaked, (p) => rotateValue(p, 'sk_live_PHONE_3333333333', { reason: 'scheduled', now: new Date() }));
    const report = await s.phone.engine.sync([s.vault.vaultId]);
    expect(report.pending).toBe(1); // the edit stays in the outbox
    expect(await value(s.phone, s.vault.vaultId, s.leaked)).toBe('sk_live_PHONE_3333333333');
    expect(await value(s.phone, s.vault.vaultId, s.other)).toBe('sk-proj-other-key-0000000');
    await restore();
    expect((await s.phone.engine.sync([s.vault.vaultId])).pending).toBe(0);
    await s.laptop.engine.sync([s.vault.vaultId]);
    expect(await value(s.laptop, s.vault.vaultId, s.leaked)).toBe('sk_live_PHONE_3333333333');
  });
});
