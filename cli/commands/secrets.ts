/** generate, sign and verify: webhook signing secrets and payload signatures. */
import type { Command } from 'commander';
import { createItem, currentSigningKey, generateSecret, liveVerificationKeys, newId, SIGNING_SECRET_KIND, signWebhook, verifyWebhookWithKeys } from '../../shared/index.js';
import { CliError } from '../errors.js';
import { readStdinText } from '../input.js';
import { action, print, withVault, type GlobalOptions } from '../run-command.js';

export function registerSecretCommands(program: Command): void {
  program
    .command('generate')
    .description('generate a 256-bit secret; printed, or with --save stored without being printed')
    .option('--hex', 'hex instead of base64url')
    .option('--prefix <prefix>', 'e.g. whsec_')
    .option('--bytes <n>', 'random bytes (16-1024)', Number)
    .option('--save <name>', 'store it as a new item instead of printing it')
    .option('--vault <vault>', 'vault name or id')
    .option('--json', 'machine-readable output')
    .action(
      action(async (options: GlobalOptions & { hex?: boolean; prefix?: string; bytes?: number; save?: string; vault?: string }) => {
        const secret = generateSecret({ encoding: options.hex ? 'hex' : 'base64url', prefix: options.prefix, bytes: options.bytes });
        if (!options.save) return print(Boolean(options.json), { value: secret }, () => secret);
        await withVault(options, async (vault) => {
          const v = vault.vault(options.vault);
          const payload = createItem({ type: 'secret', kind: SIGNING_SECRET_KIND, name: options.save!, value: secret }, new Date());
          const itemId = newId();
          await vault.write(v.id, itemId, payload, { action: 'item.create', detail: { name: payload.name, generated: true } });
          await vault.syncQuietly();
          print(Boolean(options.json), { id: itemId, name: payload.name }, () => `Generated and saved "${payload.name}" (use \`keyhaven get ${payload.name} --reveal\` to see it).`);
        });
      }),
    );

  program
    .command('sign <name>')
    .description('sign a webhook payload (stdin) with the current signing key of a stored secret: prints a t=…,v1=… header')
    .option('--timestamp <seconds>', 'signing time (default: now)', Number)
    .option('--vault <vault>', 'vault name or id')
    .option('--json', 'machine-readable output')
    .action(
      action(async (name: string, options: GlobalOptions & { timestamp?: number; vault?: string }) => {
        await withVault(options, async (vault) => {
          const { payload } = await vault.findItem(vault.vault(options.vault).id, name);
          // Refused, with the reason, when the item or its current key is revoked.
          const key = currentSigningKey(payload);
          const header = await signWebhook(key.secret, await readStdinText(), options.timestamp ?? Math.floor(Date.now() / 1000));
          print(Boolean(options.json), { header, keyId: key.id }, () => header);
        });
      }),
    );

  program
    .command('verify <name>')
    .description('verify a webhook payload (stdin) against a t=…,v1=… header with the keys live now; exit code 0 only if one matches')
    .requiredOption('--header <header>', 'the signature header received')
    .option('--tolerance <seconds>', 'allowed clock difference', Number, 300)
    .option('--vault <vault>', 'vault name or id')
    .option('--json', 'machine-readable output')
    .action(
      action(async (name: string, options: GlobalOptions & { header: string; tolerance: number; vault?: string }) => {
        await withVault(options, async (vault) => {
          const { payload } = await vault.findItem(vault.vault(options.vault).id, name);
          const now = new Date();
          const verdict = await verifyWebhookWithKeys(liveVerificationKeys(payload, now), await readStdinText(), options.header, { now, toleranceSeconds: options.tolerance });
          print(Boolean(options.json), verdict, () => (verdict.ok ? `valid (signing key ${verdict.keyId})` : `invalid: ${verdict.reason}`));
          if (!verdict.ok) throw new CliError('verify-failed', `signature ${verdict.reason}`);
        });
      }),
    );
}
