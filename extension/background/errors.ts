/** The background's own refusals, with codes the UI can act on; crypto, vault and sync errors pass through. */
import { CryptoError, SyncError, VaultError } from '../../shared/index.js';

export class BackgroundError extends Error {
  constructor(
    readonly code: 'locked' | 'exists' | 'no-vault' | 'not-found' | 'no-server' | 'bad-file' | 'not-offered' | 'incomplete' | 'bad-site' | 'selection-gone' | 'too-many' | 'in-trash',
    message: string,
  ) {
    super(message);
  }
}

/** A change, reveal, copy, fill or transfer of a key in the Trash (shared/vault/trash.ts): it is restored first. */
export const inTrash = (name: string) => new BackgroundError('in-trash', `"${name}" is in the Trash: restore it first`);

/** An error as an answer's `error`: known errors keep their code and words; anything else says nothing inside. */
export function describeError(error: unknown): { code: string; message: string } {
  if (error instanceof BackgroundError || error instanceof CryptoError || error instanceof VaultError || error instanceof SyncError) {
    return { code: error.code, message: error.code === 'wrong-password' ? 'Wrong password.' : error.message };
  }
  return { code: 'internal', message: 'something went wrong in the background worker' };
}

/** The first problem zod found, in words a person can act on (never the value that was sent). */
export function describeInvalid(issues: { path: PropertyKey[]; message: string }[]): string {
  const issue = issues[0];
  if (!issue) return 'not a KeyHaven request';
  const field = issue.path.filter((p) => typeof p === 'string' && p !== 'fields').join('.');
  return field ? `${field}: ${issue.message}` : issue.message;
}
