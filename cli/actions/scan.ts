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
import { addedLines, isShallow } from '../scan/git-history.js';
import { gitIgnored } from '../scan/git-ignored.js';
import { printablePath } from '../scan/paths.js';
import { CliError } from '../errors.js';
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
  return `${f.commit ? `${f.commit.slice(0, 12)}:` : ''}${printablePath(f.path)}:${f.line}:${f.column}`;
}

function findingLines(f: Finding): string {
  const head = `${location(f)}  ${f.provider} ${f.kind}  ${f.masked}`;
  if (f.stored.length === 0) return head;
  const names = f.stored.map((s) => `"${s.name}" (vault "${s.vault}")`).join(', ');
  return `${head}\n  stored in KeyHaven as ${names}${f.ignored ? '' : ': rotate it, it leaked here'}`;
}

/** What was read, in words: "12 file(s), 1 binary skipped and 40 commit(s)", "the staged changes". */
function whatWasRead(tally: FileTally, commits: number | null, staged: boolean): string {
  const skipped = tally.binary > 0 ? `, ${tally.binary} binary skipped` : '';
  const parts = [staged ? 'the staged changes' : `${tally.files} file(s)${skipped}`, ...(commits === null ? [] : [`${commits} commit(s)`])];
  return parts.join(' and ');
}

function humanReport(findings: Finding[], read: string): string {
  const counted = findings.filter((f) => !f.ignored);
  const ignored = findings.filter((f) => f.ignored);
  const lines = counted.map(findingLines);
  if (ignored.length > 0) lines.push(`in files git ignores (not committed, not counted):`, ...ignored.map((f) => `  ${findingLines(f).replace(/\n/g, '\n  ')}`));
  const stored = counted.filter((f) => f.stored.length > 0).length;
  lines.push(counted.length === 0 ? `no keys found in ${read}` : `${counted.length} key(s) found in ${read}${stored > 0 ? `; ${stored} stored in KeyHaven: rotate them` : ''}`);
  return lines.join('\n');
}

export async function scan(paths: string[], options: ScanOptions): Promise<void> {
  if (options.json && options.sarif) throw new CliError('usage', '--json and --sarif are two output formats: choose one');
  const cwd = process.cwd();
  const tally: FileTally = { files: 0, binary: 0, tooLarge: [], unreadable: [] };
  const found: Found[] = [];
  if (options.staged) {
    // What the commit will hold, even a file git ignores that was added by force: nothing is set aside.
    for await (const added of addedLines(cwd, { commits: 0 }, 'staged', paths)) for (const f of findKeys(added.text, { path: added.path, firstLine: added.line })) found.push(f);
  } else {
    // One finding at a time: a file can hold a hundred thousand keys (no spreading into push).
    for (const file of textFiles(paths.length > 0 ? paths : ['.'], cwd, tally)) for (const f of findKeys(file.text, { path: file.path })) found.push(f);
    const ignored = await gitIgnored(cwd, [...new Set(found.map((f) => f.finding.path))]);
    for (const f of found) if (ignored.has(f.finding.path)) f.finding.ignored = true;
  }
  const history = { commits: 0 };
  if (options.git) {
    for await (const added of addedLines(cwd, history)) for (const f of findKeys(added.text, { path: added.path, commit: added.commit, firstLine: added.line })) found.push(f);
    if (await isShallow(cwd)) process.stderr.write('keyhaven: note: this is a shallow clone: commits before its depth were not read (`git fetch --unshallow` first)\n');
  }
  const notCompared = await compareWithVault(found, options);
  const findings = found.map((f) => f.finding);
  const commits = options.git ? history.commits : null;
  if (options.sarif) process.stdout.write(JSON.stringify(toSarif(findings, cliVersion()), null, 2) + '\n');
  else {
    const scanned = { files: tally.files, binarySkipped: tally.binary, tooLarge: tally.tooLarge, unreadable: tally.unreadable, ...(commits === null ? {} : { commits }) };
    print(Boolean(options.json), { findings: findings.map((f) => ({ ...f, message: message(f) })), scanned, comparedWithVault: notCompared === null && options.vault !== false && found.length > 0 }, () => humanReport(findings, whatWasRead(tally, commits, Boolean(options.staged))));
  }
  if (tally.tooLarge.length > 0) process.stderr.write(`keyhaven: not read (over 16 MiB): ${tally.tooLarge.map(printablePath).join(', ')}\n`);
  if (tally.unreadable.length > 0) process.stderr.write(`keyhaven: could not read: ${tally.unreadable.map(printablePath).join(', ')}\n`);
  if (notCompared) process.stderr.write(`keyhaven: note: ${notCompared}\n`);
  if (findings.some((f) => !f.ignored)) process.exitCode = EXIT.keysFound;
}
