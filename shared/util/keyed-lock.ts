/**
 * One-at-a-time per key, in order of arrival: `run(key, fn)` starts `fn` only after every earlier `run`
 * of the same key has settled. The sync engine uses it so that a read-modify-write of an item (a local
 * write, a pull applying a change, a push taking its answer) never interleaves with another one at an
 * `await` and writes back a copy of the item that is already out of date.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const before = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = before.then(() => mine);
    this.tails.set(key, tail);
    await before;
    try {
      return await fn();
    } finally {
      release();
      // The last one out leaves no entry behind, so the map does not grow with every item ever touched.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
