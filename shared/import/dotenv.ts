/**
 * A `.env` parser for importing secrets that live in files today. Written here rather than taken from
 * `dotenv` because dotenv's parser ships in a module that imports node:fs, node:path and node:os, and
 * shared/ must run unchanged in the browser.
 *
 * Accepted: `KEY=value`, `export KEY=value`, spaces around `=`, `#` comments (whole-line, or after an
 * unquoted value when preceded by white space), single quotes (literal), double quotes (with \n, \r,
 * \t, \", \\ escapes, and spanning lines), backticks (literal), CRLF line endings, a UTF-8 BOM.
 * Not accepted (reported, not guessed at): lines without `=`, invalid names, unterminated quotes.
 */

export interface EnvEntry {
  key: string;
  value: string;
  line: number;
}

export interface EnvProblem {
  line: number;
  key?: string;
  reason: string;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

function unescapeDouble(text: string): string {
  return text.replace(/\\([nrt"\\])/g, (_, c: string) => ESCAPES[c]!);
}

export function parseDotenv(text: string): { entries: EnvEntry[]; problems: EnvProblem[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n|\r/);
  const entries: EnvEntry[] = [];
  const problems: EnvProblem[] = [];

  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = lines[i]!.trim();
    if (raw === '' || raw.startsWith('#')) continue;
    const body = raw.replace(/^export\s+/, '');
    const eq = body.indexOf('=');
    if (eq < 0) {
      problems.push({ line: lineNo, reason: 'not a KEY=value line' });
      continue;
    }
    const key = body.slice(0, eq).trim();
    if (!NAME.test(key)) {
      problems.push({ line: lineNo, reason: `"${key.slice(0, 40)}" is not a valid variable name` });
      continue;
    }
    let rest = body.slice(eq + 1).trim();
    const quote = rest[0];
    let value: string;
    if (quote === '"' || quote === "'" || quote === '`') {
      // A quoted value may continue over following lines until its closing quote.
      let end = findClosingQuote(rest, quote);
      while (end < 0 && i + 1 < lines.length) {
        rest += '\n' + lines[++i];
        end = findClosingQuote(rest, quote);
      }
      if (end < 0) {
        problems.push({ line: lineNo, key, reason: `the ${quote} quote is never closed` });
        continue;
      }
      const inner = rest.slice(1, end);
      value = quote === '"' ? unescapeDouble(inner) : inner;
    } else {
      value = rest.replace(/\s+#.*$/, '').trim();
    }
    entries.push({ key, value, line: lineNo });
  }
  return { entries, problems };
}

function findClosingQuote(text: string, quote: string): number {
  for (let i = 1; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  return -1;
}
