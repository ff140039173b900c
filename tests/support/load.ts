/**
 * Simulated devices for load runs: each loops over a realistic mix (pushes to its own and to a shared
 * vault, conflicting edits, deletes, delta pulls, audit appends; some hold a realtime socket) over raw
 * HTTP, as fast as the server answers, honouring 503 + Retry-After as the real clients do. Every write
 * the server acknowledges is remembered, and each device keeps the view its pulls built, so the end
 * checks (./load-checks.ts) can compare them with what the server holds.
 */
import { randomUUID } from 'node:crypto';
import { buildAuditEntry, headAfter, signAuditEntry, type ChainHead } from '../../shared/index.js';
import { call, type Reply } from './api.js';
import { LoadStats } from './load-stats.js';
import { openSocket, type TestSocket } from './socket.js';
import { addMember, createVault, loginNewDevice, registerUser, sealedBlob, type TestDevice, type TestUser, type TestVault } from './users.js';

export type ItemView = Map<string, { revision: number; blob: string | null }>;

export interface LoadDevice {
  user: TestUser;
  device: TestDevice;
  own: TestVault;
  shared: TestVault;
  /** A team vault: the shared vault of another account, which this device's account was invited into. */
  team: TestVault;
  /** What this device's pulls have built, per vault, and how far each got. */
  views: Map<string, { items: ItemView; cursor: number }>;
}

export interface LoadOptions {
  /** Keep going through refused connections and 502s (a crash run): retry until the deadline. */
  tolerateOutages?: boolean;
  /** Every n-th device holds a realtime socket on its shared vault (0: none). */
  socketEvery?: number;
}

/**
 * `accounts` accounts with `perAccount` devices each; each account's devices share one vault, and each
 * account is an editor of the previous account's shared vault (a team vault with two accounts' devices).
 */
export async function loadDevices(base: string, accounts: number, perAccount: number): Promise<LoadDevice[]> {
  const perUser = await Promise.all(
    Array.from({ length: accounts }, async () => {
      const user = await registerUser(base);
      const shared = await createVault(base, user);
      // One account's devices sign in one after another (accounts still in parallel): 180 scrypt checks at
      // once would only measure the admission queue's 10 s limit during setup, not the load that follows.
      const logins = [];
      for (let i = 1; i < perAccount; i++) logins.push(await loginNewDevice(base, user, `device ${i}`));
      return Promise.all([user.device, ...logins].map(async (device) => ({ user, device, shared, team: shared, own: await createVault(base, user, device.token), views: new Map() })));
    }),
  );
  for (const [i, devices] of perUser.entries()) {
    const host = perUser[(i + perUser.length - 1) % perUser.length]![0]!;
    if (host.user === devices[0]!.user) continue;
    const joined = await addMember(base, host.user, host.shared, devices[0]!.user, 'editor');
    if (joined.status !== 204) throw new Error(`joining a team vault failed: ${joined.status} ${JSON.stringify(joined.body)}`);
    for (const d of devices) d.team = host.shared;
  }
  return perUser.flat();
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** One device's requests, timed per route, retried after a 503's Retry-After (and through outages if asked). */
export function requester(base: string, stats: LoadStats, deadline: number, options: LoadOptions) {
  return async (route: string, method: string, path: string, token: string, body?: unknown): Promise<Reply | null> => {
    for (;;) {
      const start = performance.now();
      let reply: Reply | null = null;
      try {
        reply = await Promise.race([call(base, method, path, { token, body }), sleep(30_000).then(() => Promise.reject(new Error('no answer in 30 s')))]);
      } catch {
        // A refused or reset connection: the outcome of a write sent on it is unknown, and it is not acknowledged.
      }
      stats.record(route, performance.now() - start, reply?.status ?? null);
      const outage = reply === null || reply.status === 502;
      if (Date.now() > deadline || (outage && !options.tolerateOutages) || (!outage && reply!.status !== 503)) return reply;
      await sleep(outage ? 200 + Math.random() * 300 : Number(reply!.headers.get('retry-after') ?? '1') * 1000 * Math.random());
    }
  };
}

/** Pulls one page (or, with `all`, every page) of a vault's changes into the device's view. */
export async function pull(request: ReturnType<typeof requester>, d: LoadDevice, vaultId: string, all = false): Promise<boolean> {
  const view = d.views.get(vaultId) ?? { items: new Map(), cursor: 0 };
  d.views.set(vaultId, view);
  for (;;) {
    const page = await request('GET /changes', 'GET', `/v1/vaults/${vaultId}/changes?after=${view.cursor}&limit=200`, d.device.token);
    if (page?.status !== 200) return false;
    for (const c of page.body.changes as { itemId: string; revision: number; blob: string | null }[]) view.items.set(c.itemId, { revision: c.revision, blob: c.blob });
    view.cursor = page.body.cursor;
    if (!all || !page.body.hasMore) return true;
  }
}

export async function runLoad(base: string, devices: LoadDevice[], durationMs: number, options: LoadOptions = {}, stats = new LoadStats()): Promise<LoadStats> {
  const deadline = Date.now() + durationMs;
  const request = requester(base, stats, deadline, options);
  const blobFor = new Map<string, string>();
  for (const d of devices) blobFor.set(d.shared.vaultId, await sealedBlob(d.shared, randomUUID()));
  const blob = (d: LoadDevice) => `${blobFor.get(d.shared.vaultId)!.slice(0, -2)}${randomUUID()}`;
  /** When the push behind each vault sequence number was sent, and when a socket heard of it (either can come first). */
  const sentAt = new Map<string, number>();
  const noticedAt = new Map<string, number>();
  const delay = (key: string) => {
    const [sent, noticed] = [sentAt.get(key), noticedAt.get(key)];
    if (sent !== undefined && noticed !== undefined) stats.noticeDelay.push(noticed - sent);
  };

  const push = async (d: LoadDevice, vault: TestVault, known: Map<string, number>, items: { itemId: string; baseRevision: number; blob: string | null }[]) => {
    const sent = performance.now();
    const reply = await request(items.length > 1 ? 'POST /items (100)' : items[0]!.blob === null ? 'POST /items (delete)' : 'POST /items', 'POST', `/v1/vaults/${vault.vaultId}/items`, d.device.token, { items });
    if (reply?.status !== 200) return;
    const key = `${vault.vaultId}:${reply.body.seq}`;
    sentAt.set(key, sent);
    delay(key);
    for (const [i, result] of (reply.body.results as { status: string; revision: number; current?: { revision: number } }[]).entries()) {
      const item = items[i]!;
      if (result.status === 'ok') {
        known.set(item.itemId, result.revision);
        stats.acknowledge({ vaultId: vault.vaultId, itemId: item.itemId, revision: result.revision, blob: item.blob });
      } else if (result.current) known.set(item.itemId, result.current.revision);
    }
  };
  // Mostly new items, sometimes an edit (a conflict on the shared vault) or a delete of one seen before.
  const pick = (known: Map<string, number>) => [...known.keys()][Math.floor(Math.random() * known.size)]!;
  const write = (d: LoadDevice, vault: TestVault, known: Map<string, number>, kind: 'new' | 'edit' | 'delete') => {
    if (kind !== 'new' && known.size === 0) kind = 'new';
    const itemId = kind === 'new' ? randomUUID() : pick(known);
    return push(d, vault, known, [{ itemId, baseRevision: known.get(itemId) ?? 0, blob: kind === 'delete' ? null : blob(d) }]);
  };

  const appendAudit = async (d: LoadDevice, vault: TestVault) => {
    const summary = await request('GET /vaults/:id', 'GET', `/v1/vaults/${vault.vaultId}`, d.device.token);
    if (summary?.status !== 200) return;
    let head: ChainHead = summary.body.auditHead;
    for (let attempt = 0; attempt < 8; attempt++) {
      const unsigned = await buildAuditEntry({ vaultId: vault.vaultId, deviceId: d.device.id, actorId: d.user.accountId, action: 'item.reveal', itemId: randomUUID() }, head, new Date());
      const entry = await signAuditEntry(unsigned, d.device.keys.signingKey);
      const reply = await request('POST /audit', 'POST', `/v1/vaults/${vault.vaultId}/audit`, d.device.token, { entries: [entry] });
      if (reply?.status === 200) {
        stats.acknowledgeAudit(vault.vaultId, entry.sig);
        head = await headAfter(entry);
        return;
      }
      if (reply?.status !== 409 || !reply.body.error.details?.head) return;
      head = reply.body.error.details.head;
      await sleep(Math.random() * 10 * 2 ** attempt);
    }
  };

  const sockets: TestSocket[] = [];
  if (options.socketEvery) {
    for (const d of devices.filter((_, i) => i % options.socketEvery! === 0)) {
      const socket = await openSocket(base, d.device.token);
      sockets.push(socket);
      void socket.next((e) => {
        if (e.type === 'changed' && e.kind === 'items' && !noticedAt.has(`${e.vaultId}:${e.seq}`)) {
          noticedAt.set(`${e.vaultId}:${e.seq}`, performance.now());
          delay(`${e.vaultId}:${e.seq}`);
        }
        return false;
      }, durationMs + 60_000).catch(() => undefined);
    }
  }

  // The devices of one account work on the same shared items, so their writes race and conflict; a team
  // vault's items are written by its own account's devices and by the invited account's.
  const sharedItems = new Map<string, Map<string, number>>();
  const itemsOf = (vaultId: string) => sharedItems.get(vaultId) ?? sharedItems.set(vaultId, new Map()).get(vaultId)!;
  await Promise.all(
    devices.map(async (d) => {
      const own = new Map<string, number>();
      while (Date.now() < deadline) {
        const r = Math.random();
        // A tenth of the shared-vault traffic goes to the team vault instead.
        const vault = Math.random() < 0.1 ? d.team : d.shared;
        if (r < 0.03) await push(d, d.own, own, Array.from({ length: 100 }, () => ({ itemId: randomUUID(), baseRevision: 0, blob: blob(d) })));
        else if (r < 0.2) await write(d, d.own, own, Math.random() < 0.3 ? 'edit' : 'new');
        else if (r < 0.25) await write(d, d.own, own, 'delete');
        else if (r < 0.5) await write(d, vault, itemsOf(vault.vaultId), Math.random() < 0.4 ? 'edit' : Math.random() < 0.1 ? 'delete' : 'new');
        else if (r < 0.75) await pull(request, d, vault.vaultId);
        else if (r < 0.85) await pull(request, d, d.own.vaultId);
        else await appendAudit(d, vault);
      }
    }),
  );
  for (const s of sockets) s.close();
  return stats;
}
