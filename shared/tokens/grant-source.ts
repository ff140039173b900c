/**
 * Grants for item writes (docs/crypto.md §25): every write a member pushes carries its DEK wrapped for
 * each live narrowed token whose scope holds the item after the write, so such a token reads the
 * current revision of exactly its items. The push names the token list's `seq` it was made for; the
 * server refuses an older one (`tokens-changed`), and the engine reads the list again and retries.
 */
import { extractableDek, itemEnvelopeSchema, openItemWithDek, readEnvelope } from '../vault/envelope.js';
import type { VaultKeyring } from '../vault/keyring.js';
import type { AuditEntryV2 } from '../audit/record.js';
import { SyncError } from '../errors.js';
import type { ApiClient } from '../sync/api-client.js';
import { parseOrThrow } from '../util/parse.js';
import { inScope, type TokenAdminKey } from './descriptor.js';
import { listTokens, narrowedTokens, type ChainRevocations, type NarrowedToken } from './token-list.js';
import { wrapDekForToken } from './token-wrap.js';

/** Pushes tried when the token list keeps changing under them (each admin's change is one more read). */
export const GRANT_RETRIES = 4;

export interface PushTokens {
  seq: number;
  /** The grants for one write (`blob` null: a delete, which has none). */
  grantsFor(itemId: string, revision: number, blob: string | null): Promise<{ tokenId: string; blob: string }[]>;
}

export class GrantSource {
  private readonly cache = new Map<string, Promise<{ seq: number; narrowed: NarrowedToken[] }>>();

  constructor(
    private readonly api: ApiClient,
    private readonly keyringFor: (vaultId: string) => Promise<VaultKeyring>,
    private readonly adminKey: (vaultId: string) => TokenAdminKey,
    private readonly revokedInChain: (vaultId: string) => Promise<ChainRevocations>,
  ) {}

  /** Forget what was read of a vault's tokens (the server said they changed, or a notice did). */
  invalidate(vaultId: string): void {
    this.cache.delete(vaultId);
  }

  async forPush(vaultId: string): Promise<PushTokens> {
    let tokens = this.cache.get(vaultId);
    if (!tokens) {
      tokens = (async () => {
        const list = await listTokens(this.api, vaultId, await this.keyringFor(vaultId), this.adminKey(vaultId), await this.revokedInChain(vaultId));
        return { seq: list.seq, narrowed: await narrowedTokens(list) };
      })();
      this.cache.set(vaultId, tokens);
      tokens.catch(() => this.cache.delete(vaultId));
    }
    const { seq, narrowed } = await tokens;
    const keyring = await this.keyringFor(vaultId);
    return {
      seq,
      grantsFor: async (itemId, revision, blob) => {
        if (narrowed.length === 0 || blob === null) return [];
        const envelope = parseOrThrow(itemEnvelopeSchema, readEnvelope(blob), 'item envelope');
        const ref = { vaultId, itemId };
        const dek = await extractableDek(envelope, ref, keyring);
        const payload = await openItemWithDek(envelope, ref, dek);
        const holders = narrowed.filter((t) => inScope(t.descriptor.scope, itemId, payload));
        return Promise.all(holders.map(async (t) => ({ tokenId: t.id, blob: await wrapDekForToken(dek, itemId, revision, { vaultId, tokenId: t.id }, t.key) })));
      },
    };
  }
}

/**
 * One push, each write with its grants for the vault's narrowed access tokens. When the server says
 * the token list changed since it was read (a token made or revoked meanwhile), the list is read again
 * and the grants made again; nothing else about the writes changes.
 */
export async function pushWithGrants(
  api: ApiClient,
  grants: GrantSource | undefined,
  vaultId: string,
  writes: { itemId: string; baseRevision: number; blob: string | null; record: AuditEntryV2; rev: number }[],
) {
  for (let attempt = 1; ; attempt++) {
    const tokens = grants ? await grants.forPush(vaultId) : null;
    const items = await Promise.all(
      writes.map(async ({ rev, ...w }) => {
        const granted = tokens ? await tokens.grantsFor(w.itemId, rev, w.blob) : [];
        return granted.length > 0 ? { ...w, grants: granted } : w;
      }),
    );
    try {
      return await api.push(vaultId, items, tokens?.seq ?? 0);
    } catch (error) {
      if (!(error instanceof SyncError && error.server?.code === 'tokens-changed' && grants && attempt < GRANT_RETRIES)) throw error;
      grants.invalidate(vaultId);
    }
  }
}
