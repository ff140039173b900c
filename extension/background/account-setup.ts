/**
 * How this browser's profile comes to be: a new local vault, an account made on a server from it, or
 * this browser signed in as a new device of an account that exists. Each returns the profile row to
 * store; the service then unlocks it, the one place where the engine and the sync loop are made.
 */
import {
  ApiClient,
  createAccount,
  createIdentity,
  createVaultKeyring,
  CryptoError,
  ensureIdentity,
  generateDeviceKey,
  mergeServerVaults,
  newId,
  newSigningRecord,
  registerAccount,
  sealSessionToken,
  serverVaults,
  signIn,
  signInAgain,
  SyncError,
  toBase64url,
  unlockAccount,
  type SessionAccount,
  type SigningIdentityRecord,
} from '../../shared/index.js';
import type { ProfileRow } from '../db/database.js';
import { thisDeviceName } from './device-name.js';
import { BackgroundError } from './errors.js';

interface Credentials {
  server: string;
  email: string;
  password: string;
}

/** Account, identity, a non-extractable device key and one vault, all made here. */
export async function newLocalProfile(password: string): Promise<ProfileRow> {
  const { record, unlocked } = await createAccount(password);
  const { identity, wrappedPrivateKey } = await createIdentity(unlocked.accountKey, unlocked.accountId);
  const device = await generateDeviceKey({ extractable: false });
  const vault = await createVaultKeyring(unlocked.accountKey);
  return {
    key: 'main',
    account: record,
    identity: { publicSpki: toBase64url(identity.publicSpki), wrappedPrivateKey: toBase64url(wrappedPrivateKey) },
    signing: await newSigningRecord(unlocked.accountKey, unlocked.accountId),
    // IndexedDB stores the CryptoKey itself: its private half never exists as bytes anywhere.
    device: { id: newId(), name: thisDeviceName(), publicSpki: toBase64url(device.publicSpki), signingKey: device.signingKey },
    vaults: [{ id: vault.record.vaultId, name: 'Personal', keyring: vault.record }],
    server: null,
    email: null,
    sealedToken: null,
  };
}

/** Creates the account on `server` with this profile's keys and vaults. */
export async function registerProfile(profile: ProfileRow, { server, email, password }: Credentials): Promise<ProfileRow> {
  const account = await unlockAccount(password, profile.account);
  const api = new ApiClient({ baseUrl: server });
  const signing = profile.signing ?? (await newSigningRecord(account.accountKey, account.accountId));
  const { token } = await registerAccount(api, {
    email,
    account: profile.account,
    identity: profile.identity,
    signing,
    unlocked: account,
    device: { id: profile.device.id, name: profile.device.name, signingPublicKey: profile.device.publicSpki },
    vaults: profile.vaults,
  });
  return { ...profile, signing, certified: true, server, email, sealedToken: await sealSessionToken(account, token) };
}

/** This browser as a new device of an existing account, with the vaults whose keys open. */
export async function signInProfile({ server, email, password }: Credentials): Promise<ProfileRow> {
  const device = await generateDeviceKey({ extractable: false });
  const deviceId = newId();
  const name = thisDeviceName();
  const api = new ApiClient({ baseUrl: server });
  const { token, keyring, unlocked } = await signIn(api, { email, password, device: { id: deviceId, name, signingPublicKey: toBase64url(device.publicSpki) } });
  const { added: vaults } = mergeServerVaults([], await serverVaults(api, unlocked));
  if (vaults.length === 0) throw new BackgroundError('no-vault', 'this account has no vault this browser can open');
  return {
    key: 'main',
    account: keyring.account,
    identity: keyring.identity,
    signing: keyring.signing,
    certified: true,
    device: { id: deviceId, name, publicSpki: toBase64url(device.publicSpki), signingKey: device.signingKey },
    vaults,
    server,
    email,
    sealedToken: await sealSessionToken(unlocked, token),
  };
}

/**
 * This browser signed in again as the device it already is, with the account's current password (after
 * a password change elsewhere ended its session): the server's record of the account key replaces the
 * local one, so that password unlocks here from now on; the outbox and everything local stay.
 */
export async function signInProfileAgain(profile: ProfileRow, password: string): Promise<ProfileRow> {
  if (!profile.server || !profile.email) throw new BackgroundError('no-server', 'this browser is not signed up on a server');
  const api = new ApiClient({ baseUrl: profile.server });
  const { token, keyring, unlocked, keyrings } = await signInAgain(api, {
    email: profile.email,
    password,
    device: { id: profile.device.id, name: profile.device.name, signingPublicKey: profile.device.publicSpki },
    accountId: profile.account.accountId,
    localKeyrings: profile.vaults.map((v) => v.keyring),
    localAccount: profile.account,
  }).catch((error: unknown) => {
    // The server's "wrong email or password" is, here, a wrong password: the email is this profile's.
    if (error instanceof SyncError && error.server?.code === 'invalid-credentials') throw new CryptoError('wrong-password', 'wrong password');
    throw error;
  });
  // The keyrings come back under the server's current account key (re-wrapped after a rotation elsewhere).
  const vaults = profile.vaults.map((v, i) => ({ ...v, keyring: keyrings[i]! }));
  return { ...profile, account: keyring.account, identity: keyring.identity, signing: keyring.signing ?? profile.signing, vaults, certified: true, sealedToken: await sealSessionToken(unlocked, token) };
}

/**
 * After the local record refused a password: the profile signed in again when the server accepts that
 * password (it was changed on another device), otherwise the local refusal as it was. Offline, or
 * wrong on the server too, the answer stays "wrong password".
 */
export async function profileForNewPassword(profile: ProfileRow, password: string, refusal: unknown): Promise<ProfileRow> {
  if (!(refusal instanceof CryptoError && refusal.code === 'wrong-password') || !profile.server || !profile.email) throw refusal;
  try {
    return await signInProfileAgain(profile, password);
  } catch (error) {
    // A server record refused as older than this browser's, or not this account's, is said as such:
    // "wrong password" would send the person after the wrong problem.
    if (error instanceof SyncError && (error.code === 'rollback' || error.code === 'bad-response')) throw error;
    throw refusal;
  }
}

/** Gives a profile from before v2 its identity signing key and this browser its certificate; returns the signing record. */
export async function certifyDevice(profile: ProfileRow, account: SessionAccount, api: ApiClient): Promise<SigningIdentityRecord | undefined> {
  const blob = profile.signing
    ? { v: 2 as const, account: profile.account, identity: profile.identity, signing: profile.signing }
    : { v: 1 as const, account: profile.account, identity: profile.identity };
  const done = await ensureIdentity(api, { account, keyring: blob, keyringRevision: (await api.account()).keyringRevision, device: { id: profile.device.id, publicSpki: profile.device.publicSpki } });
  return done.keyring.signing;
}
