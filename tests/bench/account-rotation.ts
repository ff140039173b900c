/**
 * Account-key rotation row of `npm run bench`: an account with 20 vaults, each with 2 key versions (40
 * entries wrapped under the account key on the server), rotated end to end over loopback as both clients
 * run it: rotateAccountKey (prepare the new record, publish it through the password route, move the 40
 * server entries and the team memory, commit locally) over an in-memory host, as
 * tests/integration/sync/account-key-rotation.test.ts has it. A fresh account each run: a rotation changes it.
 * Beside it, in the same run on the same server, a bare baseline on an identical fresh account: the
 * irreducible work with plain WebCrypto and `fetch`, nothing checked — one PBKDF2 (the new KEK) and its
 * HKDFs, the new record's two wraps, unwrap + wrap of the 2 identity keys and of the 40 vault key entries,
 * and the same requests (the new record POSTed, the vault list, 20 key lists, 40 PUTs).
 * Each KeyHaven run is checked afterwards as a user would need it; any problem fails the bench.
 */
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import {
  aad,
  ApiClient,
  createAccount,
  createIdentity,
  createVaultKeyring,
  decodeAccountKeyring,
  fromBase64url,
  generateDeviceKey,
  HKDF_INFO,
  mergeServerVaults,
  newSigningRecord,
  newVaultKeyEntry,
  openVaultKeyring,
  PBKDF2_DEFAULT_ITERATIONS,
  registerAccount,
  rewrapVaultKeyring,
  rotateAccountKey,
  serverVaults,
  signIn,
  signInAgain,
  spkiDigest,
  toBase64url,
  unlockAccount,
  unlockAccountForSession,
  withKeyVersion,
  type AccountKey,
  type AccountKeyRecord,
  type AccountRotationHost,
  type AccountRotationState,
  type ServerVault,
  type VaultKeyringRecord,
} from '../../shared/index.js';
import { withBenchServer } from './bench-server.js';
import { fmtMs, percentile, printSection, ratio, type Section } from './harness.js';

const VAULTS = 20;
const VERSIONS = 2;
const ENTRIES = VAULTS * VERSIONS;
const RUNS = 5;

/** PBKDF2 derivations and HTTP requests made so far in this process (the clients' side only). */
const meter = { pbkdf2: 0, requests: 0 };
type Reading = typeof meter;
const read = (): Reading => ({ ...meter });

function installMeter(): () => void {
  const subtle = crypto.subtle;
  const deriveBits = subtle.deriveBits;
  const originalFetch = globalThis.fetch;
  subtle.deriveBits = (algorithm, baseKey, length) => {
    if (typeof algorithm === 'object' && algorithm.name === 'PBKDF2') meter.pbkdf2++;
    return deriveBits.call(subtle, algorithm, baseKey, length);
  };
  globalThis.fetch = (input, init) => {
    meter.requests++;
    return originalFetch(input, init);
  };
  return () => {
    subtle.deriveBits = deriveBits;
    globalThis.fetch = originalFetch;
  };
}

/** One phase of a run: its time, and the PBKDF2 derivations and requests it made. */
interface Phase {
  ms: number;
  pbkdf2: number;
  requests: number;
}
const between = (from: { at: number; reading: Reading }, to: { at: number; reading: Reading }): Phase => ({
  ms: to.at - from.at,
  pbkdf2: to.reading.pbkdf2 - from.reading.pbkdf2,
  requests: to.reading.requests - from.reading.requests,
});
const mark = () => ({ at: performance.now(), reading: read() });

const PHASES = ['prepare', 'publish', 'move', 'commit'] as const;
type PhaseName = (typeof PHASES)[number];
interface Run {
  total: Phase;
  phases: Record<PhaseName, Phase | null>;
}

/** An account with 20 vaults of 2 key versions each on the server (no items: see the notes), optionally a second device. */
async function benchAccount(url: string, withPhone: boolean) {
  const password = `pw ${randomUUID()}`;
  const email = `akr-bench-${randomUUID()}@example.com`;
  const { record, unlocked } = await createAccount(password, { accountId: randomUUID() });
  const { identity, wrappedPrivateKey } = await createIdentity(unlocked.accountKey, unlocked.accountId);
  const identityRecord = { publicSpki: toBase64url(identity.publicSpki), wrappedPrivateKey: toBase64url(wrappedPrivateKey) };
  const signing = await newSigningRecord(unlocked.accountKey, unlocked.accountId);
  const vaults: { id: string; name: string; keyring: VaultKeyringRecord }[] = [];
  for (let i = 0; i < VAULTS; i++) {
    let { record: keyring } = await createVaultKeyring(unlocked.accountKey);
    for (let version = 2; version <= VERSIONS; version++) keyring = withKeyVersion(keyring, await newVaultKeyEntry(unlocked.accountKey, keyring.vaultId, version, new Date()));
    vaults.push({ id: keyring.vaultId, name: `vault ${i}`, keyring });
  }
  // registerAccount uploads every version of each keyring with the vault (POST /v1/vaults takes up to 100).
  const laptop = await generateDeviceKey({ extractable: false });
  const api = new ApiClient({ baseUrl: url, timeoutMs: 30_000 });
  const device = { id: randomUUID(), name: 'laptop', signingPublicKey: toBase64url(laptop.publicSpki) };
  await registerAccount(api, { email, account: record, identity: identityRecord, signing, unlocked, device, vaults });
  const held = (await Promise.all(vaults.map((v) => api.vaultKeys(v.id)))).reduce((n, r) => n + r.keys.length, 0);
  if (held !== ENTRIES) throw new Error(`setup: the server holds ${held} key entries for the account, expected ${ENTRIES}`);
  let phone = null;
  if (withPhone) {
    const phoneKey = await generateDeviceKey({ extractable: false });
    const phoneDevice = { id: randomUUID(), name: 'phone', signingPublicKey: toBase64url(phoneKey.publicSpki) };
    const phoneApi = new ApiClient({ baseUrl: url, timeoutMs: 30_000 });
    await signIn(phoneApi, { email, password, device: phoneDevice });
    phone = { api: phoneApi, device: phoneDevice, keyrings: vaults.map((v) => v.keyring) };
  }
  return { password, email, api, record, unlocked, identityRecord, signing, vaults, phone };
}

type BenchAccount = Awaited<ReturnType<typeof benchAccount>>;

/** rotateAccountKey over an in-memory host whose commit re-wraps the keyrings, taking the server's copies. */
async function keyhavenRun(url: string, problems: string[], run: number): Promise<Run> {
  const a = await benchAccount(url, true);
  const current = decodeAccountKeyring((await a.api.account()).keyring).account;
  const local = { record: null as AccountKeyRecord | null, keyrings: a.vaults.map((v) => v.keyring), state: null as AccountRotationState | null, key: a.unlocked.accountKey as AccountKey };
  const steps: string[] = [];
  const marks: Partial<Record<'start' | 'published' | 'commit' | 'committed', ReturnType<typeof mark>>> = {};
  const host: AccountRotationHost = {
    accountId: a.unlocked.accountId,
    accountKey: a.unlocked.accountKey,
    account: current,
    identity: a.identityRecord,
    signing: a.signing,
    loadState: async () => local.state,
    saveState: async (state) => void (local.state = state),
    commit: async ({ record, from, to, served }) => {
      marks.commit = mark();
      local.keyrings = await Promise.all(local.keyrings.map((k) => rewrapVaultKeyring(k, from, to, served.get(k.vaultId))));
      local.record = record;
      local.key = to;
      local.state = null;
      marks.committed = mark();
    },
    audit: async (detail) => {
      const phase = String(detail.phase);
      steps.push(phase);
      if (phase === 'start' || phase === 'published') marks[phase] = mark();
    },
  };
  const started = mark();
  const result = await rotateAccountKey(a.api, host, a.password);
  const ended = mark();
  const { start, published, commit, committed } = marks;
  if (!start || !published || !commit || !committed) throw new Error(`run ${run}: the rotation skipped a step (${steps.join(', ')})`);

  const problem = (text: string) => problems.push(`run ${run}: ${text}`);
  if (result?.keyVersion !== 2 || result.moved !== ENTRIES) problem(`rotateAccountKey answered ${JSON.stringify(result)}, expected { keyVersion: 2, moved: ${ENTRIES} }`);
  if (steps.join() !== 'start,published,done') problem(`audited ${steps.join(', ')}, expected start, published, done`);
  await check(url, a, local, problem);
  return {
    total: between(started, ended),
    phases: { prepare: between(started, start), publish: between(start, published), move: between(published, commit), commit: between(commit, committed) },
  };
}

/** What the account's devices need afterwards; each failure is a problem (the section then fails). */
async function check(url: string, a: BenchAccount, local: { record: AccountKeyRecord | null; keyrings: VaultKeyringRecord[]; key: AccountKey }, problem: (text: string) => void): Promise<void> {
  // The server's record: version 2, version 1 kept in `previous`, and the laptop stored that very record.
  const served = decodeAccountKeyring((await a.api.account()).keyring).account;
  if (served.keyVersion !== 2 || (served.previous ?? []).map((p) => p.keyVersion).join() !== '1') {
    problem(`the server's record is version ${served.keyVersion} with previous [${(served.previous ?? []).map((p) => p.keyVersion).join(', ')}], expected 2 with [1]`);
  }
  if (!isDeepStrictEqual(local.record, served)) problem(`the laptop's committed record is not the server's: ${JSON.stringify(local.record)} vs ${JSON.stringify(served)}`);
  const opened = await unlockAccount(a.password, served);
  if ([...opened.olderKeys.keys()].join() !== '1') problem(`the record opens older versions [${[...opened.olderKeys.keys()].join(', ')}], expected [1]`);

  // Every server entry opens with the new key alone (serverVaults tries only the key it is given).
  const vaults = await serverVaults(a.api, { accountId: opened.accountId, accountKey: opened.accountKey });
  const refused = vaults.flatMap((v) => v.refused.map((r) => `${v.id} v${r.keyVersion}: ${r.reason}`));
  const entries = vaults.reduce((n, v) => n + v.entries.length, 0);
  if (vaults.length !== VAULTS || entries !== ENTRIES || refused.length > 0) {
    problem(`the server lists ${vaults.length} vaults with ${entries} entries opening under the new key, ${refused.length} refused (e.g. ${refused[0] ?? '-'}); expected ${VAULTS}, ${ENTRIES}, 0`);
  }
  const unnamed = vaults.filter((v) => v.name === null).length;
  if (unnamed > 0) problem(`${unnamed} vaults' meta no longer opens`);

  // The laptop's keyrings: under the key the server's record holds, not the old one, byte-equal to the server's copies.
  let unopened = 0;
  let oldOpens = 0;
  for (const k of local.keyrings) {
    await openVaultKeyring(k, opened.accountKey).catch(() => unopened++);
    await openVaultKeyring(k, a.unlocked.accountKey).then(() => oldOpens++, () => undefined);
  }
  if (unopened > 0 || oldOpens > 0) problem(`of the laptop's ${local.keyrings.length} keyrings ${unopened} do not open with the new key and ${oldOpens} still open with the old one`);
  const known = (keyrings: VaultKeyringRecord[]) => keyrings.map((keyring) => ({ id: keyring.vaultId, name: keyring.vaultId, keyring }));
  const warnings = (keyrings: VaultKeyringRecord[], server: ServerVault[]) => mergeServerVaults(known(keyrings), server).warnings.map((w) => `${w.vaultId}: ${w.message}`);
  const laptopWarnings = warnings(local.keyrings, vaults);
  if (laptopWarnings.length > 0) problem(`the laptop's keyrings differ from the server's copies: ${laptopWarnings.length} warnings, e.g. ${laptopWarnings[0]}`);

  // The second device: its old session is refused; the password signs it in again and re-wraps its keyrings.
  const phone = a.phone!;
  const status = (await fetch(`${url}/v1/vaults`, { headers: { authorization: `Bearer ${phone.api.token}` } })).status;
  if (status !== 401) problem(`the second device's old session got ${status}, expected 401`);
  const again = await signInAgain(new ApiClient({ baseUrl: url, timeoutMs: 30_000 }), {
    email: a.email,
    password: a.password,
    device: phone.device,
    accountId: a.unlocked.accountId,
    localKeyrings: phone.keyrings,
  });
  if (again.unlocked.olderKeys.size !== 1) problem(`signInAgain opened ${again.unlocked.olderKeys.size} older versions, expected 1`);
  let phoneUnopened = 0;
  for (const k of again.keyrings) await openVaultKeyring(k, again.unlocked.accountKey).catch(() => phoneUnopened++);
  const oldBytes = new Set(phone.keyrings.flatMap((k) => k.keys.map((e) => e.wrappedKey)));
  const unchanged = again.keyrings.flatMap((k) => k.keys).filter((e) => oldBytes.has(e.wrappedKey)).length;
  if (again.keyrings.length !== VAULTS || phoneUnopened > 0 || unchanged > 0) {
    problem(`signInAgain gave ${again.keyrings.length} keyrings, ${phoneUnopened} not opening with the new key, ${unchanged} entries not re-wrapped`);
  }
  const phoneWarnings = warnings(again.keyrings, await serverVaults(new ApiClient({ baseUrl: url, token: again.token, timeoutMs: 30_000 }), again.unlocked));
  if (phoneWarnings.length > 0) problem(`the second device's keyrings differ from the server's copies: ${phoneWarnings.length} warnings, e.g. ${phoneWarnings[0]}`);
}

const b64 = (bytes: ArrayBuffer | Uint8Array) => Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString('base64url');
const unb64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64url'));
const gcm = (iv: Uint8Array<ArrayBuffer>, context: string) => ({ name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(context) });

/** Bare: the same blob layout (version byte, nonce, sealed) so the server's copies stay real; nothing validated. */
async function bareWrap(format: 'raw' | 'pkcs8', key: CryptoKey, under: CryptoKey, context: string): Promise<string> {
  const nonce = crypto.getRandomValues(new Uint8Array(12));
  const sealed = new Uint8Array(await crypto.subtle.wrapKey(format, key, under, gcm(nonce, context)));
  const blob = new Uint8Array(1 + 12 + sealed.length);
  blob.set([1]);
  blob.set(nonce, 1);
  blob.set(sealed, 13);
  return b64(blob);
}
async function bareRewrap(format: 'raw' | 'pkcs8', wrapped: string, from: CryptoKey, to: CryptoKey, context: string, algorithm: AlgorithmIdentifier | EcKeyImportParams, usages: KeyUsage[]): Promise<string> {
  const blob = unb64(wrapped);
  const key = await crypto.subtle.unwrapKey(format, blob.slice(13), from, gcm(blob.slice(1, 13), context), algorithm, true, usages);
  return bareWrap(format, key, to, context);
}

/** The irreducible work on an identical fresh account, with plain WebCrypto and `fetch`. */
async function bareRun(url: string, run: number): Promise<Run> {
  const b = await benchAccount(url, false);
  const accountId = b.unlocked.accountId;
  // Held from unlock, as a device holds them: the current key (extractable), the login key, the keyring revision.
  const { sessionKey } = await unlockAccountForSession(b.password, b.record);
  const oldKey = await crypto.subtle.importKey('raw', sessionKey, 'AES-GCM', true, ['wrapKey', 'unwrapKey', 'encrypt', 'decrypt']);
  const baseRevision = (await b.api.account()).keyringRevision;
  const signingContext = aad.signingKey(accountId, await spkiDigest(fromBase64url(b.signing.publicSpki)));
  const headers = { authorization: `Bearer ${b.api.token}`, 'content-type': 'application/json' };
  const ok = async (res: Response) => {
    if (!res.ok) throw new Error(`bare run ${run}: ${res.status} ${await res.text()}`);
    return res;
  };
  const aes = { name: 'AES-GCM', length: 256 } as const;
  const aesUsages: KeyUsage[] = ['wrapKey', 'unwrapKey', 'encrypt', 'decrypt'];

  const started = mark();
  // Prepare: the new KEK (one PBKDF2, three HKDFs as derivePasswordKeys), a new key, the record's two wraps, the identity keys.
  const iterations = b.record.kdf.iterations;
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const passwordKey = await crypto.subtle.importKey('raw', new TextEncoder().encode(b.password), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, passwordKey, 256);
  const master = await crypto.subtle.importKey('raw', bits, 'HKDF', false, ['deriveBits', 'deriveKey']);
  const hkdf = (info: string) => ({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: new TextEncoder().encode(info) });
  const [kek, authKey, verifier] = await Promise.all([
    crypto.subtle.deriveKey(hkdf(HKDF_INFO.kek), master, aes, false, ['wrapKey', 'unwrapKey']),
    crypto.subtle.deriveBits(hkdf(HKDF_INFO.auth), master, 256),
    crypto.subtle.deriveBits(hkdf(HKDF_INFO.verifier), master, 128),
  ]);
  const newKey = await crypto.subtle.generateKey(aes, true, aesUsages);
  const account = {
    v: 1,
    accountId,
    kdf: { alg: 'PBKDF2-SHA256', iterations, salt: b64(salt) },
    keyVersion: 2,
    verifier: b64(verifier),
    wrappedKey: await bareWrap('raw', newKey, kek, aad.accountKey(accountId, 2)),
    previous: [{ keyVersion: 1, wrappedKey: await bareWrap('raw', oldKey, newKey, aad.previousAccountKey(accountId, 1)) }],
  };
  const identity = { ...b.identityRecord, wrappedPrivateKey: await bareRewrap('pkcs8', b.identityRecord.wrappedPrivateKey, oldKey, newKey, aad.identityKey(accountId), { name: 'ECDH', namedCurve: 'P-256' }, ['deriveBits']) };
  const signing = { ...b.signing, wrappedPrivateKey: await bareRewrap('pkcs8', b.signing.wrappedPrivateKey, oldKey, newKey, signingContext, { name: 'ECDSA', namedCurve: 'P-256' }, ['sign']) };
  const prepared = mark();
  // Publish: one POST of the new record.
  await ok(
    await fetch(`${url}/v1/account/password`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ currentAuthKey: b64(b.unlocked.authKey), kdf: account.kdf, authKey: b64(authKey), baseRevision, keyring: JSON.stringify({ v: 2, account, identity, signing }) }),
    }),
  );
  const published = mark();
  // Move: the vault list, each vault's keys, each entry unwrapped and wrapped, PUT; sequential, as rotateAccountKey.
  const { vaults } = (await (await ok(await fetch(`${url}/v1/vaults`, { headers }))).json()) as { vaults: { id: string }[] };
  for (const vault of vaults) {
    const { keys } = (await (await ok(await fetch(`${url}/v1/vaults/${vault.id}/keys`, { headers }))).json()) as { keys: { keyVersion: number; blob: string; revision: number }[] };
    for (const k of keys) {
      const entry = JSON.parse(k.blob) as { version: number; wrappedKey: string; createdAt: string };
      const wrappedKey = await bareRewrap('raw', entry.wrappedKey, oldKey, newKey, aad.vaultKey(vault.id, k.keyVersion), aes, aesUsages);
      await ok(await fetch(`${url}/v1/vaults/${vault.id}/keys/${accountId}/${k.keyVersion}`, { method: 'PUT', headers, body: JSON.stringify({ baseRevision: k.revision, blob: JSON.stringify({ ...entry, wrappedKey }) }) }));
    }
  }
  const moved = mark();

  // Not timed: the bare run did the same work, so the comparison holds (its record opens, its 40 entries open under it).
  const record = decodeAccountKeyring((await b.api.account()).keyring).account;
  const opened = await unlockAccount(b.password, record);
  const served = await serverVaults(b.api, { accountId, accountKey: opened.accountKey });
  const entries = served.reduce((n, v) => n + v.entries.length, 0);
  const refused = served.reduce((n, v) => n + v.refused.length, 0);
  if (record.keyVersion !== 2 || opened.olderKeys.size !== 1 || entries !== ENTRIES || refused > 0) {
    throw new Error(`bare run ${run} did not do the rotation's work: record v${record.keyVersion}, ${opened.olderKeys.size} older, ${entries} entries opening under the new key, ${refused} refused`);
  }
  return { total: between(started, moved), phases: { prepare: between(started, prepared), publish: between(prepared, published), move: between(published, moved), commit: null } };
}

export function benchAccountKeyRotation(): Promise<Section[]> {
  return withBenchServer(async (url, database) => {
    const restore = installMeter();
    const keyhaven: Run[] = [];
    const bare: Run[] = [];
    const problems: string[] = [];
    const sectionStarted = performance.now();
    try {
      // Interleaved (a shared machine drifts), a fresh account for every run of either side.
      for (let run = 1; run <= RUNS; run++) {
        bare.push(await bareRun(url, run));
        keyhaven.push(await keyhavenRun(url, problems, run));
      }
    } finally {
      restore();
    }
    const wallS = (performance.now() - sectionStarted) / 1000;

    const median = (runs: Run[], pick: (r: Run) => Phase | null) => {
      const phases = runs.map(pick).filter((p): p is Phase => p !== null);
      if (phases.length === 0) return null;
      return { ms: percentile(phases.map((p) => p.ms), 50), pbkdf2: percentile(phases.map((p) => p.pbkdf2), 50), requests: percentile(phases.map((p) => p.requests), 50) };
    };
    const row = (name: string, pick: (r: Run) => Phase | null) => {
      const k = median(keyhaven, pick)!;
      const b = median(bare, pick);
      return [name, fmtMs(k.ms), b ? fmtMs(b.ms) : '-', b ? ratio(k.ms, b.ms) : '-', `${k.pbkdf2} / ${b ? b.pbkdf2 : '-'}`, `${k.requests} / ${b ? b.requests : '-'}`];
    };
    const total = { keyhaven: median(keyhaven, (r) => r.total)!, bare: median(bare, (r) => r.total)! };
    const where = database.embedded ? 'embedded PGlite' : 'PostgreSQL';
    const section: Section = {
      title: `Account-key rotation with ${VAULTS} vaults (${ENTRIES} key entries), end to end (${where}, loopback, one process)`,
      columns: ['measure', 'KeyHaven ms', 'bare ms', 'ratio', 'PBKDF2 (KH / bare)', 'requests (KH / bare)'],
      rows: [
        row('rotate account key (rotateAccountKey)', (r) => r.total),
        row('  of which prepare (new record, pending state)', (r) => r.phases.prepare),
        row('  of which publish (password route)', (r) => r.phases.publish),
        row(`  of which move ${ENTRIES} server entries`, (r) => r.phases.move),
        row(`  of which local commit (${VAULTS} keyrings)`, (r) => r.phases.commit),
      ],
      notes: [
        `KeyHaven: rotateAccountKey over an in-memory host (pending state and audit kept in memory; commit re-wraps the ${VAULTS} keyrings with rewrapVaultKeyring, taking the server's copies), as the integration test's laptop; the CLI's commit also re-wraps the identity, signing and device keys locally, and its audit writes a record per vault — neither is in this row`,
        `bare: an identical fresh account on the same server; one PBKDF2 at the account's ${PBKDF2_DEFAULT_ITERATIONS.toLocaleString('en-US').replace(/,/g, ' ')} iterations + 3 HKDFs (the new KEK, login key, verifier), a new key, its 2 wraps for the record, unwrap + wrap of the 2 identity keys and of the ${ENTRIES} entries, with plain WebCrypto; POST /v1/account/password (the current login key, keyring revision and extractable account key held from unlock), GET /v1/vaults, ${VAULTS} GET keys, ${ENTRIES} PUTs, sequential as KeyHaven; nothing checked, only each answer's status`,
        `PBKDF2 per run, counted: KeyHaven ${total.keyhaven.pbkdf2} (nextAccountKey: the current-password check and the new KEK; publish: both again, for the current and the new login key), bare ${total.bare.pbkdf2}; the server's scrypt (current login key verified, new one hashed) is in both`,
        `requests per run, counted: KeyHaven ${total.keyhaven.requests} (beyond the bare's: GET /v1/account twice in publish — the lost-answer check and the keyring revision — and GET team-memory), bare ${total.bare.requests}; medians of ${RUNS} runs each, interleaved, a fresh account per run; the section took ${wallS.toFixed(1)} s with set-up and checks`,
        `no items: an account-key rotation touches none (items are sealed under vault keys, which do not change), so the vaults hold only their keys and meta; the account has no team memory, so none is moved`,
        `checked after each KeyHaven run: it answers { keyVersion: 2, moved: ${ENTRIES} } and audits start, published, done; the server's record is version 2 with version 1 in previous, the laptop committed that very record, the password opens it; all ${ENTRIES} server entries open with the new key alone (serverVaults: nothing refused) and every vault's meta opens; the laptop's keyrings open with the new key, not the old, and are byte-equal to the server's copies (mergeServerVaults: no warnings); the second device's old session is refused (401), signInAgain with the password re-wraps its ${VAULTS} keyrings (each opens, none left as it was, no warnings against the server): ${problems.length === 0 ? 'all hold' : `${problems.length} problem(s), below`}`,
        ...problems.map((p) => `PROBLEM: ${p}`),
      ],
      data: [
        {
          name: 'account-key rotation',
          vaults: VAULTS,
          entries: ENTRIES,
          runs: RUNS,
          keyhavenMs: total.keyhaven.ms,
          baselineMs: total.bare.ms,
          ratio: total.keyhaven.ms / total.bare.ms,
          pbkdf2: { keyhaven: total.keyhaven.pbkdf2, bare: total.bare.pbkdf2 },
          requests: { keyhaven: total.keyhaven.requests, bare: total.bare.requests },
          keyhavenRuns: keyhaven,
          bareRuns: bare,
          problems,
        },
      ],
    };
    if (problems.length > 0) {
      printSection(section);
      throw new Error(`account-key rotation: ${problems.length} problem(s), see above`);
    }
    return [section];
  });
}
