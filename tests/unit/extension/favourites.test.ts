/**
 * Favourites through the background's router (real VaultService, Dexie on fake-indexeddb): a starred key
 * comes first in every order and says so, on its page too; the star is kept in this browser's profile as
 * ids only (no name, no value); a key in the Trash keeps it, a key that is gone loses it; junk on the disk is no star.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { route } from '../../../extension/background/router.js';
import { memoryPorts } from '../../../extension/background/ports.js';
import { VaultService } from '../../../extension/background/vault-service.js';
import { KeyHavenDatabase, updateProfile } from '../../../extension/db/database.js';
import type { Answers, Request } from '../../../extension/messages/protocol.js';

let db: KeyHavenDatabase;
let service: VaultService;

async function ask<T extends Request['type']>(request: Request & { type: T }): Promise<Answers[T]> {
  const answer = await route(service, request);
  if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`);
  return answer.data as Answers[T];
}

const VALUE = 'sk-proj-favourite-test-value-0123456789';
let vaultId = '';
const ids = new Map<string, string>();

beforeEach(async () => {
  db = new KeyHavenDatabase('keyhaven', { indexedDB: new IDBFactory(), IDBKeyRange });
  service = new VaultService(db, memoryPorts());
  await ask({ type: 'create-local', password: 'favourites test password' });
  vaultId = (await ask({ type: 'vaults' })).vaults[0]!.id;
  for (const name of ['key_129', 'Key_5', 'OpenAI prod', 'Zebra']) {
    const item = await ask({ type: 'add', vaultId, fields: { name, provider: name === 'OpenAI prod' ? 'openai' : '' }, value: `${VALUE}-${name}` });
    ids.set(name, item.id);
  }
});

const names = async (sort: 'name' | 'changed' | 'provider' | 'expiring' = 'name') => (await ask({ type: 'list', sort } as Request & { type: 'list' })).items.map((i) => `${i.name}${i.favourite ? ' ★' : ''}`);
const star = (name: string, on = true) => ask({ type: 'favourite', vaultId, itemId: ids.get(name)!, on });

describe('favourites', () => {
  it('puts starred keys first in every order, in that order among themselves, and marks them', async () => {
    expect(await names()).toEqual(['Key_5', 'key_129', 'OpenAI prod', 'Zebra']);
    expect(await star('Zebra')).toEqual({ favourite: true });
    await star('OpenAI prod');
    expect(await names()).toEqual(['OpenAI prod ★', 'Zebra ★', 'Key_5', 'key_129']);
    expect(await names('provider')).toEqual(['OpenAI prod ★', 'Zebra ★', 'Key_5', 'key_129']);
    expect((await ask({ type: 'item', vaultId, itemId: ids.get('Zebra')! })).favourite).toBe(true);
    expect((await ask({ type: 'item', vaultId, itemId: ids.get('Key_5')! })).favourite).toBeUndefined();
    await star('Zebra', false);
    expect(await names()).toEqual(['OpenAI prod ★', 'Key_5', 'key_129', 'Zebra']);
  });

  it('keeps ids only, in this browser’s profile, and survives a lock', async () => {
    await star('OpenAI prod');
    const stored = (await db.profile.get('main'))!.favourites;
    expect(stored).toEqual([`${vaultId}/${ids.get('OpenAI prod')}`]);
    expect(JSON.stringify(await db.profile.get('main'))).not.toContain('OpenAI prod');
    await ask({ type: 'lock' });
    await ask({ type: 'unlock', password: 'favourites test password' });
    expect((await names())[0]).toBe('OpenAI prod ★');
  });

  it('keeps the star of a key in the Trash for its restore, forgets it once the key is deleted for good, and refuses to star a key that is not there', async () => {
    await star('Key_5');
    await ask({ type: 'delete', vaultId, itemId: ids.get('Key_5')! });
    expect(await names()).toEqual(['key_129', 'OpenAI prod', 'Zebra']);
    await ask({ type: 'restore-trashed', vaultId, itemId: ids.get('Key_5')! });
    expect(await names()).toEqual(['Key_5 ★', 'key_129', 'OpenAI prod', 'Zebra']);

    await ask({ type: 'delete', vaultId, itemId: ids.get('Key_5')! });
    await ask({ type: 'purge-trashed', vaultId, itemId: ids.get('Key_5')! });
    expect(await names()).toEqual(['key_129', 'OpenAI prod', 'Zebra']);
    expect((await db.profile.get('main'))!.favourites).toEqual([]);
    await expect(star('Key_5')).rejects.toThrow(/not-found/);
  });

  it('takes junk on the disk for no star, and lists as always', async () => {
    await updateProfile(db, (p) => ({ ...p, favourites: 'junk' as unknown as string[] }));
    const fresh = new VaultService(db, memoryPorts());
    service = fresh;
    await ask({ type: 'unlock', password: 'favourites test password' });
    expect(await names()).toEqual(['Key_5', 'key_129', 'OpenAI prod', 'Zebra']);
  });
});
