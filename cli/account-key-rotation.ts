/**
 * Rotating the account key from the CLI (shared/sync/account-key-rotation.ts). The home's state file
 * is the host: the pending rotation is kept in it, and the write that ends the rotation re-wraps
 * everything local the account key protects — vault keyrings, identity keys, the device key (and a
 * pending new one), the session token — together with the new record.
 */
import { rewrapDeviceKey, rewrapIdentity, rewrapSigningIdentity, rewrapVaultKeyring, rotateAccountKey, type AccountRotationResult } from '../shared/index.js';
import type { CliVault } from './vault.js';

export async function rotateAccountKeyHere(vault: CliVault, password: string | null, options: { resumeOnly?: boolean; quiet?: boolean } = {}): Promise<AccountRotationResult | null> {
  const { state } = vault;
  const { accountId } = vault.account;
  const api = vault.signedIn ? await vault.api() : null;
  const result = await rotateAccountKey(
    api,
    {
      accountId,
      accountKey: vault.account.accountKey,
      account: state.account,
      identity: state.identity,
      signing: state.signing,
      loadState: async () => state.accountRotation ?? null,
      saveState: async (next) => {
        if (next) state.accountRotation = next;
        else delete state.accountRotation;
        vault.save();
      },
      commit: async ({ record, from, to, served }) => {
        const token = await vault.token();
        for (const v of state.vaults) v.keyring = await rewrapVaultKeyring(v.keyring, from, to, served.get(v.id));
        state.identity = await rewrapIdentity(state.identity, accountId, from, to);
        if (state.signing) state.signing = await rewrapSigningIdentity(state.signing, accountId, from, to);
        state.device = { ...state.device, wrappedSigningKey: await rewrapDeviceKey(state.device.wrappedSigningKey, accountId, state.device.id, from, to) };
        // A device-key rotation under way keeps its new key wrapped like the device key.
        if (state.deviceRotation) state.deviceRotation = { ...state.deviceRotation, wrappedSigningKey: await rewrapDeviceKey(state.deviceRotation.wrappedSigningKey, accountId, state.device.id, from, to) };
        state.account = record;
        delete state.accountRotation;
        // Summary indexes sealed under the old key go; they are sealed again under the new one.
        for (const v of state.vaults) await vault.store.setSummaryCache(v.id, null);
        vault.adoptAccountKey(to);
        await vault.setToken(token ?? null);
        vault.save();
      },
      audit: async (detail) => {
        const engine = await vault.engine();
        for (const v of state.vaults) await engine.recordAudit(v.id, 'vault.key-rotate', null, detail);
      },
      onProgress: (p) => void (options.quiet || process.stderr.write(`\rmoving the server's copies: vault ${p.done}/${p.total}`)),
    },
    password,
    { resumeOnly: options.resumeOnly },
  );
  if (result && !options.quiet) process.stderr.write('\n');
  // The rotation replaced the server's keyring blob: a later `passwd` names the revision it replaces.
  if (result && api) state.accountKeyringRevision = (await api.account()).keyringRevision;
  return result;
}
