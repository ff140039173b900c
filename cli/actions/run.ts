/**
 * What run does (its options and help: cli/commands/run.ts): start a command with keys in its
 * environment. The values go straight from the decrypted items into the child's environment; nothing
 * is written to disk, and the vault's lock is released before the child starts (it may run for hours).
 */
import { spawn } from 'node:child_process';
import { listSigningKeys, rotatesAsSigningKey, type ItemPayload } from '../../shared/index.js';
import { accessTokenFrom, readAsToken } from '../access-token.js';
import { CliError } from '../errors.js';
import { withVault, type GlobalOptions } from '../run-command.js';
import type { TokenOptions } from '../token-options.js';

/** "OpenAI prod key" → OPENAI_PROD_KEY; names that are already variables stay as they are. */
export function envName(name: string): string {
  const upper = name.trim().replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '').toUpperCase();
  return /^[0-9]/.test(upper) ? `_${upper}` : upper;
}

/**
 * The environment the child inherits: this process's, minus KeyHaven's own variables. The password
 * (KEYHAVEN_PASSWORD), a backup password and whatever else KeyHaven reads from KEYHAVEN_* are for this
 * command, not for the program it starts; only where the home and the server are stay, so a child can
 * run `keyhaven` itself (it asks for the password again).
 */
export function inheritedEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const kept = new Set(['KEYHAVEN_HOME', 'KEYHAVEN_SERVER']);
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.toUpperCase().startsWith('KEYHAVEN_') || kept.has(name)));
}

/** The child's variables from the items read: active keys and secrets, by name or as `--as` maps them. */
function environmentFor(items: { payload: ItemPayload }[], options: { only?: string; as?: string[] }, where: string): Record<string, string> {
  const env: Record<string, string> = {};
  const only = options.only ? new Set(options.only.split(',').map((s) => s.trim())) : null;
  const rename = new Map((options.as ?? []).map((m) => {
    const [item, variable] = m.split('=');
    if (!item || !variable || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) throw new CliError('usage', `--as "${m}" is not ITEM=VARIABLE`);
    return [item, variable] as const;
  }));
  if (only) {
    const missing = [...only].filter((n) => !items.some((i) => i.payload.name === n));
    if (missing.length) throw new CliError('not-found', `no item named ${missing.map((m) => `"${m}"`).join(', ')} in ${where}`);
  }
  for (const { payload } of items) {
    if (payload.type === 'note' || (only && !only.has(payload.name))) continue;
    if (payload.status.state === 'revoked') {
      process.stderr.write(`keyhaven: not passing "${payload.name}": it is revoked\n`);
      continue;
    }
    // A signing secret whose current key is revoked must not sign anything, here either.
    if (rotatesAsSigningKey(payload) && listSigningKeys(payload, new Date()).some((k) => k.retiredAt === null && k.state === 'revoked')) {
      process.stderr.write(`keyhaven: not passing "${payload.name}": its current signing key is revoked\n`);
      continue;
    }
    env[rename.get(payload.name) ?? envName(payload.name)] = payload.value;
  }
  return env;
}

export async function run(command: string[], options: GlobalOptions & TokenOptions & { vault?: string; only?: string; as?: string[] }): Promise<void> {
  let env: Record<string, string> = {};
  const token = await accessTokenFrom(options);
  if (token) {
    if (options.vault) throw new CliError('usage', 'an access token reads the vault it was made for: drop --vault');
    const read = await readAsToken(token, options);
    env = environmentFor(read.items, options, `what the token "${read.view.name}" may read`);
  } else {
    await withVault(options, async (vault) => {
      const v = vault.vault(options.vault);
      env = environmentFor((await vault.readableItems(v.id)).items, options, `"${v.name}"`);
    });
  }
  const child = spawn(command[0]!, command.slice(1), { stdio: 'inherit', env: { ...inheritedEnv(process.env), ...env } });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  const code = await new Promise<number>((resolve) => {
    child.on('error', (error) => {
      process.stderr.write(`keyhaven: cannot start ${command[0]}: ${error.message}\n`);
      resolve(127);
    });
    child.on('exit', (status, signal) => resolve(status ?? (signal ? 128 : 1)));
  });
  process.exitCode = code;
}
