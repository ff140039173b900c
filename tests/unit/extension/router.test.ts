/**
 * The background's message router over a real VaultService (real crypto, Dexie on fake-indexeddb, the
 * browser's session storage, badge and clipboard as in-memory ports): what a page can ask and what it
 * gets back, including a worker the browser restarts.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { KeyHavenDatabase } from '../../../extension/db/database.js';
import { route } from '../../../extension/background/router.js';
import { memoryPorts } from '../../../extension/background/ports.js';
import { VaultService } from '../../../extension/background/vault-service.js';
import type { Answers, Request } from '../../../extension/messages/protocol.js';

const PASSWORD = 'router test password';
let indexedDB: IDBFactory;
let ports: ReturnType<typeof memoryPorts>;
let service: VaultService;

/** A fresh worker over the same database and session storage: what the browser does when it restarts it. */
const worker = (options: { minuteMs?: number } = {}) => new VaultService(new KeyHavenDatabase('keyhaven', { indexedDB, IDBKeyRange }), ports, options);

beforeEach(() => {
  indexedDB = new IDBFactory();
  ports = memoryPorts();
  service = worker();
});

/** Asks and expects success, returning the typed data. */
async function ok<T extends Request['type']>(request: Extract<Request, { type: T }>, on = service): Promise<Answers[T]> {
  const answer = await route(on, request);
  if (!answer.ok) throw new Error(`${request.type} refused: ${answer.error.code} ${answer.error.message}`);
  return answer.data as Answers[T];
}

async function withKey(value = 're_router_test_value_123') {
  await ok({ type: 'create-local', password: PASSWORD });
  return ok({ type: 'add', fields: { name: 'Resend', provider: 'resend' }, value });
}

describe('background message router', () => {
  it.each([[null], ['state'], [{ type: 'export-all-keys' }], [{ type: 'add', name: 'x', value: 'y', extra: 1, fields: {} }]])('refuses %j as not a KeyHaven request', async (message) => {
    expect(await route(service, message)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  });

  it('refuses requests from the moment a lock starts, while it seals the list index, and lists from the sealed index after unlocking', async () => {
    await ok({ type: 'create-local', password: PASSWORD });
    let last = '';
    for (let i = 0; i < 40; i++) last = (await ok({ type: 'add', fields: { name: `KEY_${i}` }, value: `sk_router_value_${i}_0123456789` })).id;
    expect((await ok({ type: 'list', limit: 5 })).items.map((i) => i.name)).toEqual(['KEY_0', 'KEY_1', 'KEY_2', 'KEY_3', 'KEY_4']);
    const locking = route(service, { type: 'lock' });
    expect(await route(service, { type: 'reveal', itemId: last })).toMatchObject({ ok: false, error: { code: 'locked' } });
    await locking;
    await ok({ type: 'unlock', password: PASSWORD });
    expect(await ok({ type: 'list', query: 'KEY_3', limit: 100 })).toMatchObject({ total: 11, inScope: 40, offset: 0 });
    expect(await ok({ type: 'list', offset: 38, limit: 10 })).toMatchObject({ items: [{ name: 'KEY_38' }, { name: 'KEY_39' }], total: 40 });
  });

  it('names the field that is wrong in a known request, without echoing what was sent', async () => {
    const answer = await route(service, { type: 'revoke', itemId: 'x', reason: '   ' });
    expect(answer).toEqual({ ok: false, error: { code: 'bad-request', message: 'reason: give a reason' } });
  });

  it('walks a new browser through create, add, list, reveal, lock; refusing work while locked', async () => {
    expect(await ok({ type: 'state' })).toEqual({ phase: 'new', server: null, pending: 0, sync: { state: 'local' }, revision: 0, kdfIterations: null, progress: null, warnings: [], invitations: 0, revoked: null });
    expect(await route(service, { type: 'list' })).toMatchObject({ ok: false, error: { code: 'locked' } });
    const added = await withKey();
    expect(added).toMatchObject({ name: 'Resend', masked: 're_r…_123', provider: 'resend', status: 'active' });
    expect(JSON.stringify(await ok({ type: 'list' }))).not.toContain('re_router_test_value_123'); // a list never carries values
    expect(JSON.stringify(await ok({ type: 'item', itemId: added.id }))).not.toContain('re_router_test_value_123');
    expect(await ok({ type: 'reveal', itemId: added.id })).toEqual({ value: 're_router_test_value_123' });
    expect(await ok({ type: 'lock' })).toMatchObject({ phase: 'locked', kdfIterations: 600_000 });
    expect(await route(service, { type: 'reveal', itemId: added.id })).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect(await route(service, { type: 'unlock', password: 'nope' })).toEqual({ ok: false, error: { code: 'wrong-password', message: 'Wrong password.' } });
    expect(await route(service, { type: 'create-local', password: 'again' })).toMatchObject({ ok: false, error: { code: 'exists' } });
  });

  it('copy hands out the value once, audits it and asks for the clipboard to be cleared after the setting', async () => {
    const { id } = await withKey();
    await ok({ type: 'save-settings', settings: { clipboardSeconds: 12 } });
    expect(await ok({ type: 'copy', itemId: id })).toEqual({ value: 're_router_test_value_123', clearAfterSeconds: 12 });
    expect(ports.clipboardRequests).toBe(1);
    const audit = await ok({ type: 'audit', itemId: id });
    expect(audit.onServer).toBe(false);
    expect(audit.entries.map((e) => e.action)).toEqual(['item.copy', 'item.create']); // newest first
  });

  it('edits, rotates (keeping history), revokes with a reason, reactivates', async () => {
    const { id } = await withKey();
    expect(await ok({ type: 'edit', itemId: id, fields: { environment: 'production', tags: ['email'], rotationDays: 90 } })).toMatchObject({ environment: 'production', tags: ['email'], rotationDays: 90 });
    const rotated = await ok({ type: 'rotate', itemId: id, value: 're_new_value_456', reason: 'scheduled' });
    // Its place and mask, never the value (decision #113: the value comes on a reveal or copy only).
    expect(rotated.history).toEqual([{ index: 0, retiredAt: expect.any(String), reason: 'scheduled', masked: 're_r…_123' }]);
    expect(await ok({ type: 'reveal', itemId: id })).toEqual({ value: 're_new_value_456' });
    expect(await route(service, { type: 'rotate', itemId: id, value: 're_new_value_456' })).toMatchObject({ ok: false, error: { message: expect.stringContaining('same as the current') } });
    expect(await ok({ type: 'revoke', itemId: id, reason: 'leaked in CI logs' })).toMatchObject({ status: 'revoked', revokedReason: 'leaked in CI logs', health: ['revoked'] });
    expect(await ok({ type: 'reactivate', itemId: id })).toMatchObject({ status: 'active', revokedReason: null });
    const actions = (await ok({ type: 'audit', itemId: id })).entries.map((e) => e.action);
    expect(actions.slice(0, 4)).toEqual(['item.reactivate', 'item.revoke', 'item.reveal', 'item.rotate']);
  });

  it('delete moves the key to the Trash; Undo brings back the same key with its value and history', async () => {
    const { id } = await withKey();
    await ok({ type: 'rotate', itemId: id, value: 're_second_value_789', reason: 'rotated' });
    expect(await ok({ type: 'delete', itemId: id })).toEqual({ name: 'Resend' });
    expect((await ok({ type: 'list' })).items).toEqual([]);
    expect((await ok({ type: 'trash' })).items).toMatchObject([{ id, name: 'Resend', daysLeft: 30, canChange: true }]);
    expect(await route(service, { type: 'reveal', itemId: id })).toMatchObject({ ok: false, error: { code: 'in-trash' } });
    const restored = await ok({ type: 'undo-delete', itemId: id });
    expect(restored).toMatchObject({ id, name: 'Resend', history: [{ reason: 'rotated' }] });
    expect(await ok({ type: 'reveal', itemId: id })).toEqual({ value: 're_second_value_789' });
    expect((await ok({ type: 'trash' })).items).toEqual([]);
    expect(await route(service, { type: 'undo-delete', itemId: id })).toMatchObject({ ok: false, error: { message: expect.stringContaining('not in the Trash') } });
  });

  it('a key in the Trash is left out of backups, and importing it again makes a live copy beside it', async () => {
    await ok({ type: 'create-local', password: PASSWORD });
    const env = 'OPENAI_API_KEY=sk-proj-trash-import\nSTRIPE_SECRET=sk_test_trash_import\n';
    await ok({ type: 'import', format: 'env', text: env });
    const openai = (await ok({ type: 'list' })).items.find((i) => i.name === 'OPENAI_API_KEY')!;
    await ok({ type: 'delete', itemId: openai.id });
    expect(await ok({ type: 'export', password: 'backup password' })).toMatchObject({ items: 1 });
    expect((await ok({ type: 'import', format: 'env', text: env })).added).toBe(1);
    expect((await ok({ type: 'list' })).items.map((i) => i.name)).toEqual(['OPENAI_API_KEY', 'STRIPE_SECRET']);
    expect((await ok({ type: 'trash' })).items.map((i) => i.id)).toEqual([openai.id]);
  });

  it('a restarted worker is still unlocked until the auto-lock time; after lock it is not', async () => {
    const { id } = await withKey();
    const restarted = worker();
    expect(await ok({ type: 'state' }, restarted)).toMatchObject({ phase: 'unlocked' });
    expect(await ok({ type: 'reveal', itemId: id }, restarted)).toEqual({ value: 're_router_test_value_123' });
    await ok({ type: 'lock' }, restarted);
    expect(await ports.session.load()).toBeNull();
    expect(await ok({ type: 'state' }, worker())).toMatchObject({ phase: 'locked' });
  });

  it('a worker restarted after the auto-lock deadline starts locked and drops the stored key', async () => {
    await withKey();
    const stored = (await ports.session.load())!;
    await ports.session.save({ ...stored, lockAt: Date.now() - 1 });
    expect(await ok({ type: 'state' }, worker())).toMatchObject({ phase: 'locked' });
    expect(await ports.session.load()).toBeNull();
  });

  it('stored session bytes that do not open the vault leave it locked, not crashed', async () => {
    await withKey();
    const stored = (await ports.session.load())!;
    await ports.session.save({ ...stored, accountKey: 'A'.repeat(43) });
    expect(await ok({ type: 'state' }, worker())).toMatchObject({ phase: 'locked' });
    expect(await ports.session.load()).toBeNull();
  });

  it('locks by itself after the configured idle time, and a request in between keeps it open', async () => {
    service = worker({ minuteMs: 200 });
    await ok({ type: 'create-local', password: PASSWORD });
    await ok({ type: 'save-settings', settings: { autoLockMinutes: 2 } }); // 400 ms here
    await new Promise((r) => setTimeout(r, 250));
    await ok({ type: 'list' }); // used: the clock restarts
    await new Promise((r) => setTimeout(r, 250));
    expect(await ok({ type: 'state' })).toMatchObject({ phase: 'unlocked' });
    await new Promise((r) => setTimeout(r, 600));
    expect(await ok({ type: 'state' })).toMatchObject({ phase: 'locked' });
    expect(await ports.session.load()).toBeNull();
  });

  it('counts keys that need attention on the badge, and new keys get the default rotation policy', async () => {
    await ok({ type: 'create-local', password: PASSWORD });
    await ok({ type: 'save-settings', settings: { defaultRotationDays: 30 } });
    const fresh = await ok({ type: 'add', fields: { name: 'Fresh' }, value: 'fresh-value-1' });
    expect(fresh.rotationDays).toBe(30);
    await ok({ type: 'add', fields: { name: 'Old', expiresAt: '2020-01-01T00:00:00.000Z' }, value: 'old-value-2' });
    await expect.poll(() => ports.badge).toBe(1);
    await ok({ type: 'add', fields: { name: 'Soon', expiresAt: new Date(Date.now() + 3 * 86_400_000).toISOString() }, value: 'soon-value-3' });
    await expect.poll(() => ports.badge).toBe(2);
  });

  it('scores each key against its vault: the same value twice is flagged on both, with the reason, on the list and the key', async () => {
    await ok({ type: 'create-local', password: PASSWORD });
    await ok({ type: 'add', fields: { name: 'Stripe A' }, value: 'sk_live_same_value_twice_01' });
    const b = await ok({ type: 'add', fields: { name: 'Stripe B' }, value: 'sk_live_same_value_twice_01' });
    expect(b).toMatchObject({ health: ['duplicate'], healthScore: 80, healthReasons: ['the same value is stored in 1 other item(s)'], needsAttention: false });
    await ok({ type: 'add', fields: { name: 'Other' }, value: 'sk_live_another_value_0002' });
    const { items } = await ok({ type: 'list' });
    expect(items.map((i) => [i.name, i.healthScore, i.health])).toEqual([
      ['Other', 100, []],
      ['Stripe A', 80, ['duplicate']],
      ['Stripe B', 80, ['duplicate']],
    ]);
    // Rotating one apart clears both.
    await ok({ type: 'rotate', itemId: b.id, value: 'sk_live_now_a_value_of_its_own', reason: 'split' });
    expect((await ok({ type: 'list' })).items.every((i) => i.healthScore === 100 && !i.health.includes('duplicate'))).toBe(true);
    expect(ports.badge).toBe(0);
  });

  it('imports a .env file, exports a backup, and the backup imports into a fresh browser', async () => {
    await ok({ type: 'create-local', password: PASSWORD });
    const env = 'OPENAI_API_KEY=sk-proj-abc\nSTRIPE_SECRET=sk_test_123\nBROKEN LINE\n';
    const report = await ok({ type: 'import', format: 'env', text: env, environment: 'staging' });
    expect(report.added).toBe(2);
    expect(report.skipped).toHaveLength(1);
    expect((await ok({ type: 'import', format: 'env', text: env })).added).toBe(0); // twice adds nothing
    const backup = await ok({ type: 'export', password: 'backup password' });
    expect(backup).toMatchObject({ items: 2, fileName: expect.stringMatching(/^keyhaven-backup-\d{4}-\d{2}-\d{2}\.json$/) });
    expect(backup.text).not.toContain('sk_test_123');

    indexedDB = new IDBFactory();
    ports = memoryPorts();
    service = worker();
    await ok({ type: 'create-local', password: 'another password' });
    expect(await route(service, { type: 'import', format: 'backup', text: backup.text, password: 'wrong' })).toMatchObject({ ok: false, error: { code: 'wrong-password' } });
    expect((await ok({ type: 'import', format: 'backup', text: backup.text, password: 'backup password' })).added).toBe(2);
    expect((await ok({ type: 'list' })).items.map((i) => [i.name, i.environment])).toEqual([
      ['OPENAI_API_KEY', 'staging'],
      ['STRIPE_SECRET', 'staging'],
    ]);
  });

  it('changes the password (and its cost): the new one unlocks, the old one no longer does', async () => {
    await withKey();
    expect(await ok({ type: 'change-password', oldPassword: PASSWORD, newPassword: 'a brand new password', iterations: 700_000 })).toMatchObject({ kdfIterations: 700_000 });
    await ok({ type: 'lock' });
    expect(await route(service, { type: 'unlock', password: PASSWORD })).toMatchObject({ ok: false, error: { code: 'wrong-password' } });
    expect((await ok({ type: 'unlock', password: 'a brand new password' })).phase).toBe('unlocked');
    expect(await route(service, { type: 'change-password', oldPassword: 'wrong', newPassword: 'x' })).toMatchObject({ ok: false, error: { code: 'wrong-password' } });
  });

  it('devices need a server, and say so', async () => {
    await withKey();
    expect(await route(service, { type: 'devices' })).toMatchObject({ ok: false, error: { code: 'no-server', message: expect.stringContaining('Settings') } });
  });
});
