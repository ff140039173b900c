/** What sign, verify and `generate --save` do (their options and help: cli/commands/secrets.ts): secrets made here, payloads read from stdin. */
import { createItem, currentSigningKey, liveVerificationKeys, newId, SIGNING_SECRET_KIND, signWebhook, verifyWebhookWithKeys } from '../../shared/index.js';
import { CliError } from '../errors.js';
import { readStdinText } from '../input.js';
import { print, withVault, type GlobalOptions } from '../run-command.js';

/** `generate --save`: the new secret stored as an item, never printed. */
export async function saveGenerated(secret: string, name: string, options: GlobalOptions & { vault?: string }): Promise<void> {
  await withVault(options, async (vault) => {
    const v = vault.vault(options.vault);
    const payload = createItem({ type: 'secret', kind: SIGNING_SECRET_KIND, name, value: secret }, new Date());
    const itemId = newId();
    await vault.write(v.id, itemId, payload, { action: 'item.create', detail: { name: payload.name, generated: true } });
    await vault.syncQuietly();
    print(Boolean(options.json), { id: itemId, name: payload.name }, () => `Generated and saved "${payload.name}" (use \`keyhaven get ${payload.name} --reveal\` to see it).`);
  });
}

export async function sign(name: string, options: GlobalOptions & { timestamp?: number; vault?: string }): Promise<void> {
  await withVault(options, async (vault) => {
    const { payload } = await vault.findItem(vault.vault(options.vault).id, name);
    // Refused, with the reason, when the item or its current key is revoked.
    const key = currentSigningKey(payload);
    const header = await signWebhook(key.secret, await readStdinText(), options.timestamp ?? Math.floor(Date.now() / 1000));
    print(Boolean(options.json), { header, keyId: key.id }, () => header);
  });
}

export async function verify(name: string, options: GlobalOptions & { header: string; tolerance: number; vault?: string }): Promise<void> {
  await withVault(options, async (vault) => {
    const { payload } = await vault.findItem(vault.vault(options.vault).id, name);
    const now = new Date();
    const verdict = await verifyWebhookWithKeys(liveVerificationKeys(payload, now), await readStdinText(), options.header, { now, toleranceSeconds: options.tolerance });
    print(Boolean(options.json), verdict, () => (verdict.ok ? `valid (signing key ${verdict.keyId})` : `invalid: ${verdict.reason}`));
    if (!verdict.ok) throw new CliError('verify-failed', `signature ${verdict.reason}`);
  });
}
