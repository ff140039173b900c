/**
 * keyhaven scan: the detector over files and, with --git, a repository's history. Findings are
 * compared with the vault by keyed tag (the summary index's value tags: nothing is decrypted, no
 * value is compared in the clear), so a key that is both stored and found says "rotate it".
 */
import { Home } from '../home.js';
import { EXIT, print, withVault } from '../run-command.js';
import { cliVersion } from '../version.js';
import type { CliVault } from '../vault.js';
import type { IndexedItem } from '../../shared/index.js';
import type { ScanOptions } from '../commands/scan.js';
import { textFiles, type FileTally } from '../scan/files.js';
import { findKeys, type Finding, type Found } from '../scan/finding.js';
import { addedLines } from '../scan/git-history.js';
import { message, toSarif } from '../scan/sarif.js';

/** Marks each finding with the stored items whose value it is; says why when it cannot. */
async function compareWithVault(found: Found[], options: ScanOptions): Promise<string | null> {
  if (found.length === 0 || options.vault === false) return null;
  if (!new Home().exists()) return 'findings not compared with stored keys: no vault here';
  if (!process.env.KEYHAVEN_PASSWORD && !process.stdin.isTTY) return 'findings not compared with stored keys: no password (set KEYHAVEN_PASSWORD, run in a terminal, or pass --no-vault)';
  try {
    await withVault({ json: options.json }, (vault) => markStored(vault, found));
  } catch (error) {
    // The comparison adds to the findings; it must not hide them (a wrong KEYHAVEN_PASSWORD in a hook).
    return `findings not compared with stored keys: ${(error as Error).message}`;
  }
  return null;
}

/** Each finding's stored items, by comparing value tags in every vault whose keys are here. */
async function markStored(vault: CliVault, found: Found[]): Promise<void> {
  const values = [...new Set(found.flatMap((f) => f.values))];
  for (const v of vault.state.vaults) {
    let tags: string[];
    let items: IndexedItem[];
    try {
      tags = await vault.index().tagValues(v.id, values);
      ({ items } = await vault.index().summary(v.id));
    } catch {
      continue; // a vault whose keys are not on this device yet: nothing to compare with
    }
    const names = new Map<string, string[]>();
    for (const { facts } of items) if (facts.valueTag) names.set(facts.valueTag, [...(names.get(facts.valueTag) ?? []), facts.name]);
    const tagOf = new Map(values.map((value, i) => [value, tags[i]!]));
    for (const f of found) {
      for (const name of new Set(f.values.flatMap((value) => names.get(tagOf.get(value)!) ?? []))) f.finding.stored.push({ vault: v.name, name });
    }
  }
}

function location(f: Finding): string {
  return `${f.commit ? `${f.commit.slice(0, 12)}:` : ''}${f.path}:${f.line}:${f.column}`;
}

function humanReport(findings: Finding[], tally: FileTally, commits: number | null): string {
  const lines = findings.map((f) => {
    const head = `${location(f)}  ${f.provider} ${f.kind}  ${f.masked}`;
    return f.stored.length === 0 ? head : `${head}\n  stored in KeyHaven as ${f.stored.map((s) => `"${s.name}" (vault "${s.vault}")`).join(', ')}: rotate it, it leaked here`;
  });
  const read = `${tally.files} file(s)${commits === null ? '' : ` and ${commits} commit(s)`}`;
  const stored = findings.filter((f) => f.stored.length > 0).length;
  lines.push(findings.length === 0 ? `no keys found in ${read}` : `${findings.length} key(s) found in ${read}${stored > 0 ? `; ${stored} stored in KeyHaven: rotate them` : ''}`);
  return lines.join('\n');
}

export async function scan(paths: string[], options: ScanOptions): Promise<void> {
  const cwd = process.cwd();
  const tally: FileTally = { files: 0, binary: 0, tooLarge: [], unreadable: [] };
  const found: Found[] = [];
  for (const file of textFiles(paths.length > 0 ? paths : ['.'], cwd, tally)) found.push(...findKeys(file.text, { path: file.path }));
  const history = { commits: 0 };
  if (options.git) {
    for await (const added of addedLines(cwd, history)) found.push(...findKeys(added.text, { path: added.path, commit: added.commit, firstLine: added.line }));
  }
  const notCompared = await compareWithVault(found, options);
  const findings = found.map((f) => f.finding);
  const commits = options.git ? history.commits : null;
  if (options.sarif) process.stdout.write(JSON.stringify(toSarif(findings, cliVersion()), null, 2) + '\n');
  else {
    const scanned = { files: tally.files, binarySkipped: tally.binary, tooLarge: tally.tooLarge, unreadable: tally.unreadable, ...(commits === null ? {} : { commits }) };
    print(Boolean(options.json), { findings: findings.map((f) => ({ ...f, message: message(f) })), scanned, comparedWithVault: notCompared === null && options.vault !== false && found.length > 0 }, () => humanReport(findings, tally, commits));
  }
  if (tally.tooLarge.length > 0) process.stderr.write(`keyhaven: not read (over 16 MiB): ${tally.tooLarge.join(', ')}\n`);
  if (tally.unreadable.length > 0) process.stderr.write(`keyhaven: could not read: ${tally.unreadable.join(', ')}\n`);
  if (notCompared) process.stderr.write(`keyhaven: note: ${notCompared}\n`);
  if (findings.length > 0) process.exitCode = EXIT.keysFound;
}
