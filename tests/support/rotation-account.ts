/**
 * The account the account-key rotation suites start from: made and registered the way a client does
 * (identity and signing keys, `vaults` vaults, the laptop as its first device), with a phone signed in
 * to it whose keyrings are the laptop's, under account key version 1.
 */
import { randomUUID } from 'node:crypto';
import { ApiClient, createAccount, createIdentity, createVaultKeyring, generateDeviceKey, newSigningRecord, registerAccount, signIn, toBase64url } from '../../shared/index.js';

export const newDevice = async (name: string) => ({ id: randomUUID(), name, signingPublicKey: toBase64url((await generateDeviceKey({ extractable: false })).publicSpki) });

export async function accountWithPhone(base: string, options: { vaults: number; emailPrefix: string; password?: string }) {
  const password = options.password ?? `pw ${randomUUID()}`;
  const email = `${options.emailPrefix}-${randomUUID()}@example.com`;
  const { record, unlocked } = await createAccount(password, { accountId: randomUUID() });
  const { identity, wrappedPrivateKey } = await createIdentity(unlocked.accountKey, unlocked.accountId);
  const identityRecord = { publicSpki: toBase64url(identity.publicSpki), wrappedPrivateKey: toBase64url(wrappedPrivateKey) };
  const signing = await newSigningRecord(unlocked.accountKey, unlocked.accountId);
  const vaults = [];
  for (let i = 0; i < options.vaults; i++) {
    const { record: keyring } = await createVaultKeyring(unlocked.accountKey);
    vaults.push({ id: keyring.vaultId, name: `vault ${i}`, keyring });
  }
  const api = new ApiClient({ baseUrl: base });
  const device = await newDevice('laptop');
  await registerAccount(api, { email, account: record, identity: identityRecord, signing, unlocked, device, vaults });
  const phoneDevice = await newDevice('phone');
  const phoneApi = new ApiClient({ baseUrl: base });
  await signIn(phoneApi, { email, password, device: phoneDevice });
  return { password, email, api, record, unlocked, identityRecord, signing, vaults, device, phoneApi, phoneDevice, phoneKeyrings: vaults.map((v) => v.keyring) };
}
