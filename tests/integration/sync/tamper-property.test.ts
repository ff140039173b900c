/**
 * Random sequences of legitimate work (writes, rotations, deletes, syncs, a device joining) with random
 * server-side tampering injected between them (direct writes to the database: replayed old blobs under
 * new revisions, old revisions as they were, deletes without a record, dropped rows, junk, another
 * item's blob) and undone again. The property: no device ever holds an item state that no device of
 * the account wrote (every state a device adopts is named by a signed record in the chain), and no
 * device's revision of an item ever goes back.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { blobHash, createItem, rotateValue } from '../../../shared/index.js';
import { engineFor, type TestClient } from '../../support/engines.js';
import { useCluster } from '../../support/server.js';
import { createVault, loginNewDevice, registerUser, type TestDevice, type TestUser } from '../../support/users.js';

const server = useCluster();
let user: TestUser;
let spare: TestDevice;

beforeAll(async () => {
  user = await registerUser(server.base);
  spare = await loginNewDevice(server.base, user, 'joins later');
});

const sql = () => server.cluster.database.sql;
const TAMPERS = ['replay-as-newer', 'replay-as-was', 'delete-flag', 'drop-row', 'junk', 'other-item'] as const;

const command = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('write' as const), device: fc.nat(1), item: fc.nat(2) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('delete' as const), device: fc.nat(1), item: fc.nat(2) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('sync' as const), device: fc.nat(2) }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('tamper' as const), how: fc.constantFrom(...TAMPERS), item: fc.nat(2) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('restore' as const) }), weight: 1 },
);

describe('a server tampering at random points', () => {
  it('never gets a device to adopt a state no device wrote, nor to go back', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 6, maxLength: 24 }), async (commands) => {
        const vault = await createVault(server.base, user);
        const devices: TestClient[] = [engineFor(server.base, user, user.device, vault), engineFor(server.base, user, await loginNewDevice(server.base, user, 'phone'), vault)];
        let joined: TestClient | null = null;
        const items = [randomUUID(), randomUUID(), randomUUID()];
        const seenBlobs = new Map<string, string[]>(); // every blob the server ever held per item, for replays
        const undo: (() => Promise<void>)[] = [];
        const highest = new Map<string, number>();

        const rememberRows = async () => {
          for (const r of await sql()<{ id: string; blob: string | null }[]>`select id, blob from items where vault_id = ${vault.vaultId}`) {
            if (r.blob) seenBlobs.set(r.id, [...new Set([...(seenBlobs.get(r.id) ?? []), r.blob])]);
          }
        };
        const legitimate = async () => {
          const rows = await sql()<{ entry: { item: string; write: { rev: number; hash: string | null; deleted: boolean } } }[]>`
            select entry from audit_entries where vault_id = ${vault.vaultId} and entry->>'action' = 'item.write'`;
          return new Set(rows.map((r) => `${r.entry.item}/${r.entry.write.rev}/${r.entry.write.hash}/${r.entry.write.deleted}`));
        };
        const check = async (device: TestClient, name: string) => {
          const named = await legitimate();
          for (const itemId of items) {
            const local = await device.store.getItem(vault.vaultId, itemId);
            if (!local?.base || local.base.revision === 0) continue;
            const key = `${itemId}/${local.base.revision}/${local.base.blob === null ? null : await blobHash(local.base.blob)}/${local.base.deleted || local.base.blob === null}`;
            expect(named.has(key), `${name} adopted a state of ${itemId.slice(0, 8)} that no device wrote (rev ${local.base.revision})`).toBe(true);
            const was = highest.get(`${name}/${itemId}`) ?? 0;
            expect(local.base.revision, `${name} went back on ${itemId.slice(0, 8)}`).toBeGreaterThanOrEqual(was);
            highest.set(`${name}/${itemId}`, local.base.revision);
          }
        };

        // Every item exists on the server and on both devices before the random part starts.
        for (const [n, itemId] of items.entries()) await devices[0]!.engine.write(vault.vaultId, itemId, createItem({ name: `key ${n}`, value: `v-${randomUUID()}` }, new Date()));
        for (const d of devices) await d.engine.sync([vault.vaultId]);
        await rememberRows();
        for (const c of commands) {
          if (c.kind === 'write') {
            const d = devices[c.device]!;
            const itemId = items[c.item]!;
            const changed = await d.engine.update(vault.vaultId, itemId, (p) => rotateValue(p, `v-${randomUUID()}`, { now: new Date() }));
            if (!changed) await d.engine.write(vault.vaultId, itemId, createItem({ name: `key ${c.item}`, value: `v-${randomUUID()}` }, new Date()));
          } else if (c.kind === 'delete') {
            await devices[c.device]!.engine.update(vault.vaultId, items[c.item]!, () => null);
          } else if (c.kind === 'sync') {
            if (c.device === 2 && !joined) joined = engineFor(server.base, user, spare, vault);
            const d = c.device === 2 ? joined! : devices[c.device]!;
            await d.engine.sync([vault.vaultId]);
            await rememberRows();
            await check(d, `device ${c.device}`);
          } else if (c.kind === 'tamper') {
            undo.push(await tamperRow(vault.vaultId, items[c.item]!, c.how, seenBlobs, items));
          } else {
            for (const u of undo.reverse()) await u();
            undo.length = 0;
          }
        }
      }),
      { numRuns: 12 },
    );
  }, 300_000);
});

/** One tampering of one item's row, as an operator with the database would do it; returns its undo. */
async function tamperRow(vaultId: string, itemId: string, how: (typeof TAMPERS)[number], seen: Map<string, string[]>, items: string[]): Promise<() => Promise<void>> {
  const [row] = await sql()<{ revision: string; seq: string; blob: string | null; deleted: boolean; record_seq: string | null }[]>`
    select revision, seq, blob, deleted, record_seq from items where vault_id = ${vaultId} and id = ${itemId}`;
  const [vault] = await sql()<{ item_seq: string }[]>`select item_seq from vaults where id = ${vaultId}`;
  if (!row) return async () => undefined;
  const seq = Number(vault!.item_seq) + 1;
  const old = seen.get(itemId)?.[0] ?? row.blob;
  const other = items.map((i) => seen.get(i)?.at(-1)).find((b, i) => items[i] !== itemId && b) ?? 'x';
  const set = (revision: number, blob: string | null, deleted: boolean) =>
    sql()`update items set revision = ${revision}, blob = ${blob}, deleted = ${deleted}, seq = ${seq} where vault_id = ${vaultId} and id = ${itemId}`;
  if (how === 'drop-row') await sql()`delete from items where vault_id = ${vaultId} and id = ${itemId}`;
  else if (how === 'replay-as-newer') await set(Number(row.revision) + 5, old, false);
  else if (how === 'replay-as-was') await set(Math.max(1, Number(row.revision) - 1), old, false);
  else if (how === 'delete-flag') await set(Number(row.revision) + 1, null, true);
  else if (how === 'junk') await set(Number(row.revision) + 1, JSON.stringify({ v: 1, kv: 1, dek: 'AAAA', data: 'AAAA' }), false);
  else await set(Number(row.revision) + 1, other, false);
  if (how !== 'drop-row') await sql()`update vaults set item_seq = ${seq} where id = ${vaultId}`;
  return async () => {
    await sql()`insert into items (vault_id, id, revision, seq, blob, deleted, record_seq) values (${vaultId}, ${itemId}, ${row.revision}, ${row.seq}, ${row.blob}, ${row.deleted}, ${row.record_seq})
      on conflict (vault_id, id) do update set revision = excluded.revision, seq = excluded.seq, blob = excluded.blob, deleted = excluded.deleted, record_seq = excluded.record_seq`;
  };
}
