/**
 * The version `keyhaven --version` prints: written into the bundle when it is built
 * (scripts/build-cli.ts), read from package.json when the sources run through tsx.
 */
import { readFileSync } from 'node:fs';

declare const KEYHAVEN_VERSION: string | undefined;

export function cliVersion(): string {
  if (typeof KEYHAVEN_VERSION === 'string') return KEYHAVEN_VERSION;
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
