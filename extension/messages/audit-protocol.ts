/**
 * The audit log as pages ask for it: which vault, which search and filters. The worker reads the chain,
 * opens each entry's sealed detail, words it (extension/audit/words.ts) and filters the rows where it
 * made them, so the search can match the sentence a person reads, not only the raw fields.
 */
import { z } from 'zod';
import type { ChainReport } from '../../shared/index.js';

const instant = z.iso.datetime({ offset: true }).nullable().default(null);

export const auditFilterSchema = z.strictObject({
  /** Words that must all appear in the sentence, the key's name, the device or the member (any case). */
  text: z.string().max(200).default(''),
  /** An action id (`item.rotate`); '' for any. */
  action: z.string().max(40).default(''),
  /** An item id; '' for any key. */
  key: z.string().max(200).default(''),
  /** A device's name as the rows show it; '' for any. */
  device: z.string().max(200).default(''),
  /** A member's email; '' for anyone. */
  member: z.string().max(320).default(''),
  /** From this instant (inclusive) to that one (exclusive): the page turns the dates picked into its own midnights. */
  from: instant,
  to: instant,
  /** Also the sync engine's write records (proofs of what the server stores), which are not things a person did. */
  proofs: z.boolean().default(false),
});
export type AuditFilter = z.output<typeof auditFilterSchema>;
export const NO_AUDIT_FILTER: AuditFilter = auditFilterSchema.parse({});

export const auditRequestSchema = z.strictObject({
  type: z.literal('audit'),
  vaultId: z.string().min(1).max(200).optional(),
  /** One key's entries (its page): the same as `filter.key`. */
  itemId: z.string().min(1).max(200).optional(),
  filter: auditFilterSchema.default(NO_AUDIT_FILTER),
  /**
   * Read the chain again (and verify it). False: filter the rows the worker made last for this vault, if
   * it still has them, so typing in the search box does not fetch and verify the whole chain each time.
   */
  fresh: z.boolean().default(true),
});

/**
 * Where an entry stands: in the verified chain; after the point where the chain breaks (not to be
 * trusted); signed here and waiting to be sent into the chain; or in a vault kept only in this browser,
 * whose entries are signed but not chained.
 */
export type AuditTrust = 'chained' | 'unverified' | 'pending' | 'local';

export interface AuditRow {
  /** Unique within one answer (the seq, or the queued entry's id). */
  id: string;
  seq: number | null;
  hash: string | null;
  at: string;
  action: string;
  /** The entry in words: "Rotated OpenAI prod: quarterly rotation". */
  sentence: string;
  /** The item's id and its name now, or its last known name, or "a deleted key"; null when no key is named. */
  keyId: string | null;
  keyName: string | null;
  device: string;
  /** The email of the member whose device signed it; null when unknown. */
  member: string | null;
  /** This account made it. */
  mine: boolean;
  trust: AuditTrust;
  proof: boolean;
  /** The opened detail as recorded (names, reasons, counts: never a value or a note), for tools and tests. */
  detail: unknown;
}

export interface AuditFacets {
  actions: { id: string; label: string }[];
  keys: { id: string; name: string }[];
  devices: string[];
  members: string[];
}

export interface AuditAnswer {
  /** False for a vault that is only in this browser. */
  onServer: boolean;
  verification: ChainReport | null;
  /** A vault only in this browser: how many of its entries carry a signature that checks with this browser's device key. */
  local: { signed: number; total: number } | null;
  /** Entries made here, signed, not yet sent into the vault's chain (a synced vault). */
  pending: number;
  /** Why the chain could not be read (the server is out of reach); the rows are then only this browser's queued entries. */
  unreachable: string | null;
  /** The rows matching the filter, newest first. */
  entries: AuditRow[];
  /** Entries a person made, before filtering, and the write records beside them. */
  total: number;
  proofs: number;
  /** What the menus offer: from every row, so a menu never loses its own choice. */
  facets: AuditFacets;
}
