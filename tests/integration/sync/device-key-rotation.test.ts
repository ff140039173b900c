/**
 * Device-key rotation against a real server (PGlite or PostgreSQL, as CI runs both): the device keeps
 * its id and its history, the old key verifies what it signed before and nothing after — at the
 * server and at every other device, even when a hostile server hides the rotation — and a rotation cut
 * short (a lost answer, a crash after the publish) finishes with nothing it queued lost.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { certifyDevice, generateDeviceKey, rotateDeviceKey, SyncError, type ApiClient } from '../../../shared/index.js';
import { call } from '../../support/api.js';
import { serverAppends } from '../../support/hostile-server.js';
import { CommitCrash, laptopAndPhone, signedAs as signedAsLaptop, type Laptop } from '../../support/device-rotation.js';
import { useCluster } from '../../support/server.js';
import { registerUser, type TestUser } from '../../support/users.js';

const server = useCluster();
const sql = () => server.cluster.database.sql;
let user: TestUser;

beforeAll(async () => {
  user = await registerUser(server.base);
});

const setup = () => laptopAndPhone(server.base, user);

async function chainActions(vaultId: string): Promise<string[]> {
  const rows = await sql()<{ entry: { action: string; device: string } }[]>`select entry from audit_entries where vault_id = ${vaultId} order by seq`;
  return rows.map((r) => r.entry.action);
}

const signedAs = (vaultId: string, laptop: Laptop, key: CryptoKey, at: Date) => signedAsLaptop(sql(), user, vaultId, laptop, key, at);

describe('device-key rotation', () => {
  it('keeps the device and its history: what the old key signed before still verifies, later entries carry the new key, another device checks the whole chain', async () => {
    const { vault, laptop, phone } = await setup();
    const oldKey = laptop.device.keys.signingKey;
    // Queued before the rotation, sent after it: still the device's, by its time.
    await laptop.client.engine.recordAudit(vault.vaultId, 'item.reveal', randomUUID());
    const result = await rotateDeviceKey(laptop.client.api, laptop.host());
    expect(result).not.toBeNull();
    await laptop.client.engine.recordAudit(vault.vaultId, 'item.copy', randomUUID());
    const report = await laptop.client.engine.sync([vault.vaultId]);
    expect(report.integrity).toEqual([]);
    expect(report.pending).toBe(0);
    // (start and done of the rotation; the queued reveal went first, as it was queued first)
    expect((await chainActions(vault.vaultId)).filter((a) => a !== 'vault.upgrade')).toEqual(['vault.create', 'item.reveal', 'vault.key-rotate', 'vault.key-rotate', 'item.copy']);

    const listed = (await laptop.client.api.devices()).devices.find((d) => d.id === laptop.device.id)!;
    expect(listed.signingPublicKey).toBe(result!.publicSpki);
    expect(listed.earlierCertificates).toHaveLength(1);
    expect((await phone.engine.sync([vault.vaultId])).integrity).toEqual([]);
    expect(oldKey).not.toBe(laptop.device.keys.signingKey);
  });

  it('retires the old key at once: the server refuses what it signs afterwards, and a server that appends it anyway is caught by every device', async () => {
    const { vault, laptop, phone } = await setup();
    const oldKey = laptop.device.keys.signingKey;
    await rotateDeviceKey(laptop.client.api, laptop.host());
    await laptop.client.engine.sync([vault.vaultId]);
    await phone.engine.sync([vault.vaultId]);

    const stolen = await signedAs(vault.vaultId, laptop, oldKey, new Date(Date.now() + 1000));
    const res = await call(server.base, 'POST', `/v1/vaults/${vault.vaultId}/audit`, { token: laptop.device.token, body: { entries: [stolen] } });
    expect(res.status).toBe(422);
    expect(res.body.error.details.reason).toBe('retired-key');

    await serverAppends(sql(), vault.vaultId, stolen, laptop.device.id);
    expect((await phone.engine.sync([vault.vaultId])).integrity).toEqual([expect.objectContaining({ reason: 'retired-key' })]);
  });

  it('is not undone by a server that hides the new certificate from a device that has seen it (so that a thief of the old key could sign again)', async () => {
    const { vault, laptop, phone } = await setup();
    const [before] = await sql()<{ signing_public_key: string; certificate: string }[]>`select signing_public_key, certificate from devices where id = ${laptop.device.id}`;
    const oldKey = laptop.device.keys.signingKey;
    await rotateDeviceKey(laptop.client.api, laptop.host());
    await laptop.client.engine.recordAudit(vault.vaultId, 'item.copy', randomUUID());
    await laptop.client.engine.sync([vault.vaultId]);
    expect((await phone.engine.sync([vault.vaultId])).integrity).toEqual([]);

    // The operator puts the device row back as it was, and appends what the old key signs now.
    await sql()`update devices set signing_public_key = ${before!.signing_public_key}, certificate = ${before!.certificate}, earlier_certificates = '{}' where id = ${laptop.device.id}`;
    await serverAppends(sql(), vault.vaultId, await signedAs(vault.vaultId, laptop, oldKey, new Date(Date.now() + 1000)), laptop.device.id);
    const report = await phone.engine.sync([vault.vaultId]);
    expect(report.integrity).toEqual([expect.objectContaining({ reason: 'retired-key' })]);
  });

  it('takes a lost answer as landed only when the server holds the certificate, and keeps the old key otherwise', async () => {
    const { vault, laptop, phone } = await setup();
    const oldKey = laptop.device.keys.signingKey;
    // The request never arrives: the old key stays, the pending key waits for the next try.
    const unreachable = Object.create(laptop.client.api) as ApiClient;
    unreachable.rotateDeviceKey = async () => {
      throw new SyncError('offline', 'connection reset');
    };
    await expect(rotateDeviceKey(unreachable, laptop.host())).rejects.toMatchObject({ code: 'offline' });
    expect(laptop.local.pending).not.toBeNull();
    expect(laptop.device.keys.signingKey).toBe(oldKey);
    await laptop.client.engine.recordAudit(vault.vaultId, 'item.reveal', randomUUID());

    // The request lands, its answer is lost: read back, and the rotation is done.
    const lost = Object.create(laptop.client.api) as ApiClient;
    lost.rotateDeviceKey = async (id, certificate) => {
      await laptop.client.api.rotateDeviceKey(id, certificate);
      throw new SyncError('offline', 'the answer was lost');
    };
    await rotateDeviceKey(lost, laptop.host(), { resumeOnly: true });
    expect(laptop.local.pending).toBeNull();
    expect(laptop.device.keys.signingKey).not.toBe(oldKey);
    expect((await laptop.client.engine.sync([vault.vaultId])).integrity).toEqual([]);
    expect((await phone.engine.sync([vault.vaultId])).integrity).toEqual([]);
  });

  it('finishes after a crash between the publish and the local switch, and what the old key signed meanwhile still lands', async () => {
    const { vault, laptop, phone } = await setup();
    await expect(rotateDeviceKey(laptop.client.api, laptop.host({ crashAtCommit: true }))).rejects.toBeInstanceOf(CommitCrash);
    // The process came back with the old key, and signed before the rotation was resumed.
    await laptop.client.engine.recordAudit(vault.vaultId, 'item.reveal', randomUUID());
    const stuck = await laptop.client.engine.sync([vault.vaultId]);
    expect(stuck.pending).toBeGreaterThan(0);

    await rotateDeviceKey(laptop.client.api, laptop.host(), { resumeOnly: true });
    const report = await laptop.client.engine.sync([vault.vaultId]);
    expect(report.integrity).toEqual([]);
    expect(report.pending).toBe(0);
    expect(await chainActions(vault.vaultId)).toContain('item.reveal');
    expect((await phone.engine.sync([vault.vaultId])).integrity).toEqual([]);
  });

  it('signs nothing with the old key while it publishes: entries made during the rotation all verify', async () => {
    const { vault, laptop, phone } = await setup();
    const writes = Array.from({ length: 20 }, (_, i) => laptop.client.engine.recordAudit(vault.vaultId, 'item.copy', randomUUID(), { n: i }));
    await Promise.all([rotateDeviceKey(laptop.client.api, laptop.host()), ...writes]);
    const report = await laptop.client.engine.sync([vault.vaultId]);
    expect(report.integrity).toEqual([]);
    expect(report.pending).toBe(0);
    expect((await phone.engine.sync([vault.vaultId])).integrity).toEqual([]);
  });
});

describe('the server route', () => {
  it('lets only the device itself rotate, only with a newer certificate its account signed; the same certificate again changes nothing', async () => {
    const { laptop, phoneDevice } = await setup();
    const next = await generateDeviceKey({ extractable: false });
    const cert = (at: number, signer = user.signing.signingKey) =>
      certifyDevice(signer, { accountId: user.accountId, deviceId: laptop.device.id, deviceSpki: next.publicSpki, now: new Date(at) }).then((c) => JSON.stringify(c));
    const put = (token: string, certificate: string) => call(server.base, 'PUT', `/v1/devices/${laptop.device.id}/key`, { token, body: { certificate } });

    const later = await cert(Date.now() + 5000);
    expect((await put(phoneDevice.token, later)).status).toBe(403);
    const stranger = await registerUser(server.base);
    expect((await put(laptop.device.token, await cert(Date.now() + 5000, stranger.signing.signingKey))).status).toBe(400);
    expect((await put(laptop.device.token, await cert(0))).status).toBe(409);
    expect((await put(laptop.device.token, later)).status).toBe(200);
    expect((await put(laptop.device.token, later)).status).toBe(200);
    const [row] = await sql()<{ earlier_certificates: string[] }[]>`select earlier_certificates from devices where id = ${laptop.device.id}`;
    expect(row!.earlier_certificates).toHaveLength(1);
    // The same key with another time would move the old key's retirement, which devices remember.
    expect((await put(laptop.device.token, await cert(Date.now() + 10_000))).status).toBe(409);
  });

  it('refuses a certificate not after every entry the device already has in a chain (a request that arrives late cannot retire the key before what it signed)', async () => {
    const { vault, laptop } = await setup();
    const entry = await signedAs(vault.vaultId, laptop, laptop.device.keys.signingKey, new Date(Date.now() + 30_000));
    const appended = await call(server.base, 'POST', `/v1/vaults/${vault.vaultId}/audit`, { token: laptop.device.token, body: { entries: [entry] } });
    expect(appended.status).toBe(200);
    const next = await generateDeviceKey({ extractable: false });
    const early = await certifyDevice(user.signing.signingKey, { accountId: user.accountId, deviceId: laptop.device.id, deviceSpki: next.publicSpki, now: new Date(entry.ts - 1) });
    const res = await call(server.base, 'PUT', `/v1/devices/${laptop.device.id}/key`, { token: laptop.device.token, body: { certificate: JSON.stringify(early) } });
    expect(res.status).toBe(409);
    // The flow certifies after the newest head it holds, so once synced the rotation goes through.
    await laptop.client.engine.sync([vault.vaultId]);
    expect((await rotateDeviceKey(laptop.client.api, laptop.host()))!.certificate.issuedAt).toBeGreaterThan(entry.ts);
  });
});
