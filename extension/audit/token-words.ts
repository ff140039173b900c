/**
 * Access tokens in words, for the tokens screen and the audit log: the refusal reasons the server
 * records (server/middleware/token-auth.ts), and what a `token.*` audit entry's sealed detail says.
 * Here beside the audit wording (words.ts) rather than under ui/: the worker words the log too.
 */

/** A time as the token screens print it (UTC, to the minute). */
export const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');
export const day = (iso: string) => iso.slice(0, 10);

const REFUSALS: Record<string, string> = {
  revoked: 'it was revoked',
  expired: 'it had expired',
  'ip-refused': 'address not allowed',
  'read-only': 'tried to write',
  'rate-limited': 'too many requests',
};

export const refusalWords = (reason: string) => REFUSALS[reason] ?? reason;

export const maskedToken = (tokenId: string) => `kh_…${tokenId.slice(0, 8)}`;

interface ScopeDetail {
  items: unknown[] | null;
  tags: string[] | null;
  environment: string | null;
}

function scopeText(scope: ScopeDetail | undefined): string {
  if (!scope) return '';
  const parts = [
    scope.items ? `${scope.items.length} key${scope.items.length === 1 ? '' : 's'}` : null,
    scope.tags ? `tags ${scope.tags.join(', ')}` : null,
    scope.environment ? `env ${scope.environment}` : null,
  ].filter(Boolean);
  return parts.length ? parts.join(' and ') : 'whole vault';
}

/** What a `token.*` entry's detail holds (docs/crypto.md §25; cli/commands/tokens.ts; shared/tokens/token-events.ts). */
interface TokenDetail {
  tokenId?: string;
  name?: string | null;
  scope?: ScopeDetail;
  expiresAt?: number | null;
  allowedIps?: string[];
  at?: number;
  ip?: string;
  reason?: string;
}

/**
 * The detail of a token entry in words, or null for another action. `names`: token names from the
 * `token.create` entries in view, since a use or refusal names only the token's id.
 */
export function tokenEntryWords(action: string, detail: unknown, names: ReadonlyMap<string, string>, entryAt?: string): string | null {
  if (!action.startsWith('token.') || !detail || typeof detail !== 'object') return null;
  const d = detail as TokenDetail;
  const name = d.name ?? (d.tokenId ? names.get(d.tokenId) : undefined);
  const who = `${d.tokenId ? maskedToken(d.tokenId) : 'a token'}${name ? ` “${name}”` : ''}`;
  // The server's time of a use or refusal, when it is not the entry's own (a device chains events at its next sync).
  const seen = typeof d.at === 'number' ? when(new Date(d.at).toISOString()) : null;
  const at = seen && (!entryAt || when(entryAt) !== seen) ? ` at ${seen}` : '';
  switch (action) {
    case 'token.create': {
      const expires = d.expiresAt ? `expires ${day(new Date(d.expiresAt).toISOString())}` : 'never expires';
      const from = d.allowedIps?.length ? `; only from ${d.allowedIps.join(', ')}` : '';
      return `Made ${who}: ${scopeText(d.scope)}; ${expires}${from}`;
    }
    case 'token.revoke':
      return d.reason === 'member-left' ? `Revoked ${who}: someone who could read its key left the vault` : `Revoked ${who}`;
    case 'token.use':
      return `${who} used from ${d.ip ?? 'an unknown address'}${at} (first use that day, says the server)`;
    case 'token.refuse':
      return `${who} refused from ${d.ip ?? 'an unknown address'}${at}: ${refusalWords(d.reason ?? 'unknown')} (says the server)`;
    default:
      return null;
  }
}
