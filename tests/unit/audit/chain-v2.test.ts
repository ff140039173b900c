/**
 * v2 audit chains (docs/crypto.md §20–21): the server places entries, devices sign the head they saw,
 * devices count only with their account's certificate. Each test builds an honest chain the way the
 * server does and then does what a hostile server would.
 */
import { describe, expect, it } from 'vitest';
import {
  certifyDevice,
  createAccount,
  createSigningIdentity,
  createVaultKeyring,
  EMPTY_HEAD,
  generateDeviceKey,
  openAuditDetailV2,
  recordHash,
  revokeDeviceStatement,
  signEntryV2,
  trustedDevices,
  verifyChain,
  type AuditEntryV2,
  type AuditRecord,
  type ChainHead,
  type DeviceKeyPair,
  type ListedDevice,
  type SigningIdentity,
} from '../../../shared/index.js';
import { toBase64url } from '../../../shared/encoding.js';

const VAULT = 'vault-1';
const T0 = Date.parse('2026-12-01T09:00:00Z');

interface Party {
  accountId: string;
  identity: SigningIdentity;
  devices: Map<string, DeviceKeyPair>;
  listed: ListedDevice[];
}

async function party(accountId: string, deviceIds: string[]): Promise<Party> {
  const { unlocked } = await createAccount('correct horse battery staple', { accountId });
  const { identity } = await createSigningIdentity(unlocked.accountKey, accountId);
  const devices = new Map<string, DeviceKeyPair>();
  const listed: ListedDevice[] = [];
  for (const id of deviceIds) {
    const keys = await generateDeviceKey({ extractable: false });
    devices.set(id, keys);
    const cert = await certifyDevice(identity.signingKey, { accountId, deviceId: id, deviceSpki: keys.publicSpki, now: new Date(T0) });
    listed.push({ id, accountId, name: id, signingPublicKey: toBase64url(keys.publicSpki), createdAt: new Date(T0).toISOString(), revokedAt: null, certificate: JSON.stringify(cert), revocation: null });
  }
  return { accountId, identity, devices, listed };
}

/** The server's part: place entries one after another, linking each to the record before. */
class ServerChain {
  records: AuditRecord[] = [];
  head: ChainHead = EMPTY_HEAD;
  heads: ChainHead[] = [EMPTY_HEAD];
  async place(entry: AuditEntryV2): Promise<void> {
    const record = { seq: this.head.seq + 1, prev: this.head.hash, entry };
    this.records.push(record);
    this.head = { seq: record.seq, hash: await recordHash(record), ts: Math.max(this.head.ts, entry.ts) };
    this.heads.push(this.head);
  }
  /** Recomputes every link after a change, as a server rewriting history would. */
  async relink(records: AuditRecord[]): Promise<AuditRecord[]> {
    const out: AuditRecord[] = [];
    let head = EMPTY_HEAD;
    for (const [i, r] of records.entries()) {
      const record = { seq: i + 1, prev: head.hash, entry: r.entry };
      out.push(record);
      head = { seq: record.seq, hash: await recordHash(record), ts: 0 };
    }
    return out;
  }
}

const sign = (p: Party, device: string, seen: ChainHead, i: number, extra: Partial<Parameters<typeof signEntryV2>[0]> = {}) =>
  signEntryV2({ vaultId: VAULT, deviceId: device, actorId: p.accountId, action: 'item.reveal', itemId: `item-${i}`, ...extra }, seen, new Date(T0 + i * 1000), p.devices.get(device)!.signingKey);

async function honest(p: Party, n: number, seenLag = 0) {
  const chain = new ServerChain();
  for (let i = 0; i < n; i++) {
    const device = i % 2 ? 'phone' : 'laptop';
    // Devices sign on the head they verified last, which may be a few records behind (seenLag).
    const seen = chain.heads[Math.max(0, chain.heads.length - 1 - seenLag)]!;
    await chain.place(await sign(p, device, seen, i));
  }
  return chain;
}

const trust = async (parties: Party[]) =>
  trustedDevices(
    parties.flatMap((p) => p.listed),
    new Map(parties.map((p) => [p.accountId, p.identity.verifyKey])),
  );

describe('v2 audit chain', () => {
  it('verifies a chain the server ordered, even when devices signed on heads a few records old', async () => {
    const alice = await party('alice', ['laptop', 'phone']);
    const chain = await honest(alice, 12, 3);
    const report = await verifyChain(chain.records, { vaultId: VAULT, devices: await trust([alice]) });
    expect(report).toEqual({ ok: true, head: chain.head, verified: 12, format: 2, legacy: 0 });
  });

  it('seals the detail at signing time, bound to the entry, and opens it for a vault member', async () => {
    const alice = await party('alice', ['laptop']);
    const { unlocked } = await createAccount('another password', { accountId: 'alice' });
    const { keyring } = await createVaultKeyring(unlocked.accountKey, { vaultId: VAULT });
    const entry = await signEntryV2({ vaultId: VAULT, deviceId: 'laptop', actorId: 'alice', action: 'item.rotate', itemId: 'i', detail: { name: 'Stripe live', reason: 'leaked' } }, EMPTY_HEAD, new Date(T0), alice.devices.get('laptop')!.signingKey, keyring);
    expect(JSON.stringify(entry)).not.toContain('Stripe');
    expect(await openAuditDetailV2(entry, keyring)).toEqual({ name: 'Stripe live', reason: 'leaked' });
    await expect(openAuditDetailV2({ ...entry, id: 'other-id' }, keyring)).rejects.toMatchObject({ code: 'tampered' });
  });

  it('refuses an entry from a device the server added for the account (no certificate from the account)', async () => {
    const alice = await party('alice', ['laptop', 'phone']);
    const chain = await honest(alice, 3);
    const rogue = await generateDeviceKey({ extractable: false });
    const forged = await signEntryV2({ vaultId: VAULT, deviceId: 'rogue', actorId: 'alice', action: 'item.reveal', itemId: 'x' }, chain.head, new Date(T0 + 9000), rogue.signingKey);
    await chain.place(forged);
    const listed = [...alice.listed, { ...alice.listed[0]!, id: 'rogue', signingPublicKey: toBase64url(rogue.publicSpki), certificate: null }];
    const devices = await trustedDevices(listed, new Map([['alice', alice.identity.verifyKey]]));
    expect(await verifyChain(chain.records, { vaultId: VAULT, devices })).toMatchObject({ ok: false, seq: 4, reason: 'uncertified-device', verified: 3 });
  });

  it("refuses a device certified by one account signing as another (the entry's actor)", async () => {
    const alice = await party('alice', ['laptop', 'phone']);
    const bob = await party('bob', ['bobs-phone']);
    const chain = await honest(alice, 2);
    await chain.place(await signEntryV2({ vaultId: VAULT, deviceId: 'bobs-phone', actorId: 'alice', action: 'item.reveal', itemId: 'x' }, chain.head, new Date(T0 + 9000), bob.devices.get('bobs-phone')!.signingKey));
    expect(await verifyChain(chain.records, { vaultId: VAULT, devices: await trust([alice, bob]) })).toMatchObject({ ok: false, seq: 3, reason: 'wrong-actor' });
  });

  it('goes by the signed revocation, and refuses what the device signed after it', async () => {
    const alice = await party('alice', ['laptop', 'phone']);
    const chain = await honest(alice, 6); // entries at T0 + 0…5 s, phone signs seq 2, 4, 6
    const revocation = await revokeDeviceStatement(alice.identity.signingKey, { accountId: 'alice', deviceId: 'phone', now: new Date(T0 + 2500) });
    const listed = alice.listed.map((d) => (d.id === 'phone' ? { ...d, revocation: JSON.stringify(revocation) } : d));
    const devices = await trustedDevices(listed, new Map([['alice', alice.identity.verifyKey]]));
    expect(await verifyChain(chain.records, { vaultId: VAULT, devices })).toMatchObject({ ok: false, seq: 4, reason: 'revoked-device' });
    // A revocation not signed by the account is not believed (it could only be the server's).
    const fake = { ...revocation, revokedAt: T0 };
    const untrusted = await trustedDevices(alice.listed.map((d) => (d.id === 'phone' ? { ...d, revocation: JSON.stringify(fake) } : d)), new Map([['alice', alice.identity.verifyKey]]));
    expect(untrusted.get('phone')!.revokedAt).toBeNull();
  });

  it('catches a record dropped from the middle, even with every link recomputed, through what later devices saw', async () => {
    const alice = await party('alice', ['laptop', 'phone']);
    const chain = await honest(alice, 8, 1);
    const dropped = await chain.relink(chain.records.filter((r) => r.seq !== 4));
    const report = await verifyChain(dropped, { vaultId: VAULT, devices: await trust([alice]) });
    expect(report).toMatchObject({ ok: false, reason: 'bad-seen' });
    expect(report.ok ? 0 : report.verified).toBeLessThanOrEqual(4);
  });

  it('refuses a v1 entry once the chain is v2, a replayed entry, and a changed one', async () => {
    const alice = await party('alice', ['laptop', 'phone']);
    const chain = await honest(alice, 3);
    const devices = await trust([alice]);
    const v1 = { v: 1, vault: VAULT, seq: 4, prev: chain.head.hash, ts: T0 + 9000, device: 'laptop', actor: 'alice', action: 'item.reveal', item: null, detail: null, kv: null, sig: 'A'.repeat(86) };
    expect(await verifyChain([...chain.records, v1], { vaultId: VAULT, devices })).toMatchObject({ ok: false, seq: 4, reason: 'downgrade' });
    const replay = new ServerChain();
    for (const r of chain.records) await replay.place(r.entry);
    await replay.place(chain.records[1]!.entry);
    expect(await verifyChain(replay.records, { vaultId: VAULT, devices })).toMatchObject({ ok: false, seq: 4, reason: 'duplicate' });
    const changed = await chain.relink(chain.records.map((r, i) => (i === 1 ? { ...r, entry: { ...r.entry, item: 'another-item' } } : r)));
    expect(await verifyChain(changed, { vaultId: VAULT, devices })).toMatchObject({ ok: false, seq: 2, reason: 'bad-signature' });
  });

  it('continues a v1 chain with v2 records, counting the uncertified v1 entries as legacy', async () => {
    const alice = await party('alice', ['alices-laptop']);
    const { buildChain } = await import('../../support/audit.js');
    const v1 = await buildChain(VAULT, 3);
    // The v1 devices are the server's word (no certificate): listed without one.
    const v1Listed = [...v1.pairs].map(([id, pair]) => ({ ...alice.listed[0]!, id, signingPublicKey: toBase64url(pair.publicSpki), certificate: null, accountId: 'user-1' }));
    const chain = new ServerChain();
    chain.head = v1.head;
    chain.heads = [v1.head];
    const next = await signEntryV2({ vaultId: VAULT, deviceId: 'alices-laptop', actorId: 'alice', action: 'vault.upgrade', itemId: null }, v1.head, new Date(Date.parse('2026-11-02T00:00:00Z')), alice.devices.get('alices-laptop')!.signingKey);
    await chain.place(next);
    const elements = [...v1.entries.map((e) => ({ seq: e.seq, prev: e.prev, entry: e })), ...chain.records];
    const devices = await trustedDevices([...alice.listed, ...v1Listed], new Map([['alice', alice.identity.verifyKey]]));
    const report = await verifyChain(elements, { vaultId: VAULT, devices });
    expect(report, JSON.stringify(report)).toMatchObject({ ok: true, verified: 4, format: 2, legacy: 3 });
  });
});
