/**
 * Finds any trace of known strings in a body of text: every window of 8 characters of each string, and
 * of its UTF-8 bytes in base64 and base64url (at each of the three byte alignments it could sit at inside
 * a longer value) and in hex (8 bytes, either case). A match names the string and the encoding.
 */

const WINDOW = 8;

function windows(text: string, size: number, step = 1): string[] {
  const out: string[] = [];
  for (let i = 0; i + size <= text.length; i += step) out.push(text.slice(i, i + size));
  return out;
}

/** The base64 characters fully determined by `bytes`, wherever they sit: each of the three alignments. */
function base64Runs(bytes: Uint8Array): string[] {
  const runs: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const part = bytes.subarray(offset);
    const whole = part.subarray(0, part.length - (part.length % 3));
    runs.push(Buffer.from(whole).toString('base64'));
  }
  return runs;
}

export interface Trace {
  secret: string;
  encoding: 'plain' | 'base64' | 'base64url' | 'hex';
  needle: string;
}

export interface Needles {
  /** Every trace of any secret in `haystack`. */
  find(haystack: string): Trace[];
}

export function needlesFor(secrets: string[]): Needles {
  const exact = new Map<string, Trace>();
  const hex = new Map<string, Trace>();
  for (const secret of secrets) {
    if (secret.length < WINDOW) throw new Error(`a secret to look for must have at least ${WINDOW} characters`);
    const bytes = new TextEncoder().encode(secret);
    for (const needle of windows(secret, WINDOW)) exact.set(needle, { secret, encoding: 'plain', needle });
    for (const run of base64Runs(bytes)) {
      for (const needle of windows(run, WINDOW)) {
        exact.set(needle, { secret, encoding: 'base64', needle });
        const url = needle.replace(/\+/g, '-').replace(/\//g, '_');
        if (url !== needle) exact.set(url, { secret, encoding: 'base64url', needle: url });
      }
    }
    for (const needle of windows(Buffer.from(bytes).toString('hex'), 2 * WINDOW, 2)) hex.set(needle, { secret, encoding: 'hex', needle });
  }
  return {
    find(haystack) {
      const found = new Map<string, Trace>();
      const scan = (text: string, table: Map<string, Trace>, size: number) => {
        for (let i = 0; i + size <= text.length; i++) {
          const hit = table.get(text.slice(i, i + size));
          if (hit) found.set(`${hit.secret}/${hit.encoding}`, hit);
        }
      };
      scan(haystack, exact, WINDOW);
      scan(haystack.toLowerCase(), hex, 2 * WINDOW);
      return [...found.values()];
    },
  };
}
