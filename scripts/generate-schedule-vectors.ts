/**
 * Adds to tests/vectors/keyhaven-v1-sync.json a vault meta with a key rotation schedule (docs/crypto.md
 * §16: `keyRotationDays`, added after the first vectors), sealed under the v1 vault key. The earlier
 * vectors are left as they are, since metas written before must keep opening. Run once.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { aad, openVaultKeyring, sealVaultMeta, unlockAccount } from '../shared/index.js';

const file = new URL('../tests/vectors/keyhaven-v1-sync.json', import.meta.url);
const sync = JSON.parse(readFileSync(file, 'utf8'));
if (sync.vaultMetaSchedule) throw new Error('the vector is there already; never regenerate to make a test pass');
const v1 = JSON.parse(readFileSync(new URL('../tests/vectors/keyhaven-v1.json', import.meta.url), 'utf8'));
const { accountKey } = await unlockAccount(v1.password, v1.account.record);
const keyring = await openVaultKeyring(v1.vault.record, accountKey);
const meta = { name: 'Payments', keyRotationDays: 30 };
sync.vaultMetaSchedule = { vaultId: keyring.vaultId, blob: await sealVaultMeta(meta, keyring), expected: { meta, aad: aad.vaultMeta(keyring.vaultId, keyring.current) } };
writeFileSync(file, JSON.stringify(sync, null, 2) + '\n');
console.log('added vaultMetaSchedule to tests/vectors/keyhaven-v1-sync.json');
