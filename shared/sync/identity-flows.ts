/**
 * Making sure an account can speak for its devices (docs/crypto.md §20): it has an identity signing key
 * (an account from before v2 gets one, in its keyring blob and registered with the server, once), and
 * this device holds a certificate from it. Every client runs this when it signs in and before it syncs;
 * both steps are idempotent, so an interrupted upgrade finishes on the next run.
 */
import { createSigningIdentity, openSigningIdentity, type SigningIdentity, type SigningIdentityRecord } from '../crypto/signing-identity.js';
import type { AccountKey } from '../crypto/keys.js';
import { SyncError } from '../errors.js';
import { certifyDevice, readCertificate } from '../identity/certificate.js';
import { fromBase64url } from '../encoding.js';
import type { ApiClient } from './api-client.js';
import { decodeAccountKeyring, encodeAccountKeyring, type AccountKeyringBlob } from './profile.js';

export interface IdentityState {
  keyring: Extract<AccountKeyringBlob, { v: 2 }>;
  keyringRevision: number;
  identity: SigningIdentity;
}

/**
 * Gives a v1 keyring blob an identity signing key on the server, or adopts the one another device
 * added. A new key is made only while nothing shows the account has one: a server that serves the
 * keyring from before the upgrade (an old copy, or on purpose) while it lists a registered signing key
 * or certified devices would otherwise get the account's devices certified by a second key, and every
 * device that holds the first would refuse them.
 */
async function upgradeKeyring(api: ApiClient, account: { accountId: string; accountKey: AccountKey }, keyring: AccountKeyringBlob, revision: number): Promise<{ keyring: IdentityState['keyring']; revision: number }> {
  if (keyring.v === 2) return { keyring, revision };
  for (let attempt = 0; ; attempt++) {
    const served = await api.account();
    const current = decodeAccountKeyring(served.keyring);
    if (current.v === 2) return { keyring: current, revision: served.keyringRevision };
    const certified = (await api.devices()).devices.some((d) => d.certificate !== null);
    if (served.signingPublicKey !== null || certified) {
      throw new SyncError('rollback', "the server serves this account's keyring without the identity signing key its devices are certified by (an old copy?); not making a second one");
    }
    const { record } = await createSigningIdentity(account.accountKey, account.accountId);
    const upgraded = { v: 2 as const, account: keyring.account, identity: keyring.identity, signing: record };
    try {
      revision = (await api.putKeyring(served.keyringRevision, encodeAccountKeyring(upgraded.account, upgraded.identity, upgraded.signing))).revision;
      return { keyring: upgraded, revision };
    } catch (error) {
      // Another device changed the keyring meanwhile (perhaps upgrading it too): look again.
      if (!(error instanceof SyncError && error.code === 'conflict') || attempt >= 3) throw error;
    }
  }
}

export async function ensureIdentity(
  api: ApiClient,
  input: { account: { accountId: string; accountKey: AccountKey }; keyring: AccountKeyringBlob; keyringRevision: number; device: { id: string; publicSpki: string }; now?: Date },
): Promise<IdentityState> {
  const { keyring, revision } = await upgradeKeyring(api, input.account, input.keyring, input.keyringRevision);
  const identity = await openSigningIdentity(keyring.signing, input.account.accountKey, input.account.accountId);
  const registered = (await api.account()).signingPublicKey;
  if (registered === null) await api.putSigningKey(keyring.signing.publicSpki);
  else if (registered !== keyring.signing.publicSpki) {
    throw new SyncError('bad-response', 'the server lists another identity signing key for this account than the one in its keyring; not certifying this device with either');
  }
  const own = (await api.devices()).devices.find((d) => d.id === input.device.id);
  const expected = { accountId: input.account.accountId, deviceId: input.device.id };
  const current = own ? await readCertificate(own.certificate, expected, identity.verifyKey) : null;
  if (!current || current.key !== input.device.publicSpki) {
    const cert = await certifyDevice(identity.signingKey, { ...expected, deviceSpki: fromBase64url(input.device.publicSpki), now: input.now ?? new Date() });
    await api.putCertificate(input.device.id, JSON.stringify(cert));
  }
  return { keyring, keyringRevision: revision, identity };
}

/** A new account's signing key record, for a profile made before it reaches any server. */
export async function newSigningRecord(accountKey: AccountKey, accountId: string): Promise<SigningIdentityRecord> {
  return (await createSigningIdentity(accountKey, accountId)).record;
}
