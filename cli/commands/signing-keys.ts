/**
 * signing-key ls|rotate|revoke|reactivate: a webhook secret's key set (shared/vault/signing-keys.ts).
 * A rotation keeps the old key verifying through an overlap window so senders can move over; a revoked
 * key stops signing and verifying at once.
 */
import type { Command } from 'commander';
import { DEFAULT_OVERLAP_HOURS, generateLike, listSigningKeys, reactivateSigningKey, revokeSigningKey, rotateValue, type SigningKeyInfo } from '../../shared/index.js';
import { CliError } from '../errors.js';
import { readSecretValue } from '../input.js';
import { action, print, withVault, type GlobalOptions } from '../run-command.js';
import { changeItem } from './items.js';

type Options = GlobalOptions & { vault?: string };

const minute = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace('T', ' ')}Z` : '—');

function keyLine(key: SigningKeyInfo): string {
  const what = {
    current: key.signs ? 'current: signs and verifies' : 'current: the item is revoked, it neither signs nor verifies',
    overlap: key.verifies ? `verifies until ${minute(key.verifiesUntil)}` : 'in its window, but the item is revoked',
    ended: `ended ${minute(key.verifiesUntil)}`,
    revoked: `revoked (${key.revokedReason}): neither signs nor verifies`,
  }[key.state];
  return `${key.id}  created ${minute(key.createdAt)}  ${what}`;
}

function overlapHours(text: string | undefined): number {
  if (text === undefined) return DEFAULT_OVERLAP_HOURS;
  const hours = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || !Number.isFinite(hours)) throw new CliError('usage', `--overlap "${text}" is not a number of hours`);
  return hours;
}

export function registerSigningKeyCommands(program: Command): void {
  const group = program.command('signing-key').description("a webhook secret's signing keys: list, rotate with an overlap window, revoke, reactivate");

  group
    .command('ls <name>')
    .description('every key of the set: which one signs, which verify and until when')
    .option('--vault <vault>', 'vault name or id')
    .option('--json', 'machine-readable output')
    .action(
      action(async (name: string, options: Options) => {
        await withVault(options, async (vault) => {
          const { payload } = await vault.findItem(vault.vault(options.vault).id, name);
          const keys = listSigningKeys(payload, new Date());
          print(Boolean(options.json), { name: payload.name, status: payload.status.state, keys }, () => keys.map(keyLine).join('\n'));
        });
      }),
    );

  group
    .command('rotate <name>')
    .description('make a new current key (generated unless --paste); the old one keeps verifying for --overlap hours')
    .option('--overlap <hours>', `how long the old key still verifies (0-720, default ${DEFAULT_OVERLAP_HOURS})`)
    .option('--paste', 'read the new key from stdin or a prompt instead of generating one')
    .option('--reason <reason>', 'why', 'rotated')
    .option('--vault <vault>', 'vault name or id')
    .option('--json', 'machine-readable output')
    .action(
      action(async (name: string, options: Options & { overlap?: string; paste?: boolean; reason: string }) => {
        const hours = overlapHours(options.overlap);
        const pasted = options.paste ? await readSecretValue(`New signing key for ${name}`) : null;
        await changeItem(
          options,
          name,
          (p) => {
            const next = rotateValue(p, pasted ?? generateLike(p.value), { reason: options.reason, now: new Date(), overlapHours: hours });
            const current = listSigningKeys(next, new Date())[0]!;
            return { next, action: 'item.rotate', detail: { reason: options.reason, signingKey: current.id, overlapHours: hours } };
          },
          (line, next) => {
            const [current, ...older] = listSigningKeys(next, new Date());
            const still = older.filter((k) => k.verifies).map((k) => `${k.id} until ${minute(k.verifiesUntil)}`);
            return `Rotated ${line}: ${current!.id} signs now${still.length ? `; still verifying: ${still.join(', ')}` : ''}.`;
          },
          (next) => ({ keys: listSigningKeys(next, new Date()) }),
        );
      }),
    );

  group
    .command('revoke <name> <keyId>')
    .description('stop one key signing and verifying at once (e.g. it leaked)')
    .requiredOption('--reason <reason>', 'why, e.g. "leaked in a log"')
    .option('--vault <vault>', 'vault name or id')
    .option('--json', 'machine-readable output')
    .action(
      action(async (name: string, keyId: string, options: Options & { reason: string }) => {
        await changeItem(
          options,
          name,
          (p) => ({ next: revokeSigningKey(p, keyId, options.reason, new Date()), action: 'item.revoke', detail: { reason: options.reason, signingKey: keyId } }),
          (line) => `Revoked signing key ${keyId} of ${line}`,
          (next) => ({ keys: listSigningKeys(next, new Date()) }),
        );
      }),
    );

  group
    .command('reactivate <name> <keyId>')
    .description('undo a key revocation (an old key verifies again only until its window ends)')
    .option('--vault <vault>', 'vault name or id')
    .option('--json', 'machine-readable output')
    .action(
      action(async (name: string, keyId: string, options: Options) => {
        await changeItem(
          options,
          name,
          (p) => ({ next: reactivateSigningKey(p, keyId, new Date()), action: 'item.reactivate', detail: { signingKey: keyId } }),
          (line) => `Reactivated signing key ${keyId} of ${line}`,
          (next) => ({ keys: listSigningKeys(next, new Date()) }),
        );
      }),
    );
}
