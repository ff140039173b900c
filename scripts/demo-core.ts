/**
 * `npm start`. Today KeyHaven is its vault core  (shared/); the sync server and the browser extension
 * are not built yet, and this script says so rather than pretend. What it does: runs the core once,
 * end to end, with real WebCrypto and a throwaway password, and prints what each step did, so a
 * newcomer sees the key hierarchy work on their own machine. No secret is printed, nothing is written.
 */
import {
  buildAuditEntry,
  createAccount,
  createItem,
  createVaultKeyring,
  EMPTY_HEAD,
  generateDeviceKey,
  generateSecret,
  headAfter,
  openItem,
  rotateValue,
  sealItem,
  signAuditEntry,
  unlockAccount,
  verifyChain,
} from '../shared/index.js';

const step = async <T>(label: string, body: () => Promise<T>): Promise<T> => {
  const start = performance.now();
  const result = await body();
  console.log(`  ✓ ${label.padEnd(58)} ${(performance.now() - start).toFixed(0).padStart(5)} ms`);
  return result;
};

console.log(`KeyHaven ${process.env.npm_package_version ?? ''} — the vault core, end to end:
`);

const password = generateSecret({ bytes: 16 }); // throwaway, never shown
const { record } = await step('create account (PBKDF2 600 000 iterations → KEK)', () => createAccount(password));
const { accountKey, accountId } = await step('unlock account (password → account key)', () => unlockAccount(password, record));
const vault = await step('create vault (vault key wrapped under account key)', () => createVaultKeyring(accountKey));
const ref = { vaultId: vault.record.vaultId, itemId: 'demo-item' };
const value = generateSecret({ prefix: 'sk_test_' });
let payload = createItem({ name: 'Demo Stripe key', provider: 'stripe', value, rotation: { everyDays: 90 } }, new Date());
const envelope = await step('seal an item (fresh DEK, AES-256-GCM, bound to its id)', () => sealItem(payload, ref, vault.keyring));
const opened = await step('open it again', () => openItem(envelope, ref, vault.keyring));
console.log(`      "${opened.name}" round-tripped; the server would see ${JSON.stringify(envelope).length} bytes of ciphertext envelope`);
payload = rotateValue(opened, generateSecret({ prefix: 'sk_test_' }), { reason: 'demo', now: new Date() });
console.log(`      rotated: ${payload.history.length} earlier value kept in history, rotation clock restarted`);
const device = await generateDeviceKey({ extractable: false });
const entry = await step('sign an audit entry (ECDSA P-256, RFC 8785)', async () =>
  signAuditEntry(await buildAuditEntry({ vaultId: ref.vaultId, deviceId: 'this-device', actorId: accountId, action: 'item.rotate', itemId: ref.itemId }, EMPTY_HEAD, new Date()), device.signingKey),
);
const report = await step('verify the audit chain', () =>
  verifyChain([entry], { vaultId: ref.vaultId, devices: new Map([['this-device', { verifyKey: device.verifyKey, revokedAt: null }]]) }),
);
console.log(`      chain ${report.ok ? 'verified' : 'BROKEN'}: head seq ${(await headAfter(entry)).seq}`);
console.log('\nNext: npm test (the whole suite), npm run bench (speed against raw WebCrypto), docs/crypto.md (the formats).');
