/**
 * A device's key history for unit tests of docs/crypto.md §20: alice's laptop with an old key certified
 * at T0 and a new one at ROTATED, the device as a server would list it, and chains signed with any key
 * at any time, placed as a server would.
 */
import {
  certifyDevice,
  createAccount,
  createSigningIdentity,
  EMPTY_HEAD,
  generateDeviceKey,
  recordHash,
  signEntryV2,
  type AuditRecord,
  type ChainHead,
  type DeviceCertificate,
  type DeviceKeyPair,
  type ListedDevice,
  type SigningIdentity,
} from '../../shared/index.js';

export const VAULT = 'vault-1';
export const T0 = Date.parse('2026-12-01T09:00:00Z');
export const ROTATED = T0 + 10_000;

export async function identity(accountId: string): Promise<SigningIdentity> {
  const { unlocked } = await createAccount('correct horse battery staple', { accountId });
  return (await createSigningIdentity(unlocked.accountKey, accountId)).identity;
}

export const certify = (id: SigningIdentity, keys: DeviceKeyPair, at: number, who = { accountId: 'alice', deviceId: 'laptop' }) =>
  certifyDevice(id.signingKey, { ...who, deviceSpki: keys.publicSpki, now: new Date(at) });

/** Alice's laptop as the server lists it: `earlier` as certificates, or as the text a server sends (junk included). */
export function listed(current: DeviceCertificate, earlier: (DeviceCertificate | string)[]): ListedDevice {
  return {
    id: 'laptop',
    accountId: 'alice',
    name: 'laptop',
    signingPublicKey: current.key,
    createdAt: new Date(T0).toISOString(),
    revokedAt: null,
    certificate: JSON.stringify(current),
    earlierCertificates: earlier.map((c) => (typeof c === 'string' ? c : JSON.stringify(c))),
    revocation: null,
  };
}

/** Entries at the given times, each signed with the given key, placed as a server would. */
export async function chain(entries: { key: DeviceKeyPair; at: number }[]): Promise<AuditRecord[]> {
  const records: AuditRecord[] = [];
  let head: ChainHead = EMPTY_HEAD;
  for (const [i, e] of entries.entries()) {
    const entry = await signEntryV2({ vaultId: VAULT, deviceId: 'laptop', actorId: 'alice', action: 'item.reveal', itemId: `item-${i}` }, head, new Date(e.at), e.key.signingKey);
    const record = { seq: head.seq + 1, prev: head.hash, entry };
    records.push(record);
    head = { seq: record.seq, hash: await recordHash(record), ts: Math.max(head.ts, entry.ts) };
  }
  return records;
}

/** Alice, her laptop's old key (certified at T0) and new key (certified at ROTATED). */
export async function rotated() {
  const alice = await identity('alice');
  const oldKey = await generateDeviceKey({ extractable: false });
  const newKey = await generateDeviceKey({ extractable: false });
  const first = await certify(alice, oldKey, T0);
  const second = await certify(alice, newKey, ROTATED);
  return { alice, oldKey, newKey, first, second, identities: new Map([['alice', alice.verifyKey]]) };
}
