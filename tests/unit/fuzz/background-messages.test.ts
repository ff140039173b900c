/**
 * Whatever a page or a content script sends the background (a real VaultService over Dexie on
 * fake-indexeddb, unlocked): junk, and every request type with its fields missing, of the wrong type or
 * plausible. The router always answers, and a refusal carries a code the UI can act on, never
 * `internal` (an exception nobody expected).
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { KeyHavenDatabase } from '../../../extension/db/database.js';
import { route } from '../../../extension/background/router.js';
import { memoryPorts } from '../../../extension/background/ports.js';
import { VaultService } from '../../../extension/background/vault-service.js';
import { requestSchema } from '../../../extension/messages/protocol.js';

const PASSWORD = 'background fuzz password';
let service: VaultService;
let vaultId = '';
let itemId = '';

beforeAll(async () => {
  service = new VaultService(new KeyHavenDatabase('keyhaven', { indexedDB: new IDBFactory(), IDBKeyRange }), memoryPorts());
  await route(service, { type: 'create-local', password: PASSWORD });
  const vaults = await route(service, { type: 'vaults' });
  if (!vaults.ok) throw new Error(vaults.error.message);
  vaultId = (vaults.data as { vaults: { id: string }[] }).vaults[0]!.id;
  const added = await route(service, { type: 'add', vaultId, fields: { name: 'OPENAI_KEY', value: 'sk-proj-fuzz-0001' } });
  if (added.ok) itemId = (added.data as { id?: string }).id ?? '';
});

const shapes = requestSchema.options.map((o) => ({ type: o.shape.type.value as string, fields: Object.keys(o.shape).filter((k) => k !== 'type') }));

/** A request of a known type, each field left out, junk, or something plausible. */
const requests = fc.constantFrom(...shapes).chain(({ type, fields }) =>
  fc
    .tuple(...fields.map(() => fc.option(fc.oneof(fc.jsonValue(), fc.string(), fc.constant(vaultId), fc.constant(itemId), fc.constant(PASSWORD)), { nil: undefined })))
    .map((values) => Object.fromEntries([['type', type], ...fields.flatMap((f, i) => (values[i] === undefined ? [] : [[f, values[i]]]))])),
);
// Never the ones that lock, or end the vault the others work on: the rest of the run would test only that state.
const harmless = requests.filter((r) => !['lock', 'change-password', 'rotate-account-key', 'delete-vault'].includes(r.type as string));

describe('the background answers any message', () => {
  it('refuses junk as not a request, and a request with a bad field by naming the field', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), fc.string(), fc.constant(undefined)), async (message) => {
        const answer = await route(service, message);
        expect(answer.ok).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('answers every request type with a result or a typed refusal, never an internal error', async () => {
    await fc.assert(
      fc.asyncProperty(harmless, async (message) => {
        const answer = await route(service, message);
        if (!answer.ok) expect(answer.error.code, `${JSON.stringify(message).slice(0, 300)} → ${answer.error.message}`).not.toBe('internal');
      }),
      { numRuns: 400 },
    );
  }, 120_000);
});
