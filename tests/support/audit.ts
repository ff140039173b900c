/** A small, real audit chain: devices with real ECDSA keys, entries built and signed by the core. */
import {
  buildAuditEntry,
  EMPTY_HEAD,
  generateDeviceKey,
  headAfter,
  signAuditEntry,
  type AuditAction,
  type AuditEntry,
  type ChainHead,
  type DeviceKeyPair,
  type DeviceRecord,
  type VaultKeyring,
} from '../../shared/index.js';

export interface TestChain {
  entries: AuditEntry[];
  devices: Map<string, DeviceRecord>;
  pairs: Map<string, DeviceKeyPair>;
  head: ChainHead;
}

export async function newChainDevices(ids: string[]): Promise<Pick<TestChain, 'devices' | 'pairs'>> {
  const pairs = new Map<string, DeviceKeyPair>();
  const devices = new Map<string, DeviceRecord>();
  for (const id of ids) {
    const pair = await generateDeviceKey({ extractable: false });
    pairs.set(id, pair);
    devices.set(id, { verifyKey: pair.verifyKey, revokedAt: null });
  }
  return { pairs, devices };
}

export async function appendEntry(
  chain: TestChain,
  vaultId: string,
  deviceId: string,
  action: AuditAction,
  at: Date,
  extra: { itemId?: string; detail?: unknown; keyring?: VaultKeyring } = {},
): Promise<AuditEntry> {
  const unsigned = await buildAuditEntry(
    { vaultId, deviceId, actorId: 'user-1', action, itemId: extra.itemId ?? null, detail: extra.detail },
    chain.head,
    at,
    extra.keyring,
  );
  const entry = await signAuditEntry(unsigned, chain.pairs.get(deviceId)!.signingKey);
  chain.entries.push(entry);
  chain.head = await headAfter(entry);
  return entry;
}

export async function buildChain(vaultId: string, length: number, keyring?: VaultKeyring): Promise<TestChain> {
  const chain: TestChain = { entries: [], ...(await newChainDevices(['laptop', 'phone'])), head: EMPTY_HEAD };
  const start = Date.parse('2026-11-01T09:00:00Z');
  for (let i = 0; i < length; i++) {
    await appendEntry(chain, vaultId, i % 2 ? 'phone' : 'laptop', i === 0 ? 'vault.create' : 'item.reveal', new Date(start + i * 60_000), {
      itemId: i === 0 ? undefined : `item-${i}`,
      detail: keyring ? { name: `key ${i}` } : undefined,
      keyring,
    });
  }
  return chain;
}
