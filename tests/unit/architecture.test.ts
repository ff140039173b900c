/**
 * shared/ is the vault core that runs unchanged in the extension, the CLI and (for verification) the
 * server: it may import only itself and a few pure libraries. A stray `node:fs` or `chrome.*` here
 * would break one of its hosts, so the rule is checked rather than hoped for.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const ALLOWED_PACKAGES = new Set(['zod', 'canonicalize', 'papaparse', '@scure/base']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('shared/ stays pure', () => {
  const files = sourceFiles(join(ROOT, 'shared'));

  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files.map((f) => [relative(ROOT, f), f]))('%s imports only shared/ and pure libraries', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/g)].map((m) => m[1]!);
    for (const spec of specifiers) {
      if (spec.startsWith('.')) {
        const target = relative(join(ROOT, 'shared'), join(file, '..', spec));
        expect(target.startsWith('..'), `${spec} leaves shared/`).toBe(false);
      } else {
        expect(ALLOWED_PACKAGES.has(spec), `${spec} is not an allowed package in shared/`).toBe(true);
      }
    }
    const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    expect(code).not.toMatch(/\b(chrome|browser)\.(runtime|storage|tabs)\b/);
    expect(code).not.toMatch(/\bMath\.random\b/);
  });
});
