/** What the signing-key commands do (options and help: cli/commands/signing-keys.ts): a rotation keeps the old key verifying through an overlap window so senders can move over; a revoked key stops signing and verifying at once. */
import { DEFAULT_OVERLAP_HOURS, generateLike, listSigningKeys, reactivateSigningKey, revokeSigningKey, rotateValue, type SigningKeyInfo } from '../../shared/index.js';
import { CliError } from '../errors.js';
import { readSecretValue } from '../input.js';
import { print, withVault, type GlobalOptions } from '../run-command.js';
import { changeItem } from './items.js';
import type { DEFAULT_OVERLAP_HOURS as HELP_OVERLAP_HOURS } from '../commands/signing-keys.js';

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
  // `satisfies`: the default the help text states (cli/commands/signing-keys.ts) is the one used here; both are literal types.
  if (text === undefined) return DEFAULT_OVERLAP_HOURS satisfies typeof HELP_OVERLAP_HOURS;
  const hours = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || !Number.isFinite(hours)) throw new CliError('usage', `--overlap "${text}" is not a number of hours`);
  return hours;
}

export async function ls(name: string, options: Options): Promise<void> {
  await withVault(options, async (vault) => {
    const { payload } = await vault.findItem(vault.vault(options.vault).id, name);
    const keys = listSigningKeys(payload, new Date());
    print(Boolean(options.json), { name: payload.name, status: payload.status.state, keys }, () => keys.map(keyLine).join('\n'));
  });
}

export async function rotate(name: string, options: Options & { overlap?: string; paste?: boolean; reason: string }): Promise<void> {
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
}

export async function revoke(name: string, keyId: string, options: Options & { reason: string }): Promise<void> {
  await changeItem(
    options,
    name,
    (p) => ({ next: revokeSigningKey(p, keyId, options.reason, new Date()), action: 'item.revoke', detail: { reason: options.reason, signingKey: keyId } }),
    (line) => `Revoked signing key ${keyId} of ${line}`,
    (next) => ({ keys: listSigningKeys(next, new Date()) }),
  );
}

export async function reactivate(name: string, keyId: string, options: Options): Promise<void> {
  await changeItem(
    options,
    name,
    (p) => ({ next: reactivateSigningKey(p, keyId, new Date()), action: 'item.reactivate', detail: { signingKey: keyId } }),
    (line) => `Reactivated signing key ${keyId} of ${line}`,
    (next) => ({ keys: listSigningKeys(next, new Date()) }),
  );
}
