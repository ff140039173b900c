/** Milliseconds until `predicate` holds, polled; fails past `ms` saying what was awaited. */
export async function timeUntil(predicate: () => boolean | Promise<boolean>, ms: number, what: string | (() => string)): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await predicate()) return Date.now() - started;
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms: ${typeof what === 'string' ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
