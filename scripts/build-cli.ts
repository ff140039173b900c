/**
 * `npm run build:cli`: the `keyhaven` command as a package that needs nothing but Node: one ES module
 * entry plus chunks, every dependency bundled, written to dist/cli with its own package.json, so that
 * `npm pack ./dist/cli` makes a tarball that `npm install -g` turns into a working `keyhaven`
 * (docs/cli.md "Installing"). Splitting keeps each command's implementation in chunks loaded when it
 * runs, so `--help` and `--version` compile only commander and the definitions.
 */
import { build, type Metafile } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  const result = await build({
    metafile: true,
    // Paths in the metafile (and the bundle's comments) are relative to this, wherever the build runs from.
    absWorkingDir: ROOT,
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
    // Installable from the tarball; not published to the registry until that is a decision of its own.
    private: true,
    version: pkg.version,
    description: 'The keyhaven command: a zero-knowledge vault for API keys, in the terminal.',
    license: pkg.license,
    type: 'module',
    bin: { keyhaven: 'keyhaven.mjs' },
    files: ['keyhaven.mjs', 'chunks', 'THIRD_PARTY_LICENSES.md'],
    engines: pkg.engines,
  };
  writeFileSync(join(outdir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  writeFileSync(
    join(outdir, 'README.md'),
    '# keyhaven\n\nThe `keyhaven` command of KeyHaven, a zero-knowledge vault for API keys. Built from the project\'s `cli/` by `npm run build:cli`; `keyhaven --help` lists the commands.\n',
  );
  writeFileSync(join(outdir, 'THIRD_PARTY_LICENSES.md'), thirdPartyLicenses(result.metafile));
  return join(outdir, 'keyhaven.mjs');
}

/** The packages bundled into the output, as node_modules paths: their notices must ship with it. */
function bundledPackages(metafile: Metafile): string[] {
  const dirs = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const input of Object.keys(output.inputs)) {
      const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
      if (match) dirs.add(match[1]!);
    }
  }
  return [...dirs].sort();
}

/** Every bundled package's name, version, licence and licence text (MIT, ISC and Apache-2.0 ask for the notice to travel with the code). */
function thirdPartyLicenses(metafile: Metafile): string {
  const sections = bundledPackages(metafile).map((dir) => {
    const pkg = JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as { name: string; version: string; license?: string };
    const file = readdirSync(join(ROOT, dir)).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
    const text = file && existsSync(join(ROOT, dir, file)) ? readFileSync(join(ROOT, dir, file), 'utf8').trim() : `(no licence file in the package; package.json says ${pkg.license ?? 'nothing'})`;
    return `## ${pkg.name} ${pkg.version} (${pkg.license ?? 'unknown'})\n\n\`\`\`\n${text}\n\`\`\`\n`;
  });
  return `# Third-party software in the keyhaven package\n\nBundled into keyhaven.mjs and chunks/ by scripts/build-cli.ts.\n\n${sections.join('\n')}`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const entry = await buildCli();
  console.log(`Built ${entry}; pack it with \`npm pack ./dist/cli\`.`);
}
