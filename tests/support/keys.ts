/** Real keys for tests, made through the same code paths the product uses (no stub crypto). */
import { createAccount, createVaultKeyring, type AccountKey } from '../../shared/index.js';

let cached: Promise<{ accountKey: AccountKey; accountId: string }> | undefined;

/** One real account for a test file; deriving it costs a full 600 000-iteration PBKDF2. */
export function testAccount(): Promise<{ accountKey: AccountKey; accountId: string }> {
  cached ??= createAccount('correct horse battery staple').then(({ unlocked }) => ({
    accountKey: unlocked.accountKey,
    accountId: unlocked.accountId,
  }));
  return cached;
}

export async function testVault(vaultId?: string) {
  const { accountKey } = await testAccount();
  const { record, keyring } = await createVaultKeyring(accountKey, vaultId ? { vaultId } : {});
  return { accountKey, record, keyring, vaultId: record.vaultId };
}

/** Every copy of `bytes` with exactly one byte changed (each position, xor 0x01). */
export function* singleByteFlips(bytes: Uint8Array): Generator<{ index: number; flipped: Uint8Array<ArrayBuffer> }> {
  for (let index = 0; index < bytes.length; index++) {
    const flipped = new Uint8Array(bytes);
    flipped[index]! ^= 0x01;
    yield { index, flipped };
  }
}
