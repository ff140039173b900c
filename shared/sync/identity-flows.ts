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

/** Gives a v1 keyring blob an identity signing key on the server (or adopts the one another device added). */
async function upgradeKeyring(api: ApiClient, account: { accountId: string; accountKey: AccountKey }, keyring: AccountKeyringBlob, revision: number): Promise<{ keyring: IdentityState['keyring']; revision: number }> {
  for (let attempt = 0; keyring.v === 1; attempt++) {
    const { record } = await createSigningIdentity(account.accountKey, account.accountId);
    const upgraded = { v: 2 as const, account: keyring.account, identity: keyring.identity, signing: record };
    try {
      revision = (await api.putKeyring(revision, encodeAccountKeyring(upgraded.account, upgraded.identity, upgraded.signing))).revision;
      return { keyring: upgraded, revision };
    } catch (error) {
      // Another device changed the keyring meanwhile (perhaps upgrading it too): take theirs and look again.
      if (!(error instanceof SyncError && error.code === 'conflict') || attempt >= 3) throw error;
      const current = await api.account();
      keyring = decodeAccountKeyring(current.keyring);
      revision = current.keyringRevision;
    }
  }
  return { keyring: keyring as IdentityState['keyring'], revision };
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
