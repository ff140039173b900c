/**
 * REVIEW PROOF: docs/crypto.md §16 says a client "writes back every field it knows (a rename keeps the
 * schedule) and keeps the ones it does not". vaultMetaOf writes only name and keyRotationDays: a field a
 * newer client sealed in the meta is dropped by this version's rename.
 */
import { describe, expect, it } from 'vitest';
import { openVaultMeta, sealVaultMeta } from '../../../shared/index.js';
import { useBrowsers, type Browser } from '../../support/extension-browsers.js';
import { useCluster } from '../../support/server.js';

const server = useCluster();
const sql = () => server.cluster.database.sql;
const { ask, signedUp } = useBrowsers(() => server.base);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const internals = (b: Browser) => (b.service as any).unlocked as { api: any; vaults: any };

describe('vault meta forward compatibility', () => {
  it('a rename keeps meta fields this client does not know', async () => {
    const alice = await signedUp('alice');
    const vault = await ask(alice, { type: 'create-vault', name: 'Payments' });
    const { api, vaults } = internals(alice);
    const keyring = vaults.keyring(vault.id);
    // A newer client of Alice's sets the schedule and a field of its own.
    const { metaRevision } = await api.vault(vault.id);
    await api.putMeta(vault.id, metaRevision, await sealVaultMeta({ name: 'Payments', keyRotationDays: 30, rotationWeekday: 'sunday' }, keyring));
    await ask(alice, { type: 'sync-now' });
    await ask(alice, { type: 'rename-vault', vaultId: vault.id, name: 'Payments EU' });
    const [row] = await sql()<{ meta: string }[]>`select meta from vaults where id = ${vault.id}`;
    expect(await openVaultMeta(row!.meta, keyring)).toEqual({ name: 'Payments EU', keyRotationDays: 30, rotationWeekday: 'sunday' });
  });
});
