/**
 * Earlier values of a key through the background's router (decision #113): the key's page lists only
 * masks; a reveal or copy names one entry of the history, is audited with the time that value was
 * replaced, and goes through the clipboard clearing; a stale or out-of-range entry, or one with no value,
 * is refused, unaudited.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { KeyHavenDatabase } from '../../../extension/db/database.js';
import { route } from '../../../extension/background/router.js';
import { memoryPorts } from '../../../extension/background/ports.js';
import { VaultService } from '../../../extension/background/vault-service.js';
import type { Answers, Request } from '../../../extension/messages/protocol.js';
import { earlierValue } from '../../../extension/background/earlier-values.js';
import { detail } from '../../../extension/background/item-views.js';
import { BackgroundError } from '../../../extension/background/errors.js';
import { createItem, rotateValue } from '../../../shared/index.js';

const FIRST = 'sk-proj-first_value_0123456789abcd';
const SECOND = 'sk-proj-second_value_0123456789efgh';
const THIRD = 'sk-proj-third_value_0123456789ijkl';

let ports: ReturnType<typeof memoryPorts>;
let service: VaultService;

beforeEach(() => {
  ports = memoryPorts();
  service = new VaultService(new KeyHavenDatabase('keyhaven', { indexedDB: new IDBFactory(), IDBKeyRange }), ports);
});

async function ok<T extends Request['type']>(request: Extract<Request, { type: T }>): Promise<Answers[T]> {
  const answer = await route(service, request);
  if (!answer.ok) throw new Error(`${request.type} refused: ${answer.error.code} ${answer.error.message}`);
  return answer.data as Answers[T];
}

/** A key rotated twice: FIRST and SECOND are in its history, THIRD is current. */
async function rotatedTwice() {
  await ok({ type: 'create-local', password: 'value history test password' });
  const { id } = await ok({ type: 'add', fields: { name: 'OpenAI prod', provider: 'openai' }, value: FIRST });
  await ok({ type: 'rotate', itemId: id, value: SECOND, reason: 'quarterly' });
  return ok({ type: 'rotate', itemId: id, value: THIRD, reason: 'leaked in CI logs' });
}

describe('earlier values of a key', () => {
  it('lists each earlier value masked, oldest first, with when and why it was replaced, and no value', async () => {
    const item = await rotatedTwice();
    expect(item.history).toMatchObject([
      { index: 0, reason: 'quarterly', masked: 'sk-p…abcd' },
      { index: 1, reason: 'leaked in CI logs', masked: 'sk-p…efgh' },
    ]);
    expect(JSON.stringify(item)).not.toContain('first_value');
    expect(JSON.stringify(item)).not.toContain('second_value');
  });

  it('reveals the one asked for and audits it as a reveal naming when that value was replaced', async () => {
    const item = await rotatedTwice();
    const first = item.history[0]!;
    expect(await ok({ type: 'reveal', itemId: item.id, earlier: { index: 0, retiredAt: first.retiredAt } })).toEqual({ value: FIRST });
    expect(await ok({ type: 'reveal', itemId: item.id })).toEqual({ value: THIRD });
    const [current, earlier] = (await ok({ type: 'audit', itemId: item.id })).entries;
    expect(earlier).toMatchObject({ action: 'item.reveal', detail: { name: 'OpenAI prod', retiredAt: first.retiredAt } });
    expect(earlier!.sentence).toBe(`Revealed the value of OpenAI prod replaced on ${first.retiredAt.slice(0, 10)}`);
    expect(current).toMatchObject({ action: 'item.reveal', detail: { name: 'OpenAI prod' } });
    expect(current!.detail).not.toHaveProperty('retiredAt');
  });

  it('copies an earlier value through the clipboard clearing, audited as a copy', async () => {
    const item = await rotatedTwice();
    const second = item.history[1]!;
    expect(await ok({ type: 'copy', itemId: item.id, earlier: { index: 1, retiredAt: second.retiredAt } })).toEqual({ value: SECOND, clearAfterSeconds: 30 });
    expect(ports.clipboardRequests).toBe(1);
    const [entry] = (await ok({ type: 'audit', itemId: item.id })).entries;
    expect(entry).toMatchObject({ action: 'item.copy', detail: { retiredAt: second.retiredAt } });
  });

  it('refuses an entry out of range, or one the history no longer has at that place, with a typed error and no audit entry', async () => {
    const item = await rotatedTwice();
    const before = (await ok({ type: 'audit', itemId: item.id })).entries.length;
    const first = item.history[0]!;
    for (const earlier of [
      { index: 2, retiredAt: first.retiredAt },
      { index: 1, retiredAt: first.retiredAt },
    ]) {
      expect(await route(service, { type: 'reveal', itemId: item.id, earlier })).toMatchObject({ ok: false, error: { code: 'not-found' } });
      expect(await route(service, { type: 'copy', itemId: item.id, earlier })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    }
    expect(await route(service, { type: 'reveal', itemId: item.id, earlier: { index: -1, retiredAt: first.retiredAt } })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(ports.clipboardRequests).toBe(0);
    expect((await ok({ type: 'audit', itemId: item.id })).entries).toHaveLength(before);
  });

  it('an entry with no value (a key that had none, then was rotated) is listed as such and never handed out', () => {
    const now = new Date('2026-12-07T10:00:00.000Z');
    const item = rotateValue(createItem({ type: 'note', name: 'Deploy notes', value: '' }, now), 'now it has one', { now });
    const [entry] = detail('vault', 'item', item, now).history;
    expect(entry).toEqual({ index: 0, retiredAt: now.toISOString(), reason: 'rotated', masked: null });
    expect(() => earlierValue(item, { index: 0, retiredAt: now.toISOString() })).toThrow(BackgroundError);
  });
});
