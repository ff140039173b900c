/**
 * Audit entries as the rows a page shows: each in words, its key named. A key is named by what it is
 * called now (the summary index the worker keeps), else by the newest name the log's own details give
 * it (a deleted key's entries recorded it), else "a deleted key": never by its id, and never from a
 * value or a note (the worker does not open them for this).
 */
import type { AuditRow, AuditTrust } from '../messages/audit-protocol.js';
import { auditSentence } from './words.js';

/** An entry as read from the chain or the queue, its detail opened; oldest first. */
export interface RawEntry {
  id: string;
  seq: number | null;
  hash: string | null;
  at: string;
  action: string;
  item: string | null;
  device: string;
  member: string | null;
  mine: boolean;
  trust: AuditTrust;
  proof: boolean;
  detail: unknown;
}

export const DELETED_KEY = 'a deleted key';

const isRecord = (d: unknown): d is Record<string, unknown> => typeof d === 'object' && d !== null && !Array.isArray(d);
const unreadable = (d: unknown) => isRecord(d) && d.unreadable === true;
const text = (d: unknown, key: string) => (isRecord(d) && typeof d[key] === 'string' && d[key] !== '' ? d[key] : null);

/** Rows newest first. `currentNames`: item id → name, for the keys the vault holds now. */
export function auditRows(entries: readonly RawEntry[], currentNames: ReadonlyMap<string, string>): AuditRow[] {
  const lastKnown = new Map<string, string>();
  const tokenNames = new Map<string, string>();
  for (const e of entries) {
    const name = text(e.detail, 'name');
    if (e.item && name) lastKnown.set(e.item, name);
    const tokenId = text(e.detail, 'tokenId');
    if (e.action === 'token.create' && tokenId && name) tokenNames.set(tokenId, name);
  }
  const keyName = (item: string | null) => (item ? (currentNames.get(item) ?? lastKnown.get(item) ?? DELETED_KEY) : null);
  return entries
    .map((e): AuditRow => {
      const name = keyName(e.item);
      const detail = isRecord(e.detail) && !unreadable(e.detail) ? e.detail : {};
      const said = auditSentence(e.action, { detail, key: name ?? 'a key', at: e.at, tokenNames });
      return {
        id: e.id,
        seq: e.seq,
        hash: e.hash,
        at: e.at,
        action: e.action,
        sentence: unreadable(e.detail) ? `${said} (its detail could not be decrypted)` : said,
        keyId: e.item,
        keyName: name,
        device: e.device,
        member: e.member,
        mine: e.mine,
        trust: e.trust,
        proof: e.proof,
        detail: e.detail,
      };
    })
    .reverse();
}
