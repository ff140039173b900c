/**
 * The page part of the protocol through the background's router (real VaultService, Dexie on
 * fake-indexeddb, the in-memory ports): the site of a tab with the first list, and text kept from "Save selection to
 * KeyHaven", handed over once, for its token only; the text is never in an error.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { memoryPorts } from '../../../extension/background/ports.js';
import { route } from '../../../extension/background/router.js';
import { VaultService } from '../../../extension/background/vault-service.js';
import { KeyHavenDatabase } from '../../../extension/db/database.js';

let ports: ReturnType<typeof memoryPorts>;
let service: VaultService;

beforeEach(() => {
  ports = memoryPorts();
  service = new VaultService(new KeyHavenDatabase('keyhaven', { indexedDB: new IDBFactory(), IDBKeyRange }), ports);
});

const TOKEN = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde';

describe('the first list, asked with the tab the popup was opened over', () => {
  it("answers the tab's site and its keys with the rows, as the browser lets the background know the site", async () => {
    await route(service, { type: 'create-local', password: 'correct horse battery staple' });
    await route(service, { type: 'add', fields: { name: 'OpenAI prod', url: 'https://platform.openai.com/api-keys' }, value: 'sk-proj-first' });
    await route(service, { type: 'add', fields: { name: 'Elsewhere' }, value: 'other-value' });
    ports.tabSites.set(7, 'platform.openai.com');
    const over = await route(service, { type: 'list', tab: 7, offset: 0, limit: 200 });
    expect(over).toMatchObject({ ok: true, data: { siteHost: 'platform.openai.com', total: 2, site: { total: 1, items: [{ name: 'OpenAI prod' }] } } });
    const unknown = await route(service, { type: 'list', tab: 8, offset: 0, limit: 200 });
    expect(unknown).toMatchObject({ ok: true, data: { siteHost: '', total: 2, site: { total: 0, items: [] } } });
    expect(await route(service, { type: 'list', tab: -1 })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  });
});

describe('take-selection', () => {
  it('hands the kept text over once, to its token', async () => {
    ports.selections.set(TOKEN, { value: 'sk-proj-selected', url: 'https://example.org/keys' });
    expect(await route(service, { type: 'take-selection', token: TOKEN.replace('A', 'B') })).toMatchObject({ ok: false, error: { code: 'selection-gone' } });
    expect(await route(service, { type: 'take-selection', token: TOKEN })).toEqual({ ok: true, data: { value: 'sk-proj-selected', url: 'https://example.org/keys' } });
    const again = await route(service, { type: 'take-selection', token: TOKEN });
    expect(again).toMatchObject({ ok: false, error: { code: 'selection-gone', message: expect.stringContaining('select it again') } });
    expect(JSON.stringify(again)).not.toContain('sk-proj-selected');
  });

  it('refuses what is not a token', async () => {
    for (const token of ['', 'short', `${TOKEN}!`, 'a'.repeat(65)]) {
      expect(await route(service, { type: 'take-selection', token })).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringMatching(/^token/) } });
    }
  });
});
