/**
 * npm run bench [-- --json] [--only=SECTION] [--compare=saved.json]: the vault core's speed, each
 * row beside a bare WebCrypto baseline that performs the same primitive operations in the same run,
 * so the ratio shows KeyHaven's own overhead (validation, JSON, base64url, AAD building) independent
 * of how fast this machine is. --compare prints the change against a saved --json run.
 */
import os from 'node:os';
import {
  createAccount,
  createItem,
  createVaultKeyring,
  fromBase64url,
  openItem,
  rotateVaultKey,
  sealItem,
  unlockAccount,
  utf8,
  type ItemEnvelope,
} from '../../shared/index.js';
import { MemoryRotationStore } from '../support/memory-rotation-store.js';
import { fmtMs, inBatches, medianMs, printSection, ratio, writeJson, type Section } from './harness.js';
import { benchServer } from './server.js';
import { benchContention } from './contention.js';
import { benchSync } from './sync.js';
import { benchIntegrity } from './integrity.js';
import { benchTeam } from './team.js';
import { benchDetect } from './detect.js';
import { benchDetectorNode } from './detect-node.js';
import { benchExtension } from './extension.js';
import { benchVaultKeyRotation } from './rotation.js';
import { benchAccountKeyRotation } from './account-rotation.js';
import { benchTokens } from './tokens.js';
import { benchCapacity } from './capacity.js';
import { benchCli } from './cli.js';
import { benchMemory } from './memory.js';
import { printComparison, readSaved } from './compare.js';

interface BenchRow {
  name: string;
  n: number;
  keyhavenMs: number;
  baselineMs: number;
  baseline: string;
  note?: string;
}

const ITEMS = 10_000;
const WIDTH = 256; // items in flight at once, as openItems does for a vault
const PASSWORD = 'bench password, not a secret';
const AES = { name: 'AES-GCM', length: 256 } as const;

const gcm = (iv: Uint8Array<ArrayBuffer>, aadText: string) => ({ name: 'AES-GCM', iv, additionalData: utf8(aadText) });
const nonce = () => crypto.getRandomValues(new Uint8Array(12));

async function benchUnlock(): Promise<BenchRow> {
  const { record } = await createAccount(PASSWORD);
  const keyhavenMs = await medianMs(5, () => unlockAccount(PASSWORD, record));
  const baselineMs = await medianMs(5, async () => {
    const key = await crypto.subtle.importKey('raw', utf8(PASSWORD), 'PBKDF2', false, ['deriveBits']);
    await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: fromBase64url(record.kdf.salt), iterations: record.kdf.iterations }, key, 256);
  });
  return { name: 'unlock (PBKDF2 + HKDF + unwrap)', n: 1, keyhavenMs, baselineMs, baseline: 'bare PBKDF2-SHA256, 600 000 iterations', note: 'median of 5' };
}

async function benchItems(): Promise<BenchRow[]> {
  const { unlocked } = await createAccount(PASSWORD);
  const { keyring, vaultId } = await createVaultKeyring(unlocked.accountKey).then((v) => ({ keyring: v.keyring, vaultId: v.record.vaultId }));
  const payload = createItem({ name: 'OpenAI production', provider: 'openai', environment: 'production', tags: ['ai', 'prod'], value: 'sk-proj-' + 'x'.repeat(156) }, new Date());
  const plaintext = utf8(JSON.stringify(payload));
  const ids = Array.from({ length: ITEMS }, (_, i) => `item-${i}`);
  const envelopes: ItemEnvelope[] = new Array(ITEMS);

  const sealMs = await medianMs(3, () => inBatches(ITEMS, WIDTH, async (i) => (envelopes[i] = await sealItem(payload, { vaultId, itemId: ids[i]! }, keyring))));
  // Raw: the same three primitive calls per item (fresh key, encrypt payload, wrap key), nothing else.
  const vaultKey = keyring.currentKey();
  const rawSealed: { wrapped: ArrayBuffer; data: ArrayBuffer; n1: Uint8Array<ArrayBuffer>; n2: Uint8Array<ArrayBuffer> }[] = new Array(ITEMS);
  const rawSealMs = await medianMs(3, () =>
    inBatches(ITEMS, WIDTH, async (i) => {
      const dek = await crypto.subtle.generateKey(AES, true, ['encrypt', 'decrypt']);
      const n1 = nonce();
      const n2 = nonce();
      const data = await crypto.subtle.encrypt(gcm(n1, 'item'), dek, plaintext);
      const wrapped = await crypto.subtle.wrapKey('raw', dek, vaultKey, gcm(n2, 'dek'));
      rawSealed[i] = { wrapped, data, n1, n2 };
    }),
  );

  const openMs = await medianMs(3, () => inBatches(ITEMS, WIDTH, (i) => openItem(envelopes[i], { vaultId, itemId: ids[i]! }, keyring)));
  const rawOpenMs = await medianMs(3, () =>
    inBatches(ITEMS, WIDTH, async (i) => {
      const s = rawSealed[i]!;
      const dek = await crypto.subtle.unwrapKey('raw', s.wrapped, vaultKey, gcm(s.n2, 'dek'), 'AES-GCM', false, ['decrypt']);
      await crypto.subtle.decrypt(gcm(s.n1, 'item'), dek, s.data);
    }),
  );
  const baseline = 'raw WebCrypto, same calls per item';
  return [
    { name: `seal ${ITEMS} items`, n: ITEMS, keyhavenMs: sealMs, baselineMs: rawSealMs, baseline, note: 'per item: generateKey + encrypt + wrapKey; median of 3' },
    { name: `open ${ITEMS} items`, n: ITEMS, keyhavenMs: openMs, baselineMs: rawOpenMs, baseline, note: 'per item: unwrapKey + decrypt, plus schema validation; median of 3' },
  ];
}

async function benchRotation(): Promise<BenchRow> {
  const { unlocked } = await createAccount(PASSWORD);
  const { record, keyring } = await createVaultKeyring(unlocked.accountKey);
  const vaultId = record.vaultId;
  const store = new MemoryRotationStore(record);
  const payload = createItem({ name: 'k', value: 'sk-test-' + 'y'.repeat(40) }, new Date());
  await inBatches(ITEMS, WIDTH, async (i) => {
    const itemId = `item-${String(i).padStart(5, '0')}`;
    store.items.set(itemId, await sealItem(payload, { vaultId, itemId }, keyring));
  });
  const start = performance.now();
  await rotateVaultKey({ store, vaultId, accountKey: unlocked.accountKey });
  const keyhavenMs = performance.now() - start;

  // Raw: unwrap each DEK as extractable and wrap it under a new key, one at a time as the rotation does.
  const oldKey = keyring.currentKey();
  const newKey = await crypto.subtle.generateKey(AES, false, ['wrapKey', 'unwrapKey']);
  const wrapped = await Promise.all(
    Array.from({ length: ITEMS }, async () => {
      const n = nonce();
      const dek = await crypto.subtle.generateKey(AES, true, ['encrypt']);
      return { n, w: await crypto.subtle.wrapKey('raw', dek, oldKey, gcm(n, 'dek')) };
    }),
  );
  const rawStart = performance.now();
  for (const { n, w } of wrapped) {
    const dek = await crypto.subtle.unwrapKey('raw', w, oldKey, gcm(n, 'dek'), 'AES-GCM', true, ['encrypt']);
    await crypto.subtle.wrapKey('raw', dek, newKey, gcm(nonce(), 'dek-new'));
  }
  const baselineMs = performance.now() - rawStart;
  return {
    name: `rotate vault key, ${ITEMS} items`,
    n: ITEMS,
    keyhavenMs,
    baselineMs,
    baseline: 'raw unwrap + wrap per item, sequential',
    note: 'batches of 250, progress saved after each, compare-and-set per item (in-memory store)',
  };
}

function coreSection(rows: BenchRow[]): Section {
  return {
    title: 'Vault core (Node WebCrypto)',
    columns: ['benchmark', 'n', 'KeyHaven ms', 'baseline ms', 'ratio', 'per op', 'baseline'],
    rows: rows.map((r) => [r.name, r.n, fmtMs(r.keyhavenMs), fmtMs(r.baselineMs), ratio(r.keyhavenMs, r.baselineMs), r.keyhavenMs / r.n >= 1 ? `${fmtMs(r.keyhavenMs / r.n)} ms` : `${((r.keyhavenMs / r.n) * 1000).toFixed(1)} µs`, r.baseline]),
    notes: rows.filter((r) => r.note).map((r) => `${r.name}: ${r.note}`),
    data: rows.map((r) => ({ ...r, ratio: r.keyhavenMs / r.baselineMs })),
  };
}

const json = process.argv.includes('--json');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const comparePath = process.argv.find((a) => a.startsWith('--compare='))?.slice('--compare='.length);
// Read now: a wrong path fails before the run, and the saved run may be the file this run replaces.
const saved = comparePath ? { path: comparePath, run: readSaved(comparePath) } : null;
const sections: Section[] = [];
if (!only || only === 'core') {
  sections.push(coreSection([await benchUnlock(), ...(await benchItems()), await benchRotation()]));
  printSection(sections.at(-1)!);
}
if (!only || only === 'server') {
  for (const section of await benchServer()) {
    sections.push(section);
    printSection(section);
  }
}
if (!only || only === 'capacity') {
  for (const section of await benchCapacity()) {
    sections.push(section);
    printSection(section);
  }
}
if (!only || only === 'contention') {
  for (const section of await benchContention()) {
    sections.push(section);
    printSection(section);
  }
}
if (!only || only === 'sync') {
  for (const section of await benchSync()) {
    sections.push(section);
    printSection(section);
  }
}
if (!only || only === 'integrity') {
  for (const section of await benchIntegrity()) {
    sections.push(section);
    printSection(section);
  }
}
if (!only || only === 'team') {
  for (const section of await benchTeam()) {
    sections.push(section);
    printSection(section);
  }
}
if (!only || only === 'extension') {
  for (const section of await benchExtension()) {
    sections.push(section);
    printSection(section);
  }
}
if (!only || only === 'rotation') {
  for (const section of await benchVaultKeyRotation()) {
    sections.push(section);
    printSection(section);
  }
}
if (!only || only === 'tokens') {
  for (const section of await benchTokens()) {
    sections.push(section);
    printSection(section);
  }
}
if (!only || only === 'account-rotation') {
  for (const section of await benchAccountKeyRotation()) {
    sections.push(section);
    printSection(section);
  }
}
if (!only || only === 'memory') {
  sections.push(await benchMemory());
  printSection(sections.at(-1)!);
}
if (!only || only === 'cli') {
  sections.push(await benchCli());
  printSection(sections.at(-1)!);
}
if (!only || only === 'detect') {
  sections.push(await benchDetectorNode());
  printSection(sections.at(-1)!);
  for (const section of await benchDetect()) {
    sections.push(section);
    printSection(section);
  }
}
if (saved) printComparison(saved.path, saved.run, sections);
if (json) writeJson(sections, { when: new Date().toISOString(), node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', database: process.env.DATABASE_URL ? 'postgres' : 'embedded' });
