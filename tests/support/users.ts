/**
 * Test users made the way a client makes them: a real account key record (PBKDF2 at 600 000
 * iterations), a real identity key and a real device signing key, registered over HTTP.
 */
import { randomUUID } from 'node:crypto';
import {
  createAccount,
  createIdentity,
  certifyDevice,
  createItem,
  createSigningIdentity,
  createVaultKeyring,
  revokeDeviceStatement,
  derivePasswordKeys,
  generateDeviceKey,
  sealItem,
  toBase64url,
  randomBytes,
  type AccountKey,
  type AccountKeyRecord,
  type DeviceKeyPair,
  type IdentityKeyPair,
  type SigningIdentity,
  type VaultKeyring,
  type VaultKeyringRecord,
} from '../../shared/index.js';
import { call } from './api.js';

export interface TestDevice {
  id: string;
  keys: DeviceKeyPair;
  token: string;
}

export interface TestUser {
  accountId: string;
  email: string;
  password: string;
  record: AccountKeyRecord;
  accountKey: AccountKey;
  authKey: string;
  identitySpki: string;
  /** The identity (ECDH) key pair: team vault keys are shared to it. */
  identity: IdentityKeyPair;
  /** The identity signing key: it certified `device` and certifies every device signed in later. */
  signing: SigningIdentity;
  device: TestDevice;
}

export async function newDeviceRegistration(name = 'test device') {
  const keys = await generateDeviceKey({ extractable: false });
  return { id: randomUUID(), name, keys, signingPublicKey: toBase64url(keys.publicSpki) };
}

export async function registerUser(base: string, email = `user-${randomUUID()}@example.com`): Promise<TestUser> {
  const password = `pw ${randomUUID()}`;
  const { record, unlocked } = await createAccount(password, { accountId: randomUUID() });
  const { identity } = await createIdentity(unlocked.accountKey, unlocked.accountId);
  const { identity: signing } = await createSigningIdentity(unlocked.accountKey, unlocked.accountId);
  const device = await newDeviceRegistration('laptop');
  const res = await call(base, 'POST', '/v1/accounts', {
    body: {
      accountId: unlocked.accountId,
      email,
      kdf: record.kdf,
      authKey: toBase64url(unlocked.authKey),
      keyring: JSON.stringify(record),
      identityPublicKey: toBase64url(identity.publicSpki),
      signingPublicKey: toBase64url(signing.publicSpki),
      device: { id: device.id, name: device.name, signingPublicKey: device.signingPublicKey },
    },
  });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  await certify(base, res.body.token, signing, unlocked.accountId, device);
  return {
    accountId: unlocked.accountId,
    email: email.toLowerCase(),
    password,
    record,
    accountKey: unlocked.accountKey,
    authKey: toBase64url(unlocked.authKey),
    identitySpki: toBase64url(identity.publicSpki),
    identity,
    signing,
    device: { id: device.id, keys: device.keys, token: res.body.token },
  };
}

/** Puts the device's certificate on the server, as a client does right after it signs in. */
export async function certify(base: string, token: string, signing: SigningIdentity, accountId: string, device: { id: string; keys: DeviceKeyPair }): Promise<void> {
  const cert = await certifyDevice(signing.signingKey, { accountId, deviceId: device.id, deviceSpki: device.keys.publicSpki, now: new Date() });
  const res = await call(base, 'PUT', `/v1/devices/${device.id}/certificate`, { token, body: { certificate: JSON.stringify(cert) } });
  if (res.status !== 204) throw new Error(`certificate refused: ${res.status} ${JSON.stringify(res.body)}`);
}

/** Whose device certificates a test client trusts: its own account's. */
export const identitiesOf = (user: TestUser) => async () => new Map([[user.accountId, user.signing.verifyKey]]);

/** Signs in as a new device of the same account (deriving the auth key from the password, as a client does). */
export async function loginNewDevice(base: string, user: TestUser, name = 'second device'): Promise<TestDevice> {
  const pre = await call(base, 'POST', '/v1/prelogin', { body: { email: user.email } });
  const { authKey } = await derivePasswordKeys(user.password, pre.body.kdf);
  const device = await newDeviceRegistration(name);
  const res = await call(base, 'POST', '/v1/login', {
    body: { email: user.email, authKey: toBase64url(authKey), device: { id: device.id, name, signingPublicKey: device.signingPublicKey } },
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  await certify(base, res.body.token, user.signing, user.accountId, device);
  return { id: device.id, keys: device.keys, token: res.body.token };
}

export interface TestVault {
  vaultId: string;
  keyring: VaultKeyring;
  /** The keyring record under the user's account key (vaults made by `createVault`). */
  record?: VaultKeyringRecord;
}

export async function createVault(base: string, user: TestUser, token = user.device.token): Promise<TestVault> {
  const vaultId = randomUUID();
  const { record, keyring } = await createVaultKeyring(user.accountKey, { vaultId });
  const res = await call(base, 'POST', '/v1/vaults', {
    token,
    body: { id: vaultId, meta: toBase64url(randomBytes(48)), keys: [{ keyVersion: 1, blob: JSON.stringify(record.keys[0]) }] },
  });
  if (res.status !== 201) throw new Error(`create vault failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { vaultId, keyring, record };
}

/** A real sealed item envelope, as the server would receive it. */
export async function sealedBlob(vault: TestVault, itemId: string, value = `sk-test-${randomUUID()}`): Promise<string> {
  const payload = createItem({ name: `key ${itemId.slice(0, 8)}`, provider: 'stripe', value }, new Date());
  return JSON.stringify(await sealItem(payload, { vaultId: vault.vaultId, itemId }, vault.keyring));
}

/** Revokes a device of `user` as a client does: the password's auth key and a signed revocation. */
export async function revokeDevice(base: string, user: TestUser, deviceId: string, token = user.device.token) {
  const statement = await revokeDeviceStatement(user.signing.signingKey, { accountId: user.accountId, deviceId, now: new Date() });
  return call(base, 'POST', `/v1/devices/${deviceId}/revoke`, { token, body: { authKey: user.authKey, revocation: JSON.stringify(statement) } });
}

/** Invites `member` to the vault (with their wrapped keys) and has them accept, as two people would. */
export async function addMember(base: string, admin: TestUser, vault: { vaultId: string }, member: TestUser, role: 'admin' | 'editor' | 'viewer', keys = [{ keyVersion: 1, blob: 'wrapped' }]) {
  const invited = await call(base, 'POST', `/v1/vaults/${vault.vaultId}/members`, { token: admin.device.token, body: { accountId: member.accountId, role, keys } });
  if (invited.status !== 204) return invited;
  return call(base, 'POST', `/v1/invitations/${vault.vaultId}/accept`, { token: member.device.token });
}
