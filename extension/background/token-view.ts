/**
 * A vault's access tokens as the tokens screen shows them, in the words `keyhaven token ls` uses: the
 * masked id, the state, the scope in words (with the names of the keys it lists), who made it, last use
 * and last refusal, and the problem when its description did not open or the server's copy drifted.
 */
import { plural } from '../ui/plural.js';
import { compareNames, type IndexedItem, type ListedToken, type TokenScope } from '../../shared/index.js';
import type { TokenInfo, TokensAnswer } from '../messages/token-protocol.js';

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

/** As the CLI prints it: an item must pass every filter, so the parts are joined with "and". */
export function scopeWords(scope: TokenScope, names: ReadonlyMap<string, string>): string {
  const items = scope.items && `${plural(scope.items.length, 'key')} (${scope.items.map((i) => names.get(i) ?? 'a deleted key').join(', ')})`;
  const tags = scope.tags && `${scope.tags.length === 1 ? 'tag' : 'tags'} ${scope.tags.join(', ')}`;
  const env = scope.environment && `env ${scope.environment}`;
  const parts = [items, tags, env].filter((p): p is string => Boolean(p));
  return parts.length ? parts.join(' and ') : 'whole vault';
}

export function tokenInfo(t: ListedToken, names: ReadonlyMap<string, string>, emails: ReadonlyMap<string, string>, now: number): TokenInfo {
  const s = t.summary;
  const d = t.descriptor;
  return {
    id: s.id,
    masked: `kh_…${s.id.slice(0, 8)}`,
    name: d?.name ?? null,
    state: s.revokedAt !== null ? 'revoked' : s.expiresAt !== null && s.expiresAt <= now ? 'expired' : 'live',
    scope: d?.scope ?? null,
    scopeText: d ? scopeWords(d.scope, names) : s.mode === 'vault' ? 'whole vault (as the server says)' : 'some keys (as the server says)',
    // Who made it and when, from the admin-signed description when it opened, not the server's word.
    createdAt: iso(d?.createdAt ?? s.createdAt),
    by: emails.get(d?.by ?? s.createdBy) ?? null,
    expiresAt: isoOrNull(s.expiresAt),
    revokedAt: isoOrNull(s.revokedAt),
    allowedIps: s.allowedIps,
    lastUsed: s.lastUsedAt === null ? null : { at: iso(s.lastUsedAt), ip: s.lastUsedIp ?? '' },
    lastRefusal: s.lastRefusal && { at: iso(s.lastRefusal.at), reason: s.lastRefusal.reason, ip: s.lastRefusal.ip },
    problem: t.problem,
  };
}

/** What the create form offers as a scope: the vault's readable keys, and the tags and environments they use. */
export function scopeChoices(items: readonly IndexedItem[]): TokensAnswer['choices'] {
  const sorted = (values: Iterable<string>) => [...new Set(values)].filter(Boolean).sort(compareNames);
  return {
    items: items.map((i) => ({ id: i.itemId, name: i.facts.name })).sort((a, b) => compareNames(a.name, b.name)),
    tags: sorted(items.flatMap((i) => i.facts.tags)),
    environments: sorted(items.map((i) => i.facts.environment)),
  };
}
