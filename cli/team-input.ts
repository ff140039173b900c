/**
 * What team commands ask of the user: a role name, and whether they compared a fingerprint with the
 * person (--fingerprint with the digits the person read out, or a yes at a prompt in a terminal).
 */
import { createInterface } from 'node:readline';
import { ROLES, sameFingerprint, type TeamRole } from '../shared/index.js';
import { CliError } from './errors.js';
import type { GlobalOptions } from './run-command.js';

export type FingerprintOption = GlobalOptions & { fingerprint?: string };

export async function askYes(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await new Promise<string>((resolve) => rl.question(question, resolve))).trim());
  } finally {
    rl.close();
  }
}

/** Whether the user compared `fingerprint` with the person: --fingerprint, or a yes at the prompt. */
export function comparer(options: FingerprintOption) {
  return async (person: { email: string; fingerprint: string }): Promise<boolean> => {
    if (options.fingerprint !== undefined) return sameFingerprint(options.fingerprint, person.fingerprint);
    if (!process.stdin.isTTY) {
      throw new CliError('usage', `compare ${person.email}'s fingerprint with them first (they see it with \`keyhaven whoami\`): it should read ${person.fingerprint}; then pass --fingerprint "<the digits they read you>"`);
    }
    process.stderr.write(`Fingerprint of ${person.email}:\n\n    ${person.fingerprint}\n\nAsk them to read theirs (\`keyhaven whoami\`, or Settings in the extension) over a channel you trust.\n`);
    return askYes('Do the digits match? [y/N] ');
  };
}

export const roleOf = (value: string): TeamRole => {
  if (!(ROLES as readonly string[]).includes(value)) throw new CliError('usage', `role must be one of ${ROLES.join(', ')} (got "${value}")`);
  return value as TeamRole;
};

/** A destructive step needs --yes, or a yes at a prompt in a terminal; a script without --yes is refused. */
export async function confirmed(options: { yes?: boolean }, question: string, refusal: string): Promise<void> {
  if (options.yes) return;
  if (!process.stdin.isTTY) throw new CliError('usage', `${refusal}: pass --yes to confirm`);
  if (!(await askYes(`${question} [y/N] `))) throw new CliError('usage', `${refusal}: not confirmed`);
}
