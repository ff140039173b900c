/**
 * The character sets the generator draws from. Each is a plain string of distinct ASCII characters, at
 * most 256 long (uniformIndices draws one byte per character).
 */

export const CHARSETS = {
  /** Letters and digits: survives every form field, URL, header and config format unescaped. */
  alphanumeric: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
  /**
   * Letters, digits and symbols that a `.env` line, a double-quoted shell string and a JSON string all
   * take as they are: no quotes, backslash, backtick, space, `$` (expansion), `#` (a comment in .env),
   * `!` (bash history), `&|;<>()` (shell operators) or brackets.
   */
  symbols: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789%*+,-./:=?@^_~',
  /** Lower-case hex, as `openssl rand -hex` writes it: 4 bits a character. */
  hex: '0123456789abcdef',
  /** The URL- and filename-safe base64 alphabet (RFC 4648 §5): 6 bits a character. */
  base64url: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_',
} as const satisfies Record<string, string>;

export type Charset = keyof typeof CHARSETS;

export const CHARSET_NAMES = Object.keys(CHARSETS) as Charset[];

export function isCharset(value: unknown): value is Charset {
  return typeof value === 'string' && Object.hasOwn(CHARSETS, value);
}
