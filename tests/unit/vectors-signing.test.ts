/**
 * The signing-key-set vectors (tests/vectors/keyhaven-v2-signing.json, docs/crypto.md §7 and §14), made
 * once: the item opens with the v1 vault key, and at each recorded moment exactly the recorded keys
 * verify, each header matching the recorded key or none.
 */
import { describe, expect, it } from 'vitest';
import { liveVerificationKeys, openItem, openVaultKeyring, unlockAccount, verifyWebhookWithKeys } from '../../shared/index.js';
import v1 from '../vectors/keyhaven-v1.json';
import signing from '../vectors/keyhaven-v2-signing.json';

describe('KeyHaven signing key vectors', () => {
  it('open and verify as recorded', async () => {
    const { accountKey } = await unlockAccount(v1.password, v1.account.record);
    const keyring = await openVaultKeyring(v1.vault.record, accountKey);
    const item = await openItem(signing.envelope, { vaultId: signing.vaultId, itemId: signing.itemId }, keyring);
    expect(item).toEqual(signing.expected.payload);
    for (const moment of signing.expected.at) {
      const now = new Date(moment.now);
      const live = liveVerificationKeys(item, now);
      expect(live.map((k) => k.id).sort()).toEqual(moment.liveKeyIds);
      const matches = await Promise.all(
        signing.webhook.headers.map(async ({ header }) => {
          const verdict = await verifyWebhookWithKeys(live, signing.webhook.payload, header, { now, toleranceSeconds: 10 * 86_400 });
          return verdict.ok ? verdict.keyId : null;
        }),
      );
      expect(matches).toEqual(moment.matches);
    }
  });
});
