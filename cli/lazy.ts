/**
 * A command's implementation, loaded when the command runs. The command definitions (names, options,
 * help) load nothing else, so `keyhaven --help`, `--version` and a usage error start in the time Node
 * itself takes; the vault core, zod's schemas and the sync client are compiled only by the commands that
 * use them (docs/cli.md "Start-up").
 */
type Implementation = (...args: never[]) => Promise<void>;

export function lazy<M, K extends keyof M>(load: () => Promise<M>, name: K & (M[K] extends Implementation ? K : never)): (...args: unknown[]) => Promise<void> {
  return async (...args) => {
    // report.ts turns any error into one line and an exit code; it is loaded with the implementation.
    const [{ action }, implementations] = await Promise.all([import('./report.js'), load()]);
    const run = implementations[name] as unknown as (...a: unknown[]) => Promise<void>;
    await action(run)(...args);
  };
}
