/** What the account commands do (their options and help: cli/commands/account.ts): local homes, sign-up, sign-in, passwords. */
import { ApiClient, changeAccountPassword, createAccount, createIdentity, createVaultKeyring, generateDeviceKey, newId, newSigningRecord, registerAccount, signIn, toBase64url, wrapDeviceKey, type SyncReport } from '../../shared/index.js';
import { CliError } from '../errors.js';
import { Home } from '../home.js';
import { readPassword } from '../input.js';
import { print, withVault, type GlobalOptions } from '../run-command.js';
import { emptySync, type CliState } from '../state.js';
import { CliVault } from '../vault.js';
import { rotateAccountKeyHere } from '../account-key-rotation.js';
import { syncSummary } from './sync.js';
import { hostname } from 'node:os';

const defaultDeviceName = () => `keyhaven CLI on ${hostname()}`;

/** A new local account with its first vault: everything a fresh home needs, nothing on a server yet. */
async function newLocalState(password: string, options: { iterations?: number; deviceName?: string; vaultName?: string }) {
  const { record, unlocked } = await createAccount(password, { iterations: options.iterations });
  const { identity, wrappedPrivateKey } = await createIdentity(unlocked.accountKey, unlocked.accountId);
  const signing = await newSigningRecord(unlocked.accountKey, unlocked.accountId);
  const deviceId = newId();
  const device = await generateDeviceKey({ extractable: true });
  const vault = await createVaultKeyring(unlocked.accountKey);
  const state: CliState = {
    v: 1,
    server: null,
    email: null,
    account: record,
    accountKeyringRevision: null,
    identity: { publicSpki: toBase64url(identity.publicSpki), wrappedPrivateKey: toBase64url(wrappedPrivateKey) },
    signing,
    device: {
      id: deviceId,
      name: options.deviceName ?? defaultDeviceName(),
      publicSpki: toBase64url(device.publicSpki),
      wrappedSigningKey: toBase64url(await wrapDeviceKey(device.signingKey, unlocked.accountKey, unlocked.accountId, deviceId)),
    },
    session: null,
    vaults: [{ id: vault.record.vaultId, name: options.vaultName ?? 'Personal', keyring: vault.record, remote: false }],
    defaultVault: vault.record.vaultId,
    rotations: {},
    sync: emptySync(),
  };
  return { state, unlocked };
}

async function withNewHome(body: (home: Home) => Promise<void>): Promise<void> {
  const home = new Home();
  await home.lock();
  try {
    await body(home);
  } finally {
    await home.unlock();
  }
}

/**
 * `login` in a home that is already this account's device on that server: the same device signs in
 * again with the current password (a password change on another device ended its session), keeping
 * its id and everything queued, and syncs.
 */
async function signInHomeAgain(home: Home, options: GlobalOptions & { server: string; email: string }): Promise<void> {
  const state = CliVault.readState(home);
  const same = state.server?.replace(/\/+$/, '') === options.server.replace(/\/+$/, '') && state.email?.toLowerCase() === options.email.toLowerCase();
  if (!same) throw new CliError('exists', `${home.dir} already holds a vault${state.server ? ` of ${state.email} on ${state.server}` : ''}; use another KEYHAVEN_HOME, or \`keyhaven signup\` to upload it`);
  const vault = await CliVault.signInAgain(home, state, await readPassword());
  const report = await vault.sync();
  vault.save();
  print(Boolean(options.json), { accountId: vault.account.accountId, deviceId: state.device.id, again: true, sync: report }, () => `Signed this device in again as ${options.email}; ${syncSummary(report)}.`);
}

/** Uploads the account and every local vault to the server, then syncs their items. */
async function uploadTo(vault: CliVault, server: string, email: string): Promise<SyncReport | null> {
  const { state, account } = vault;
  const { token } = await registerAccount(new ApiClient({ baseUrl: server }), {
    email,
    account: state.account,
    identity: state.identity,
    signing: state.signing ?? (state.signing = await newSigningRecord(account.accountKey, account.accountId)),
    unlocked: account,
    device: { id: state.device.id, name: state.device.name, signingPublicKey: state.device.publicSpki },
    vaults: state.vaults.filter((v) => !v.remote),
  });
  state.server = server;
  state.email = email;
  state.accountKeyringRevision = 1;
  state.certified = true;
  await vault.setToken(token);
  for (const v of state.vaults) {
    if (!v.remote) await (await vault.engine()).recordAudit(v.id, 'vault.create', null, { name: v.name });
    v.remote = true;
  }
  vault.save(); // the account exists on the server now: never lose that fact to a later failure
  return vault.sync();
}

export async function init(options: GlobalOptions & { iterations?: number; deviceName?: string }): Promise<void> {
  await withNewHome(async (home) => {
    if (home.exists()) throw new CliError('exists', `a vault already exists in ${home.dir}`);
    const password = await readPassword({ confirm: true, purpose: 'New KeyHaven password' });
    const { state, unlocked } = await newLocalState(password, options);
    CliVault.create(home, state, unlocked).save();
    print(Boolean(options.json), { home: home.dir, accountId: unlocked.accountId, vault: state.vaults[0]!.name }, () => `Created a local vault in ${home.dir}.`);
  });
}

export async function signup(options: GlobalOptions & { server: string; email: string; iterations?: number; deviceName?: string }): Promise<void> {
  await withNewHome(async (home) => {
    let vault: CliVault;
    if (home.exists()) {
      vault = await CliVault.open(home, await readPassword());
      if (vault.state.server) throw new CliError('exists', `already signed up on ${vault.state.server} as ${vault.state.email}`);
    } else {
      const password = await readPassword({ confirm: true, purpose: 'New KeyHaven password' });
      const { state, unlocked } = await newLocalState(password, options);
      vault = CliVault.create(home, state, unlocked);
    }
    const report = await uploadTo(vault, options.server, options.email);
    vault.save();
    print(Boolean(options.json), { accountId: vault.account.accountId, email: options.email, server: options.server, sync: report }, () => `Signed up as ${options.email} on ${options.server}; ${syncSummary(report)}.`);
  });
}

export async function login(options: GlobalOptions & { server: string; email: string; deviceName?: string }): Promise<void> {
  await withNewHome(async (home) => {
    if (home.exists()) return signInHomeAgain(home, options);
    const password = await readPassword();
    const deviceId = newId();
    const device = await generateDeviceKey({ extractable: true });
    const name = options.deviceName ?? defaultDeviceName();
    const { token, keyring, keyringRevision, unlocked } = await signIn(new ApiClient({ baseUrl: options.server }), {
      email: options.email,
      password,
      device: { id: deviceId, name, signingPublicKey: toBase64url(device.publicSpki) },
    });
    const state: CliState = {
      v: 1,
      server: options.server,
      email: options.email,
      account: keyring.account,
      accountKeyringRevision: keyringRevision,
      identity: keyring.identity,
      signing: keyring.signing,
      certified: true,
      device: { id: deviceId, name, publicSpki: toBase64url(device.publicSpki), wrappedSigningKey: toBase64url(await wrapDeviceKey(device.signingKey, unlocked.accountKey, unlocked.accountId, deviceId)) },
      session: null,
      vaults: [],
      defaultVault: '',
      rotations: {},
      sync: emptySync(),
    };
    const vault = CliVault.create(home, state, unlocked);
    await vault.setToken(token);
    await vault.refreshVaults();
    if (state.vaults.length === 0) throw new CliError('not-found', 'this account has no vault the CLI can open');
    state.defaultVault = state.vaults[0]!.id;
    const report = await vault.sync();
    vault.save();
    print(Boolean(options.json), { accountId: unlocked.accountId, deviceId, vaults: state.vaults.map((v) => v.name), sync: report }, () => `Signed in as ${options.email}; ${state.vaults.length} vault(s); ${syncSummary(report)}.`);
  });
}

export async function logout(options: GlobalOptions): Promise<void> {
  await withVault(options, async (vault) => {
    if (vault.signedIn) await (await vault.api()).logout().catch(() => undefined);
    await vault.setToken(null);
    print(Boolean(options.json), { signedIn: false }, () => 'Signed out.');
  });
}

export async function rotateAccountKey(options: GlobalOptions): Promise<void> {
  await withVault(options, async (vault, password) => {
    const result = (await rotateAccountKeyHere(vault, password, { quiet: Boolean(options.json) }))!;
    print(Boolean(options.json), { keyVersion: result.keyVersion, moved: result.moved }, () =>
      `Account key rotated to version ${result.keyVersion}${vault.signedIn ? `; ${result.moved} server cop${result.moved === 1 ? 'y' : 'ies'} re-wrapped. Other devices will ask for the password.` : '.'}`,
    );
  });
}

export async function passwd(options: GlobalOptions & { iterations?: number }): Promise<void> {
  await withVault(options, async (vault) => {
    const oldPassword = await readPassword();
    const newPassword = process.env.KEYHAVEN_NEW_PASSWORD || (await readPassword({ confirm: true, purpose: 'New KeyHaven password' }).catch(() => ''));
    if (!newPassword || (newPassword === oldPassword && !options.iterations)) throw new CliError('usage', 'give a new password (prompt or KEYHAVEN_NEW_PASSWORD)');
    const changed = await changeAccountPassword(vault.signedIn ? await vault.api() : null, {
      account: vault.state.account,
      identity: vault.state.identity,
      signing: vault.state.signing,
      oldPassword,
      newPassword,
      iterations: options.iterations,
      baseRevision: vault.state.accountKeyringRevision ?? 1,
    });
    if (changed.revision !== null) vault.state.accountKeyringRevision = changed.revision;
    vault.state.account = changed.record;
    print(Boolean(options.json), { changed: true, iterations: changed.record.kdf.iterations }, () => 'Password changed. Other devices will ask for the new one.');
  });
}
