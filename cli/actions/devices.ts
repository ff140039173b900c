/** What the device commands do (their options and help: cli/commands/devices.ts): list, rotate this device's key, revoke one. */
import type { Command } from 'commander';
import { fingerprint, fromBase64url, openSigningIdentity, revokeDeviceStatement, toBase64url } from '../../shared/index.js';
import { rotateDeviceKeyHere } from '../device-key-rotation.js';
import { CliError } from '../errors.js';
import { print, withVault, type GlobalOptions } from '../run-command.js';

export async function list(options: GlobalOptions): Promise<void> {
  await withVault(options, async (vault) => {
    const list = (await (await vault.api()).devices()).devices.map((d) => ({ ...d, current: d.id === vault.state.device.id }));
    print(Boolean(options.json), list, () => list.map((d) => `${d.id.slice(0, 8)}  ${d.name}${d.current ? '  (this device)' : ''}${d.revokedAt ? `  revoked ${d.revokedAt}` : ''}`).join('\n'));
  });
}

/** Commander passes the subcommand too: its parent is `devices`, whose own --json counts here. */
export async function rotateKey(own: GlobalOptions, command: Command): Promise<void> {
  const options = withParentJson(command.parent!, own);
  await withVault(options, async (vault) => {
    const rotated = await rotateDeviceKeyHere(vault);
    await vault.syncQuietly();
    const fingerprint = rotated && (await deviceFingerprint(rotated.publicSpki));
    print(Boolean(options.json), { device: vault.state.device.id, fingerprint, issuedAt: rotated && new Date(rotated.certificate.issuedAt).toISOString() }, () =>
      `This device signs with a new key now (fingerprint ${fingerprint}). Its earlier key verifies only entries made before ${new Date(rotated!.certificate.issuedAt).toISOString()}.`,
    );
  });
}

export async function revoke(prefix: string, own: GlobalOptions, command: Command): Promise<void> {
  const options = withParentJson(command.parent!, own);
  await withVault(options, async (vault) => {
    const api = await vault.api();
    const matches = (await api.devices()).devices.filter((d) => d.id.startsWith(prefix));
    if (matches.length !== 1) throw new CliError(matches.length ? 'ambiguous' : 'not-found', `${matches.length || 'no'} device(s) match "${prefix}"`);
    // A signed statement (what other devices believe) and the password (what the server asks).
    if (!vault.state.signing) throw new CliError('not-signed-in', 'this home has no identity signing key yet: run `keyhaven sync` first');
    const identity = await openSigningIdentity(vault.state.signing, vault.account.accountKey, vault.account.accountId);
    const statement = await revokeDeviceStatement(identity.signingKey, { accountId: vault.account.accountId, deviceId: matches[0]!.id, now: new Date() });
    const revoked = await api.revokeDevice(matches[0]!.id, { authKey: toBase64url(vault.account.authKey), revocation: JSON.stringify(statement) });
    for (const v of vault.state.vaults.filter((x) => x.remote)) await (await vault.engine()).recordAudit(v.id, 'device.revoke', null, { device: revoked.name });
    await vault.syncQuietly();
    print(Boolean(options.json), revoked, () => `Revoked ${revoked.name}.`);
  });
}

const deviceFingerprint = (publicSpki: string) => fingerprint(fromBase64url(publicSpki));

/** `devices` takes --json too, and commander gives the flag to it when it follows a subcommand. */
const withParentJson = (parent: Command, own: GlobalOptions): GlobalOptions => ({ ...parent.opts<GlobalOptions>(), ...own, json: Boolean(own.json || parent.opts<GlobalOptions>().json) });
