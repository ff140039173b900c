/**
 * What `generate` does: a secret from the CSPRNG, printed, or with --save stored as a new item. Apart
 * from sign and verify (cli/actions/secrets.ts) because printing one needs no vault: it loads only the
 * generator, and the vault code only with --save.
 */
import { generateSecret } from '../../shared/secrets/generate.js';
import { print, type GlobalOptions } from '../report.js';

export type GenerateOptions = GlobalOptions & { hex?: boolean; prefix?: string; bytes?: number; save?: string; vault?: string };

export async function generate(options: GenerateOptions): Promise<void> {
  const secret = generateSecret({ encoding: options.hex ? 'hex' : 'base64url', prefix: options.prefix, bytes: options.bytes });
  if (!options.save) return print(Boolean(options.json), { value: secret }, () => secret);
  const { saveGenerated } = await import('./secrets.js');
  await saveGenerated(secret, options.save, options);
}
