/** What the token commands do (options and help: cli/commands/tokens.ts): a token is shown once, on stdout alone (so `$(keyhaven token create …)` captures just it), and never stored here or on the server, so `ls` can only show its id. */
import { listTokens, revokeAndRecord, type ListedToken, type TokenScope } from '../../shared/index.js';
import { CliError } from '../errors.js';
import { finishInterruptedRotation, rotateAndShare } from '../key-rotation.js';
import { createTokenHere, requestFrom, type CreateOptions } from '../token-admin.js';
import { print, withVault, type GlobalOptions } from '../run-command.js';
import type { CliVault } from '../vault.js';
import type { VaultState } from '../state.js';

const day = (ms: number | null) => (ms === null ? 'never' : new Date(ms).toISOString().slice(0, 16).replace('T', ' '));

function requireRemote(vault: CliVault, v: VaultState): void {
  if (!vault.signedIn || !v.remote) throw new CliError('not-signed-in', `"${v.name}" is not on a server: access tokens read a vault through its server (\`keyhaven signup\` or \`login\` first)`);
}

function tokenJson(t: ListedToken, now: number) {
  const s = t.summary;
  const state = s.revokedAt !== null ? 'revoked' : s.expiresAt !== null && s.expiresAt <= now ? 'expired' : 'live';
  return {
    id: s.id,
    name: t.descriptor?.name ?? null,
    state,
    scope: t.descriptor?.scope ?? null,
    // From the admin-signed description when it opened, not the server's word.
    createdAt: t.descriptor?.createdAt ?? s.createdAt,
    expiresAt: s.expiresAt,
    allowedIps: s.allowedIps,
    lastUsed: s.lastUsedAt === null ? null : { at: s.lastUsedAt, ip: s.lastUsedIp },
    lastRefusal: s.lastRefusal,
    problem: t.problem,
  };
}

function scopeText(scope: TokenScope): string {
  const parts = [scope.items ? `${scope.items.length} item(s)` : null, scope.tags ? `tags ${scope.tags.join(', ')}` : null, scope.environment ? `env ${scope.environment}` : null].filter(Boolean);
  return parts.length ? parts.join('; ') : 'whole vault';
}

function tokenLine(t: ReturnType<typeof tokenJson>): string {
  const used = t.lastUsed ? `last used ${day(t.lastUsed.at)} from ${t.lastUsed.ip}` : 'never used';
  const refused = t.lastRefusal ? `; last refused ${day(t.lastRefusal.at)} (${t.lastRefusal.reason}) from ${t.lastRefusal.ip}` : '';
  const head = `kh_…${t.id.slice(0, 8)}  ${t.name ?? '(unreadable)'}  [${t.state}]  ${t.scope ? scopeText(t.scope) : ''}`;
  const ips = t.allowedIps.length ? `; from ${t.allowedIps.join(', ')}` : '';
  return `${head}\n    created ${day(t.createdAt)}; expires ${day(t.expiresAt)}${ips}; ${used}${refused}${t.problem ? `\n    WARNING: ${t.problem}` : ''}`;
}

export async function create(options: GlobalOptions & CreateOptions & { vault?: string }): Promise<void> {
  await withVault(options, async (vault) => {
    const v = vault.vault(options.vault);
    requireRemote(vault, v);
    const request = await requestFrom(vault, v, options, Date.now());
    const { token, descriptor } = await createTokenHere(vault, v, request);
    const engine = await vault.engine();
    await engine.recordAudit(v.id, 'token.create', null, { tokenId: descriptor.id, name: descriptor.name, scope: descriptor.scope, expiresAt: descriptor.expiresAt, allowedIps: descriptor.allowedIps });
    await vault.syncQuietly();
    if (options.json) return print(true, { id: descriptor.id, name: descriptor.name, token, scope: descriptor.scope, expiresAt: descriptor.expiresAt, allowedIps: descriptor.allowedIps }, () => '');
    process.stderr.write(`keyhaven: access token "${descriptor.name}" for "${v.name}" (${scopeText(descriptor.scope)}, expires ${day(descriptor.expiresAt)}). It is shown this once: store it in your CI's secrets now.\n`);
    process.stdout.write(`${token}\n`);
  });
}

export async function ls(options: GlobalOptions & { vault?: string }): Promise<void> {
  await withVault(options, async (vault) => {
    const v = vault.vault(options.vault);
    requireRemote(vault, v);
    const list = await listTokens(await vault.api(), v.id, await vault.keyring(v.id), vault.tokenAdminKey(v.id), await (await vault.engine()).tokensRevokedInChain(v.id));
    const now = Date.now();
    const tokens = list.tokens.map((t) => tokenJson(t, now));
    print(Boolean(options.json), tokens, () => (tokens.length ? tokens.map(tokenLine).join('\n') : `No access tokens for "${v.name}" yet: make one with \`keyhaven token create --name CI\`.`));
  });
}

export async function revoke(wanted: string, options: GlobalOptions & { vault?: string }): Promise<void> {
  await withVault(options, async (vault) => {
    const v = vault.vault(options.vault);
    requireRemote(vault, v);
    const list = await listTokens(await vault.api(), v.id, await vault.keyring(v.id), vault.tokenAdminKey(v.id), await (await vault.engine()).tokensRevokedInChain(v.id));
    const key = wanted.replace(/^kh_…/, '');
    const found = list.tokens.filter((t) => t.summary.id === key || (key.length >= 6 && t.summary.id.startsWith(key)) || t.descriptor?.name === wanted);
    if (found.length === 0) throw new CliError('not-found', `no access token "${wanted}" in "${v.name}"; \`keyhaven token ls\` lists them`);
    if (found.length > 1) throw new CliError('ambiguous', `${found.length} access tokens match "${wanted}"; use its id`);
    const token = found[0]!;
    if (token.summary.revokedAt !== null) throw new CliError('exists', `access token "${token.descriptor?.name ?? token.summary.id}" is already revoked`);
    const { rotateVaultKey } = await revokeAndRecord(await vault.api(), await vault.engine(), v.id, token);
    const name = token.descriptor?.name ?? token.summary.id;
    // A vault-wide token held the vault key: with the server's data its holder could read what is written from now on.
    const rotation = rotateVaultKey ? await rotateAfterRevoke(vault, v, name, Boolean(options.json)) : null;
    await vault.syncQuietly();
    print(Boolean(options.json), { id: token.summary.id, revoked: true, keyVersion: rotation?.toVersion ?? null }, () =>
      rotation
        ? `Revoked access token "${name}"; what it could read was deleted from the server, and the vault key is now version ${rotation.toVersion}, which it never had.`
        : `Revoked access token "${name}"; what it could read was deleted from the server.`,
    );
  });
}

async function rotateAfterRevoke(vault: CliVault, v: VaultState, name: string, quiet: boolean) {
  try {
    // A rotation left pending is finished first: its version may already be wrapped for this token.
    await finishInterruptedRotation(vault, v);
    return await rotateAndShare(vault, v, { quiet });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new CliError('incomplete', `access token "${name}" is revoked, but the vault key could not be rotated (${why}); until it is, whoever held the token could read new writes with the server's data: run \`keyhaven vault rotate-key "${v.name}"\``);
  }
}
