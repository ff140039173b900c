import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildAuditEntry,
  EMPTY_HEAD,
  entryHash,
  fromBase64url,
  headAfter,
  openAuditDetail,
  signAuditEntry,
  toBase64url,
  verifyChain,
  verifyEntrySignature,
  type AuditEntry,
  type VaultKeyring,
} from '../../../shared/index.js';
import { appendEntry, buildChain, newChainDevices, type TestChain } from '../../support/audit.js';
import { expectCryptoError } from '../../support/errors.js';
import { testVault } from '../../support/keys.js';

const VAULT = 'vault-audit';
let keyring: VaultKeyring;
let chain: TestChain;

beforeAll(async () => {
  ({ keyring } = await testVault(VAULT));
  chain = await buildChain(VAULT, 8, keyring);
});

const verify = (entries: unknown[], extra: Partial<Parameters<typeof verifyChain>[1]> = {}) =>
  verifyChain(entries, { vaultId: VAULT, devices: chain.devices, ...extra });

/** Re-signs an entry with its own device's key after a change, as a device (not the server) could. */
const resign = (entry: AuditEntry, changes: Partial<AuditEntry>) => {
  const { sig: _sig, ...rest } = { ...entry, ...changes };
  return signAuditEntry(rest, chain.pairs.get(entry.device)!.signingKey);
};

describe('audit chain', () => {
  it('verifies an honest chain and returns its head', async () => {
    const report = await verify(chain.entries);
    // v1 entries whose devices carry no certificate: counted as legacy, not refused.
    expect(report).toEqual({ ok: true, head: chain.head, verified: 8, format: 1, legacy: 8 });
  });

  it('hides the detail from the server but opens it for a vault member', async () => {
    const entry = chain.entries[3]!;
    expect(JSON.stringify(entry)).not.toContain('key 3');
    expect(await openAuditDetail(entry, keyring)).toEqual({ name: 'key 3' });
    // The detail is bound to its vault and seq: moved to another entry, it no longer opens.
    await expectCryptoError(openAuditDetail({ ...chain.entries[4]!, detail: entry.detail, kv: entry.kv }, keyring), 'tampered');
  });

  it('detects an edited entry as a bad signature at that entry', async () => {
    const entries = [...chain.entries];
    entries[4] = { ...entries[4]!, action: 'item.edit' };
    expect(await verify(entries)).toMatchObject({ ok: false, index: 4, seq: 5, reason: 'bad-signature', verified: 4 });
  });

  it('detects a signature by another registered device as a bad signature', async () => {
    const entries = [...chain.entries];
    const { sig: _sig, ...unsigned } = entries[2]!;
    entries[2] = await signAuditEntry(unsigned, chain.pairs.get(entries[2]!.device === 'laptop' ? 'phone' : 'laptop')!.signingKey);
    expect(await verify(entries)).toMatchObject({ ok: false, seq: 3, reason: 'bad-signature' });
  });

  it('accepts only the low-S form of a signature, so an entry cannot be re-encoded', async () => {
    const entry = chain.entries[1]!;
    const sig = fromBase64url(entry.sig);
    const n = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
    const s = BigInt('0x' + Buffer.from(sig.subarray(32)).toString('hex'));
    const highS = Buffer.from((n - s).toString(16).padStart(64, '0'), 'hex');
    const twin = { ...entry, sig: toBase64url(new Uint8Array([...sig.subarray(0, 32), ...highS])) };
    expect(await verifyEntrySignature(entry, chain.devices.get(entry.device)!.verifyKey)).toBe(true);
    expect(await verifyEntrySignature(twin, chain.devices.get(entry.device)!.verifyKey)).toBe(false);
  });

  it('detects an entry from an unknown device', async () => {
    const stranger = await newChainDevices(['stranger']);
    const { sig: _sig, ...unsigned } = { ...chain.entries[5]!, device: 'stranger' };
    const entries = [...chain.entries];
    entries[5] = await signAuditEntry(unsigned, stranger.pairs.get('stranger')!.signingKey);
    expect(await verify(entries)).toMatchObject({ ok: false, seq: 6, reason: 'unknown-device' });
  });

  it('detects an entry signed by a device after it was revoked, and accepts its earlier ones', async () => {
    const devices = new Map(chain.devices);
    devices.set('phone', { ...devices.get('phone')!, revokedAt: chain.entries[5]!.ts });
    const report = await verify(chain.entries, { devices });
    expect(report).toMatchObject({ ok: false, seq: 6, reason: 'revoked-device', verified: 5 });
  });

  it('detects a broken link when prev does not hash the previous entry', async () => {
    const entries = [...chain.entries];
    entries[3] = await resign(entries[3]!, { prev: toBase64url(new Uint8Array(32).fill(7)) });
    expect(await verify(entries)).toMatchObject({ ok: false, seq: 4, reason: 'broken-link' });
  });

  it('detects a removed entry as a gap', async () => {
    const entries = chain.entries.filter((e) => e.seq !== 4);
    expect(await verify(entries)).toMatchObject({ ok: false, index: 3, seq: 5, reason: 'gap' });
  });

  it('detects swapped and replayed entries as a reorder', async () => {
    const swapped = [...chain.entries];
    [swapped[2], swapped[3]] = [swapped[3]!, swapped[2]!];
    expect(await verify(swapped)).toMatchObject({ ok: false, index: 2, seq: 4, reason: 'reorder' });
    const replayed = [...chain.entries.slice(0, 5), chain.entries[2]!, ...chain.entries.slice(5)];
    expect(await verify(replayed)).toMatchObject({ ok: false, index: 5, seq: 3, reason: 'reorder' });
  });

  it('detects time going back, which an honest device never writes', async () => {
    const entries = [...chain.entries];
    entries[6] = await resign(entries[6]!, { ts: entries[5]!.ts - 1 });
    expect(await verify(entries)).toMatchObject({ ok: false, seq: 7, reason: 'time-backwards' });
  });

  it('refuses to seal a detail without the vault keyring', async () => {
    const event = { vaultId: VAULT, deviceId: 'laptop', actorId: 'u', action: 'item.edit' as const, detail: { field: 'notes' } };
    await expectCryptoError(buildAuditEntry(event, chain.head, new Date()), 'invalid-argument');
  });

  it('never writes time going back, even from a device whose clock is behind', async () => {
    const late = await buildAuditEntry({ vaultId: VAULT, deviceId: 'laptop', actorId: 'u', action: 'item.copy' }, chain.head, new Date(0));
    expect(late.ts).toBe(chain.head.ts);
  });

  it('detects an entry from another vault and a malformed entry', async () => {
    const other = await buildChain('vault-other', 2);
    const mixed = await verify([chain.entries[0], other.entries[1]]);
    expect(mixed).toMatchObject({ ok: false, index: 1, reason: 'wrong-vault' });
    expect(await verify([chain.entries[0], { ...chain.entries[1], seq: -1 }])).toMatchObject({ ok: false, index: 1, seq: null, reason: 'malformed' });
  });

  it('detects a server that drops the newest entries or rewrites one this device saw', async () => {
    expect(await verify(chain.entries.slice(0, 6), { known: chain.head })).toMatchObject({ ok: false, reason: 'truncated', verified: 6 });

    const forked: TestChain = { ...chain, entries: chain.entries.slice(0, 7), head: await headAfter(chain.entries[6]!) };
    await appendEntry(forked, VAULT, 'laptop', 'item.delete', new Date(chain.head.ts + 1), { itemId: 'item-x' });
    expect(await verify(forked.entries, { known: chain.head })).toMatchObject({ ok: false, seq: 8, reason: 'forked', verified: 7 });
  });

  it('verifies a continuation from a head the client already trusts', async () => {
    const from = await headAfter(chain.entries[4]!);
    expect(await verify(chain.entries.slice(5), { from })).toMatchObject({ ok: true, head: chain.head, verified: 3 });
    expect(await verify(chain.entries.slice(6), { from })).toMatchObject({ ok: false, reason: 'gap' });
  });

  it('starts from a genesis of 32 zero bytes and links each entry to the hash of the previous one', async () => {
    expect(chain.entries[0]!.prev).toBe(EMPTY_HEAD.hash);
    expect(chain.entries[1]!.prev).toBe(await entryHash(chain.entries[0]!));
  });
});
