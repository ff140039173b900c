/**
 * The embedded database's folder: made private, and created (PGlite's initdb) in a child process when
 * it holds no database yet. PGlite keeps what initdb used, about 600 MiB of WebAssembly memory and
 * file-system bundle, for the life of the process that ran it, even after close: made in the server's
 * own process, the first `npm start` idled at 878 MiB and every later one at 393.
 *
 * The child builds the database in a staging folder beside the real one, which is renamed into place
 * only once initdb finished: a first start that is killed or runs out of disk leaves no half-made
 * database that would refuse to open at every later start.
 */
import { execFile, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

// CommonJS so that `node -e` runs it as is; the package's CommonJS build is resolved by the parent.
const INIT = `const [dir, pglite] = process.argv.slice(1); require(pglite).PGlite.create(dir).then((db) => db.close()).catch((error) => { console.error(error?.message ?? error); process.exit(1); });`;

/** True when `dataDir` holds a database cluster: PGlite runs initdb when PG_VERSION is missing, and so do we. */
export const hasCluster = (dataDir: string) => existsSync(join(dataDir, 'PG_VERSION'));

/**
 * Makes `dataDir` ready to open: private to this user (PGlite writes its files readable and writable
 * by everyone, so the folder is what keeps other users out), holding a database cluster.
 */
export async function prepareDataDir(dataDir: string): Promise<void> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  if (hasCluster(dataDir)) return;
  if (readdirSync(dataDir).length > 0) {
    throw new Error(`the data folder ${dataDir} holds files but no database (no PG_VERSION): move them away, or set KEYHAVEN_DATA_DIR to a new or empty folder`);
  }
  const staging = mkdtempSync(`${dataDir.replace(/\/+$/, '')}.init-`);
  try {
    await initialiseInChild(staging);
    // Onto the empty folder: rename(2) replaces an empty directory in one step.
    renameSync(staging, dataDir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

async function initialiseInChild(dir: string): Promise<void> {
  const pglite = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  let child: ChildProcess | undefined;
  // A server stopped during its first start takes the child with it rather than leaving it running.
  const stopChild = () => child?.kill();
  process.once('exit', stopChild);
  try {
    await new Promise<void>((resolve, reject) => {
      // `--`: a folder whose name starts with "-" is an argument, not an option for node.
      child = execFile(process.execPath, ['-e', INIT, '--', dir, pglite], { maxBuffer: 1 << 20 }, (error, _stdout, stderr) => {
        if (error) reject(new Error(`could not create the embedded database (in ${dir}): ${stderr.trim() || error.message}`));
        else resolve();
      });
    });
  } finally {
    process.off('exit', stopChild);
  }
}
