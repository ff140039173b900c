/**
 * Device-key rotation tests' common ground: a laptop of the test user with its own engine and a rotation
 * host that keeps its state in memory (with an optional crash at the commit or a clock of its own), a
 * phone beside it, and entries signed "as" the laptop with any key, as a thief or a hostile server would.
 */
import { randomUUID } from 'node:crypto';
import { generateDeviceKey, signEntryV2, toBase64url, type DeviceCertificate, type DeviceKeyRotationHost, type PendingDeviceKey } from '../../shared/index.js';
import type { Database } from '../../server/db/connect.js';
import { engineFor, type TestClient } from './engines.js';
import { createVault, loginNewDevice, type TestDevice, type TestUser, type TestVault } from './users.js';

export class CommitCrash extends Error {}

export interface HostOptions {
  /** Dies after the publish, before the local switch. */
  crashAtCommit?: boolean;
  now?: () => Date;
}

export interface Laptop {
  device: TestDevice;
  client: TestClient;
  local: { pending: PendingDeviceKey | null; certificate: DeviceCertificate | null };
  host(options?: HostOptions): DeviceKeyRotationHost;
}

export async function laptopOn(base: string, user: TestUser, vault: TestVault): Promise<Laptop> {
  const device = await loginNewDevice(base, user, 'laptop');
  const client = engineFor(base, user, device, vault);
  const local: Laptop['local'] = { pending: null, certificate: null };
  const host = (options: HostOptions = {}): DeviceKeyRotationHost => ({
    accountId: user.accountId,
    deviceId: device.id,
    identity: user.signing.signingKey,
    identityVerifyKey: user.signing.verifyKey,
    vaultIds: [vault.vaultId],
    engine: client.engine,
    loadPending: async () => local.pending,
    savePending: async (p) => void (local.pending = p),
    newKeyPair: async () => {
      const pair = await generateDeviceKey({ extractable: false });
      return { publicSpki: toBase64url(pair.publicSpki), signingKey: pair.signingKey };
    },
    commit: async (p, certificate) => {
      if (options.crashAtCommit) throw new CommitCrash('killed after the publish');
      device.keys = { ...device.keys, signingKey: p.signingKey, publicSpki: Uint8Array.from(Buffer.from(p.publicSpki, 'base64url')) };
      local.certificate = certificate;
      local.pending = null;
    },
    audit: (detail) => client.engine.recordAudit(vault.vaultId, 'vault.key-rotate', null, detail),
    ...(options.now ? { now: options.now } : {}),
  });
  return { device, client, local, host };
}

/** A vault with a laptop and a phone of `user`, both synced to its first entry. */
export async function laptopAndPhone(base: string, user: TestUser) {
  const vault = await createVault(base, user);
  const laptop = await laptopOn(base, user, vault);
  const phoneDevice = await loginNewDevice(base, user, 'phone');
  const phone = engineFor(base, user, phoneDevice, vault);
  await laptop.client.engine.recordAudit(vault.vaultId, 'vault.create', null, { name: 'Personal' });
  await laptop.client.engine.sync([vault.vaultId]);
  await phone.engine.sync([vault.vaultId]);
  return { vault, laptop, phone, phoneDevice };
}

/** An entry signed with `key` as the laptop, on the chain's current head (read from the database), stamped `at`. */
export async function signedAs(sql: Database['sql'], user: TestUser, vaultId: string, laptop: Laptop, key: CryptoKey, at: Date) {
  const [head] = await sql<{ audit_seq: string; audit_hash: string; audit_ts: string }[]>`select audit_seq, audit_hash, audit_ts from vaults where id = ${vaultId}`;
  const seen = { seq: Number(head!.audit_seq), hash: head!.audit_hash, ts: Number(head!.audit_ts) };
  return signEntryV2({ vaultId, deviceId: laptop.device.id, actorId: user.accountId, action: 'item.reveal', itemId: randomUUID() }, seen, at, key as never);
}
