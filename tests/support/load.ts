/**
 * Simulated devices for load tests: each one loops over a realistic mix (pushes to its own and to a
 * shared vault, delta pulls, audit appends) over raw HTTP, as fast as the server answers, and honours
 * 503 + Retry-After the way the real clients do. Every write the server acknowledges is remembered, so
 * the caller can check afterwards that the server still holds it.
 */
import { randomUUID } from 'node:crypto';
import { buildAuditEntry, headAfter, signAuditEntry, type ChainHead } from '../../shared/index.js';
import { call, type Reply } from './api.js';
import { createVault, loginNewDevice, registerUser, sealedBlob, type TestDevice, type TestUser, type TestVault } from './users.js';

export interface LoadDevice {
  user: TestUser;
  device: TestDevice;
  own: TestVault;
  shared: TestVault;
}

export interface LoadStats {
  requests: number;
  byStatus: Record<number, number>;
  /** Transport failures (connection refused or reset, or no answer in 30 s). */
  failures: number;
  acknowledged: Map<string, { vaultId: string; itemId: string; revision: number; blob: string }>;
  auditAppended: number;
}

/** `accounts` accounts with `perAccount` devices each; each account's devices share one vault. */
export async function loadDevices(base: string, accounts: number, perAccount: number): Promise<LoadDevice[]> {
  const perUser = await Promise.all(
    Array.from({ length: accounts }, async () => {
      const user = await registerUser(base);
      const shared = await createVault(base, user);
      // One account's devices sign in one after another (accounts still in parallel): 180 scrypt checks at
      // once would only measure the admission queue's 10 s limit during setup, not the load that follows.
      const logins = [];
      for (let i = 1; i < perAccount; i++) logins.push(await loginNewDevice(base, user, `device ${i}`));
      return Promise.all([user.device, ...logins].map(async (device) => ({ user, device, shared, own: await createVault(base, user, device.token) })));
    }),
  );
  return perUser.flat();
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function runLoad(base: string, devices: LoadDevice[], durationMs: number): Promise<LoadStats> {
  const stats: LoadStats = { requests: 0, byStatus: {}, failures: 0, acknowledged: new Map(), auditAppended: 0 };
  const deadline = Date.now() + durationMs;
  const blobFor = new Map<string, string>();
  for (const d of devices) blobFor.set(d.shared.vaultId, await sealedBlob(d.shared, randomUUID()));

  /** One request, retried after the server's Retry-After while it answers 503. */
  const request = async (method: string, path: string, token: string, body?: unknown): Promise<Reply | null> => {
    for (;;) {
      stats.requests++;
      let reply: Reply;
      try {
        reply = await Promise.race([
          call(base, method, path, { token, body }),
          sleep(30_000).then(() => Promise.reject(new Error('no answer in 30 s'))),
        ]);
      } catch {
        stats.failures++;
        return null;
      }
      stats.byStatus[reply.status] = (stats.byStatus[reply.status] ?? 0) + 1;
      if (reply.status !== 503 || Date.now() > deadline) return reply;
      await sleep(Number(reply.headers.get('retry-after') ?? '1') * 1000 * Math.random());
    }
  };

  /** A device's first sync or an import: many new items in one request (a big statement on the wire). */
  const pushMany = async (d: LoadDevice, vault: TestVault) => {
    const items = Array.from({ length: 100 }, () => ({ itemId: randomUUID(), baseRevision: 0, blob: `${blobFor.get(d.shared.vaultId)!.slice(0, -2)}${randomUUID()}` }));
    const reply = await request('POST', `/v1/vaults/${vault.vaultId}/items`, d.device.token, { items });
    if (reply?.status !== 200) return;
    for (const [i, result] of (reply.body.results as { status: string; revision: number }[]).entries()) {
      if (result.status === 'ok') stats.acknowledged.set(`${vault.vaultId}/${items[i]!.itemId}`, { vaultId: vault.vaultId, itemId: items[i]!.itemId, revision: result.revision, blob: items[i]!.blob });
    }
  };

  const push = async (d: LoadDevice, vault: TestVault, known: Map<string, number>) => {
    // Mostly new items, sometimes an update of one this device wrote before (a conflict on the shared vault).
    const update = known.size > 0 && Math.random() < 0.4;
    const itemId = update ? [...known.keys()][Math.floor(Math.random() * known.size)]! : randomUUID();
    const blob = `${blobFor.get(d.shared.vaultId)!.slice(0, -2)}${randomUUID()}`;
    const reply = await request('POST', `/v1/vaults/${vault.vaultId}/items`, d.device.token, { items: [{ itemId, baseRevision: known.get(itemId) ?? 0, blob }] });
    const result = reply?.status === 200 ? reply.body.results[0] : null;
    if (result?.status === 'ok') {
      known.set(itemId, result.revision);
      const key = `${vault.vaultId}/${itemId}`;
      const previous = stats.acknowledged.get(key);
      if (!previous || previous.revision < result.revision) stats.acknowledged.set(key, { vaultId: vault.vaultId, itemId, revision: result.revision, blob });
    } else if (result?.status === 'conflict') {
      known.set(itemId, result.current.revision);
    }
  };

  const appendAudit = async (d: LoadDevice, vault: TestVault) => {
    const summary = await request('GET', `/v1/vaults/${vault.vaultId}`, d.device.token);
    if (summary?.status !== 200) return;
    let head: ChainHead = summary.body.auditHead;
    for (let attempt = 0; attempt < 8; attempt++) {
      const unsigned = await buildAuditEntry({ vaultId: vault.vaultId, deviceId: d.device.id, actorId: d.user.accountId, action: 'item.reveal', itemId: randomUUID() }, head, new Date());
      const entry = await signAuditEntry(unsigned, d.device.keys.signingKey);
      const reply = await request('POST', `/v1/vaults/${vault.vaultId}/audit`, d.device.token, { entries: [entry] });
      if (reply?.status === 200) {
        stats.auditAppended++;
        head = await headAfter(entry);
        return;
      }
      if (reply?.status !== 409 || !reply.body.error.details?.head) return;
      head = reply.body.error.details.head;
      await sleep(Math.random() * 10 * 2 ** attempt);
    }
  };

  // The devices of one account work on the same shared items, so their writes race and conflict.
  const sharedItems = new Map<string, Map<string, number>>();
  await Promise.all(
    devices.map(async (d) => {
      const known = new Map<string, number>();
      const sharedKnown = sharedItems.get(d.shared.vaultId) ?? new Map<string, number>();
      sharedItems.set(d.shared.vaultId, sharedKnown);
      let cursor = 0;
      while (Date.now() < deadline) {
        const r = Math.random();
        if (r < 0.03) await pushMany(d, d.own);
        else if (r < 0.3) await push(d, d.own, known);
        else if (r < 0.55) await push(d, d.shared, sharedKnown);
        else if (r < 0.85) {
          const page = await request('GET', `/v1/vaults/${d.shared.vaultId}/changes?after=${cursor}&limit=200`, d.device.token);
          if (page?.status === 200) cursor = page.body.cursor;
        } else await appendAudit(d, d.shared);
      }
    }),
  );
  return stats;
}

/** The acknowledged writes the server no longer holds as written (older, or other content at that revision). */
export async function missingWrites(base: string, devices: LoadDevice[], stats: LoadStats): Promise<string[]> {
  const current = new Map<string, { revision: number; blob: string | null }>();
  const vaults = new Map<string, string>();
  for (const d of devices) {
    vaults.set(d.own.vaultId, d.device.token);
    vaults.set(d.shared.vaultId, d.device.token);
  }
  for (const [vaultId, token] of vaults) {
    for (let after = 0; ; ) {
      const page = await call(base, 'GET', `/v1/vaults/${vaultId}/changes?after=${after}`, { token });
      for (const c of page.body.changes) current.set(`${vaultId}/${c.itemId}`, { revision: c.revision, blob: c.blob });
      after = page.body.cursor;
      if (!page.body.hasMore) break;
    }
  }
  const missing: string[] = [];
  for (const [key, ack] of stats.acknowledged) {
    const now = current.get(key);
    if (!now || now.revision < ack.revision || (now.revision === ack.revision && now.blob !== ack.blob)) missing.push(key);
  }
  return missing;
}
