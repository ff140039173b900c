import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { itemEnvelopeSchema, openItem, PROTOCOL_LIMITS } from '../../../shared/index.js';
import { call } from '../../support/api.js';
import { useCluster } from '../../support/server.js';
import { createVault, loginNewDevice, registerUser, sealedBlob, type TestUser, type TestVault } from '../../support/users.js';

const server = useCluster();
let base: string;
let user: TestUser;

beforeAll(async () => {
  base = server.base;
  user = await registerUser(base);
});

const push = (vault: TestVault, items: unknown[], token = user.device.token) => call(base, 'POST', `/v1/vaults/${vault.vaultId}/items`, { token, body: { items } });
const pull = (vault: TestVault, after: number, limit?: number) =>
  call(base, 'GET', `/v1/vaults/${vault.vaultId}/changes?after=${after}${limit ? `&limit=${limit}` : ''}`, { token: user.device.token });

describe('push and pull', () => {
  it('stores opaque envelopes that another device pulls and opens', async () => {
    const vault = await createVault(base, user);
    const itemId = randomUUID();
    const blob = await sealedBlob(vault, itemId, 'sk_live_visible_only_to_clients');
    const pushed = await push(vault, [{ itemId, baseRevision: 0, blob }]);
    expect(pushed.body).toEqual({ results: [{ itemId, status: 'ok', revision: 1, seq: 1, recordSeq: null }], seq: 1 });

    const other = await loginNewDevice(base, user);
    const pulled = await call(base, 'GET', `/v1/vaults/${vault.vaultId}/changes?after=0`, { token: other.token });
    expect(pulled.body).toEqual({ changes: [{ itemId, revision: 1, seq: 1, blob, deleted: false, recordSeq: null }], cursor: 1, hasMore: false });
    const payload = await openItem(itemEnvelopeSchema.parse(JSON.parse(pulled.body.changes[0].blob)), { vaultId: vault.vaultId, itemId }, vault.keyring);
    expect(payload.value).toBe('sk_live_visible_only_to_clients');
    // What the server holds is ciphertext: the value is nowhere in its database.
    const rows = await server.cluster.database.sql`select blob from items where vault_id = ${vault.vaultId}`;
    expect(JSON.stringify(rows)).not.toContain('sk_live_visible_only_to_clients');
  });

  it('answers a stale base revision with conflict and the current item, and applies the rest of the batch', async () => {
    const vault = await createVault(base, user);
    const [a, b] = [randomUUID(), randomUUID()];
    await push(vault, [{ itemId: a, baseRevision: 0, blob: await sealedBlob(vault, a) }]);
    const current = await sealedBlob(vault, a);
    await push(vault, [{ itemId: a, baseRevision: 1, blob: current }]);
    const res = await push(vault, [
      { itemId: a, baseRevision: 1, blob: await sealedBlob(vault, a) },
      { itemId: b, baseRevision: 0, blob: await sealedBlob(vault, b) },
    ]);
    expect(res.body.results).toEqual([
      { itemId: a, status: 'conflict', current: { revision: 2, blob: current, deleted: false, recordSeq: null } },
      { itemId: b, status: 'ok', revision: 1, seq: 3, recordSeq: null },
    ]);
    // Creating an item that already exists is a conflict too, never an overwrite.
    const recreate = await push(vault, [{ itemId: b, baseRevision: 0, blob: 'x' }]);
    expect(recreate.body.results[0]).toMatchObject({ status: 'conflict', current: { revision: 1 } });
  });

  it('turns a delete into a tombstone that pulls deliver, and refuses to delete what does not exist', async () => {
    const vault = await createVault(base, user);
    const id = randomUUID();
    await push(vault, [{ itemId: id, baseRevision: 0, blob: await sealedBlob(vault, id) }]);
    const del = await push(vault, [{ itemId: id, baseRevision: 1, blob: null }]);
    expect(del.body.results[0]).toEqual({ itemId: id, status: 'ok', revision: 2, seq: 2, recordSeq: null });
    expect((await pull(vault, 1)).body.changes).toEqual([{ itemId: id, revision: 2, seq: 2, blob: null, deleted: true, recordSeq: null }]);
    const ghost = await push(vault, [{ itemId: randomUUID(), baseRevision: 0, blob: null }]);
    expect(ghost.body.results[0].status).toBe('conflict');
  });

  it('pages through thousands of changes in order, and one later change costs one small page', async () => {
    const vault = await createVault(base, user);
    const ids = Array.from({ length: 2500 }, () => randomUUID());
    const blob = await sealedBlob(vault, ids[0]!); // size realism is not the point here: the same blob for all
    for (let i = 0; i < ids.length; i += PROTOCOL_LIMITS.pushItems) {
      const res = await push(vault, ids.slice(i, i + PROTOCOL_LIMITS.pushItems).map((itemId) => ({ itemId, baseRevision: 0, blob })));
      expect(res.status).toBe(200);
    }
    const seen: string[] = [];
    let cursor = 0;
    let pages = 0;
    for (;;) {
      const page = await pull(vault, cursor, 1000);
      pages++;
      seen.push(...page.body.changes.map((c: { itemId: string }) => c.itemId));
      const seqs = page.body.changes.map((c: { seq: number }) => c.seq);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
      cursor = page.body.cursor;
      if (!page.body.hasMore) break;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(ids);
    expect(cursor).toBe(2500);

    await push(vault, [{ itemId: ids[1234]!, baseRevision: 1, blob: 'edited-envelope' }]);
    const delta = await pull(vault, cursor);
    expect(delta.body).toEqual({ changes: [{ itemId: ids[1234], revision: 2, seq: 2501, blob: 'edited-envelope', deleted: false, recordSeq: null }], cursor: 2501, hasMore: false });
    expect((await pull(vault, 2501)).body).toEqual({ changes: [], cursor: 2501, hasMore: false });
  });
});

describe('concurrent writers', () => {
  it('never lets a pulling client miss a change while ten devices push into one vault at once', async () => {
    const vault = await createVault(base, user);
    const devices = await Promise.all(Array.from({ length: 10 }, (_, i) => loginNewDevice(base, user, `writer ${i}`)));
    const written = new Set<string>();
    let writing = true;
    const writers = Promise.all(
      devices.map(async (device) => {
        for (let round = 0; round < 10; round++) {
          const items = Array.from({ length: 5 }, () => ({ itemId: randomUUID(), baseRevision: 0, blob: 'e' }));
          const res = await push(vault, items, device.token);
          expect(res.status).toBe(200);
          items.forEach((i) => written.add(i.itemId));
        }
      }),
    ).finally(() => (writing = false));
    const seen = new Set<string>();
    let cursor = 0;
    const drain = async () => {
      for (;;) {
        const page = await pull(vault, cursor);
        page.body.changes.forEach((c: { itemId: string }) => seen.add(c.itemId));
        cursor = page.body.cursor;
        if (!page.body.hasMore) return;
      }
    };
    while (writing) await drain();
    await writers;
    await drain();
    expect(seen.size).toBe(500);
    expect(seen).toEqual(written);
    expect(cursor).toBe(500);
  });
});

describe('limits', () => {
  it('refuses a blob over the size limit, a batch over the item limit and duplicate ids with 400', async () => {
    const vault = await createVault(base, user);
    const big = await push(vault, [{ itemId: randomUUID(), baseRevision: 0, blob: 'x'.repeat(PROTOCOL_LIMITS.blobChars + 1) }]);
    expect(big.status).toBe(400);
    expect(big.body.error.message).toMatch(/body\.items\.0\.blob/);
    const many = await push(vault, Array.from({ length: PROTOCOL_LIMITS.pushItems + 1 }, () => ({ itemId: randomUUID(), baseRevision: 0, blob: 'x' })));
    expect(many.status).toBe(400);
    expect(many.body.error.message).toMatch(/body\.items/);
    const id = randomUUID();
    const dup = await push(vault, [{ itemId: id, baseRevision: 0, blob: 'a' }, { itemId: id, baseRevision: 0, blob: 'b' }]);
    expect(dup.status).toBe(400);
    expect(dup.body.error.message).toMatch(/appears twice/);
  });

  it('refuses a body over the size limit with 413 before reading it all', async () => {
    const vault = await createVault(base, user);
    const res = await call(base, 'POST', `/v1/vaults/${vault.vaultId}/items`, {
      token: user.device.token,
      raw: 'x'.repeat(PROTOCOL_LIMITS.bodyBytes + 1),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload-too-large');
  });

  it('refuses a page size or cursor out of range', async () => {
    const vault = await createVault(base, user);
    for (const query of ['after=-1', 'limit=0', 'limit=100000', 'after=abc', 'cursor=1']) {
      const res = await call(base, 'GET', `/v1/vaults/${vault.vaultId}/changes?${query}`, { token: user.device.token });
      expect(res.status, query).toBe(400);
    }
  });
});
