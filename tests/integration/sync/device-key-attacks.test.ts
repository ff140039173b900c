/**
 * Device-key rotation attacked: a hostile server (direct database writes, rewritten answers) and real
 * concurrency, against a real server (PGlite, or the PostgreSQL named by DATABASE_URL). Each test says
 * what a user would notice: a rotation that stops with a reason, an entry every device refuses, a
 * request the server refuses.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  certifyDevice,
  generateDeviceKey,
  rotateDeviceKey,
  SyncError,
  VaultError,
  type ApiClient,
  type DeviceCertificate,
} from '../../../shared/index.js';
import { call } from '../../support/api.js';
import { engineFor } from '../../support/engines.js';
import { serverAppends } from '../../support/hostile-server.js';
import { laptopAndPhone, signedAs as signedAsLaptop, type Laptop } from '../../support/device-rotation.js';
import { useCluster } from '../../support/server.js';
import { registerUser, type TestUser } from '../../support/users.js';

const server = useCluster();
const sql = () => server.cluster.database.sql;
let user: TestUser;

beforeAll(async () => {
  user = await registerUser(server.base);
});

const setup = () => laptopAndPhone(server.base, user);

const signedAs = (vaultId: string, laptop: Laptop, key: CryptoKey, at: Date) => signedAsLaptop(sql(), user, vaultId, laptop, key, at);

const appendAs = (laptop: Laptop, vaultId: string, entry: unknown) =>
  call(server.base, 'POST', `/v1/vaults/${vaultId}/audit`, { token: laptop.device.token, body: { entries: [entry] } });

const deviceRow = async (id: string) =>
  (await sql()<{ signing_public_key: string; certificate: string; earlier_certificates: string[] }[]>`select signing_public_key, certificate, earlier_certificates from devices where id = ${id}`)[0]!;

const putKey = (token: string, deviceId: string, certificate: string) => call(server.base, 'PUT', `/v1/devices/${deviceId}/key`, { token, body: { certificate } });

const YEAR = 365 * 24 * 3600_000;

describe('a rotation that would leave the old key counting for years', () => {
  it('ignores a made-up current certificate issued in the future (not signed by the account) and certifies the new key now', async () => {
    const { laptop } = await setup();
    const oldKey = laptop.device.keys.signingKey;
    const lying = Object.create(laptop.client.api) as ApiClient;
    lying.devices = async () => {
      const listed = await laptop.client.api.devices();
      return {
        devices: listed.devices.map((d) => (d.id === laptop.device.id ? { ...d, certificate: JSON.stringify({ ...JSON.parse(d.certificate!), issuedAt: Date.now() + 20 * YEAR }) } : d)),
      };
    };
    // (Taken as the floor, it would have had the new key certified 20 years ahead, the old key verifying until then.)
    const rotated = await rotateDeviceKey(lying, laptop.host());
    expect(rotated!.certificate.issuedAt).toBeLessThan(Date.now() + 60_000);
    expect(laptop.device.keys.signingKey).not.toBe(oldKey);
    expect((await deviceRow(laptop.device.id)).earlier_certificates).toHaveLength(1);
  });

  it('stops when a device of the vault stamped the chain ahead of the clock (its head is the floor for the certificate)', async () => {
    const { vault, laptop, phoneDevice } = await setup();
    // The phone's clock is a day ahead: its entries, and everything signed on them, carry that time.
    const { SyncEngine, MemoryStore, ApiClient: Client } = await import('../../../shared/index.js');
    const ahead = new SyncEngine({
      api: new Client({ baseUrl: server.base, token: phoneDevice.token, timeoutMs: 3000 }),
      store: new MemoryStore(),
      keyringFor: async () => vault.keyring,
      device: { deviceId: phoneDevice.id, accountId: user.accountId, signingKey: phoneDevice.keys.signingKey },
      identities: async () => new Map([[user.accountId, user.signing.verifyKey]]),
      now: () => new Date(Date.now() + 24 * 3600_000),
    });
    await ahead.sync([vault.vaultId]);
    await ahead.recordAudit(vault.vaultId, 'item.copy', randomUUID());
    await ahead.sync([vault.vaultId]);
    await laptop.client.engine.sync([vault.vaultId]);
    const oldKey = laptop.device.keys.signingKey;
    await expect(rotateDeviceKey(laptop.client.api, laptop.host())).rejects.toBeInstanceOf(VaultError);
    expect(laptop.device.keys.signingKey).toBe(oldKey);
    expect((await deviceRow(laptop.device.id)).earlier_certificates).toEqual([]);
  });

  it('is refused by the server when the device clock is ahead: the old key is not left counting until then', async () => {
    const { laptop } = await setup();
    const oldKey = laptop.device.keys.signingKey;
    await expect(rotateDeviceKey(laptop.client.api, laptop.host({ now: () => new Date(Date.now() + YEAR) }))).rejects.toMatchObject({ code: 'rejected' });
    expect(laptop.device.keys.signingKey).toBe(oldKey);
    expect((await deviceRow(laptop.device.id)).earlier_certificates).toEqual([]);
    // With the clock set right, the pending key is certified now and the rotation finishes.
    expect(await rotateDeviceKey(laptop.client.api, laptop.host(), { resumeOnly: true })).not.toBeNull();
    expect((await deviceRow(laptop.device.id)).earlier_certificates).toHaveLength(1);
  });
});

describe('a retired key brought back', () => {
  it('is refused by PUT /key even with a newer certificate the account signed', async () => {
    const { laptop } = await setup();
    const oldSpki = laptop.device.keys.publicSpki;
    await rotateDeviceKey(laptop.client.api, laptop.host());
    const back = await certifyDevice(user.signing.signingKey, { accountId: user.accountId, deviceId: laptop.device.id, deviceSpki: oldSpki, now: new Date() });
    const res = await putKey(laptop.device.token, laptop.device.id, JSON.stringify(back));
    expect(res.status).toBe(400);
    expect((await deviceRow(laptop.device.id)).signing_public_key).toBe(laptop.local.certificate!.key);
  });

  it('stays retired for every device, a fresh one included, when the server makes it current again from a statement the account signed', async () => {
    const { vault, laptop, phoneDevice } = await setup();
    const oldKey = laptop.device.keys.signingKey;
    const oldSpki = laptop.device.keys.publicSpki;
    const row = await deviceRow(laptop.device.id);
    await rotateDeviceKey(laptop.client.api, laptop.host());
    await laptop.client.engine.sync([vault.vaultId]);
    // A certificate of the old key with a later time (as a sign-in that still held the old key would
    // sign), kept by the operator, who lists it as current with the whole history.
    const back = await certifyDevice(user.signing.signingKey, { accountId: user.accountId, deviceId: laptop.device.id, deviceSpki: oldSpki, now: new Date(Date.now() + 1) });
    const now = await deviceRow(laptop.device.id);
    await sql()`update devices set signing_public_key = ${row.signing_public_key}, certificate = ${JSON.stringify(back)}, earlier_certificates = ${[...now.earlier_certificates, now.certificate]} where id = ${laptop.device.id}`;
    // The server itself (its own check reads the same history) refuses what the old key signs now.
    const stolen = await signedAs(vault.vaultId, laptop, oldKey, new Date(Date.now() + 1000));
    expect((await appendAs(laptop, vault.vaultId, stolen)).status).toBe(422);
    await serverAppends(sql(), vault.vaultId, stolen, laptop.device.id);
    const fresh = engineFor(server.base, user, phoneDevice, vault);
    expect((await fresh.engine.sync([vault.vaultId])).integrity).toEqual([expect.objectContaining({ reason: 'retired-key' })]);
  });
});

describe('a rotated device’s certificate', () => {
  it('cannot be replaced through PUT /certificate with a later one of the same key (which would let the old key count longer)', async () => {
    const { vault, laptop, phoneDevice } = await setup();
    const oldKey = laptop.device.keys.signingKey;
    await rotateDeviceKey(laptop.client.api, laptop.host());
    const rotatedAt = laptop.local.certificate!.issuedAt;
    const later = await certifyDevice(user.signing.signingKey, { accountId: user.accountId, deviceId: laptop.device.id, deviceSpki: laptop.device.keys.publicSpki, now: new Date(rotatedAt + 60_000) });
    for (const token of [laptop.device.token, phoneDevice.token]) {
      const res = await call(server.base, 'PUT', `/v1/devices/${laptop.device.id}/certificate`, { token, body: { certificate: JSON.stringify(later) } });
      expect(res.status).toBe(409);
    }
    // The old key still stops at the rotation: what it stamps after is refused.
    expect((await appendAs(laptop, vault.vaultId, await signedAs(vault.vaultId, laptop, oldKey, new Date(rotatedAt + 1000)))).status).toBe(422);
    // The current certificate sent again is still fine (a sign-in that checks it changes nothing).
    const same = await call(server.base, 'PUT', `/v1/devices/${laptop.device.id}/certificate`, { token: laptop.device.token, body: { certificate: JSON.stringify(laptop.local.certificate) } });
    expect(same.status).toBe(204);
  });

  it('is not set back by replaying an earlier certificate through PUT /key', async () => {
    const { laptop } = await setup();
    const first = (await deviceRow(laptop.device.id)).certificate;
    await rotateDeviceKey(laptop.client.api, laptop.host());
    const after = await deviceRow(laptop.device.id);
    expect((await putKey(laptop.device.token, laptop.device.id, first)).status).toBe(409);
    expect(await deviceRow(laptop.device.id)).toEqual(after);
  });

  it('takes no more than 100 earlier certificates', async () => {
    const { laptop } = await setup();
    const row = await deviceRow(laptop.device.id);
    await sql()`update devices set earlier_certificates = ${Array.from({ length: 100 }, () => row.certificate)} where id = ${laptop.device.id}`;
    await expect(rotateDeviceKey(laptop.client.api, laptop.host())).rejects.toMatchObject({ code: 'rejected' });
  });
});

describe('concurrency', () => {
  it('two or more rotations of one device at once: one history, each certificate newer than the one before, nothing lost or doubled', async () => {
    const { laptop } = await setup();
    const base = Date.now();
    const certs = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const next = await generateDeviceKey({ extractable: false });
        return JSON.stringify(await certifyDevice(user.signing.signingKey, { accountId: user.accountId, deviceId: laptop.device.id, deviceSpki: next.publicSpki, now: new Date(base + 1000 + (i % 3) * 10) }));
      }),
    );
    const statuses = (await Promise.all(certs.map((c) => putKey(laptop.device.token, laptop.device.id, c)))).map((r) => r.status);
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
    expect(statuses).toContain(200);
    const row = await deviceRow(laptop.device.id);
    const history = [...row.earlier_certificates, row.certificate].map((t) => JSON.parse(t) as DeviceCertificate);
    for (let i = 1; i < history.length; i++) expect(history[i]!.issuedAt).toBeGreaterThan(history[i - 1]!.issuedAt);
    expect(new Set(history.map((c) => c.key)).size).toBe(history.length);
    expect(row.signing_public_key).toBe(history.at(-1)!.key);
    expect(history.length).toBe(1 + statuses.filter((s) => s === 200).length);
  });

  it('entries queued, pushed and recorded while two rotations run one after the other all verify, at the server and at another device', async () => {
    const { vault, laptop, phone } = await setup();
    const work = Array.from({ length: 15 }, async (_, i) => {
      await laptop.client.engine.recordAudit(vault.vaultId, 'item.copy', randomUUID(), { n: i });
      if (i % 5 === 0) await laptop.client.engine.pushAudit([vault.vaultId]);
    });
    await Promise.all([rotateDeviceKey(laptop.client.api, laptop.host()).then(() => rotateDeviceKey(laptop.client.api, laptop.host())), ...work]);
    const report = await laptop.client.engine.sync([vault.vaultId]);
    expect(report.integrity).toEqual([]);
    expect(report.pending).toBe(0);
    expect((await deviceRow(laptop.device.id)).earlier_certificates).toHaveLength(2);
    expect((await phone.engine.sync([vault.vaultId])).integrity).toEqual([]);
  });
});

describe('a lost answer', () => {
  // The certificate lands, its answer and the read-back are lost, and the laptop keeps signing with its
  // old key after the certificate's time (the server refuses those entries). The resume finds its
  // certificate on the server, keeps its time (a device that looked in between remembers it), and signs
  // the refused entries again with the new key: they land, and nobody reports the chain broken.
  it('followed by the old key signing and a resume: another device that looked in between does not report the chain broken', async () => {
    const { vault, laptop, phone } = await setup();
    // The certificate lands, the answer is lost, and so is the read-back: the laptop keeps its old key.
    const lost = Object.create(laptop.client.api) as ApiClient;
    lost.rotateDeviceKey = async (id, certificate) => {
      await laptop.client.api.rotateDeviceKey(id, certificate);
      throw new SyncError('offline', 'the answer was lost');
    };
    lost.devices = async () => {
      throw new SyncError('offline', 'still offline');
    };
    // (The first read of the current certificate, before the publish, gets through.)
    let reads = 0;
    const flaky = Object.create(lost) as ApiClient;
    flaky.devices = () => (reads++ === 0 ? laptop.client.api.devices() : lost.devices());
    await expect(rotateDeviceKey(flaky, laptop.host())).rejects.toMatchObject({ code: 'offline' });
    // The phone syncs while the server lists the new certificate.
    await phone.engine.recordAudit(vault.vaultId, 'item.reveal', randomUUID());
    expect((await phone.engine.sync([vault.vaultId])).integrity).toEqual([]);
    await laptop.client.engine.recordAudit(vault.vaultId, 'item.copy', randomUUID());
    await rotateDeviceKey(laptop.client.api, laptop.host(), { resumeOnly: true });
    const report = await laptop.client.engine.sync([vault.vaultId]);
    expect(report.pending).toBe(0);
    expect((await phone.engine.sync([vault.vaultId])).integrity).toEqual([]);
  });
});
