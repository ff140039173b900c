/**
 * The summary-index vectors (tests/vectors/keyhaven-v2-summary.json, docs/crypto.md §26): the recorded
 * cache opens under the v1 account key to the recorded facts, the facts are what this code derives from
 * the v1 item with the recorded tag key, and the same blob refuses to open for another vault.
 */
import { describe, expect, it } from 'vitest';
import v1 from './../vectors/keyhaven-v1.json';
import vectors from './../vectors/keyhaven-v2-summary.json';
import { CryptoError, fromHex, importTagKey, itemFacts, listingDigest, openItem, openSummary, openVaultKeyring, unlockAccount, type VaultKeyringRecord } from '../../shared/index.js';

describe('summary index vectors', () => {
  it('open to the recorded facts, which the v1 item gives again, and only for their own vault', async () => {
    const { accountKey, accountId } = await unlockAccount(v1.password, v1.account.record as Parameters<typeof unlockAccount>[1]);
    const content = await openSummary({ accountId, accountKey }, vectors.vaultId, vectors.cache);
    expect(content.digest).toBe(vectors.expected.digest);
    expect(await listingDigest(vectors.states)).toBe(vectors.expected.digest);
    // A v1 body (before the Trash): it opens, its items not in the Trash as far as it knows, and says it is v1.
    expect(content.v).toBe(1);
    expect([...content.items]).toEqual(vectors.expected.items.map(([id, facts]) => [id, { ...(facts as object), trashedAt: null }]));
    expect([...content.unreadable]).toEqual(vectors.expected.unreadable);

    const keyring = await openVaultKeyring(v1.vault.record as VaultKeyringRecord, accountKey);
    const payload = await openItem(v1.item.envelope, { vaultId: vectors.vaultId, itemId: v1.item.itemId }, keyring);
    const facts = await itemFacts(payload, await importTagKey(fromHex(vectors.expected.tagKeyHex)));
    expect(facts).toEqual({ ...(vectors.expected.items[0]![1] as object), trashedAt: null });

    await expect(openSummary({ accountId, accountKey }, 'another-vault', vectors.cache)).rejects.toThrow(CryptoError);
  });
});
