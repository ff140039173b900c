/**
 * Adds to tests/vectors/keyhaven-v2-team.json a team memory with a waiting invitation (docs/crypto.md
 * §23: `invites`, added after the first vectors), sealed under the admin account's key. The earlier
 * vectors are left as they are, since blobs written before must keep opening. Run once.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { aad, sealTeamMemory, unlockAccount } from '../shared/index.js';

const file = new URL('../tests/vectors/keyhaven-v2-team.json', import.meta.url);
const team = JSON.parse(readFileSync(file, 'utf8'));
if (team.teamMemoryInvites) throw new Error('the vector is there already; never regenerate to make a test pass');
const v1 = JSON.parse(readFileSync(new URL('../tests/vectors/keyhaven-v1.json', import.meta.url), 'utf8'));
const { accountKey, accountId } = await unlockAccount(v1.password, v1.account.record);
const body = {
  ...team.teamMemory.expected.body,
  invites: [{ vaultId: team.vaultId, email: 'newcomer@example.com', role: 'viewer', at: Date.parse('2026-12-02T18:00:00Z') }],
};
team.teamMemoryInvites = { accountId, blob: await sealTeamMemory({ accountId, accountKey }, body), expected: { body, aad: aad.teamMemory(accountId) } };
writeFileSync(file, JSON.stringify(team, null, 2) + '\n');
console.log('added teamMemoryInvites to tests/vectors/keyhaven-v2-team.json');
