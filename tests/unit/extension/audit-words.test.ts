/**
 * The audit log in words (extension/audit/words.ts): every action of the audit format has a menu label
 * and a sentence, so an action added to AUDIT_ACTIONS_V2 without wording fails here; and the sentences
 * say what the entries' details really hold, as the clients record them.
 */
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, AUDIT_ACTIONS_V2 } from '../../../shared/index.js';
import { actionLabel, auditSentence, AUDIT_WORDING, type WordsInput } from '../../../extension/audit/words.js';

const AT = '2026-03-01T10:00:00.000Z';
const say = (action: string, detail: Record<string, unknown> = {}, key = 'OpenAI prod') => auditSentence(action, { detail, key, at: AT, tokenNames: new Map() } satisfies WordsInput);

describe('audit wording', () => {
  it.each([...AUDIT_ACTIONS_V2])('%s has a label and a sentence that is not its raw id', (action) => {
    expect(Object.hasOwn(AUDIT_WORDING, action), `no wording for ${action}`).toBe(true);
    expect(AUDIT_WORDING[action].label.length).toBeGreaterThan(0);
    for (const detail of [{}, { name: 'OpenAI prod', reason: 'quarterly rotation', email: 'ana@example.com', role: 'editor', device: 'Firefox on Linux' }]) {
      const sentence = say(action, detail);
      expect(sentence.length).toBeGreaterThan(3);
      expect(sentence).not.toContain(action);
    }
  });

  it('covers the v1 actions too (the v2 list extends them)', () => {
    for (const action of AUDIT_ACTIONS) expect(AUDIT_ACTIONS_V2).toContain(action);
    expect(Object.keys(AUDIT_WORDING).sort()).toEqual([...AUDIT_ACTIONS_V2].sort());
  });

  it('says what happened to which key, with the reason given', () => {
    expect(say('item.rotate', { name: 'OpenAI prod', reason: 'quarterly rotation' })).toBe('Rotated OpenAI prod: quarterly rotation');
    expect(say('item.rotate', { reason: 'rotated' })).toBe('Rotated OpenAI prod'); // the default says nothing
    expect(say('item.reveal', {}, 'Stripe live')).toBe('Revealed Stripe live');
    expect(say('item.create')).toBe('Added OpenAI prod');
    expect(say('item.create', { restored: true })).toBe('Restored OpenAI prod (undid its delete)');
    expect(say('item.create', { from: 'Personal' })).toBe('Copied OpenAI prod here from “Personal”');
    expect(say('item.delete', {}, 'Stripe live')).toBe('Deleted Stripe live');
    expect(say('item.delete', { to: 'Team' })).toBe('Moved OpenAI prod to “Team”');
    // The Trash (decision 118): existing actions, told apart by their sealed detail.
    expect(say('item.delete', { trash: 'moved' })).toBe('Moved OpenAI prod to the Trash');
    expect(say('item.delete', { trash: 'purged' })).toBe('Deleted OpenAI prod for good from the Trash');
    expect(say('item.create', { restored: true, trash: 'restored' })).toBe('Restored OpenAI prod from the Trash');
    expect(say('item.copy')).toBe('Copied OpenAI prod to the clipboard');
    // Decision #113: an earlier value from the key's history is named by the day it was replaced.
    expect(say('item.reveal', { retiredAt: '2026-12-07T10:00:00.000Z' })).toBe('Revealed the value of OpenAI prod replaced on 2026-12-07');
    expect(say('item.copy', { retiredAt: '2026-12-07T10:00:00.000Z' })).toBe('Copied the value of OpenAI prod replaced on 2026-12-07 to the clipboard');
    expect(say('item.fill', { site: 'platform.openai.com' })).toBe('Filled OpenAI prod on platform.openai.com');
    expect(say('item.revoke', { reason: 'leaked in CI logs' })).toBe('Revoked OpenAI prod: leaked in CI logs');
    expect(say('item.reactivate')).toBe('Reactivated OpenAI prod');
  });

  it('words signing-key changes by the key they name', () => {
    expect(say('item.rotate', { reason: 'quarterly', signingKey: 'k_3fa9c2d1', overlapHours: 24 }, 'Webhook')).toBe('Rotated the signing key of Webhook to k_3fa9c2d1, the old one verifies for 24 h: quarterly');
    expect(say('item.revoke', { reason: 'leaked', signingKey: 'k_00000001' }, 'Webhook')).toBe('Revoked signing key k_00000001 of Webhook: leaked');
    expect(say('item.reactivate', { signingKey: 'k_00000001' }, 'Webhook')).toBe('Reactivated signing key k_00000001 of Webhook');
  });

  it('an edit names only the fields that changed, or what older entries recorded, or nothing it does not know', () => {
    expect(say('item.edit', { changed: ['environment', 'tags'] }, 'Stripe live')).toBe('Changed Stripe live: environment, tags');
    expect(say('item.edit', { changed: ['name', 'url', 'expiresAt', 'rotation'], renamedFrom: 'Stripe' }, 'Stripe live')).toBe(
      'Changed Stripe live: name (was “Stripe”), URL, expiry date, rotation schedule',
    );
    expect(say('item.edit', { changed: [] })).toBe('Saved OpenAI prod without changing anything');
    expect(say('item.edit', { fields: ['environment', 'rotationDays'] })).toBe('Edited OpenAI prod (fields saved: environment, rotation schedule)');
    expect(say('item.edit')).toBe('Edited OpenAI prod');
  });

  it('words members, devices, the vault and backups', () => {
    expect(say('member.add', { email: 'ana@example.com', role: 'editor', roster: 3 })).toBe('Invited ana@example.com as editor');
    expect(say('member.role', { email: 'ana@example.com', role: 'admin' })).toBe('Changed ana@example.com’s role to admin');
    expect(say('member.remove', { email: 'ana@example.com' })).toBe('Removed ana@example.com from the vault');
    expect(say('device.revoke', { device: 'Firefox on Linux' })).toBe('Device “Firefox on Linux” revoked');
    expect(say('device.revoke')).toBe('Revoked a device');
    expect(say('vault.create', { name: 'Payments' })).toBe('Created the vault “Payments”');
    expect(say('backup.export', { items: 3 })).toBe('Exported an encrypted backup of 3 keys');
    expect(say('backup.export')).toBe('Exported an encrypted backup');
    expect(say('backup.import', { format: 'env', added: 1, skipped: 2 })).toBe('Imported 1 key from a .env file (2 skipped)');
  });

  it('follows a key rotation step by step, for the vault, account and device keys', () => {
    expect(say('vault.key-rotate', { phase: 'start', fromVersion: 1 })).toBe('Started rotating the vault key');
    expect(say('vault.key-rotate', { phase: 'checkpoint', toVersion: 2, done: 40, total: 100 })).toBe('Rotating the vault key to version 2: 40 of 100 re-encrypted');
    expect(say('vault.key-rotate', { phase: 'done', toVersion: 2, rewrapped: 100 })).toBe('Rotated the vault key to version 2 (100 keys re-encrypted)');
    expect(say('vault.key-rotate', { phase: 'failed', reason: 'forbidden' })).toBe('Rotating the vault key failed: forbidden');
    expect(say('vault.key-rotate', { phase: 'published', scope: 'account-key', toVersion: 3 })).toBe('Published the new account key (version 3)');
    expect(say('vault.key-rotate', { phase: 'done', scope: 'device-key', key: '1234 5678' })).toBe('Rotated this device’s signing key');
  });

  it('hands token entries to the token wording, and names an action it does not know', () => {
    expect(say('token.revoke', { tokenId: 'abcdef0123456789', name: 'CI deploy' })).toBe('Revoked kh_…abcdef01 “CI deploy”');
    expect(say('token.use')).toBe('An access token was used');
    expect(say('item.teleport')).toBe('item.teleport (an action this version of KeyHaven does not know)');
    expect(actionLabel('item.rotate')).toBe('Rotated');
    expect(actionLabel('item.teleport')).toBe('item.teleport');
  });
});
