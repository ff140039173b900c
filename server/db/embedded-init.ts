/**
 * A new embedded data folder is made (PGlite's initdb) in a child process. PGlite keeps what initdb
 * used, about 600 MiB of WebAssembly memory and file-system bundle, for the life of the process that
 * ran it, even after close: made here, the first `npm start` idled at 830 MiB, every later one at
 * about 240. The child exits when the folder is ready and the server opens it like any other.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

// CommonJS so that `node -e` runs it as is; the package's CommonJS build is resolved by the parent.
const INIT = `const [dir, pglite] = process.argv.slice(1); require(pglite).PGlite.create(dir).then((db) => db.close()).catch((error) => { console.error(error?.message ?? error); process.exit(1); });`;

/** True when `dataDir` already holds a database cluster: PGlite runs initdb when PG_VERSION is missing, and so do we. */
export const hasCluster = (dataDir: string) => existsSync(join(dataDir, 'PG_VERSION'));

export async function initialiseInChild(dataDir: string): Promise<void> {
  const pglite = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  await new Promise<void>((resolve, reject) => {
    execFile(process.execPath, ['-e', INIT, dataDir, pglite], { maxBuffer: 1 << 20 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`could not create the embedded database in ${dataDir}: ${stderr.trim() || error.message}`));
      else resolve();
    });
  });
}
