/**
 * The server's side of v2 audit records and device statements (docs/crypto.md §20–21): it places
 * entries without a race, never twice, only on heads it really had, never a v1 entry after a v2 one;
 * it keeps certificates and revocations only when the account's identity key signed them, and a
 * revocation needs the password.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  blobHash,
  buildAuditEntry,
  certifyDevice,
  EMPTY_HEAD,
  generateDeviceKey,
  signAuditEntry,
  signEntryV2,
  signRecord,
  toBase64url,
  type ChainHead,
} from '../../../shared/index.js';
import { call } from '../../support/api.js';
import { useCluster } from '../../support/server.js';
import { createVault, loginNewDevice, registerUser, revokeDevice, sealedBlob, type TestDevice, type TestUser, type TestVault } from '../../support/users.js';

const server = useCluster();
let base: string;
let user: TestUser;
let phone: TestDevice;

beforeAll(async () => {
  base = server.base;
  user = await registerUser(base);
  phone = await loginNewDevice(base, user, 'phone');
});

const v2 = (device: TestDevice, vault: TestVault, seen: ChainHead, extra: Partial<Parameters<typeof signEntryV2>[0]> = {}) =>
  signEntryV2({ vaultId: vault.vaultId, deviceId: device.id, actorId: user.accountId, action: 'item.reveal', itemId: randomUUID(), ...extra }, seen, new Date(), device.keys.signingKey);
const append = (vault: TestVault, entries: unknown[], device = user.device) => call(base, 'POST', `/v1/vaults/${vault.vaultId}/audit`, { token: device.token, body: { entries } });
const records = async (vault: TestVault) => (await call(base, 'GET', `/v1/vaults/${vault.vaultId}/audit?after=0`, { token: user.device.token })).body.records;

describe('v2 audit records', () => {
  it('places entries two devices signed on the same head, both of them, with no race to lose', async () => {
    const vault = await createVault(base, user);
    const replies = await Promise.all([append(vault, [await v2(user.device, vault, EMPTY_HEAD)]), append(vault, [await v2(phone, vault, EMPTY_HEAD)], phone)]);
    expect(replies.map((r) => r.status)).toEqual([200, 200]);
    const listed = await records(vault);
    expect(listed.map((r: { seq: number }) => r.seq)).toEqual([1, 2]);
    expect(listed[1].prev).not.toBe(listed[0].prev);
  });

  it('takes an entry sent twice (an answer lost on the way) once', async () => {
    const vault = await createVault(base, user);
    const entry = await v2(user.device, vault, EMPTY_HEAD);
    expect((await append(vault, [entry])).status).toBe(200);
    expect((await append(vault, [entry])).status).toBe(200);
    expect(await records(vault)).toHaveLength(1);
  });

  it('refuses an entry signed on a head this chain never had, and a v1 entry once the chain is v2', async () => {
    const vault = await createVault(base, user);
    const forked = await append(vault, [await v2(user.device, vault, { seq: 0, hash: 'B'.repeat(43), ts: 0 })]);
    expect(forked.status).toBe(422);
    expect(forked.body.error.details.reason).toBe('bad-seen');
    const ahead = await append(vault, [await v2(user.device, vault, { seq: 5, hash: 'A'.repeat(43), ts: 0 })]);
    expect(ahead.body.error.details.reason).toBe('bad-seen');
    expect((await append(vault, [await v2(user.device, vault, EMPTY_HEAD)])).status).toBe(200);
    const head = (await call(base, 'GET', `/v1/vaults/${vault.vaultId}`, { token: user.device.token })).body.auditHead;
    const v1 = await signAuditEntry(await buildAuditEntry({ vaultId: vault.vaultId, deviceId: user.device.id, actorId: user.accountId, action: 'item.reveal' }, head, new Date()), user.device.keys.signingKey);
    const downgrade = await append(vault, [v1]);
    expect(downgrade.status).toBe(422);
    expect(downgrade.body.error.details.reason).toBe('downgrade');
  });

  it('chains a write record sent on its own only when it names the item as stored', async () => {
    const vault = await createVault(base, user);
    const itemId = randomUUID();
    const blob = await sealedBlob(vault, itemId);
    await call(base, 'POST', `/v1/vaults/${vault.vaultId}/items`, { token: user.device.token, body: { items: [{ itemId, baseRevision: 0, blob }] } });
    const write = (rev: number, hash: string | null) => v2(user.device, vault, EMPTY_HEAD, { action: 'item.baseline', itemId, write: { rev, hash, deleted: false, prev: null } });
    expect((await append(vault, [await write(1, 'C'.repeat(43))])).body.error.details.reason).toBe('write-mismatch');
    expect((await append(vault, [await write(2, await blobHash(blob))])).body.error.details.reason).toBe('write-mismatch');
    expect((await append(vault, [await write(1, await blobHash(blob))])).status).toBe(200);
  });

  it('refuses a write whose record reuses an entry id already chained, or another write\'s in the same push: no write lands unnamed', async () => {
    const vault = await createVault(base, user);
    const push = (items: unknown[]) => call(base, 'POST', `/v1/vaults/${vault.vaultId}/items`, { token: user.device.token, body: { items } });
    const write = async (id?: string) => {
      const itemId = randomUUID();
      const blob = await sealedBlob(vault, itemId);
      const record = await v2(user.device, vault, EMPTY_HEAD, { action: 'item.write', itemId, write: { rev: 1, hash: await blobHash(blob), deleted: false, prev: null } });
      // The device's own key signs the reused id: only the server's check stands in the way.
      const { sig: _sig, ...unsigned } = record;
      return { itemId, baseRevision: 0, blob, record: id ? await signRecord({ ...unsigned, id }, user.device.keys.signingKey) : record };
    };
    const first = await write();
    expect((await push([first])).status).toBe(200);

    const reused = await push([await write(first.record.id)]);
    expect(reused.status).toBe(422);
    expect(reused.body.error.details.reason).toBe('duplicate-id');
    const shared = await write();
    const twice = await push([shared, await write(shared.record.id)]);
    expect(twice.status).toBe(422);
    expect(twice.body.error.details.reason).toBe('duplicate-id');

    const changes = (await call(base, 'GET', `/v1/vaults/${vault.vaultId}/changes?after=0`, { token: user.device.token })).body.changes;
    expect(changes.map((c: { itemId: string }) => c.itemId)).toEqual([first.itemId]);
    expect(await records(vault)).toHaveLength(1);
  });
});

describe('device certificates and revocations', () => {
  it('keeps only a certificate of the device\'s own key signed by the account\'s identity key', async () => {
    const device = await loginNewDevice(base, user, 'tablet');
    const put = (certificate: string) => call(base, 'PUT', `/v1/devices/${device.id}/certificate`, { token: device.token, body: { certificate } });
    const otherKey = await generateDeviceKey({ extractable: false });
    const wrongKey = await certifyDevice(user.signing.signingKey, { accountId: user.accountId, deviceId: device.id, deviceSpki: otherKey.publicSpki, now: new Date() });
    expect((await put(JSON.stringify(wrongKey))).status).toBe(400);
    const stranger = await registerUser(base);
    const wrongSigner = await certifyDevice(stranger.signing.signingKey, { accountId: user.accountId, deviceId: device.id, deviceSpki: device.keys.publicSpki, now: new Date() });
    expect((await put(JSON.stringify(wrongSigner))).status).toBe(400);
    expect((await put('not a certificate')).status).toBe(400);
    const listed = (await call(base, 'GET', '/v1/devices', { token: device.token })).body.devices.find((d: { id: string }) => d.id === device.id);
    expect(JSON.parse(listed.certificate).key).toBe(toBase64url(device.keys.publicSpki));
  });

  it('revokes only with the password and a revocation the account signed', async () => {
    const device = await loginNewDevice(base, user, 'old laptop');
    const wrongPassword = await call(base, 'POST', `/v1/devices/${device.id}/revoke`, { token: user.device.token, body: { authKey: 'A'.repeat(43), revocation: '{}' } });
    expect(wrongPassword.status).toBe(401);
    const unsigned = await call(base, 'POST', `/v1/devices/${device.id}/revoke`, { token: user.device.token, body: { authKey: user.authKey, revocation: '{}' } });
    expect(unsigned.status).toBe(400);
    expect((await call(base, 'GET', '/v1/devices', { token: device.token })).status).toBe(200); // still a working session
    expect((await revokeDevice(base, user, device.id)).status).toBe(200);
    expect((await call(base, 'GET', '/v1/devices', { token: device.token })).status).toBe(401);
  });

  it("sets the account's identity signing key once, and never replaces it", async () => {
    const other = await generateDeviceKey({ extractable: false });
    const replace = await call(base, 'PUT', '/v1/account/signing-key', { token: user.device.token, body: { publicSpki: toBase64url(other.publicSpki) } });
    expect(replace.status).toBe(409);
    const same = await call(base, 'PUT', '/v1/account/signing-key', { token: user.device.token, body: { publicSpki: toBase64url(user.signing.publicSpki) } });
    expect(same.status).toBe(204);
  });
});
