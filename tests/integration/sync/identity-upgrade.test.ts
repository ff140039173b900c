/**
 * An account from before v2 gets its identity signing key once: the first device makes it, every
 * other device adopts that one, and a server that serves the keyring from before the upgrade does not
 * get a second key made (its devices would stop counting for every device that holds the first).
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import {
  ApiClient,
  createAccount,
  createIdentity,
  decodeAccountKeyring,
  encodeAccountKeyring,
  ensureIdentity,
  SyncError,
  toBase64url,
  type AccountKeyringBlob,
  type UnlockedAccount,
} from '../../../shared/index.js';
import { call } from '../../support/api.js';
import { useCluster } from '../../support/server.js';
import { newDeviceRegistration } from '../../support/users.js';

const server = useCluster();
let base: string;

beforeAll(() => {
  base = server.base;
});

/** An account registered the way clients from before v2 did: no identity signing key at all. */
async function v1Account() {
  const email = `v1-${randomUUID()}@example.com`;
  const { record, unlocked } = await createAccount(`pw ${randomUUID()}`, { accountId: randomUUID() });
  const { identity, wrappedPrivateKey } = await createIdentity(unlocked.accountKey, unlocked.accountId);
  const v1: AccountKeyringBlob = { v: 1, account: record, identity: { publicSpki: toBase64url(identity.publicSpki), wrappedPrivateKey: toBase64url(wrappedPrivateKey) } };
  const device = await newDeviceRegistration('old laptop');
  const res = await call(base, 'POST', '/v1/accounts', {
    body: { accountId: unlocked.accountId, email, kdf: record.kdf, authKey: toBase64url(unlocked.authKey), keyring: encodeAccountKeyring(v1.account, v1.identity), identityPublicKey: v1.identity.publicSpki, device: { id: device.id, name: device.name, signingPublicKey: device.signingPublicKey } },
  });
  expect(res.status).toBe(201);
  return { email, unlocked, v1, device, token: res.body.token as string };
}

async function otherDevice(email: string, unlocked: UnlockedAccount) {
  const device = await newDeviceRegistration('old phone');
  const res = await call(base, 'POST', '/v1/login', { body: { email, authKey: toBase64url(unlocked.authKey), device: { id: device.id, name: device.name, signingPublicKey: device.signingPublicKey } } });
  return { device, api: new ApiClient({ baseUrl: base, token: res.body.token }) };
}

const upgrade = (api: ApiClient, unlocked: UnlockedAccount, keyring: AccountKeyringBlob, revision: number, device: { id: string; signingPublicKey: string }) =>
  ensureIdentity(api, { account: unlocked, keyring, keyringRevision: revision, device: { id: device.id, publicSpki: device.signingPublicKey } });

it('is made by the first device and adopted by the next, even when that one passes the current revision', async () => {
  const { email, unlocked, v1, device, token } = await v1Account();
  const laptop = new ApiClient({ baseUrl: base, token });
  const first = await upgrade(laptop, unlocked, v1, 1, device);
  const phone = await otherDevice(email, unlocked);
  // The phone's own copy of the keyring is still v1; it asks with the server's current revision.
  const second = await upgrade(phone.api, unlocked, v1, (await phone.api.account()).keyringRevision, phone.device);
  expect(second.keyring.signing.publicSpki).toBe(first.keyring.signing.publicSpki);
  expect((await phone.api.account()).signingPublicKey).toBe(first.keyring.signing.publicSpki);
  const certified = (await phone.api.devices()).devices.filter((d) => d.certificate !== null).map((d) => d.id);
  expect(certified.sort()).toEqual([device.id, phone.device.id].sort());
});

it('is not made twice when the server serves the keyring from before the upgrade', async () => {
  const { email, unlocked, v1, device, token } = await v1Account();
  const first = await upgrade(new ApiClient({ baseUrl: base, token }), unlocked, v1, 1, device);
  const [row] = await server.cluster.database.sql<{ keyring: string }[]>`select keyring from accounts where id = ${unlocked.accountId}`;
  expect(decodeAccountKeyring(row!.keyring).v).toBe(2);
  // The operator puts the old keyring back (an old backup, or on purpose).
  await server.cluster.database.sql`update accounts set keyring = ${encodeAccountKeyring(v1.account, v1.identity)} where id = ${unlocked.accountId}`;
  const phone = await otherDevice(email, unlocked);
  const refused = await upgrade(phone.api, unlocked, v1, (await phone.api.account()).keyringRevision, phone.device).catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(SyncError);
  expect(refused).toMatchObject({ code: 'rollback', message: expect.stringContaining('not making a second one') });
  expect((await phone.api.account()).signingPublicKey).toBe(first.keyring.signing.publicSpki);
});
