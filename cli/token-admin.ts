/**
 * `keyhaven token …` as the vault's admin: what an admin's client hands the shared token core
 * (shared/tokens/token-admin.ts) from the CLI's home, and the options turned into a request.
 */
import { cidrSchema, createToken, openSigningIdentity, SyncError, VaultError, type TokenAdmin, type TokenRequest, type TokenScope } from '../shared/index.js';
import { CliError } from './errors.js';
import type { VaultState } from './state.js';
import type { CliVault } from './vault.js';

export interface CreateOptions {
  name: string;
  item?: string[];
  tag?: string[];
  env?: string;
  expires?: string;
  allowIp?: string[];
}

/** Tokens expire after 90 days unless told otherwise: a forgotten token should not work for ever. */
export const DEFAULT_TOKEN_DAYS = 90;

/** "30d", "12h", an ISO date, or "never". */
export function expiryFrom(text: string | undefined, now: number): number | null {
  if (text === undefined) return now + DEFAULT_TOKEN_DAYS * 86_400_000;
  if (text === 'never') return null;
  const relative = /^(\d{1,4})([dh])$/.exec(text);
  if (relative) {
    const amount = Number(relative[1]);
    if (amount === 0) throw new CliError('usage', '--expires must be in the future');
    return now + amount * (relative[2] === 'd' ? 86_400_000 : 3_600_000);
  }
  const at = Date.parse(text);
  if (Number.isNaN(at)) throw new CliError('usage', `--expires "${text}" is not 30d, 12h, an ISO date or "never"`);
  if (at <= now) throw new CliError('usage', '--expires must be in the future');
  return at;
}

export async function requestFrom(vault: CliVault, v: VaultState, options: CreateOptions, now: number): Promise<TokenRequest> {
  const items = options.item?.length ? await Promise.all(options.item.map(async (name) => (await vault.findItem(v.id, name)).itemId)) : null;
  const tags = [...new Set((options.tag ?? []).map((t) => t.trim()).filter(Boolean))];
  const scope: TokenScope = { items: items ? [...new Set(items)] : null, tags: tags.length ? tags : null, environment: options.env?.trim() || null };
  const allowedIps = options.allowIp ?? [];
  for (const range of allowedIps) {
    if (!cidrSchema.safeParse(range).success) throw new CliError('usage', `--allow-ip "${range}" is not a CIDR range such as 203.0.113.0/24 or 2001:db8::/32`);
  }
  const name = options.name.trim();
  if (!name || name.length > 100) throw new CliError('usage', '--name must be 1–100 characters');
  return { name, scope, expiresAt: expiryFrom(options.expires, now), allowedIps };
}

async function adminFor(vault: CliVault, v: VaultState): Promise<TokenAdmin> {
  if (!vault.state.signing) throw new CliError('not-signed-in', 'this device has no identity signing key yet: run `keyhaven sync` first');
  const identity = await openSigningIdentity(vault.state.signing, vault.account.accountKey, vault.account.accountId);
  return {
    api: await vault.api(),
    accountId: vault.account.accountId,
    signingKey: identity.signingKey,
    accountKey: vault.account.accountKey,
    record: v.keyring,
    keyring: await vault.keyring(v.id),
    adminKey: vault.tokenAdminKey(v.id),
  };
}

/**
 * Makes the token from the items as the server holds them; when the server says an item or the token
 * list moved meanwhile, syncs and tries again (a busy vault gets a few tries).
 */
export async function createTokenHere(vault: CliVault, v: VaultState, request: TokenRequest) {
  for (let attempt = 1; ; attempt++) {
    await vault.sync();
    if ((await vault.engine().then((e) => e.pendingWrites([v.id]))) > 0) {
      throw new VaultError('concurrent-change', `"${v.name}" has changes not on the server yet; run \`keyhaven sync\` and try again`);
    }
    const items = (await vault.store.listItems(v.id)).flatMap((i) => (i.base && !i.base.deleted && i.base.blob ? [{ itemId: i.itemId, revision: i.base.revision, blob: i.base.blob }] : []));
    try {
      return await createToken(await adminFor(vault, v), request, items);
    } catch (error) {
      const moved = error instanceof SyncError && (error.server?.code === 'tokens-changed' || error.server?.code === 'revision-conflict');
      if (!moved || attempt >= 3) throw error;
    }
  }
}
