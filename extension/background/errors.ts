/** The background's own refusals, with codes the UI can act on; crypto, vault and sync errors pass through. */
export class BackgroundError extends Error {
  constructor(
    readonly code: 'locked' | 'exists' | 'no-vault' | 'not-found' | 'no-server' | 'undo-expired' | 'bad-file',
    message: string,
  ) {
    super(message);
  }
}
