/**
 * The device's signing key as the sync engine uses it, replaceable while the engine runs (device-key
 * rotation, docs/crypto.md §20). Replacing it closes the gate: new signatures wait, the ones already
 * under way finish, and only then does the replacement run. So no entry is signed with the old key
 * after the moment the replacement chose for the new key's certificate, which verifiers hold the old
 * key to, and none with the new key before the server has its certificate.
 */
export class SigningGate<Key> {
  private inFlight = 0;
  private drained: (() => void) | null = null;
  private closed: Promise<void> | null = null;

  constructor(private key: Key) {}

  /** Runs `sign` with the current key; waits while a replacement is under way. */
  async use<T>(sign: (key: Key) => Promise<T>): Promise<T> {
    while (this.closed) await this.closed;
    this.inFlight++;
    try {
      return await sign(this.key);
    } finally {
      if (--this.inFlight === 0) this.drained?.();
    }
  }

  /**
   * Runs `replace` with nothing being signed, and takes the key it returns (null: keep the current one,
   * the replacement did not happen). One replacement at a time.
   */
  async replace(replace: () => Promise<Key | null>): Promise<Key | null> {
    while (this.closed) await this.closed;
    let open!: () => void;
    this.closed = new Promise((resolve) => (open = resolve));
    try {
      if (this.inFlight > 0) await new Promise<void>((resolve) => (this.drained = resolve));
      this.drained = null;
      const next = await replace();
      if (next !== null) this.key = next;
      return next;
    } finally {
      this.closed = null;
      open();
    }
  }
}
