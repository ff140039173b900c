/**
 * Integrity rows of `npm run bench`: what the checks of docs/crypto.md §20–22 cost on a vault of
 * 10 000 items, each written with its signed record. Each row stands beside a bare baseline in the same
 * run on the same server: the same requests and the same decryption, with nothing checked.
 *
 * - one change synced: the engine's sync (the chain's new records verified, the item judged against its
 *   proof, the push with a signed record) vs a bare pull of the delta and a push of a pre-sealed item;
 * - a fresh device: the engine's first sync (10 000 records verified, every item's history followed,
 *   every state judged) and opening every item, vs paging the changes and opening every item.
 */
import { randomUUID } from 'node:crypto';
import { blobHash, createItem, MemoryStore, openItems, PROTOCOL_LIMITS, readEnvelope, signEntryV2, EMPTY_HEAD } from '../../shared/index.js';
import { engineFor } from '../support/engines.js';
import { withBenchServer } from './bench-server.js';
import { createVault, loginNewDevice, registerUser, sealedBlob } from '../support/users.js';
import { fmtMs, medianMs, ratio, type Section } from './harness.js';

const ITEMS = 10_000;

export function benchIntegrity(): Promise<Section[]> {
  return withBenchServer(async (url, database) => {
    const user = await registerUser(url);
    const vault = await createVault(url, user);
    const writer = engineFor(url, user, user.device, vault);
    await writer.engine.sync([vault.vaultId]); // upgrades the new vault: every write from here on has its record
    for (let i = 0; i < ITEMS; i++) {
      await writer.engine.write(vault.vaultId, randomUUID(), createItem({ name: `key ${i}`, provider: 'openai', value: `sk-bench-${i}-${randomUUID()}` }, new Date()));
    }
    await writer.engine.sync([vault.vaultId]);

    // One change, synced by a device that holds the vault.
    const other = engineFor(url, user, await loginNewDevice(url, user, 'other'), vault);
    await other.engine.sync([vault.vaultId]);
    const syncOneMs = await medianMs(15, async () => {
      await writer.engine.write(vault.vaultId, randomUUID(), createItem({ name: 'one more', value: `sk-${randomUUID()}` }, new Date()));
      await writer.engine.sync([vault.vaultId]);
      await other.engine.sync([vault.vaultId]);
    });
    let cursor = (await writer.api.vault(vault.vaultId)).seq;
    const bareOneMs = await medianMs(15, async () => {
      const itemId = randomUUID();
      const blob = await sealedBlob(vault, itemId);
      const record = await signEntryV2(
        { vaultId: vault.vaultId, deviceId: user.device.id, actorId: user.accountId, action: 'item.write', itemId, write: { rev: 1, hash: await blobHash(blob), deleted: false, prev: null } },
        EMPTY_HEAD,
        new Date(),
        user.device.keys.signingKey,
      );
      await writer.api.push(vault.vaultId, [{ itemId, baseRevision: 0, blob, record }]);
      const page = await other.api.changes(vault.vaultId, cursor, PROTOCOL_LIMITS.pageSize);
      cursor = page.cursor;
      await openItems(page.changes.flatMap((c) => (c.blob ? [{ itemId: c.itemId, envelope: readEnvelope(c.blob) }] : [])), vault.vaultId, vault.keyring);
    });

    // A fresh device: everything, checked, then opened.
    await writer.engine.sync([vault.vaultId]);
    const items = (await writer.engine.list(vault.vaultId)).length;
    const freshMs = await medianMs(3, async () => {
      const fresh = engineFor(url, user, user.device, vault, new MemoryStore());
      await fresh.engine.sync([vault.vaultId]);
      const opened = await fresh.engine.list(vault.vaultId);
      const unopened = opened.filter((o) => !o.ok).length;
      if (opened.length !== items || unopened > 0) throw new Error(`the fresh device opened ${opened.length - unopened} of ${items} items`);
    });
    const bareFreshMs = await medianMs(3, async () => {
      const envelopes: { itemId: string; envelope: unknown }[] = [];
      for (let after = 0; ; ) {
        const page = await writer.api.changes(vault.vaultId, after, PROTOCOL_LIMITS.pageSize);
        for (const c of page.changes) if (c.blob) envelopes.push({ itemId: c.itemId, envelope: readEnvelope(c.blob) });
        after = page.cursor;
        if (!page.hasMore) break;
      }
      await openItems(envelopes, vault.vaultId, vault.keyring);
    });
    const where = database.embedded ? 'embedded PGlite' : 'PostgreSQL';
    return [
      {
        title: `Integrity checks on a vault of ${ITEMS} items, each written with its record (${where}, loopback)`,
        columns: ['measure', 'KeyHaven ms', 'bare ms', 'ratio'],
        rows: [
          ['one change: write + sync on A, sync on B', fmtMs(syncOneMs), fmtMs(bareOneMs), ratio(syncOneMs, bareOneMs)],
          [`fresh device: first sync + open ${items} items`, fmtMs(freshMs), fmtMs(bareFreshMs), ratio(freshMs, bareFreshMs)],
        ],
        notes: [
          'KeyHaven: the engine (chain records verified against certificates, item histories followed, states judged against proofs, signed write records)',
          'bare: the same server; a pre-signed push of one sealed item and a pull of the delta / every page of changes, and the same decryption, nothing checked',
        ],
        data: [
          { name: 'sync one change', items: ITEMS, keyhavenMs: syncOneMs, baselineMs: bareOneMs },
          { name: 'fresh device open', items, keyhavenMs: freshMs, baselineMs: bareFreshMs },
        ],
      },
    ];
  });
}
