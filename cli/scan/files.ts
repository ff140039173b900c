/**
 * The files `keyhaven scan` reads: every regular file under the paths given, except inside `.git` and
 * `node_modules` (a repository's objects and other people's packages), binary files (a NUL byte in the
 * first 8 KiB) and files over 16 MiB. Symbolic links inside folders are not followed.
 */
import { lstatSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { CliError } from '../errors.js';

export const SKIPPED_FOLDERS = new Set(['.git', 'node_modules']);
export const MAX_FILE_BYTES = 16 * 1024 * 1024;
const SNIFF_BYTES = 8 * 1024;

export interface ScannedFile {
  path: string;
  text: string;
}

export interface FileTally {
  files: number;
  binary: number;
  tooLarge: string[];
  /** Files and folders that could not be read (permissions), with the reason. */
  unreadable: string[];
}

/**
 * A file's text: UTF-16 when it starts with a byte-order mark (Windows editors and PowerShell's `>`
 * write `.env` files that way, and every other byte of them is NUL), else UTF-8; null for binary data
 * (a NUL byte in the first 8 KiB).
 */
export function decodeText(bytes: Buffer): string | null {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  return bytes.subarray(0, SNIFF_BYTES).includes(0) ? null : bytes.toString('utf8');
}

/** Each text file under `paths`, read as UTF-8 (or UTF-16 with a byte-order mark); the tally says what was left out. */
export function* textFiles(paths: readonly string[], cwd: string, tally: FileTally): Generator<ScannedFile> {
  const shown = (file: string) => relative(cwd, file).split(sep).join('/') || '.';
  const visit = function* (file: string, given: boolean): Generator<ScannedFile> {
    let stat;
    try {
      // A path named on the command line is followed if it is a link (a linked `.env`); links found
      // inside folders are not, so a scan stays inside what it was given and cannot loop.
      stat = given ? statSync(file) : lstatSync(file);
    } catch {
      if (given) throw new CliError('not-found', `${file}: no such file or folder`);
      return; // removed while the scan ran
    }
    if (stat.isDirectory()) {
      let entries;
      try {
        entries = readdirSync(file, { withFileTypes: true });
      } catch (error) {
        tally.unreadable.push(`${shown(file)}/ (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
        return;
      }
      for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
        if (entry.isDirectory() && SKIPPED_FOLDERS.has(entry.name)) continue;
        yield* visit(join(file, entry.name), false);
      }
      return;
    }
    if (!stat.isFile()) return;
    if (stat.size > MAX_FILE_BYTES) {
      tally.tooLarge.push(shown(file));
      return;
    }
    if (stat.size === 0) {
      tally.files++;
      return;
    }
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      tally.unreadable.push(`${shown(file)} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
      return;
    }
    const text = decodeText(bytes);
    if (text === null) {
      tally.binary++;
      return;
    }
    tally.files++;
    yield { path: shown(file), text };
  };
  for (const path of paths) yield* visit(resolve(cwd, path), true);
}
