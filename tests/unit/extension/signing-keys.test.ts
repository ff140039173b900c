/**
 * A signing secret's key set through the background's router over a real VaultService (real crypto,
 * Dexie on fake-indexeddb): rotate with an overlap window, revoke a key, reactivate it, the refusals,
 * and that no answer to a page ever carries a key's secret.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { KeyHavenDatabase } from '../../../extension/db/database.js';
import { route } from '../../../extension/background/router.js';
import { memoryPorts } from '../../../extension/background/ports.js';
import { VaultService } from '../../../extension/background/vault-service.js';
import type { Answers, Request } from '../../../extension/messages/protocol.js';

const FIRST = 'whsec_signing_keys_first_value_0001';
const HOUR = 3_600_000;
let service: VaultService;

beforeEach(() => {
  service = new VaultService(new KeyHavenDatabase('keyhaven', { indexedDB: new IDBFactory(), IDBKeyRange }), memoryPorts());
});

async function ok<T extends Request['type']>(request: Extract<Request, { type: T }>): Promise<Answers[T]> {
  const answer = await route(service, request);
  if (!answer.ok) throw new Error(`${request.type} refused: ${answer.error.code} ${answer.error.message}`);
  return answer.data as Answers[T];
}

async function refused(request: Request): Promise<{ code: string; message: string }> {
  const answer = await route(service, request);
  if (answer.ok) throw new Error(`${request.type} was not refused`);
  return answer.error;
}

async function signingSecret(kind = 'signing-secret') {
  await ok({ type: 'create-local', password: 'signing keys test password' });
  return ok({ type: 'add', fields: { name: 'Webhook endpoint', type: 'secret', kind }, value: FIRST });
}

describe('signing keys in the extension', () => {
  it('shows a signing secret its one key, and other items none', async () => {
    const added = await signingSecret();
    expect(added.signingKeys).toEqual([expect.objectContaining({ state: 'current', signs: true, verifies: true, verifiesUntil: null })]);
    const plain = await ok({ type: 'add', fields: { name: 'Plain' }, value: 'sk_plain_value_000000001' });
    expect(plain.signingKeys).toBeNull();
    // A plain secret becomes a signing secret by its kind.
    expect((await ok({ type: 'edit', itemId: plain.id, fields: { kind: 'signing-secret' } })).signingKeys).toHaveLength(1);
  });

  it('rotates with a window (generated with the old prefix), revokes the old key with a reason, reactivates it; audited like the CLI', async () => {
    const { id } = await signingSecret();
    const before = Date.now();
    const rotated = await ok({ type: 'rotate-signing-key', itemId: id, overlapHours: 24, reason: 'quarterly' });
    const [current, old] = rotated.signingKeys!;
    expect(rotated.signingKeys).toHaveLength(2);
    expect(current).toMatchObject({ state: 'current', signs: true, verifies: true, verifiesUntil: null });
    expect(old).toMatchObject({ state: 'overlap', signs: false, verifies: true });
    expect(Date.parse(old!.verifiesUntil!) - before).toBeGreaterThanOrEqual(24 * HOUR - 1_000);
    expect(Date.parse(old!.verifiesUntil!) - before).toBeLessThan(24 * HOUR + 60_000);
    const { value: second } = await ok({ type: 'reveal', itemId: id });
    expect(second).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);

    const revoked = await ok({ type: 'revoke-signing-key', itemId: id, keyId: old!.id, reason: 'leaked in a log' });
    expect(revoked.signingKeys!.find((k) => k.id === old!.id)).toMatchObject({ state: 'revoked', revokedReason: 'leaked in a log', signs: false, verifies: false });
    expect(revoked.status).toBe('active');
    const back = await ok({ type: 'reactivate-signing-key', itemId: id, keyId: old!.id });
    expect(back.signingKeys!.find((k) => k.id === old!.id)).toMatchObject({ state: 'overlap', verifies: true, revokedReason: null });

    // No answer a page gets carries a secret, old or new.
    for (const answer of [rotated, revoked, back, await ok({ type: 'item', itemId: id }), await ok({ type: 'list' })]) {
      expect(JSON.stringify(answer)).not.toContain(FIRST);
      expect(JSON.stringify(answer)).not.toContain(second);
    }

    const entries = (await ok({ type: 'audit', itemId: id })).entries.filter((e) => e.action !== 'item.reveal');
    expect(entries.slice(0, 3).map((e) => [e.action, e.detail])).toEqual([
      ['item.reactivate', { name: 'Webhook endpoint', signingKey: old!.id }],
      ['item.revoke', { name: 'Webhook endpoint', reason: 'leaked in a log', signingKey: old!.id }],
      ['item.rotate', { name: 'Webhook endpoint', reason: 'quarterly', signingKey: current!.id, overlapHours: 24 }],
    ]);
  });

  it('takes a pasted key; a window of 0 stops the old key at once', async () => {
    const { id } = await signingSecret();
    const rotated = await ok({ type: 'rotate-signing-key', itemId: id, overlapHours: 0, value: 'whsec_pasted_from_the_provider_0002' });
    expect(rotated.signingKeys!.map((k) => k.state)).toEqual(['current']); // an ended key leaves the set
    expect(await ok({ type: 'reveal', itemId: id })).toEqual({ value: 'whsec_pasted_from_the_provider_0002' });
    expect(JSON.stringify(rotated)).not.toContain('whsec_pasted_from_the_provider_0002');
  });

  it('a revoked item shows every key as neither signing nor verifying', async () => {
    const { id } = await signingSecret();
    await ok({ type: 'rotate-signing-key', itemId: id, overlapHours: 24 });
    const revoked = await ok({ type: 'revoke', itemId: id, reason: 'endpoint retired' });
    expect(revoked.signingKeys!.map((k) => [k.state, k.signs, k.verifies])).toEqual([
      ['current', false, false],
      ['overlap', false, false],
    ]);
  });

  it('refuses with a typed error: an unknown key, a second revoke, a window out of range, an item that is not a signing secret', async () => {
    const { id } = await signingSecret();
    const [key] = (await ok({ type: 'item', itemId: id })).signingKeys!;
    expect(await refused({ type: 'revoke-signing-key', itemId: id, keyId: 'k_00000000', reason: 'x' })).toMatchObject({ code: 'invalid-input', message: expect.stringContaining('has no signing key k_00000000') });
    expect(await refused({ type: 'reactivate-signing-key', itemId: id, keyId: key!.id })).toMatchObject({ code: 'invalid-state', message: expect.stringContaining('is not revoked') });
    await ok({ type: 'revoke-signing-key', itemId: id, keyId: key!.id, reason: 'leaked' });
    expect(await refused({ type: 'revoke-signing-key', itemId: id, keyId: key!.id, reason: 'again' })).toMatchObject({ code: 'invalid-state' });
    expect(await refused({ type: 'revoke-signing-key', itemId: id, keyId: key!.id, reason: '  ' })).toEqual({ code: 'bad-request', message: 'reason: give a reason' });
    expect(await refused({ type: 'rotate-signing-key', itemId: id, overlapHours: 721 })).toEqual({ code: 'bad-request', message: 'overlapHours: the overlap window is 0 to 720 hours' });
    expect(await refused({ type: 'rotate-signing-key', itemId: id, overlapHours: -1 })).toMatchObject({ code: 'bad-request' });
    expect(await refused({ type: 'rotate-signing-key', itemId: 'no-such-item', overlapHours: 24 })).toMatchObject({ code: 'not-found' });

    const plain = await ok({ type: 'add', fields: { name: 'Plain' }, value: 'sk_plain_value_000000001' });
    expect(await refused({ type: 'rotate-signing-key', itemId: plain.id, overlapHours: 24 })).toMatchObject({ code: 'invalid-state', message: expect.stringContaining('not a signing secret') });
    expect((await ok({ type: 'item', itemId: plain.id })).signingKeys).toBeNull(); // nothing was changed
  });
});
