import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildAuditEntry,
  EMPTY_HEAD,
  headAfter,
  importDeviceVerifyKey,
  fromBase64url,
  signAuditEntry,
  verifyChain,
  type AuditAction,
  type AuditEntry,
  type ChainHead,
  type DeviceKeyPair,
  type DeviceRecord,
} from '../../../shared/index.js';
import { call } from '../../support/api.js';
import { useCluster } from '../../support/server.js';
import { createVault, loginNewDevice, registerUser, type TestDevice, type TestUser, type TestVault, revokeDevice } from '../../support/users.js';

const server = useCluster();
let base: string;
let user: TestUser;

beforeAll(async () => {
  base = server.base;
  user = await registerUser(base);
});

async function entry(vault: TestVault, device: { id: string; keys: DeviceKeyPair }, head: ChainHead, action: AuditAction = 'item.reveal', ts = new Date()) {
  const unsigned = await buildAuditEntry(
    { vaultId: vault.vaultId, deviceId: device.id, actorId: user.accountId, action, itemId: crypto.randomUUID(), detail: { why: 'test' } },
    head,
    ts,
    vault.keyring,
  );
  return signAuditEntry(unsigned, device.keys.signingKey);
}

const append = (vault: TestVault, entries: unknown[], token = user.device.token) => call(base, 'POST', `/v1/vaults/${vault.vaultId}/audit`, { token, body: { entries } });

describe('audit append', () => {
  it('appends a signed v1 chain (clients from before v2), lists it back as records, and the client verifies it', async () => {
    const vault = await createVault(base, user);
    const first = await entry(vault, user.device, EMPTY_HEAD, 'vault.create');
    const second = await entry(vault, user.device, await headAfter(first));
    const res = await append(vault, [first, second]);
    expect(res.body).toEqual({ head: await headAfter(second) });

    const list = await call(base, 'GET', `/v1/vaults/${vault.vaultId}/audit?after=0`, { token: user.device.token });
    expect(list.body.records).toEqual([first, second].map((e) => ({ seq: e.seq, prev: e.prev, entry: e })));
    expect(list.body.head).toEqual(await headAfter(second));
    const devices = await call(base, 'GET', `/v1/vaults/${vault.vaultId}/devices`, { token: user.device.token });
    const records = new Map<string, DeviceRecord>();
    for (const d of devices.body.devices) records.set(d.id, { verifyKey: await importDeviceVerifyKey(fromBase64url(d.signingPublicKey)), revokedAt: null });
    expect(await verifyChain(list.body.records, { vaultId: vault.vaultId, devices: records })).toMatchObject({ ok: true, verified: 2, format: 1 });
    expect((await call(base, 'GET', `/v1/vaults/${vault.vaultId}/audit?after=1`, { token: user.device.token })).body.records).toEqual([{ seq: 2, prev: second.prev, entry: second }]);
  });

  it('answers a device that lost the race with audit-head-moved and the head, and takes the re-signed entry', async () => {
    const vault = await createVault(base, user);
    const phone = await loginNewDevice(base, user, 'phone');
    const a = await entry(vault, user.device, EMPTY_HEAD);
    const b = await entry(vault, phone, EMPTY_HEAD); // built on the same head: a fork
    expect((await append(vault, [a])).status).toBe(200);
    const lost = await append(vault, [b], phone.token);
    expect(lost.status).toBe(409);
    expect(lost.body.error).toMatchObject({ code: 'audit-head-moved', details: { head: await headAfter(a) } });
    const resigned = await entry(vault, phone, lost.body.error.details.head);
    expect((await append(vault, [resigned], phone.token)).body.head.seq).toBe(2);
  });

  it.each([
    ['a gap', async (v: TestVault, head: ChainHead) => entry(v, user.device, { ...head, seq: head.seq + 1 }), 409, 'audit-head-moved'],
    ['a broken link', async (v: TestVault, head: ChainHead) => entry(v, user.device, { ...head, hash: EMPTY_HEAD.hash }), 409, 'audit-head-moved'],
    [
      'a bad signature',
      async (v: TestVault, head: ChainHead) => ({ ...(await entry(v, user.device, head)), action: 'item.delete' }),
      422,
      'audit-rejected',
    ],
    ['time going back', async (v: TestVault, head: ChainHead) => resignWithTs(await entry(v, user.device, head), head.ts - 60_000), 422, 'audit-rejected'],
  ])('refuses %s with %i %s and leaves the chain as it was', async (_name, make, status, code) => {
    const vault = await createVault(base, user);
    const first = await entry(vault, user.device, EMPTY_HEAD);
    await append(vault, [first]);
    const head = await headAfter(first);
    const res = await append(vault, [await make(vault, head)]);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect((await call(base, 'GET', `/v1/vaults/${vault.vaultId}`, { token: user.device.token })).body.auditHead).toEqual(head);
  });

  it('refuses an entry signed for another device than the one uploading it', async () => {
    const vault = await createVault(base, user);
    const phone = await loginNewDevice(base, user, 'phone');
    const res = await append(vault, [await entry(vault, phone, EMPTY_HEAD)]);
    expect(res.status).toBe(403);
  });

  it('refuses everything from a revoked device', async () => {
    const vault = await createVault(base, user);
    const phone: TestDevice = await loginNewDevice(base, user, 'phone');
    expect((await revokeDevice(base, user, phone.id)).status).toBe(200);
    const res = await append(vault, [await entry(vault, phone, EMPTY_HEAD)], phone.token);
    expect(res.status).toBe(401);
    const devices = await call(base, 'GET', `/v1/vaults/${vault.vaultId}/devices`, { token: user.device.token });
    expect(devices.body.devices.find((d: { id: string }) => d.id === phone.id).revokedAt).not.toBeNull();
  });

  it('refuses malformed entries with 400 naming the entry', async () => {
    const vault = await createVault(base, user);
    const res = await append(vault, [{ v: 1, seq: 'one' }]);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^body\.entries\.0/);
  });

  it('refuses an id with a NUL or a colon in it with 400, not a 500 from the database', async () => {
    const vault = await createVault(base, user);
    const head = (await call(base, 'GET', `/v1/vaults/${vault.vaultId}`, { token: user.device.token })).body.auditHead;
    for (const item of ['item\u0000x', 'a:b']) {
      const unsigned = await buildAuditEntry({ vaultId: vault.vaultId, deviceId: user.device.id, actorId: user.accountId, action: 'item.reveal', itemId: item }, head, new Date());
      const res = await append(vault, [await signAuditEntry(unsigned, user.device.keys.signingKey)]);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/^body\.entries\.0\.item/);
    }
  });

  async function resignWithTs(e: AuditEntry, ts: number): Promise<AuditEntry> {
    const { sig: _sig, ...rest } = e;
    return signAuditEntry({ ...rest, ts }, user.device.keys.signingKey);
  }
});
