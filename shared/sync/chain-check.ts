/**
 * Checking a vault's audit chain as the server serves it: fetch the records after the newest head this
 * device verified, verify them against the devices their accounts certified (device-trust.ts) and the
 * head remembered, and remember the new head only when everything verified. A chain that fails is
 * reported and its head is not moved, so the next sync checks (and reports) the same records again
 * until the server serves the real ones: nothing the server sends is adopted unchecked.
 */
import { EMPTY_HEAD, type ChainHead } from '../audit/entry.js';
import { followItemHistory, type HistoryResult } from '../audit/item-history.js';
import { auditRecordSchema, recordHash, type AuditRecord } from '../audit/record.js';
import { revokedTokenId } from '../tokens/token-revocation.js';
import { chainedEventId } from '../tokens/token-events.js';
import type { VaultKeyring } from '../vault/keyring.js';
import { elementSeq, verifyChain, type ChainReport } from '../audit/verify.js';
import type { IdentityVerifyKey } from '../crypto/keys.js';
import type { ApiClient } from './api-client.js';
import { trustedDevices, withRemembered, withRememberedKeys, type TrustedDevice } from './device-trust.js';
import { RECENT_ENTRY_IDS, TOKEN_EVENT_IDS, type ItemProof, type KnownHead, type LocalStore } from './store.js';

export interface ChainCheckContext {
  api: ApiClient;
  store: LocalStore;
  /** The identity signing keys this device trusts, by account (its own account's, for now). */
  identities(): Promise<ReadonlyMap<string, IdentityVerifyKey>>;
  /** To open the detail of `token.revoke` entries (which token): without it, revocations are not remembered. */
  keyringFor?(vaultId: string): Promise<VaultKeyring>;
}

/** Every record after `after`, page by page. */
export async function fetchChain(api: ApiClient, vaultId: string, after: number): Promise<unknown[]> {
  const records: unknown[] = [];
  for (let cursor = after; ; ) {
    const page = await api.audit(vaultId, cursor);
    records.push(...page.records);
    const last = elementSeq(page.records.at(-1));
    if (!page.hasMore || last === null || last <= cursor) return records;
    cursor = last;
  }
}

/** The vault's devices as their accounts' statements say, with the revocations this device remembers. */
export async function vaultDeviceTrust(
  ctx: ChainCheckContext,
  vaultId: string,
): Promise<{ devices: Map<string, TrustedDevice>; revoked: Record<string, number>; retired: Record<string, Record<string, number>> }> {
  const devices = await trustedDevices((await ctx.api.vaultDevices(vaultId)).devices, await ctx.identities());
  const known = await ctx.store.getAuditHead(vaultId);
  const revoked = withRemembered(devices, known?.revoked);
  const retired = await withRememberedKeys(devices, known?.retired);
  return { devices, revoked, retired };
}

/**
 * Verifies what was appended since the head this device verified last: signatures, links and each
 * item's history. The head moves to the last record that verified, with the proofs those records give
 * (a failure further on is reported and checked again next time, but what verified before it stands,
 * so a server cannot make a device forget proofs by appending one bad record).
 */
export async function checkNewRecords(
  ctx: ChainCheckContext,
  vaultId: string,
  /** Takes the items' new proofs; called before the head moves, so a crash between the two re-checks the same records. */
  adopt: (proofs: ReadonlyMap<string, ItemProof>) => Promise<void>,
): Promise<ChainReport> {
  const known = (await ctx.store.getAuditHead(vaultId)) ?? { ...EMPTY_HEAD, format: 1 as const };
  const elements = await fetchChain(ctx.api, vaultId, known.seq);
  const { auditHead } = await ctx.api.vault(vaultId);
  if (elements.length === 0 && auditHead.seq < known.seq) {
    const message = `the audit chain ends at seq ${auditHead.seq}, but this device has already seen seq ${known.seq}`;
    return { ok: false, index: 0, seq: null, reason: 'truncated', message, head: known, verified: 0 };
  }
  if (elements.length === 0) return { ok: true, head: known, verified: 0, format: known.format ?? 1, legacy: 0 };
  const { devices, revoked, retired } = await vaultDeviceTrust(ctx, vaultId);
  const chain = await verifyChain(elements, { vaultId, devices, from: known, earlierIds: known.recent });
  const records = v2Records(chain.ok ? elements : elements.slice(0, chain.index));
  const history = followItemHistory(records, { proofs: await storedProofs(ctx.store, vaultId, records), upgraded: known.items === true });
  const report = !chain.ok || history.ok ? chain : await historyBreak(history, records, known);
  if (report.head.seq > known.seq) {
    await adopt(history.proofs);
    const format = report.ok ? report.format : records.length > 0 ? 2 : (known.format ?? 1);
    const verified = history.ok ? records : records.slice(0, history.index);
    const recent = [...(known.recent ?? []), ...verified.map((r) => r.entry.id)].slice(-RECENT_ENTRY_IDS);
    const tokens = await rememberTokenRecords(ctx, vaultId, verified, known);
    await ctx.store.setAuditHead(vaultId, { ...report.head, format, items: history.upgraded, recent, revoked, retired, ...tokens });
  }
  return report;
}

export function v2Records(elements: readonly unknown[]): AuditRecord[] {
  return elements.flatMap((e) => {
    const parsed = auditRecordSchema.safeParse(e);
    return parsed.success ? [parsed.data] : [];
  });
}

/** The report for an item history that breaks at `history.index`: what came before it still verifies. */
export async function historyBreak(history: Extract<HistoryResult, { ok: false }>, records: readonly AuditRecord[], before: ChainHead): Promise<ChainReport> {
  const verified = records.slice(0, history.index);
  const last = verified.at(-1);
  const ts = Math.max(before.ts, ...verified.map((r) => r.entry.ts));
  const head = last ? { seq: last.seq, hash: await recordHash(last), ts } : { seq: before.seq, hash: before.hash, ts: before.ts };
  return { ok: false, index: history.index, seq: history.seq, reason: 'broken-history', message: history.message, head, verified: verified.length };
}

/** The proofs this device holds for the items the records name (not the whole vault: a check is per change). */
async function storedProofs(store: LocalStore, vaultId: string, records: readonly AuditRecord[]): Promise<Map<string, ItemProof>> {
  const proofs = new Map<string, ItemProof>();
  const named = new Set(records.flatMap((r) => (r.entry.write && r.entry.item ? [r.entry.item] : [])));
  for (const itemId of named) {
    const proof = (await store.getItem(vaultId, itemId))?.proof;
    if (proof) proofs.set(itemId, proof);
  }
  return proofs;
}

/**
 * What the verified records say of access tokens (token-revocation.ts, token-events.ts): the tokens they
 * revoke, and the server's ids of the events they chain, added to what this device remembers.
 */
async function rememberTokenRecords(ctx: ChainCheckContext, vaultId: string, records: readonly AuditRecord[], known: KnownHead): Promise<Pick<KnownHead, 'tokensRevoked' | 'tokenEvents'>> {
  const kept = { ...(known.tokensRevoked ? { tokensRevoked: known.tokensRevoked } : {}), ...(known.tokenEvents ? { tokenEvents: known.tokenEvents } : {}) };
  const tokenRecords = records.filter((r) => r.entry.action.startsWith('token.') && r.entry.action !== 'token.create');
  if (tokenRecords.length === 0 || !ctx.keyringFor) return kept;
  const keyring = await ctx.keyringFor(vaultId);
  const revoked = { ...known.tokensRevoked };
  const events = [...(known.tokenEvents ?? [])];
  for (const { entry } of tokenRecords) {
    const tokenId = await revokedTokenId(entry, keyring);
    if (tokenId) revoked[tokenId] = entry.ts;
    const event = await chainedEventId(entry, keyring);
    if (event !== null) events.push(event);
  }
  return { tokensRevoked: revoked, tokenEvents: events.slice(-TOKEN_EVENT_IDS) };
}
