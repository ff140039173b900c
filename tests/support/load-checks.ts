/**
 * The checks at the end of a load or crash run: every acknowledged write is on the server as written,
 * every device's pulls converged on what the server holds (no change skipped by a cursor), and every
 * vault's audit chain verifies.
 */
import { fromBase64url, importDeviceVerifyKey, verifyChain, type DeviceRecord } from '../../shared/index.js';
import { call } from './api.js';
import { pull, requester, type ItemView, type LoadDevice } from './load.js';
import type { LoadStats } from './load-stats.js';

/** Every item of a vault as the server lists it from the start. */
async function serverView(base: string, vaultId: string, token: string): Promise<ItemView> {
  const items: ItemView = new Map();
  for (let after = 0; ; ) {
    const page = await call(base, 'GET', `/v1/vaults/${vaultId}/changes?after=${after}`, { token });
    if (page.status !== 200) throw new Error(`listing vault ${vaultId} failed: ${page.status} ${JSON.stringify(page.body)}`);
    for (const c of page.body.changes) items.set(c.itemId, { revision: c.revision, blob: c.blob });
    after = page.body.cursor;
    if (!page.body.hasMore) return items;
  }
}

function vaultsOf(devices: LoadDevice[]): Map<string, string> {
  const vaults = new Map<string, string>();
  for (const d of devices) {
    vaults.set(d.own.vaultId, d.device.token);
    vaults.set(d.shared.vaultId, d.device.token);
    vaults.set(d.team.vaultId, d.device.token);
  }
  return vaults;
}

export interface EndCheck {
  /** Acknowledged writes the server no longer holds as written (older, or other content at that revision). */
  missing: string[];
  /** Devices whose view, after catching up, differs from the server's listing. */
  diverged: string[];
  /** Vaults whose audit chain does not verify, lacks an acknowledged entry, or ends before the vault's head. */
  brokenChains: string[];
}

export async function endCheck(base: string, devices: LoadDevice[], stats: LoadStats): Promise<EndCheck> {
  const server = new Map<string, ItemView>();
  for (const [vaultId, token] of vaultsOf(devices)) server.set(vaultId, await serverView(base, vaultId, token));

  const missing: string[] = [...stats.reissued.map((r) => `${r} was acknowledged twice with different content`)];
  for (const [key, ack] of stats.acknowledged) {
    const now = server.get(ack.vaultId)?.get(ack.itemId);
    if (!now || now.revision < ack.revision || (now.revision === ack.revision && now.blob !== ack.blob)) missing.push(key);
  }

  const diverged: string[] = [];
  const request = requester(base, stats, Date.now() + 120_000, { tolerateOutages: true });
  for (const d of devices) {
    for (const vaultId of new Set([d.own.vaultId, d.shared.vaultId, d.team.vaultId])) {
      if (!(await pull(request, d, vaultId, true))) throw new Error(`device ${d.device.id} could not catch up on vault ${vaultId}`);
      const mine = d.views.get(vaultId)!.items;
      const theirs = server.get(vaultId)!;
      const differs = mine.size !== theirs.size || [...theirs].some(([id, v]) => mine.get(id)?.revision !== v.revision || mine.get(id)?.blob !== v.blob);
      if (differs) diverged.push(`device ${d.device.id} on vault ${vaultId}: ${mine.size} items pulled, ${theirs.size} on the server`);
    }
  }

  const brokenChains: string[] = [];
  for (const [vaultId, token] of vaultsOf(devices)) {
    const records: unknown[] = [];
    for (let after = 0; ; ) {
      const page = await call(base, 'GET', `/v1/vaults/${vaultId}/audit?after=${after}`, { token });
      records.push(...page.body.records);
      after = page.body.records.at(-1)?.seq ?? after;
      if (!page.body.hasMore) break;
    }
    const deviceList = await call(base, 'GET', `/v1/vaults/${vaultId}/devices`, { token });
    const keys = new Map<string, DeviceRecord>();
    for (const dev of deviceList.body.devices) keys.set(dev.id, { verifyKey: await importDeviceVerifyKey(fromBase64url(dev.signingPublicKey)), revokedAt: null });
    const report = await verifyChain(records, { vaultId, devices: keys });
    if (!report.ok) {
      brokenChains.push(`vault ${vaultId}: ${report.message}`);
      continue;
    }
    const { auditHead } = (await call(base, 'GET', `/v1/vaults/${vaultId}`, { token })).body as { auditHead: { seq: number; hash: string } };
    if (report.head.seq !== auditHead.seq || report.head.hash !== auditHead.hash) brokenChains.push(`vault ${vaultId}: the listed chain ends at ${report.head.seq}, the vault's head is ${auditHead.seq}`);
    // The load's entries are v1, named by their signature.
    const listed = new Set(records.map((r) => (r as { entry: { sig: string } }).entry.sig));
    const lost = [...(stats.auditAcknowledged.get(vaultId) ?? [])].filter((id) => !listed.has(id));
    if (lost.length > 0) brokenChains.push(`vault ${vaultId}: ${lost.length} acknowledged audit entries are not in the chain`);
  }
  return { missing, diverged, brokenChains };
}
