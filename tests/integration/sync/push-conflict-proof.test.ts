/**
 * A push that loses the compare-and-set race to another device of the account brings back the server's
 * newer version, and that version is judged against the audit chain (item-proof.ts). The other device's
 * record for it was appended with its write, after this device last read the chain: that is no
 * forgery, and the user must not be told the server may have been tampered with. A version the chain
 * never names (an operator's direct write, or a record the server keeps back) is still refused and
 * reported, and the edit waiting on this device is kept.
 *
 * The races are made exact, not timed: the other device's write (or the operator's) runs inside this
 * device's first push request, after its sync pulled and before the server sees its push.
 */
import { describe, expect, it } from 'vitest';
import { editItem, elementSeq, rotateValue } from '../../../shared/index.js';
import { devicePairs, quiesce, read, warnings } from '../../support/device-pair.js';
import type { TestClient } from '../../support/engines.js';
import { useCluster } from '../../support/server.js';

const server = useCluster();
const pair = devicePairs(server);
const sql = () => server.cluster.database.sql;

/**
 * Runs `between` inside the client's next push request, before it reaches the server, and collects the
 * statuses the server answers that push with (to show the race was lost, not merely possible).
 */
function beforeNextPush(client: TestClient, between: () => Promise<unknown>): { statuses: string[] } {
  const push = client.api.push.bind(client.api);
  const seen = { statuses: [] as string[] };
  client.api.push = async (...args) => {
    client.api.push = push;
    await between();
    const res = await push(...args);
    seen.statuses.push(...res.results.map((r) => r.status));
    return res;
  };
  return seen;
}

describe('a push that loses the race to another device', () => {
  it('takes the other device\'s recorded write without a warning, and merges both edits', async () => {
    const p = await pair(1);
    const [id] = p.ids as [string];
    const { vaultId } = p.vault;
    await p.phone.engine.update(vaultId, id, (cur) => rotateValue(cur, 'sk-from-phone', { now: new Date() }));
    const race = beforeNextPush(p.phone, async () => {
      await p.laptop.engine.update(vaultId, id, (cur) => editItem(cur, { notes: 'edited on the laptop' }, new Date()));
      await p.sync(p.laptop);
    });
    await p.sync(p.phone);
    expect(race.statuses).toEqual(['conflict']);
    await quiesce(p);

    expect(warnings(p)).toEqual([]);
    for (const c of [p.laptop, p.phone]) expect(await read(c, vaultId, id)).toMatchObject({ value: 'sk-from-phone', notes: 'edited on the laptop' });
  });

  it('keeps both values of a field both devices changed, without a warning', async () => {
    const p = await pair(1);
    const [id] = p.ids as [string];
    const { vaultId } = p.vault;
    // The laptop's value was set earlier, so the merge keeps the phone's current and the laptop's in history.
    await p.phone.engine.update(vaultId, id, (cur) => rotateValue(cur, 'sk-from-phone', { now: new Date(Date.now() + 1000) }));
    const race = beforeNextPush(p.phone, async () => {
      await p.laptop.engine.update(vaultId, id, (cur) => rotateValue(cur, 'sk-from-laptop', { now: new Date() }));
      await p.sync(p.laptop);
    });
    const report = await p.sync(p.phone);
    expect(race.statuses).toEqual(['conflict']);
    expect(report.conflicts).toBe(1);
    await quiesce(p);

    expect(warnings(p)).toEqual([]);
    for (const c of [p.laptop, p.phone]) {
      const merged = await read(c, vaultId, id);
      expect(merged.value).toBe('sk-from-phone');
      expect(merged.history.map((h) => h.value)).toEqual(expect.arrayContaining(['sk-initial-0', 'sk-from-laptop']));
    }
  });

  it('over many items and rounds, each device losing the race in turn: no warning, no edit lost', async () => {
    const p = await pair(8);
    const { vaultId } = p.vault;
    for (let round = 0; round < 4; round++) {
      // The loser of the race rotates values, the winner writes notes: a clean merge the test can state.
      const [loser, winner] = round % 2 === 0 ? [p.phone, p.laptop] : [p.laptop, p.phone];
      for (const id of p.ids) await loser.engine.update(vaultId, id, (cur) => rotateValue(cur, `sk-round-${round}-${id}`, { now: new Date() }));
      const race = beforeNextPush(loser, async () => {
        for (const id of p.ids) await winner.engine.update(vaultId, id, (cur) => editItem(cur, { notes: `notes of round ${round}` }, new Date()));
        await p.sync(winner);
      });
      await p.sync(loser);
      expect(race.statuses).toEqual(p.ids.map(() => 'conflict'));
      await quiesce(p);
      for (const c of [p.laptop, p.phone]) {
        for (const id of p.ids) expect(await read(c, vaultId, id)).toMatchObject({ value: `sk-round-${round}-${id}`, notes: `notes of round ${round}` });
      }
    }
    expect(warnings(p)).toEqual([]);
    for (const [n, id] of p.ids.entries()) {
      const retired = [`sk-initial-${n}`, `sk-round-0-${id}`, `sk-round-1-${id}`, `sk-round-2-${id}`];
      for (const c of [p.laptop, p.phone]) expect((await read(c, vaultId, id)).history.map((h) => h.value)).toEqual(retired);
    }
  });
});

describe('a push answered with a version the audit chain does not name', () => {
  /** The operator's direct write: the row's revision bumped, a blob it kept from before, no record. */
  async function replayOldBlob(vaultId: string, itemId: string, blob: string): Promise<() => Promise<void>> {
    const [before] = await sql()<{ revision: string; seq: string; blob: string | null; deleted: boolean }[]>`
      select revision, seq, blob, deleted from items where vault_id = ${vaultId} and id = ${itemId}`;
    const [vault] = await sql()<{ item_seq: string }[]>`select item_seq from vaults where id = ${vaultId}`;
    await sql()`update items set revision = revision + 1, blob = ${blob}, seq = ${Number(vault!.item_seq) + 1} where vault_id = ${vaultId} and id = ${itemId}`;
    await sql()`update vaults set item_seq = item_seq + 1 where id = ${vaultId}`;
    return async () => {
      await sql()`update items set revision = ${before!.revision}, seq = ${before!.seq}, blob = ${before!.blob}, deleted = ${before!.deleted} where vault_id = ${vaultId} and id = ${itemId}`;
      await sql()`update vaults set item_seq = ${vault!.item_seq} where id = ${vaultId}`;
    };
  }

  it('an operator\'s write with no record at all: refused as unrecorded, every sync, and the edit waits', async () => {
    const p = await pair(1);
    const [id] = p.ids as [string];
    const { vaultId } = p.vault;
    const [first] = await sql()<{ blob: string }[]>`select blob from items where vault_id = ${vaultId} and id = ${id}`;
    await p.laptop.engine.update(vaultId, id, (cur) => rotateValue(cur, 'sk-rotated-after-leak', { reason: 'leaked', now: new Date() }));
    await p.sync(p.laptop);
    await p.sync(p.phone);
    expect(warnings(p)).toEqual([]);

    await p.phone.engine.update(vaultId, id, (cur) => editItem(cur, { notes: 'edited on the phone' }, new Date()));
    let restore = async () => {};
    const race = beforeNextPush(p.phone, async () => (restore = await replayOldBlob(vaultId, id, first!.blob)));
    const report = await p.phone.engine.sync([vaultId]);
    expect(race.statuses).toContain('conflict');
    expect(report.integrity).toEqual([expect.objectContaining({ itemId: id, reason: 'unrecorded' })]);
    expect(p.phone.events).toContainEqual(expect.objectContaining({ type: 'integrity', itemId: id, reason: 'unrecorded' }));
    // Not adopted: the phone shows its own edit on the rotated value, never the replayed one.
    expect(await read(p.phone, vaultId, id)).toMatchObject({ value: 'sk-rotated-after-leak', notes: 'edited on the phone' });
    // The server keeps serving it: the warning stays, sync after sync.
    for (let i = 0; i < 2; i++) expect((await p.phone.engine.sync([vaultId])).integrity).toEqual([expect.objectContaining({ itemId: id, reason: 'unrecorded' })]);
    expect(await p.phone.engine.pendingWrites([vaultId])).toBe(1);

    await restore();
    expect((await p.phone.engine.sync([vaultId])).integrity).toEqual([]);
    expect((await p.laptop.engine.sync([vaultId])).integrity).toEqual([]);
    for (const c of [p.laptop, p.phone]) expect(await read(c, vaultId, id)).toMatchObject({ value: 'sk-rotated-after-leak', notes: 'edited on the phone' });
  });

  it('the other device\'s real write whose record the server never serves: still a warning, and the edit waits', async () => {
    const p = await pair(1);
    const [id] = p.ids as [string];
    const { vaultId } = p.vault;
    // From here on the server serves the phone the chain as it is now, and nothing after.
    const [row] = await sql()<{ audit_seq: string }[]>`select audit_seq from vaults where id = ${vaultId}`;
    const frozen = Number(row!.audit_seq);
    const audit = p.phone.api.audit.bind(p.phone.api);
    p.phone.api.audit = async (...args) => {
      const page = await audit(...args);
      const kept = page.records.filter((r) => (elementSeq(r) ?? Infinity) <= frozen);
      return { ...page, records: kept, hasMore: page.hasMore && kept.length === page.records.length };
    };

    await p.phone.engine.update(vaultId, id, (cur) => rotateValue(cur, 'sk-from-phone', { now: new Date() }));
    const race = beforeNextPush(p.phone, async () => {
      await p.laptop.engine.update(vaultId, id, (cur) => editItem(cur, { notes: 'edited on the laptop' }, new Date()));
      await p.sync(p.laptop);
    });
    const report = await p.phone.engine.sync([vaultId]);
    expect(race.statuses).toEqual(['conflict']);
    expect(report.integrity).toEqual([expect.objectContaining({ itemId: id, reason: 'unrecorded' })]);
    expect((await p.phone.engine.sync([vaultId])).integrity).toEqual([expect.objectContaining({ itemId: id, reason: 'unrecorded' })]);
    expect(await read(p.phone, vaultId, id)).toMatchObject({ value: 'sk-from-phone' });
    expect(await p.phone.engine.pendingWrites([vaultId])).toBe(1);

    // Served the whole chain again, the phone takes the laptop's write, merges and pushes: both edits kept.
    p.phone.api.audit = audit;
    expect((await p.phone.engine.sync([vaultId])).integrity).toEqual([]);
    expect((await p.laptop.engine.sync([vaultId])).integrity).toEqual([]);
    for (const c of [p.laptop, p.phone]) expect(await read(c, vaultId, id)).toMatchObject({ value: 'sk-from-phone', notes: 'edited on the laptop' });
  });
});
