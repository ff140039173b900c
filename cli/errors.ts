/** The CLI's own error: a code for scripts and a one-line reason for people. Exit codes by kind. */
export type CliErrorCode =
  | 'usage'
  | 'no-vault'
  | 'not-signed-in'
  | 'not-found'
  | 'ambiguous'
  | 'busy'
  | 'corrupt-state'
  | 'needs-password'
  | 'exists'
  | 'verify-failed'
  /** A tool the command runs (git) failed. */
  | 'tool-failed'
  /** The command did its main step but not a follow-up that keeps it safe; the message says what to run. */
  | 'incomplete';

export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    readonly code: CliErrorCode,
    message: string,
  ) {
    super(message);
  }
}
