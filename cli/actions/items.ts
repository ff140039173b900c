/** What the item commands do (their options and help: cli/commands/items.ts). Values come from stdin or a prompt. */
import { spawnSync } from 'node:child_process';
import { changedFields, compareNames, createItem, editItem, exposedItems, generateSecret, newId, reactivateItem, revokeItem, rotateValue, vaultHealthScores, type AuditAction, type ItemPatch, type ItemPayload } from '../../shared/index.js';
import { CliError } from '../errors.js';
import { readSecretValue } from '../input.js';
import { factsJson, itemJson, itemLine } from '../item-view.js';
import { teamStoreOf } from '../team.js';
import { accessTokenFrom, readAsToken } from '../access-token.js';
import { print, withVault, type GlobalOptions } from '../run-command.js';
import type { FieldOptions } from '../commands/items.js';
import type { TokenOptions } from '../token-options.js';

function fieldsFrom(options: FieldOptions): ItemPatch {
  const patch: ItemPatch = {};
  if (options.type) patch.type = options.type;
  if (options.provider !== undefined) patch.provider = options.provider;
  if (options.kind !== undefined) patch.kind = options.kind;
  if (options.env !== undefined) patch.environment = options.env;
  if (options.tag) patch.tags = options.tag;
  if (options.url !== undefined) patch.url = options.url;
  if (options.notes !== undefined) patch.notes = options.notes;
  if (options.expires !== undefined) {
    const at = new Date(options.expires);
    if (Number.isNaN(at.getTime())) throw new CliError('usage', `--expires "${options.expires}" is not a date`);
    patch.expiresAt = at.toISOString();
  }
  if (options.rotateEvery !== undefined) patch.rotation = options.rotateEvery > 0 ? { everyDays: options.rotateEvery } : null;
  return patch;
}

function copyToClipboard(value: string): void {
  for (const [cmd, args] of [['wl-copy', []], ['xclip', ['-selection', 'clipboard']], ['xsel', ['--clipboard', '--input']], ['pbcopy', []]] as const) {
    const res = spawnSync(cmd, [...args], { input: value, stdio: ['pipe', 'ignore', 'ignore'] });
    if (res.status === 0) return;
  }
  throw new CliError('usage', 'no clipboard tool found (wl-copy, xclip, xsel or pbcopy); use --reveal instead');
}

/**
 * The shape every single-item change shares: find the item, change it, write it with its audit entry,
 * sync, print the result.
 */
export async function changeItem(
  options: GlobalOptions & { vault?: string },
  name: string,
  change: (payload: ItemPayload) => { next: ItemPayload; action: AuditAction; detail?: Record<string, unknown> },
  message: (line: string, next: ItemPayload) => string,
  extra: (next: ItemPayload) => Record<string, unknown> = () => ({}),
): Promise<void> {
  await withVault(options, async (vault) => {
    const v = vault.vault(options.vault);
    const { itemId, payload } = await vault.findItem(v.id, name);
    const { next, action: auditAction, detail } = change(payload);
    await vault.write(v.id, itemId, next, { action: auditAction, detail: { name: next.name, ...detail } });
    await vault.syncQuietly();
    const item = itemJson(v.name, itemId, next, new Date());
    print(Boolean(options.json), { ...item, ...extra(next) }, () => message(itemLine(item), next));
  });
}

type ListOptions = GlobalOptions & { vault?: string; provider?: string; env?: string; tag?: string; status?: string; overdue?: boolean; exposed?: boolean; healthBelow?: number };

export async function ls(options: ListOptions): Promise<void> {
  const below = options.healthBelow;
  if (below !== undefined && !(Number.isInteger(below) && below >= 0 && below <= 101)) throw new CliError('usage', '--health-below takes a whole number from 0 to 101');
  await withVault(options, async (vault) => {
    const v = vault.vault(options.vault);
    const now = new Date();
    const { items: readable, unreadable } = await vault.index().summary(v.id);
    const exposure = new Map(exposedItems(await teamStoreOf(vault).roster(v.id), readable).map((e) => [e.itemId, e.to.map((t) => t.email)]));
    const scores = vaultHealthScores(readable, { now, exposure });
    const items = readable
      .filter((x) => !options.exposed || exposure.has(x.itemId))
      .map((x) => ({ ...factsJson(v.name, x.itemId, x.facts, now, scores.get(x.itemId)), ...(exposure.has(x.itemId) ? { exposedTo: exposure.get(x.itemId)! } : {}) }))
      .filter((i) => !options.provider || i.provider.toLowerCase() === options.provider.toLowerCase())
      .filter((i) => !options.env || i.environment.toLowerCase() === options.env.toLowerCase())
      .filter((i) => !options.tag || i.tags.includes(options.tag))
      .filter((i) => !options.status || i.status === options.status)
      .filter((i) => !options.overdue || i.health.some((h) => h === 'overdue' || h === 'expiring' || h === 'expired'))
      .filter((i) => below === undefined || i.healthScore! < below)
      .sort((a, b) => (below === undefined ? 0 : a.healthScore! - b.healthScore!) || compareNames(a.name, b.name));
    if (unreadable) process.stderr.write(`keyhaven: ${unreadable} item(s) could not be decrypted (altered or from an unknown key version) and are not listed\n`);
    print(Boolean(options.json), items, () => (items.length ? items.map(itemLine).join('\n') : `No items${readable.length + unreadable ? ' match' : ` in "${v.name}" yet: add one with \`keyhaven add --name NAME\``}.`));
  });
}

type GetOptions = GlobalOptions & TokenOptions & { vault?: string; reveal?: boolean; copy?: boolean };

export async function get(name: string, options: GetOptions): Promise<void> {
  const token = await accessTokenFrom(options);
  if (token) return getWithToken(token, name, options);
  await withVault(options, async (vault) => {
    const v = vault.vault(options.vault);
    const { itemId, payload } = await vault.findItem(v.id, name);
    if ((options.reveal || options.copy) && payload.status.state === 'revoked') {
      process.stderr.write(`keyhaven: warning: "${payload.name}" is revoked (${payload.status.reason}); it should not be used\n`);
    }
    const engine = await vault.engine();
    if (options.copy) {
      copyToClipboard(payload.value);
      await engine.recordAudit(v.id, 'item.copy', itemId, { name: payload.name });
    }
    if (options.reveal) await engine.recordAudit(v.id, 'item.reveal', itemId, { name: payload.name });
    const item = itemJson(v.name, itemId, payload, new Date(), Boolean(options.reveal));
    await vault.syncQuietly();
    print(Boolean(options.json), item, () => (options.reveal ? payload.value : [itemLine(item), options.copy ? '(copied to the clipboard)' : '', payload.notes].filter(Boolean).join('\n')));
  });
}

/** `get` with an access token: the item from what the token may read; nothing is audited or kept here (the server records the use). */
async function getWithToken(token: string, name: string, options: GetOptions): Promise<void> {
  if (options.vault) throw new CliError('usage', 'an access token reads the vault it was made for: drop --vault');
  const read = await readAsToken(token, options);
  const found = read.items.filter((i) => i.payload.name === name || i.payload.name.toLowerCase() === name.toLowerCase());
  if (found.length === 0) throw new CliError('not-found', `no item named "${name}" among what the token "${read.view.name}" may read`);
  if (found.length > 1) throw new CliError('ambiguous', `${found.length} items are named "${name}"; the token reads them all, use the exact name`);
  const { itemId, payload } = found[0]!;
  if ((options.reveal || options.copy) && payload.status.state === 'revoked') {
    process.stderr.write(`keyhaven: warning: "${payload.name}" is revoked (${payload.status.reason}); it should not be used\n`);
  }
  if (options.copy) copyToClipboard(payload.value);
  const item = itemJson(read.view.name, itemId, payload, new Date(), Boolean(options.reveal));
  print(Boolean(options.json), item, () => (options.reveal ? payload.value : [itemLine(item), options.copy ? '(copied to the clipboard)' : '', payload.notes].filter(Boolean).join('\n')));
}

export async function add(options: GlobalOptions & FieldOptions & { name: string; vault?: string }): Promise<void> {
  await withVault(options, async (vault) => {
    const v = vault.vault(options.vault);
    const existing = await vault.findItem(v.id, options.name).catch(() => null);
    if (existing) throw new CliError('exists', `"${options.name}" already exists in "${v.name}"; use \`keyhaven rotate\` or \`keyhaven edit\``);
    const value = await readSecretValue(`Value for ${options.name}`);
    const payload = createItem({ type: 'api-key', ...fieldsFrom(options), name: options.name, value }, new Date());
    const itemId = newId();
    await vault.write(v.id, itemId, payload, { action: 'item.create', detail: { name: payload.name } });
    await vault.syncQuietly();
    const item = itemJson(v.name, itemId, payload, new Date());
    print(Boolean(options.json), item, () => `Added ${itemLine(item)}`);
  });
}

export async function edit(name: string, options: GlobalOptions & FieldOptions & { rename?: string; vault?: string }): Promise<void> {
  const patch = fieldsFrom(options);
  if (options.rename) patch.name = options.rename;
  if (Object.keys(patch).length === 0) throw new CliError('usage', 'nothing to change: give at least one field option');
  await changeItem(
    options,
    name,
    (p) => {
      // As the extension records it: the fields whose values changed (names only), and the old name after a rename.
      const next = editItem(p, patch, new Date());
      const changed = changedFields(p, next);
      return { next, action: 'item.edit', detail: { changed, ...(changed.includes('name') ? { renamedFrom: p.name } : {}) } };
    },
    (line) => `Edited ${line}`,
  );
}

export async function rotate(name: string, options: GlobalOptions & { reason: string; generate?: boolean; prefix?: string; vault?: string }): Promise<void> {
  const value = options.generate ? generateSecret({ prefix: options.prefix }) : await readSecretValue(`New value for ${name}`);
  await changeItem(
    options,
    name,
    (p) => ({ next: rotateValue(p, value, { reason: options.reason, now: new Date() }), action: 'item.rotate', detail: { reason: options.reason } }),
    (line, next) => `Rotated ${line} (${next.history.length} earlier value(s) in history)`,
    (next) => ({ historyLength: next.history.length }),
  );
}

export async function revoke(name: string, options: GlobalOptions & { reason: string; vault?: string }): Promise<void> {
  await changeItem(
    options,
    name,
    (p) => ({ next: revokeItem(p, options.reason, new Date()), action: 'item.revoke', detail: { reason: options.reason } }),
    (line) => `Revoked ${line}. Remember to revoke it at the provider too.`,
  );
}

export async function reactivate(name: string, options: GlobalOptions & { vault?: string }): Promise<void> {
  await changeItem(options, name, (p) => ({ next: reactivateItem(p, new Date()), action: 'item.reactivate' }), (line) => `Reactivated ${line}`);
}

/** `rm` moves a key to the Trash (cli/actions/trash.ts). */
export { rm } from './trash.js';
