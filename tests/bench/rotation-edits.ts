/**
 * The contended rotation row: device A rotates the vault key and pushes while device B (the same
 * account) edits items, half of them between A's re-wrap batches and half between the push requests of
 * A's sync, syncing after each few. Afterwards the bench checks what a user would: every edit survived
 * on both devices, both hold the same state of every item, everything opens, every item is on the new
 * key version, and the last syncs are clean. Anything else is a problem (the caller fails). Integrity
 * warnings raised on the way (a sync's report) are listed apart and are problems too: each is a "the
 * server may have been tampered with" a user would see, and an honest server gives no cause for one.
 */
import { randomUUID } from 'node:crypto';
import { currentBlob, DEFAULT_ROTATION_BATCH, PROTOCOL_LIMITS, rotateValue, type IntegrityProblem, type SyncReport } from '../../shared/index.js';
import type { TestUser } from '../support/users.js';
import { refreshKeys, rotate, serverKv, type BenchDevice } from './rotation-devices.js';

export const PER_ROUND = 5; // edits between two syncs of B
const MAX_ROUNDS = 6;

export interface Contended {
  ms: number;
  /** A's rotation, publish and push done, from the start. */
  pushedMs: number;
  toVersion: number;
  /** Merges that had to keep both sides of a field, over every sync of both devices. */
  conflicts: number;
  edits: { rewrap: number; push: number; after: number };
  /** Raised by a sync on the way, then gone: what a user would have been shown. */
  warnings: (IntegrityProblem & { device: string })[];
  problems: string[];
}

export async function editDuringRotation(input: { user: TestUser; a: BenchDevice; b: BenchDevice; edits: number }): Promise<Contended> {
  const { user, a, b, edits } = input;
  const vaultId = a.record.vaultId;
  const ids = (await b.client.store.listItems(vaultId)).map((i) => i.itemId).sort();
  // Spread over the vault, in an order that crosses the rotation's cursor both ways.
  const stride = Math.floor(ids.length / edits);
  const targets = Array.from({ length: edits }, (_, k) => ids[((k * 73) % edits) * stride]!);

  // A's progress as B sees it: a tick after each re-wrap batch, then after each push request.
  const rewrapTicks = Math.ceil(ids.length / DEFAULT_ROTATION_BATCH);
  const pushTicks = Math.ceil(ids.length / PROTOCOL_LIMITS.pushItems);
  let ticks = 0;
  let phase: keyof Contended['edits'] = 'rewrap';
  let wake = () => {};
  const tick = () => {
    ticks++;
    wake();
  };
  const reached = async (n: number) => {
    while (ticks < n && phase !== 'after') await new Promise<void>((resolve) => (wake = resolve));
  };
  const rounds = Math.ceil(edits / PER_ROUND);
  const half = Math.ceil(rounds / 2);
  const startOf = (round: number) => (round < half ? Math.floor((round * rewrapTicks) / half) + 1 : rewrapTicks + Math.floor(((round - half) * pushTicks) / (rounds - half)));
  const push = a.client.api.push.bind(a.client.api);
  a.client.api.push = (...args) => push(...args).finally(tick);

  const reports: { device: string; report: SyncReport }[] = [];
  const sync = async (d: BenchDevice) => {
    await refreshKeys(d, user);
    const report = await d.client.engine.sync([vaultId]);
    reports.push({ device: d === a ? 'A' : 'B', report });
    return report;
  };
  const values = new Map<string, string>();
  const made = { rewrap: 0, push: 0, after: 0 };
  let pushedMs = 0;

  const started = performance.now();
  const rotation = (async () => {
    const result = await rotate(a, user, tick);
    phase = 'push';
    await sync(a);
    phase = 'after';
    wake();
    pushedMs = performance.now() - started;
    return result;
  })();
  const editor = (async () => {
    for (let round = 0; round < rounds; round++) {
      await reached(startOf(round));
      for (const itemId of targets.slice(round * PER_ROUND, (round + 1) * PER_ROUND)) {
        const value = `sk-edited-${round}-${randomUUID()}`;
        await b.client.engine.update(vaultId, itemId, (p) => rotateValue(p, value, { now: new Date() }));
        values.set(itemId, value);
        made[phase]++;
      }
      await sync(b);
    }
  })();
  const [result] = await Promise.all([rotation, editor]).finally(() => (a.client.api.push = push));
  const problems: string[] = [];
  // Both devices sync until a round where neither pulls nor holds anything; that round must be clean.
  let settled = reports.length;
  for (let round = 1; ; round++) {
    settled = reports.length;
    const [ra, rb] = [await sync(a), await sync(b)];
    if (ra.pulled + rb.pulled + ra.pending + rb.pending === 0) break;
    if (round === MAX_ROUNDS) {
      problems.push(`not converged after ${MAX_ROUNDS} rounds of syncs: A pulled ${ra.pulled}, holds ${ra.pending}; B pulled ${rb.pulled}, holds ${rb.pending}`);
      break;
    }
  }
  const ms = performance.now() - started;

  for (const { device, report } of reports.slice(settled)) for (const p of report.integrity) problems.push(`${device}'s last sync still reports ${p.itemId ?? 'the vault'}: ${p.reason}: ${p.message}`);
  problems.push(...(await check(a, b, ids.length, values, result.toVersion)));
  const warnings = reports.slice(0, settled).flatMap(({ device, report }) => report.integrity.map((p) => ({ device, ...p })));
  const byKind = new Map<string, Contended['warnings']>();
  for (const w of warnings) byKind.set(`${w.device}/${w.reason}`, [...(byKind.get(`${w.device}/${w.reason}`) ?? []), w]);
  for (const [first, ...more] of byKind.values()) {
    problems.push(`${first!.device} was warned on the way ${1 + more.length}× (${first!.reason}), e.g. ${first!.itemId ?? 'the vault'}: ${first!.message}`);
  }
  const conflicts = reports.reduce((n, r) => n + r.report.conflicts, 0);
  return { ms, pushedMs, toVersion: result.toVersion, conflicts, edits: made, warnings, problems };
}

async function check(a: BenchDevice, b: BenchDevice, count: number, values: Map<string, string>, toVersion: number): Promise<string[]> {
  const vaultId = a.record.vaultId;
  const problems: string[] = [];
  for (const [name, d] of [['A', a], ['B', b]] as const) {
    const opened = await d.client.engine.list(vaultId);
    const open = opened.filter((o) => o.ok);
    if (opened.length !== count || open.length !== count) problems.push(`${name} opens ${open.length} of ${count} items (${opened.length} held)`);
    const byId = new Map(open.map((o) => [o.itemId, o.payload.value]));
    const lost = [...values].filter(([itemId, value]) => byId.get(itemId) !== value);
    if (lost.length > 0) problems.push(`${name}: ${lost.length} of ${values.size} edits lost, e.g. item ${lost[0]![0]} holds ${JSON.stringify(byId.get(lost[0]![0]) ?? null)}, edited to ${JSON.stringify(lost[0]![1])}`);
  }
  const held = new Map((await b.client.store.listItems(vaultId)).map((i) => [i.itemId, currentBlob(i)]));
  const itemsOfA = await a.client.store.listItems(vaultId);
  const diverged = itemsOfA.filter((i) => currentBlob(i) !== held.get(i.itemId));
  if (diverged.length > 0) problems.push(`A and B hold different states of ${diverged.length} items, e.g. ${diverged[0]!.itemId}`);
  const old = itemsOfA.filter((i) => serverKv(i) !== toVersion);
  const oldEdited = old.filter((i) => values.has(i.itemId));
  if (old.length > 0) {
    const versions = [...new Set(old.map(serverKv))].join(', ');
    problems.push(`${old.length} items are not on key v${toVersion} on the server (on v${versions}): ${oldEdited.length} of the ${values.size} edited ones and ${old.length - oldEdited.length} others, e.g. ${old[0]!.itemId}`);
  }
  return problems;
}
