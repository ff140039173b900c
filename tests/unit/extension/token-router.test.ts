/**
 * Access tokens through the background's router (real VaultService, Dexie on fake-indexeddb): what a page
 * may ask without a server, how a bad request is named, and that a copied token is handed to the
 * clipboard clearer only when it has a token's shape; plus the words the screens and audit log use.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { formatToken, newId } from '../../../shared/index.js';
import { KeyHavenDatabase } from '../../../extension/db/database.js';
import { route } from '../../../extension/background/router.js';
import { memoryPorts } from '../../../extension/background/ports.js';
import { scopeWords } from '../../../extension/background/token-view.js';
import { VaultService } from '../../../extension/background/vault-service.js';
import { tokenEntryWords } from '../../../extension/audit/token-words.js';

let ports: ReturnType<typeof memoryPorts>;
let service: VaultService;

beforeEach(async () => {
  ports = memoryPorts();
  service = new VaultService(new KeyHavenDatabase('keyhaven', { indexedDB: new IDBFactory(), IDBKeyRange }), ports);
  await route(service, { type: 'create-local', password: 'token router test password' });
});

const vaultId = async () => {
  const answer = await route(service, { type: 'vaults' });
  if (!answer.ok) throw new Error(answer.error.message);
  return (answer.data as { vaults: { id: string }[] }).vaults[0]!.id;
};

describe('access tokens through the router', () => {
  it('a vault only in this browser has no tokens, and says why', async () => {
    expect(await route(service, { type: 'tokens', vaultId: await vaultId() })).toMatchObject({ ok: false, error: { code: 'no-server', message: expect.stringContaining('sync server') } });
  });

  it('names the wrong field of a create request', async () => {
    const request = { type: 'create-token', vaultId: await vaultId(), name: 'CI', scope: { items: null, tags: null, environment: null }, expiresInDays: 90, allowedIps: ['10.0.0/8'] };
    expect(await route(service, request)).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringMatching(/^allowedIps: must be an IPv4 or IPv6 range/) } });
    expect(await route(service, { ...request, allowedIps: [], expiresInDays: 7 })).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringMatching(/^expiresInDays/) } });
    expect(await route(service, { ...request, allowedIps: [], name: '   ' })).toMatchObject({ ok: false, error: { message: 'name: give the token a name' } });
  });

  it('clears a copied token from the clipboard like a key, and takes nothing that is not a token', async () => {
    const token = formatToken(crypto.getRandomValues(new Uint8Array(32)));
    expect(await route(service, { type: 'token-copied', token })).toEqual({ ok: true, data: { clearAfterSeconds: 30 } });
    expect(ports.clipboardRequests).toBe(1);
    const altered = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    expect(await route(service, { type: 'token-copied', token: altered })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await route(service, { type: 'token-copied', token: 'sk_live_anything_else' })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(ports.clipboardRequests).toBe(1);
  });
});

describe('tokens in words', () => {
  it('says a scope as `keyhaven token ls` does, with the names of the keys it lists', () => {
    const [a, b] = [newId(), newId()];
    const names = new Map([[a, 'Stripe live']]);
    expect(scopeWords({ items: null, tags: null, environment: null }, names)).toBe('whole vault');
    expect(scopeWords({ items: [a, b], tags: null, environment: null }, names)).toBe('2 keys (Stripe live, a deleted key)');
    expect(scopeWords({ items: null, tags: ['ci', 'deploy'], environment: 'prod' }, names)).toBe('tags ci, deploy and env prod');
  });

  it('reads token audit entries, naming a used token from the entry that made it', () => {
    const tokenId = newId();
    const names = new Map([[tokenId, 'CI deploy']]);
    const masked = `kh_…${tokenId.slice(0, 8)}`;
    const at = Date.UTC(2026, 0, 2, 3, 4);
    expect(tokenEntryWords('token.create', { tokenId, name: 'CI deploy', scope: { items: null, tags: ['ci'], environment: null }, expiresAt: at, allowedIps: ['10.0.0.0/8'] }, new Map())).toBe(
      `Made ${masked} “CI deploy”: tags ci; expires 2026-01-02; only from 10.0.0.0/8`,
    );
    expect(tokenEntryWords('token.use', { tokenId, event: 1, at, ip: '203.0.113.9' }, names, new Date(at).toISOString())).toBe(`${masked} “CI deploy” used from 203.0.113.9 (first use that day, says the server)`);
    expect(tokenEntryWords('token.refuse', { tokenId, event: 2, at, ip: '203.0.113.9', reason: 'ip-refused' }, names, '2026-01-03T00:00:00.000Z')).toBe(
      `${masked} “CI deploy” refused from 203.0.113.9 at 2026-01-02 03:04: address not allowed (says the server)`,
    );
    expect(tokenEntryWords('token.revoke', { tokenId, name: 'CI deploy', reason: 'member-left' }, names)).toBe(`Revoked ${masked} “CI deploy”: someone who could read its key left the vault`);
    expect(tokenEntryWords('item.reveal', { tokenId }, names)).toBeNull();
  });
});
