/** Parsing untrusted structures (storage, network, files, user input) into typed values with typed errors. */
import type { z } from 'zod';
import { CryptoError, VaultError } from '../errors.js';

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue && issue.path.length > 0 ? `"${issue.path.join('.')}": ` : '';
  return `${where}${issue?.message ?? 'invalid'}`;
}

/** For stored or received structures: a mismatch is a format error (`CryptoError('bad-format')`). */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new CryptoError('bad-format', `${what} is malformed: ${firstIssue(result.error)}`);
  return result.data;
}

/** For item data a user or an import supplied: a mismatch is `VaultError('invalid-item')`. */
export function validItem<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new VaultError('invalid-item', `${what}: ${firstIssue(result.error)}`);
  return result.data;
}

/** For what a user asked for (a request, options): a mismatch is `VaultError('invalid-input')`. */
export function validInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new VaultError('invalid-input', `${what}: ${firstIssue(result.error)}`);
  return result.data;
}
