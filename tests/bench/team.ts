/**
 * Team row of `npm run bench`: removing one member from a team vault of 20 members and 2 000 items.
 * Measured: from the admin's "remove" until every remaining member's device holds every item under the
 * new key version and has opened it, and the bytes that crossed the wire for it (request and response
 * bodies). Beside it, in the same run on the same server, a bare baseline that moves the same data with
 * nothing checked: one upload of 2 000 sealed items and one download of them per remaining member, opened.
 */
import { randomUUID } from 'node:crypto';
import {
  acceptInvitation,
  ApiClient,
  checkRoster,
  createItem,
  createVaultKeyring,
  currentBlob,
  emptyTeamMemory,
  encodeVaultKeyEntry,
  inviteMember,
  localRotationStore,
  lookupPerson,
  MemoryStore,
  openInvitation,
  openItems,
  openVaultKeyring,
  PROTOCOL_LIMITS,
  readEnvelope,
  removeMember,
  rotateVaultKey,
  sealVaultMeta,
  serverVaults,
  shareTrustFrom,
  shareKeyVersion,
  teamIdentities,
  teamStoreOver,
  toBase64url,
  type TeamActor,
  type VaultKeyringRecord,
} from '../../shared/index.js';
import { engineFor, type TestClient } from '../support/engines.js';
import { createVault, registerUser, sealedBlob, type TestUser } from '../support/users.js';
import { withBenchServer } from './bench-server.js';
import { fmtMs, ratio, type Section } from './harness.js';

const MEMBERS = 20;
const ITEMS = 2_000;

interface Seat {
  user: TestUser;
  actor: TeamActor;
  api: ApiClient;
  vault: { vaultId: string; keyring: Awaited<ReturnType<typeof openVaultKeyring>> };
  record: VaultKeyringRecord;
  client: TestClient;
}

function actorOf(user: TestUser): TeamActor {
  const keys = { identityKey: user.identitySpki, signingKey: toBase64url(user.signing.publicSpki) };
  return { accountId: user.accountId, email: user.email, keys, signingKey: user.signing.signingKey, identity: user.identity, accountKey: user.accountKey, store: teamStoreOver(emptyTeamMemory()) };
}

async function seat(url: string, user: TestUser, record: VaultKeyringRecord): Promise<Seat> {
  const actor = actorOf(user);
  const vault = { vaultId: record.vaultId, keyring: await openVaultKeyring(record, user.accountKey) };
  const identities = async () => teamIdentities(actor.store, new Map([[user.accountId, user.signing.verifyKey]]));
  const client = engineFor(url, user, user.device, vault, new MemoryStore(), identities);
  return { user, actor, api: new ApiClient({ baseUrl: url, token: user.device.token, timeoutMs: 30_000 }), vault, record, client };
}

/** Counts request and response body bytes of every fetch while `body` runs. */
async function countingBytes<T>(body: () => Promise<T>): Promise<{ result: T; bytes: number }> {
  const original = globalThis.fetch;
  let bytes = 0;
  globalThis.fetch = async (input, init) => {
    if (typeof init?.body === 'string') bytes += Buffer.byteLength(init.body);
    const res = await original(input, init);
    bytes += (await res.clone().arrayBuffer()).byteLength;
    return res;
  };
  try {
    return { result: await body(), bytes };
  } finally {
    globalThis.fetch = original;
  }
}

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

export function benchTeam(): Promise<Section[]> {
  return withBenchServer(async (url, database) => {
    const users: TestUser[] = [];
    for (let i = 0; i < MEMBERS; i++) users.push(await registerUser(url));
    const { record: created, keyring } = await createVaultKeyring(users[0]!.accountKey, { vaultId: randomUUID() });
    const adminApi = new ApiClient({ baseUrl: url, token: users[0]!.device.token, timeoutMs: 30_000 });
    await adminApi.createVault({ id: created.vaultId, meta: await sealVaultMeta({ name: 'Bench team' }, keyring), keys: [{ keyVersion: 1, blob: encodeVaultKeyEntry(created.keys[0]!) }] });
    const admin = await seat(url, users[0]!, created);
    await admin.client.engine.sync([created.vaultId]);
    for (let i = 0; i < ITEMS; i++) {
      await admin.client.engine.write(created.vaultId, randomUUID(), createItem({ name: `key ${i}`, provider: 'openai', value: `sk-bench-${i}-${randomUUID()}` }, new Date()));
    }
    await admin.client.engine.sync([created.vaultId]);

    const members: Seat[] = [];
    for (const user of users.slice(1)) {
      const person = await lookupPerson(admin.api, user.email);
      await inviteMember(admin.api, admin.actor, { record: created, person, role: 'editor', confirm: async () => true });
      const actor = actorOf(user);
      const api = new ApiClient({ baseUrl: url, token: user.device.token, timeoutMs: 30_000 });
      const joined = await acceptInvitation(api, actor, await openInvitation(api, actor, created.vaultId), async () => true);
      const s = await seat(url, user, joined.record);
      s.actor.store = actor.store;
      await s.client.engine.sync([created.vaultId]);
      members.push(s);
    }
    const [leaving, ...staying] = members;

    let adminRecord = created;
    const { result: removeMs, bytes } = await countingBytes(async () => {
      const started = performance.now();
      const roster = await removeMember(admin.api, admin.actor, { record: adminRecord, accountId: leaving!.user.accountId });
      const rotation = await rotateVaultKey({
        store: localRotationStore(admin.client.store, created.vaultId, {
          loadRotation: async () => null,
          saveRotation: async () => undefined,
          loadKeyring: async () => adminRecord,
          saveKeyring: async (r) => void (adminRecord = r),
        }),
        vaultId: created.vaultId,
        accountKey: admin.user.accountKey,
      });
      admin.vault.keyring = await openVaultKeyring(adminRecord, admin.user.accountKey);
      await shareKeyVersion(admin.api, admin.actor, { record: adminRecord, roster, version: rotation.toVersion });
      await admin.client.engine.sync([created.vaultId]);
      // One member after another: the server shares this process and its two cores, so running the 18
      // devices at once only makes each wait; the sum is an upper bound of the wait on separate devices.
      for (const m of staying) {
        {
          const found = (await serverVaults(m.api, m.user, shareTrustFrom(m.actor.store, m.user.identity))).find((v) => v.id === created.vaultId)!;
          m.vault.keyring = await openVaultKeyring({ v: 1, vaultId: created.vaultId, current: rotation.toVersion, keys: found.entries }, m.user.accountKey);
          await checkRoster(m.api, { vaultId: created.vaultId, keyring: m.vault.keyring, store: m.actor.store, me: m.user.accountId });
          const report = await m.client.engine.sync([created.vaultId]);
          const items = await m.client.engine.list(created.vaultId);
          const onNewKey = (await m.client.store.listItems(created.vaultId)).filter((i) => {
            const blob = currentBlob(i);
            return blob !== null && (readEnvelope(blob) as { kv: number }).kv === rotation.toVersion;
          }).length;
          if (report.integrity.length || items.length !== ITEMS || items.some((i) => !i.ok) || onNewKey !== ITEMS) {
            throw new Error(`member ${m.user.email}: ${items.filter((i) => i.ok).length}/${ITEMS} open, ${onNewKey} on the new key, ${report.integrity.length} integrity findings`);
          }
        }
      }
      return performance.now() - started;
    });

    // Bare: the same bytes' worth of work with nothing checked: upload 2 000 sealed items once, and
    // download and open them once per remaining member.
    const bareVault = await createVault(url, users[0]!);
    const { result: bareMs, bytes: bareBytes } = await countingBytes(async () => {
      const started = performance.now();
      const blobs = await Promise.all(Array.from({ length: ITEMS }, async () => {
        const itemId = randomUUID();
        return { itemId, baseRevision: 0, blob: await sealedBlob(bareVault, itemId) };
      }));
      for (let i = 0; i < blobs.length; i += PROTOCOL_LIMITS.pushItems) await adminApi.push(bareVault.vaultId, blobs.slice(i, i + PROTOCOL_LIMITS.pushItems));
      for (const _member of staying) {
        {
          const envelopes: { itemId: string; envelope: unknown }[] = [];
          for (let after = 0; ; ) {
            const page = await adminApi.changes(bareVault.vaultId, after, PROTOCOL_LIMITS.pageSize);
            for (const c of page.changes) if (c.blob) envelopes.push({ itemId: c.itemId, envelope: readEnvelope(c.blob) });
            after = page.cursor;
            if (!page.hasMore) break;
          }
          await openItems(envelopes, bareVault.vaultId, bareVault.keyring);
        }
      }
      return performance.now() - started;
    });
    const where = database.embedded ? 'embedded PGlite' : 'PostgreSQL';
    return [
      {
        title: `Removing one member from a team vault of ${MEMBERS} members and ${ITEMS} items (${where}, loopback, one process, members one after another)`,
        columns: ['measure', 'KeyHaven', 'bare', 'ratio'],
        rows: [
          [`remove → all ${staying.length} remaining members read every item under the new key`, `${fmtMs(removeMs)} ms`, `${fmtMs(bareMs)} ms`, ratio(removeMs, bareMs)],
          ['bytes moved (request + response bodies)', mb(bytes), mb(bareBytes), ratio(bytes, bareBytes)],
        ],
        notes: [
          'KeyHaven: server removal, signed roster revision, vault key rotation (every DEK re-wrapped, pushed with its signed record), shares for the remaining members; each remaining member adopts its share, checks the roster, pulls the 2 000 changes with their records verified, and opens every item',
          'bare: the same server; one push of 2 000 pre-sealed items and, per remaining member, a download of every page and the same decryption, nothing checked',
        ],
        data: [{ name: 'remove one member', members: MEMBERS, items: ITEMS, keyhavenMs: removeMs, baselineMs: bareMs, bytes, baselineBytes: bareBytes }],
      },
    ];
  });
}
