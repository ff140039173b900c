/**
 * The audit log screen's rows, made in the worker: the vault's chain read from the server and verified
 * (shared/sync/audit-log.ts), the entries this browser signed that wait to be sent, each detail opened,
 * worded and its key named (extension/audit/rows.ts), then searched and filtered here (filter.ts).
 *
 * The rows of the last read are kept per vault for a short while, so a search as the person types
 * filters them again instead of fetching and verifying the whole chain on every key stroke. They hold
 * names and emails, so they are dropped on lock with the keys (forgetAuditViews).
 */
import {
  auditEntryV2Schema,
  fromBase64url,
  importDeviceVerifyKey,
  openAuditDetailV2,
  readAuditLog,
  SyncError,
  verifyEntryV2Signature,
  type AuditIntent,
  type AuditLog,
  type ChainReport,
  type VaultKeyring,
} from '../../shared/index.js';
import { auditFacets, filterRows } from '../audit/filter.js';
import { auditRows, type RawEntry } from '../audit/rows.js';
import type { AuditAnswer, AuditFilter, AuditRow } from '../messages/audit-protocol.js';
import type { ProfileRow } from '../db/database.js';
import type { VaultContext } from './context.js';
import { ItemActions } from './item-actions.js';

interface AuditView {
  rows: AuditRow[];
  onServer: boolean;
  verification: ChainReport | null;
  local: AuditAnswer['local'];
  pending: number;
  unreachable: string | null;
}

/** Long enough to type a search and pick a few filters; a fresh read (opening the screen, Refresh) ignores it. */
const VIEW_TTL_MS = 5 * 60_000;
const views = new Map<string, { at: number; view: AuditView }>();

export function forgetAuditViews(): void {
  views.clear();
}

export async function auditAnswer(vault: VaultContext, input: { filter: AuditFilter; fresh: boolean }): Promise<AuditAnswer> {
  const kept = views.get(vault.vaultId);
  const view = !input.fresh && kept && Date.now() - kept.at < VIEW_TTL_MS ? kept.view : await readView(vault);
  if (view !== kept?.view) views.set(vault.vaultId, { at: Date.now(), view });
  const people = view.rows.filter((r) => !r.proof).length;
  return {
    onServer: view.onServer,
    verification: view.verification,
    local: view.local,
    pending: view.pending,
    unreachable: view.unreachable,
    entries: filterRows(view.rows, input.filter),
    total: people,
    proofs: view.rows.length - people,
    facets: auditFacets(view.rows, input.filter.proofs),
  };
}

async function readView(vault: VaultContext): Promise<AuditView> {
  const { api, store, keyring, vaultId, engine, profile } = vault;
  // Best effort: push this browser's own entries first, so they show inside the verified chain.
  if (api) await engine.pushAudit([vaultId]).catch(() => undefined);
  let log: AuditLog = { entries: [], verification: null };
  let unreachable: string | null = null;
  try {
    if (api) log = await readAuditLog({ api, store, keyring, vaultId, verify: true, identities: vault.identities });
  } catch (error) {
    // Offline, the entries made here are still worth showing, with the chain said to be unread.
    if (!(error instanceof SyncError && error.code === 'offline')) throw error;
    unreachable = error.message;
  }
  const intents = (await store.auditOutbox()).filter((i) => i.vaultId === vaultId);
  const own = profile.account.accountId;
  const verifiedUpTo = log.verification ? (log.verification.ok ? Infinity : log.verification.head.seq) : -Infinity;
  const chained: RawEntry[] = log.entries.map((e) => ({
    id: `seq-${e.seq}`,
    seq: e.seq,
    hash: e.hash,
    at: e.at,
    action: e.action,
    item: e.item,
    device: e.device,
    member: e.account ? (vault.memberEmails.get(e.account) ?? null) : null,
    mine: e.account === own,
    // After the point where the chain breaks, nothing is vouched for.
    trust: e.seq <= verifiedUpTo ? 'chained' : 'unverified',
    proof: e.proof,
    detail: e.detail,
  }));
  const queued: RawEntry[] = await Promise.all(
    intents.map(async (i) => ({
      id: `queued-${i.id}`,
      seq: null,
      hash: null,
      at: i.at,
      action: i.action,
      item: i.itemId,
      device: profile.device.name,
      member: profile.email,
      mine: true,
      trust: api ? ('pending' as const) : ('local' as const),
      proof: false,
      detail: await queuedDetail(i, keyring),
    })),
  );
  const names = new Map((await new ItemActions(vault).indexed()).items.map((i) => [i.itemId, i.facts.name]));
  return {
    rows: auditRows([...chained, ...queued], names),
    onServer: api !== null,
    verification: log.verification,
    local: api ? null : await localSignatures(intents, profile),
    pending: api ? queued.length : 0,
    unreachable,
  };
}

/** A queued entry's detail for the screen: sealed since v2 (opened with the vault key), plaintext before. */
async function queuedDetail(intent: AuditIntent, keyring: VaultKeyring): Promise<unknown> {
  const entry = auditEntryV2Schema.safeParse(intent.entry);
  if (!entry.success) return intent.detail ?? null;
  return openAuditDetailV2(entry.data, keyring).catch(() => ({ unreadable: true }));
}

/**
 * A local vault's entries are signed when they are made but not chained until a server orders them: the
 * screen says how many signatures check with this browser's device key (or the one a rotation is
 * replacing it with), so "signed here" is something checked, not assumed.
 */
async function localSignatures(intents: readonly AuditIntent[], profile: ProfileRow): Promise<{ signed: number; total: number }> {
  const spkis = [profile.device.publicSpki, profile.deviceRotation?.publicSpki].filter((s): s is string => Boolean(s));
  const keys = await Promise.all(spkis.map((s) => importDeviceVerifyKey(fromBase64url(s))));
  let signed = 0;
  for (const intent of intents) {
    const entry = auditEntryV2Schema.safeParse(intent.entry);
    if (!entry.success || entry.data.device !== profile.device.id) continue;
    for (const key of keys) {
      if (await verifyEntryV2Signature(entry.data, key)) {
        signed++;
        break;
      }
    }
  }
  return { signed, total: intents.length };
}
