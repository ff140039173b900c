/**
 * Reading secrets: the password from KEYHAVEN_PASSWORD or a hidden prompt, values from stdin or a
 * hidden prompt. Never from argv, which other users of the machine can read in the process list.
 */
import { createInterface } from 'node:readline';
import { CliError } from './errors.js';

async function hiddenPrompt(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const output = rl as unknown as { _writeToOutput: (s: string) => void };
  let asked = false;
  output._writeToOutput = (s: string) => {
    // Echo the question once, then nothing of what is typed.
    if (!asked) process.stderr.write(s);
    asked = true;
  };
  try {
    return await new Promise<string>((resolve) => rl.question(question, resolve));
  } finally {
    rl.close();
    process.stderr.write('\n');
  }
}

export async function readPassword(options: { confirm?: boolean; purpose?: string } = {}): Promise<string> {
  const fromEnv = process.env.KEYHAVEN_PASSWORD;
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) throw new CliError('needs-password', 'no password: set KEYHAVEN_PASSWORD or run in a terminal');
  const password = await hiddenPrompt(`${options.purpose ?? 'KeyHaven password'}: `);
  if (options.confirm && (await hiddenPrompt('Again, to confirm: ')) !== password) throw new CliError('usage', 'the two passwords differ');
  if (!password) throw new CliError('usage', 'the password is empty');
  return password;
}

/** A secret value: all of stdin when it is piped (one trailing newline removed), else a hidden prompt. */
export async function readSecretValue(what: string): Promise<string> {
  let value: string;
  if (process.stdin.isTTY) value = await hiddenPrompt(`${what}: `);
  else {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    value = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  }
  if (!value) throw new CliError('usage', `${what} is empty (pipe it on stdin or type it at the prompt)`);
  return value;
}

export async function readStdinText(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
