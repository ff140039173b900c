/**
 * Rotation rows of `npm run bench`: a vault-key rotation of 10 000 synced items end to end over loopback,
 * as the CLI and the extension run it (runKeyRotation over the engine's local store: the new version
 * published, then every item re-wrapped; then the engine's sync pushing each with its signed record), alone and
 * with a second device of the account editing 200 items while it runs. Beside them, in the same run on
 * the same server, a bare baseline: the core's rotateVaultKey over an in-memory store on the same
 * envelopes, plus one upload of the re-wrapped blobs as updates, in the engine's batch size, unchecked.
 * Account-key rotation with 20 vaults has its own section (account-rotation.ts).
 */
import { randomUUID } from 'node:crypto';
import { ApiClient, createItem, createVaultKeyring, encodeVaultKeyEntry, MemoryStore, PROTOCOL_LIMITS, rotateVaultKey, sealVaultMeta } from '../../shared/index.js';
import { MemoryRotationStore } from '../support/memory-rotation-store.js';
import { createVault, loginNewDevice, registerUser } from '../support/users.js';
import { withBenchServer } from './bench-server.js';
import { fmtMs, percentile, printSection, ratio, type Section } from './harness.js';
import { benchDevice, heldEnvelope, rotate, serverKv } from './rotation-devices.js';
import { editDuringRotation, PER_ROUND } from './rotation-edits.js';

const ITEMS = 10_000;
const EDITS = 200;

export function benchVaultKeyRotation(): Promise<Section[]> {
  return withBenchServer(async (url, database) => {
    const user = await registerUser(url);
    const { record, keyring } = await createVaultKeyring(user.accountKey, { vaultId: randomUUID() });
    const vaultId = record.vaultId;
    const api = new ApiClient({ baseUrl: url, token: user.device.token, timeoutMs: 30_000 });
    await api.createVault({ id: vaultId, meta: await sealVaultMeta({ name: 'Rotation bench' }, keyring), keys: [{ keyVersion: 1, blob: encodeVaultKeyEntry(record.keys[0]!) }] });
    const a = await benchDevice(url, user, user.device, record);
    await a.client.engine.sync([vaultId]); // upgrades the new vault: every write from here on has its record
    for (let i = 0; i < ITEMS; i++) {
      await a.client.engine.write(vaultId, randomUUID(), createItem({ name: `key ${i}`, provider: 'openai', value: `sk-bench-${i}-${randomUUID()}` }, new Date()));
    }
    await a.client.engine.sync([vaultId]);

    // Bare: the core's rotation of the same envelopes in memory, then one upload of what it produced as
    // updates of items the server already holds, in the engine's push batch size. Run before, between
    // and after the KeyHaven rows (a shared machine drifts), the median taken.
    const envelopes = (await a.client.store.listItems(vaultId)).map((item) => [item.itemId, heldEnvelope(item)] as const);
    const bare = await createVault(url, user);
    const upload = async (memory: MemoryRotationStore, baseRevision: number) => {
      const all = [...memory.items].map(([itemId, envelope]) => ({ itemId, baseRevision, blob: JSON.stringify(envelope) }));
      for (let i = 0; i < all.length; i += PROTOCOL_LIMITS.pushItems) await api.push(bare.vaultId, all.slice(i, i + PROTOCOL_LIMITS.pushItems));
    };
    const bareRuns: { rewrapMs: number; uploadMs: number }[] = [];
    const bareRun = async () => {
      const memory = new MemoryRotationStore(record);
      for (const [itemId, envelope] of envelopes) memory.items.set(itemId, envelope);
      if (bareRuns.length === 0) await upload(memory, 0);
      const started = performance.now();
      await rotateVaultKey({ store: memory, vaultId, accountKey: user.accountKey });
      const rewrapMs = performance.now() - started;
      await upload(memory, bareRuns.length + 1);
      bareRuns.push({ rewrapMs, uploadMs: performance.now() - started - rewrapMs });
    };
    await bareRun();

    // KeyHaven alone: rotate, publish, then the sync that pushes.
    const started = performance.now();
    const alone = await rotate(a, user);
    const rewrapMs = performance.now() - started;
    const pushed = await a.client.engine.sync([vaultId]);
    const aloneMs = performance.now() - started;
    const behind = (await a.client.store.listItems(vaultId)).filter((i) => i.pending || serverKv(i) !== alone.toVersion).length;
    if (alone.rewrapped !== ITEMS || pushed.pushed !== ITEMS || behind > 0 || pushed.integrity.length > 0) {
      throw new Error(`rotation alone: ${alone.rewrapped} re-wrapped, ${pushed.pushed} pushed, ${behind} items not on the server under v${alone.toVersion}, ${pushed.integrity.length} integrity findings`);
    }

    await bareRun();

    // The same vault rotated again, with a second device of the account editing meanwhile. It starts
    // from the state its first sync would reach (A's store copied), which the integrity bench times.
    const b = await benchDevice(url, user, await loginNewDevice(url, user, 'second device'), a.record, MemoryStore.from(a.client.store.snapshot()));
    await b.client.engine.sync([vaultId]);
    const c = await editDuringRotation({ user, a, b, edits: EDITS });
    await bareRun();
    const bareRewrapMs = percentile(bareRuns.map((r) => r.rewrapMs), 50);
    const bareUploadMs = percentile(bareRuns.map((r) => r.uploadMs), 50);
    const bareMs = percentile(bareRuns.map((r) => r.rewrapMs + r.uploadMs), 50);

    const where = database.embedded ? 'embedded PGlite' : 'PostgreSQL';
    const section: Section = {
      title: `Vault-key rotation of ${ITEMS} synced items, end to end (${where}, loopback, one process)`,
      columns: ['measure', 'KeyHaven ms', 'bare ms', 'ratio', 'conflicts merged', 'integrity warnings'],
      rows: [
        ['rotate + publish + push', fmtMs(aloneMs), fmtMs(bareMs), ratio(aloneMs, bareMs), pushed.conflicts, pushed.integrity.length],
        ['  of which re-wrap (runKeyRotation)', fmtMs(rewrapMs), fmtMs(bareRewrapMs), ratio(rewrapMs, bareRewrapMs), '-', '-'],
        ['  of which sync (push)', fmtMs(aloneMs - rewrapMs), fmtMs(bareUploadMs), ratio(aloneMs - rewrapMs, bareUploadMs), '-', '-'],
        [`same, ${EDITS} items edited on a 2nd device meanwhile, until both converge`, fmtMs(c.ms), fmtMs(bareMs), ratio(c.ms, bareMs), c.conflicts, c.warnings.length],
      ],
      notes: [
        "KeyHaven: the CLI's steps for a personal vault: the server's member list checked, runKeyRotation over localRotationStore on the engine's store (publishKeyVersion first, then batches of 250, progress saved, compare-and-set per item, start/checkpoint/done records), then engine.sync: pull, push of every re-wrapped item with its signed record, the rotation's audit records",
        `bare: the same server; rotateVaultKey over an in-memory store on the same ${ITEMS} envelopes, then one push of the ${ITEMS} re-wrapped blobs as updates of the items the server holds, ${PROTOCOL_LIMITS.pushItems} a request, no records, nothing checked; median of 3 runs (before, between and after the KeyHaven rows)`,
        `2nd device: ${EDITS} edits (rotateValue) spread over the vault, half between A's re-wrap batches and half between the push requests of A's sync, B syncing (keys refreshed first) after every ${PER_ROUND}; made while A re-wrapped / pushed / after: ${c.edits.rewrap} / ${c.edits.push} / ${c.edits.after}; the same vault rotated again (v${alone.toVersion} → v${c.toVersion}); A's push done at ${fmtMs(c.pushedMs)} ms; time until neither device pulls or holds anything (B's pull of all ${ITEMS} re-wrapped items included)`,
        `checked: every edit on both devices, both hold the same state of every item, all ${ITEMS} open on both, every item on v${c.toVersion} on the server, the last syncs clean: ${c.problems.length === 0 ? 'all hold' : `${c.problems.length} problem(s), below`}`,
        ...c.problems.map((p) => `PROBLEM: ${p}`),
      ],
      data: [
        { name: 'rotate + push', items: ITEMS, keyhavenMs: aloneMs, rewrapMs, baselineMs: bareMs, bareRewrapMs, bareUploadMs, bareRuns, conflicts: pushed.conflicts },
        { name: 'rotate + push, second device editing', items: ITEMS, keyhavenMs: c.ms, pushedMs: c.pushedMs, baselineMs: bareMs, conflicts: c.conflicts, edits: c.edits, warnings: c.warnings, problems: c.problems },
      ],
    };
    if (c.problems.length > 0) {
      printSection(section);
      throw new Error(`vault-key rotation with a second device editing: ${c.problems.length} problem(s), see above`);
    }
    return [section];
  });
}
