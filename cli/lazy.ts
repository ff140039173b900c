/**
 * A command's implementation, loaded when the command runs. The command definitions (names, options,
 * help) load nothing else, so `keyhaven --help`, `--version` and a usage error start in the time Node
 * itself takes; the vault core, zod's schemas and the sync client are compiled only by the commands that
 * use them (docs/cli.md "Start-up").
 */
type Implementation = (...args: never[]) => Promise<void>;

/** A part of the installed command that cannot be loaded (a file missing or damaged): say so, plainly. */
function reportBrokenInstall(error: unknown, args: unknown[]): void {
  const json = args.some((a) => typeof a === 'object' && a !== null && (a as { json?: unknown }).json === true);
  const message = `this installation of keyhaven is incomplete or damaged (${(error as Error)?.message ?? String(error)}); reinstall it`;
  process.stderr.write(json ? JSON.stringify({ error: { code: 'internal', message } }) + '\n' : `keyhaven: ${message}\n`);
  process.exitCode = 1;
}

export function lazy<M, K extends keyof M>(load: () => Promise<M>, name: K & (M[K] extends Implementation ? K : never)): (...args: unknown[]) => Promise<void> {
  return async (...args) => {
    // report.ts turns any error of the command into one line and an exit code; loading it, or the
    // implementation, can only fail when the installed files are not what the build wrote.
    let loaded: [typeof import('./report.js'), M];
    try {
      loaded = await Promise.all([import('./report.js'), load()]);
    } catch (error) {
      return reportBrokenInstall(error, args);
    }
    const [{ action }, implementations] = loaded;
    const run = implementations[name] as unknown as (...a: unknown[]) => Promise<void>;
    await action(run)(...args);
  };
}
