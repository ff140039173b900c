/**
 * A second implementation, in Python with the `cryptography` package, written from docs/crypto.md
 * alone, must read what this code writes: a backup made now, and every recorded vector.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import vectors from '../vectors/keyhaven-v1.json';
import syncVectors from '../vectors/keyhaven-v1-sync.json';
import v2 from '../vectors/keyhaven-v2.json';
import team from '../vectors/keyhaven-v2-team.json';
import signing from '../vectors/keyhaven-v2-signing.json';
import accountRotation from '../vectors/keyhaven-v2-account-rotation.json';
import deviceRotation from '../vectors/keyhaven-v2-device-rotation.json';
import tokens from '../vectors/keyhaven-v2-tokens.json';
import summary from '../vectors/keyhaven-v2-summary.json';
import { createBackup, createItem, type BackupContent } from '../../shared/index.js';

const PYTHON = process.env.KEYHAVEN_PYTHON ?? 'python3';

describe('independent Python implementation', () => {
  it('opens a fresh backup and every KeyHaven v1, v2, team, signing-key, account-rotation, device-rotation, access-token and summary-index vector', async () => {
    const password = 'pässwörd with ümlauts and ﬁ ligature';
    const content: BackupContent = {
      v: 1,
      vaults: [{ id: 'p', name: 'Personal', items: [{ id: 'x', payload: createItem({ name: 'Resend', value: 're_abcdefghijklmnop', tags: ['mail'] }, new Date()) }] }],
    };
    const backup = await createBackup(password, content);
    const run = spawnSync(PYTHON, [join(import.meta.dirname, 'crosscheck.py')], {
      input: JSON.stringify({ vectors, syncVectors, v2, team, signing, accountRotation, deviceRotation, tokens, summary, backup, password }),
      encoding: 'utf8',
    });
    expect(run.error, `could not start ${PYTHON}`).toBeUndefined();
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.backup).toEqual(content);
    expect(out.vectorBackup).toEqual(vectors.backup.expected.content);
    expect(out.item).toEqual(vectors.item.expected.payload);
    expect(out.shareVaultKeyHex).toBe(vectors.share.expected.vaultKeyHex);
    expect(out.auditHashes).toEqual(vectors.audit.expected.hashes);
    expect(out.auditDetails).toEqual(vectors.audit.expected.details);
    expect(out.fingerprint).toBe(vectors.identity.expected.fingerprint);
    expect(out.vaultMeta).toEqual(syncVectors.vaultMeta.expected.meta);
    expect(out.vaultMetaSchedule).toEqual(syncVectors.vaultMetaSchedule.expected.meta);
    const people = [team.people.admin, team.people.member].sort((a, b) => (a.account < b.account ? -1 : 1));
    expect(out.team).toEqual({ fingerprints: people.map((p) => p.expected.fingerprint), rosterHashes: team.rosters.map((r) => r.expected.hash), shareVaultKeyHex: team.share.expected.vaultKeyHex, teamMemory: team.teamMemory.expected.body, teamMemoryInvites: team.teamMemoryInvites.expected.body });
    expect(out.signing).toEqual(signing.expected);
    const rotated = accountRotation.account.expected;
    expect(out.accountRotation).toEqual({
      kekHex: rotated.kekHex,
      accountKeyHex: rotated.accountKeyHex,
      previous: rotated.previous.map((p) => ({ keyVersion: p.keyVersion, accountKeyHex: p.accountKeyHex })),
      vaultKeyHex: { underVersion1: accountRotation.vault.expected.vaultKeyHex, underVersion2: accountRotation.vault.expected.vaultKeyHex },
      // The stale keyring opens only with account key 1, the re-wrapped one with account key 2.
      openedWith: { underVersion1: 1, underVersion2: 2 },
      item: accountRotation.item.expected.payload,
      pendingKeyHex: accountRotation.pending.expected.accountKeyHex,
    });
    expect(out.deviceRotation).toEqual({
      retired: deviceRotation.device.expected.retired,
      hashes: deviceRotation.chain.expected.hashes,
      head: deviceRotation.chain.expected.head,
      refused: deviceRotation.refused.map((r) => r.reason),
    });
    expect(out.tokens).toEqual({ credentials: [tokens.vaultWide.expected.credential, tokens.narrowed.expected.credential], item: tokens.item.expected.payload, refused: tokens.refused.length });
    expect(out.summary).toEqual({ digest: summary.expected.digest, items: summary.expected.items, unreadable: summary.expected.unreadable, tag: (summary.expected.items[0]![1] as { valueTag: string }).valueTag });
    expect(out.v2).toEqual({ hashes: v2.chain.expected.hashes, details: v2.chain.expected.details, head: v2.chain.expected.head });
  });
});
