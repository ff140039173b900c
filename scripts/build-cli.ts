/**
 * `npm run build:cli`: the `keyhaven` command as a package that needs nothing but Node: one ES module
 * entry plus chunks, every dependency bundled, written to dist/cli with its own package.json, so that
 * `npm pack ./dist/cli` makes a tarball that `npm install -g` turns into a working `keyhaven`
 * (docs/cli.md "Installing"). Splitting keeps each command's implementation in chunks loaded when it
 * runs, so `--help` and `--version` compile only commander and the definitions.
 */
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = join(import.meta.dirname, '..');

interface RootPackage {
  version: string;
  description: string;
  license: string;
  engines: { node: string };
}

// Bundled CommonJS packages (commander, proper-lockfile, papaparse) call require() for Node's own
// modules, which an ES module does not have: give each output file one.
const REQUIRE_SHIM = "import { createRequire as __keyhavenRequire } from 'node:module'; const require = __keyhavenRequire(import.meta.url);";

/** Builds the CLI package into `outdir` (emptied first) and returns the path of its entry. */
export async function buildCli(outdir = join(ROOT, 'dist/cli')): Promise<string> {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as RootPackage;
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  await build({
    entryPoints: { keyhaven: join(ROOT, 'cli/main.ts') },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outdir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    banner: { js: `#!/usr/bin/env node\n${REQUIRE_SHIM}` },
    define: { KEYHAVEN_VERSION: JSON.stringify(pkg.version) },
    // Smaller files compile faster at every start; identifiers stay, so a stack trace still reads.
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const manifest = {
    name: 'keyhaven',
    version: pkg.version,
    description: 'The keyhaven command: a zero-knowledge vault for API keys, in the terminal.',
    license: pkg.license,
    type: 'module',
    bin: { keyhaven: 'keyhaven.mjs' },
    files: ['keyhaven.mjs', 'chunks'],
    engines: pkg.engines,
  };
  writeFileSync(join(outdir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  writeFileSync(
    join(outdir, 'README.md'),
    '# keyhaven\n\nThe `keyhaven` command of KeyHaven, a zero-knowledge vault for API keys. Built from the project\'s `cli/` by `npm run build:cli`; `keyhaven --help` lists the commands.\n',
  );
  return join(outdir, 'keyhaven.mjs');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const entry = await buildCli();
  console.log(`Built ${entry}; pack it with \`npm pack ./dist/cli\`.`);
}
