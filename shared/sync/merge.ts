/**
 * Three-way merge of an item edited on two devices, field by field against their common base.
 *
 * A field changed on one side only takes that side's value. When both sides changed the same field to
 * different values, nothing is dropped:
 * - `value`: the side edited last keeps it; the other value goes to history (reason "conflict: …").
 * - `tags`: added on either side are kept, removed on either side are removed (a set merge).
 * - `history`: the union of both, oldest first.
 * - `status`: revoked wins over active (the safer reading of "someone revoked this").
 * - `signing`: merged key by key against the base, the key holding the merged value current (signing-keys.ts).
 * - `trashedAt`: in the Trash on either side wins, the earlier time when both (shared/vault/trash.ts).
 * - `notes`: both texts are kept, the other one under a marker line.
 * - any other field: the side edited last wins and the other value is written into the notes.
 * The caller is told which fields conflicted, so the user can look.
 */
import { itemPayloadSchema, type ItemPayload } from '../vault/item.js';
import { mergeSigningKeySets } from '../vault/signing-keys.js';

export interface MergeResult {
  payload: ItemPayload;
  /** Fields both sides changed differently (empty when the merge was clean). */
  conflicts: string[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const CONFLICT_REASON = 'conflict: edited on two devices at once; the other value was kept';

export function mergePayloads(base: ItemPayload | null, ours: ItemPayload, theirs: ItemPayload, now: Date): MergeResult {
  // The side edited last wins where one value must be chosen; ties go to the server's version.
  const oursIsNewer = Date.parse(ours.updatedAt) > Date.parse(theirs.updatedAt);
  const [winner, loser] = oursIsNewer ? [ours, theirs] : [theirs, ours];
  const merged: Record<string, unknown> = {};
  const conflicts: string[] = [];
  const notes: string[] = [];
  const fields = new Set([...Object.keys(base ?? {}), ...Object.keys(ours), ...Object.keys(theirs)]);

  for (const field of fields) {
    const b = (base as Record<string, unknown> | null)?.[field];
    const o = (ours as Record<string, unknown>)[field];
    const t = (theirs as Record<string, unknown>)[field];
    if (same(o, t)) merged[field] = o;
    else if (same(b, o)) merged[field] = t;
    else if (same(b, t)) merged[field] = o;
    else merged[field] = resolve(field, b, { winner: (winner as Record<string, unknown>)[field], loser: (loser as Record<string, unknown>)[field] });
  }

  function resolve(field: string, b: unknown, { winner: w, loser: l }: { winner: unknown; loser: unknown }): unknown {
    switch (field) {
      case 'updatedAt':
      case 'lastRotatedAt':
        return [w, l].filter(Boolean).sort().at(-1) ?? null;
      case 'createdAt':
        return [w, l].sort()[0];
      case 'trashedAt':
        // Moved to the Trash on both devices at different times: the earlier move counts. Restored on one
        // and moved again on the other: it stays in the Trash, where a restore is one click away.
        return [w, l].filter(Boolean).sort()[0];
      case 'history':
        return unionHistory(w as ItemPayload['history'], l as ItemPayload['history']);
      case 'tags': {
        const removed = new Set(((b as string[] | undefined) ?? []).filter((tag) => !(w as string[]).includes(tag) || !(l as string[]).includes(tag)));
        return [...new Set([...(w as string[]), ...(l as string[])])].filter((tag) => !removed.has(tag));
      }
      case 'status':
        conflicts.push(field);
        return (l as ItemPayload['status']).state === 'revoked' ? l : w;
      case 'value':
        conflicts.push(field);
        return w;
      case 'signing':
        // Settled below, once the merged value is known; never written into the notes (it holds secrets).
        return w;
      case 'notes':
        conflicts.push(field);
        return `${w as string}\n\n[conflict ${now.toISOString()}] the other version of these notes:\n${l as string}`;
      default:
        conflicts.push(field);
        notes.push(`[conflict ${now.toISOString()}] ${field} was also set to ${JSON.stringify(l)} on another device`);
        return w;
    }
  }

  if (conflicts.includes('value')) {
    merged.history = unionHistory(merged.history as ItemPayload['history'], [{ value: loser.value, retiredAt: now.toISOString(), reason: CONFLICT_REASON }]);
  }
  if (merged.signing !== undefined || ours.signing !== undefined || theirs.signing !== undefined) {
    const since = (merged.lastRotatedAt as string | null) ?? (merged.createdAt as string);
    merged.signing = mergeSigningKeySets(base?.signing, ours.signing, theirs.signing, merged.value as string, now, since);
  }
  if (notes.length > 0) merged.notes = [merged.notes, ...notes].filter(Boolean).join('\n');
  merged.updatedAt = [ours.updatedAt, theirs.updatedAt, now.toISOString()].sort().at(-1);

  const parsed = itemPayloadSchema.safeParse(merged);
  // Only an oversized merge (notes past their limit) can fail here: keep the winner whole, and the
  // loser's value in history, rather than lose the item.
  if (!parsed.success) {
    // A revocation (of the item or one of its signing keys) is never what gets dropped.
    const kept = itemPayloadSchema.safeParse({ ...merged, notes: winner.notes });
    if (kept.success) return { payload: kept.data, conflicts: [...new Set([...conflicts, 'notes'])] };
    return { payload: { ...winner, history: unionHistory(winner.history, loser.history) }, conflicts: [...conflicts, 'notes'] };
  }
  return { payload: parsed.data, conflicts: [...new Set(conflicts)] };
}

function unionHistory(a: ItemPayload['history'], b: ItemPayload['history']): ItemPayload['history'] {
  const seen = new Map<string, ItemPayload['history'][number]>();
  for (const entry of [...a, ...b]) seen.set(JSON.stringify([entry.value, entry.retiredAt]), entry);
  return [...seen.values()].sort((x, y) => x.retiredAt.localeCompare(y.retiredAt));
}
